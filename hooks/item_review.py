"""Item review: the technical flaws a reader can find in a question's text, and the score a
learner would get from surface cues alone.

Pure functions of a question's text (no course, no files). The flaws are those of the NBME
item-writing guide (Constructing Written Test Questions for the Basic and Clinical Sciences,
ch. 3, "technical item flaws") that a machine can see: cues for the testwise, and lead-ins
that fail the "cover the options" rule. The cue strategies play a testwise learner who has
not studied; `course_model` fails a bank where any of them reaches the pass mark.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

ABSOLUTE_WORDS = frozenset({
    "always", "never", "only", "all", "none", "every", "everyone", "everything", "any",
    "must", "proven", "proves", "prove", "guarantee", "guarantees", "guaranteed", "cannot",
    "completely", "entirely", "certainly", "definitely", "impossible", "exclusively",
})
_STOPWORD_TEXT = """
about above after again against also although among another because been before being below
between both but could does doing down during each either from further have having here how
into itself just least less many more most much neither nor not now off once other others
ought over same should since some such than that their theirs them then there these they
this those through thus under until upon very what when where whether which while who whom
whose why will with within without would your yours you she her hers his him its our ours
were was are is the and for has had can may might one two three four five
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
MARKUP = re.compile(r"\*\*|__|[*_`]|\[([^\]]*)\]\([^)]*\)")
SENTENCE_END = re.compile(r"(?<=[.?!:])[\"'”’)]*\s+")
ALL_NONE = re.compile(r"\b(all|none|both|neither) of (the )?(above|options|others|these|them)\b",
                      re.I)
UNFOCUSED = re.compile(
    r"^(which|what)( one)?( of the following)?( \w+){0,2} (statements?|descriptions?|options?|"
    r"answers?|choices?|summary|summaries)\b.*\b(is|are) (true|correct|accurate|right|best)\b"
    r"|^which of the following is (true|correct|accurate)\b", re.I)
INSTRUCTION = re.compile(r"^\(?(select|choose|tick|mark|pick) (all|every|one|two|three|the)\b",
                         re.I)
NEGATIVE = re.compile(r"\b(except|least)\b|\bwhich\b[^?]*\b(not)\b", re.I)
EMPHASIS = re.compile(r"(\*\*|__|\*|_)\s*(NOT|EXCEPT|LEAST|not|except|least)\s*\1")

# How a flaw is reported: what is wrong (may name words found), and how to fix it.
FLAWS: dict[str, tuple[str, str]] = {
    "longest-key": (
        "the keyed answer is clearly the longest option, a cue for the testwise.",
        "shorten the key or lengthen the distractors so that lengths do not point to it."),
    "unequal-lengths": (
        "the options are of very unequal length ({detail}).",
        "make the options parallel: similar length and the same grammatical form."),
    "all-none-of-above": (
        "an option reads \"all/none of the above\".",
        "replace it with a specific, plausible option."),
    "absolute-terms": (
        "absolute terms ({detail}) appear in wrong options but not in the key, a cue for "
        "the testwise.", "drop absolute words from the options, or use them in the key too."),
    "negative-lead-in": (
        "the lead-in is negative (\"{detail}\") without emphasis.",
        "rephrase the lead-in positively, or write the negative word in capitals or **bold**."),
    "stem-key-repeat": (
        "the key repeats words from the stem that no wrong option shares ({detail}).",
        "reword the key, or use the same word in a wrong option too."),
    "few-wrong-options": (
        "a \"select all\" question with fewer than two wrong options ({detail}): ticking "
        "everything but the odd one out scores.",
        "add plausible wrong options, or make it a `single` question."),
    "lead-in-not-question": (
        "the stem does not end with a question, so it cannot be answered with the options "
        "covered.", "end the stem with a focused question, e.g. \"What is the next step?\"."),
    "unfocused-lead-in": (
        "the lead-in (\"{detail}\") asks which statement is true: it cannot be answered with "
        "the options covered.", "ask a focused question the learner can answer before "
                                "reading the options."),
}


class ChoiceLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def correct(self) -> bool: ...


class QuestionLike(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def choices(self) -> Sequence[ChoiceLike]: ...


@dataclass(frozen=True)
class Flaw:
    code: str
    detail: str = ""

    @property
    def message(self) -> str:
        return FLAWS[self.code][0].format(detail=self.detail)

    @property
    def fix(self) -> str:
        return FLAWS[self.code][1]


# --------------------------------------------------------------------------- text


def plain(text: str) -> str:
    return MARKUP.sub(lambda m: m.group(1) or "", text)


@lru_cache(maxsize=1 << 16)  # a stem is compared with each of its options, several ways
def words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(plain(text).lower()))


@lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    """Words that carry meaning, lightly stemmed so `vesicles` meets `vesicle`."""
    out = set()
    for w in words(text):
        w = w.strip("'’-")
        if len(w) < 4 or w in STOPWORDS:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def absolutes(text: str) -> frozenset[str]:
    return frozenset(words(text)) & ABSOLUTE_WORDS


def lead_in(stem: str) -> str:
    """The stem's last sentence: the question the learner answers."""
    parts = [" ".join(p.split()) for p in SENTENCE_END.split(plain(stem).strip()) if p.strip()]
    while len(parts) > 1 and INSTRUCTION.match(parts[-1]):  # "Select all that apply."
        parts.pop()
    return parts[-1] if parts else ""


# --------------------------------------------------------------------------- flaws


