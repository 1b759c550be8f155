"""Study time from the text: how long a module takes to read and its assessment to answer.

Pure functions of a module page's Markdown and its questions. The method, in one place so the
course information page can state it:

- Reading: 200 words a minute. Silent reading of English non-fiction averages about 238 words
  a minute in adults (Brysbaert 2019, meta-analysis of 190 studies); dense clinical text with
  figures, trial designs and unfamiliar terms is read more slowly, so the course uses 200.
- Tables and figures: 1 minute each on top of their words, to study rather than read them.
- Questions: their words (stem, options, feedback and explanation) at the same rate, plus
  1 minute per question to think before answering.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

WORDS_PER_MINUTE = 200
MINUTES_PER_TABLE = 1.0
MINUTES_PER_FIGURE = 1.0
THINK_MINUTES_PER_QUESTION = 1.0
OVERRIDE_TOLERANCE = 0.25  # a `minutes:` override may differ this much without a reason

COMMENT = re.compile(r"<!--.*?-->", re.S)
MARKER = re.compile(r"\[@[^\]]*\]|\[evidence:[^\]]*\]|\{[:#.][^}]*\}", re.I)
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M)
FIGURE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
WORD = re.compile(r"[A-Za-z0-9][\w’'.-]*")

METHOD = (f"reading at {WORDS_PER_MINUTE} words a minute, {MINUTES_PER_TABLE:g} minute to "
          f"study each table or figure, and {THINK_MINUTES_PER_QUESTION:g} minute to think "
          "about each question on top of reading it")


class QuestionText(Protocol):
    @property
    def question(self) -> str: ...
    @property
    def explanation(self) -> str: ...
    @property
    def choices(self) -> Sequence[object]: ...


@dataclass(frozen=True)
class StudyTime:
    words: int  # module text, objectives and takeaways
    tables: int
    figures: int
    questions: int
    question_words: int

    @property
    def reading_minutes(self) -> float:
        return (self.words / WORDS_PER_MINUTE + self.tables * MINUTES_PER_TABLE
                + self.figures * MINUTES_PER_FIGURE)

    @property
    def assessment_minutes(self) -> float:
        return (self.question_words / WORDS_PER_MINUTE
                + self.questions * THINK_MINUTES_PER_QUESTION)

    @property
    def minutes(self) -> int:
        """The whole module, rounded up to the next 5 minutes: nobody studies to the minute."""
        return max(5, 5 * math.ceil((self.reading_minutes + self.assessment_minutes) / 5))


def count_words(markdown: str) -> int:
    text = COMMENT.sub(" ", markdown)
    text = MARKER.sub(" ", text)
    text = LINK.sub(lambda m: m.group(1), text)
    return len(WORD.findall(text))


def study_time(body: str, extra_text: Iterable[str],
               questions: Sequence[QuestionText]) -> StudyTime:
    """The study time of a module: its page body, the lines the engine adds around it
    (objectives, takeaways), and its questions."""
    question_words = 0
    for q in questions:
        question_words += count_words(q.question) + count_words(q.explanation)
        for c in q.choices:
            question_words += count_words(getattr(c, "text", "") or "")
            question_words += count_words(getattr(c, "feedback", "") or "")
    return StudyTime(
        words=count_words(body) + sum(count_words(t) for t in extra_text),
        tables=len(TABLE_RULE.findall(body)),
        figures=len(FIGURE.findall(body)),
        questions=len(questions),
        question_words=question_words,
    )


def override_problem(override: int, computed: int) -> str | None:
    """Why an educator's `minutes:` is too far from the computed time, or None."""
    low, high = computed * (1 - OVERRIDE_TOLERANCE), computed * (1 + OVERRIDE_TOLERANCE)
    if low <= override <= high:
        return None
    return (f"`minutes: {override}` is more than {OVERRIDE_TOLERANCE:.0%} away from the "
            f"{computed} minutes computed from the text ({METHOD}).")


def max_credit_hours(total_minutes: int) -> float:
    """Credit may not exceed the study time: hours, rounded down to the quarter hour."""
    return math.floor(total_minutes / 15) / 4