def review(q: QuestionLike) -> list[Flaw]:
    """Every machine-visible technical flaw of one question, in a stable order."""
    texts = [c.text for c in q.choices]
    keys = [c.text for c in q.choices if c.correct]
    wrong = [c.text for c in q.choices if not c.correct]
    flaws: list[Flaw] = []
    if q.type == "multiple" and len(wrong) < 2:
        flaws.append(Flaw("few-wrong-options", f"{len(wrong)} wrong of {len(texts)}"))
    if not keys or not wrong:
        return flaws
    lengths = [len(plain(t)) for t in texts]

    if q.type == "single":
        key_len = len(plain(keys[0]))
        next_len = max(len(plain(t)) for t in wrong)
        if key_len > next_len * 1.1:
            flaws.append(Flaw("longest-key"))
    elif _mean(len(plain(t)) for t in keys) >= 1.2 * _mean(len(plain(t)) for t in wrong):
        flaws.append(Flaw("longest-key"))
    if max(lengths) >= 2 * min(lengths) and max(lengths) - min(lengths) >= 20:
        flaws.append(Flaw("unequal-lengths",
                          f"{min(lengths)} to {max(lengths)} characters"))
    if any(ALL_NONE.search(t) for t in texts):
        flaws.append(Flaw("all-none-of-above"))
    in_wrong = set().union(*(absolutes(t) for t in wrong))
    in_keys = set().union(*(absolutes(t) for t in keys))
    if in_wrong and not in_keys:
        flaws.append(Flaw("absolute-terms", ", ".join(sorted(in_wrong))))
    question = lead_in(q.question)
    negative = NEGATIVE.search(question)
    if negative:
        word = next(g for g in negative.groups() if g)
        if not (word.isupper() or EMPHASIS.search(q.question)):
            flaws.append(Flaw("negative-lead-in", word))
    stem_words = content_words(q.question)
    wrong_words = set().union(*(content_words(t) for t in wrong))
    repeated = set().union(*(content_words(t) & stem_words for t in keys)) - wrong_words
    if repeated:
        flaws.append(Flaw("stem-key-repeat", ", ".join(sorted(repeated))))
    if not question.rstrip("*_ ").endswith("?"):
        flaws.append(Flaw("lead-in-not-question"))
    elif UNFOCUSED.search(question):
        flaws.append(Flaw("unfocused-lead-in", question))
    return flaws


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


# --------------------------------------------------------------------------- cue strategies

Metric = Callable[[QuestionLike, int], float]


def _length(q: QuestionLike, i: int) -> float:
    return len(plain(q.choices[i].text))


def _stem_overlap(q: QuestionLike, i: int) -> float:
    return len(content_words(q.choices[i].text) & content_words(q.question))


def _no_absolutes(q: QuestionLike, i: int) -> float:
    return 0.0 if absolutes(q.choices[i].text) else 1.0


def _convergence(q: QuestionLike, i: int) -> float:
    mine = content_words(q.choices[i].text)
    return sum(len(mine & content_words(c.text)) for j, c in enumerate(q.choices) if j != i)


@dataclass(frozen=True)
class Strategy:
    name: str
    description: str
    metric: Metric
    tolerance: float = 0.0  # options within this fraction of the best count as tied


STRATEGIES = (
    Strategy("longest", "pick the longest option (select all: the longer half)", _length,
             0.05),
    Strategy("stem-overlap", "pick the option sharing most words with the stem", _stem_overlap),
    Strategy("no-absolutes", "avoid options with absolute words (always, never, only…)",
             _no_absolutes),
    Strategy("convergence", "pick the option sharing most words with the other options",
             _convergence),
)


def cue_credit(q: QuestionLike, strategy: Strategy) -> float:
    """Expected credit for one question when the learner follows only this cue.

    Single answer: the learner picks at random among the options the cue favours (ties share
    the credit). Select all: the learner ticks the favoured half (the options scoring at least
    as well as the middle one), all-or-nothing as mkdocs-quiz marks it."""
    n = len(q.choices)
    scores = [strategy.metric(q, i) for i in range(n)]
    keyed = {i for i, c in enumerate(q.choices) if c.correct}
    if q.type == "single":
        best = max(scores)
        floor = best - abs(best) * strategy.tolerance
        picks = {i for i, s in enumerate(scores) if s >= floor}
        return len(picks & keyed) / len(picks)
    ranked = sorted(scores, reverse=True)
    threshold = ranked[(n + 1) // 2 - 1]
    threshold -= abs(threshold) * strategy.tolerance
    picks = {i for i, s in enumerate(scores) if s >= threshold}
    return 1.0 if picks == keyed else 0.0


def cue_scores(questions: Sequence[QuestionLike]) -> dict[str, float]:
    """Each strategy's score on a bank, as a percentage."""
    if not questions:
        return {s.name: 0.0 for s in STRATEGIES}
    return {s.name: 100 * sum(cue_credit(q, s) for q in questions) / len(questions)
            for s in STRATEGIES}


def guess_score(questions: Sequence[QuestionLike]) -> float:
    """What blind guessing scores, in percent, for comparison: one option of n, or one of the
    2**n - 1 possible ticks of a "select all" question."""
    if not questions:
        return 0.0
    chances = [1 / len(q.choices) if q.type == "single" else 1 / (2 ** len(q.choices) - 1)
               for q in questions]
    return 100 * sum(chances) / len(questions)
