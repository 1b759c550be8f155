"""Markers in page text: `[@key]` citations and `[evidence: …]` labels.

The one list of evidence levels lives here, and the one rule for code: markers inside fenced
code blocks or inline code are text, neither checked nor rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from problems import Problem, closest

# Code is text: fenced blocks and inline code spans are neither checked nor rendered. The one
# definition every scanner uses (markers, HTML check, headings).
FENCE = r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[^\n]*$"
CODE = re.compile(FENCE + r"|(`+)(?!`).+?(?<!`)\2(?!`)", re.M | re.S)
FENCED = re.compile(FENCE, re.M | re.S)


def outside_code(text: str, change: Callable[[str], str]) -> str:
    """Apply `change` to every stretch of `text` that is not code; code passes through."""
    if "`" not in text and "~~~" not in text:
        return change(text)
    out, last = [], 0
    for m in CODE.finditer(text):
        out.append(change(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(change(text[last:]))
    return "".join(out)


def blank_code(text: str, fenced_only: bool = False) -> str:
    """`text` with code replaced by spaces, lines kept, so scanners report true line numbers.
    `fenced_only` keeps inline code, which a heading's text may hold."""
    return (FENCED if fenced_only else CODE).sub(
        lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)

CITATION = re.compile(r"\[@([^\]]+)\]")
EVIDENCE = re.compile(r"\[evidence:\s*([^\]]*)\]", re.I)
# The one list of evidence levels: the marker (`[evidence: human controlled, n=30]`), then
# the label learners see. Levels in COUNTED_LEVELS must say how many people took part.
EVIDENCE_LEVELS = {
    "laboratory": "Laboratory",
    "animal": "Animal",
    "human uncontrolled": "Human, uncontrolled",
    "human controlled": "Human, controlled (not randomised)",
    "human randomised": "Human, randomised",
    "guideline": "Guideline or consensus",
    "regulatory": "Regulatory document",
    "opinion": "Expert opinion",
    "unconfirmed": "Claim, unconfirmed",
}
COUNTED_LEVELS = ("human controlled", "human randomised")
EVIDENCE_MEANING = {
    "laboratory": "shown in cells or tissue in a laboratory, not in living animals or people",
    "animal": "shown in animals, usually rodents, whose skin heals differently from ours",
    "human uncontrolled": "seen in people without a comparison group: case reports, case "
                          "series and single-arm studies",
    "human controlled": "people compared with a concurrent control group (or the other side "
                        "of the face) that was not assigned at random; n is the number of "
                        "participants",
    "human randomised": "a randomised controlled trial; n is the number of participants",
    "guideline": "a clinical practice guideline or consensus statement",
    "regulatory": "a regulator's document: law, regulation, warning letter or safety notice",
    "opinion": "the judgement of the course faculty, where no study answers the question",
    "unconfirmed": "a claim made elsewhere (for example in the source review) that no study "
                   "the course could find supports",
}
# Markup that mkdocs-quiz would read as its own syntax inside a question's text.


def scan_markers(body: str, first_line: int, rel: str,
                 references: Mapping[str, object]) -> tuple[list[str], list[Problem]]:
    """Find `[@key]` citations and `[evidence: …]` labels; report unknown ones by line."""
    problems: list[Problem] = []
    cited: list[str] = []
    for n, line in enumerate(blank_code(body).splitlines(), start=first_line):
        for m in CITATION.finditer(line):
            for key in citation_keys(m.group(1)):
                if key not in references:
                    close = closest(key, references)
                    problems.append(Problem(
                        rel, n, f"[@{key}]", f"the citation `{key}` is not in "
                        "quizzes/references.yml.",
                        (f"did you mean `{close}`? " if close else "")
                        + "add it to quizzes/references.yml or correct the key."))
                elif key not in cited:
                    cited.append(key)
        for m in EVIDENCE.finditer(line):
            if parse_evidence(m.group(1)) is None:
                problems.append(Problem(
                    rel, n, m.group(0), "unknown evidence label.",
                    f"write one of {evidence_examples()}."))
    return cited, problems


def citation_keys(inner: str) -> list[str]:
    """`kwon2020; @kar2017` -> ["kwon2020", "kar2017"]."""
    return [k.strip().lstrip("@") for k in inner.split(";") if k.strip()]


def parse_evidence(inner: str) -> tuple[str, int | None] | None:
    """`human randomised, n=25` -> ("human randomised", 25); None when not a known level."""
    parts = [p.strip() for p in inner.lower().replace("randomized", "randomised").split(",")]
    level = re.sub(r"[\s_-]+", " ", parts[0]) if parts else ""
    if level not in EVIDENCE_LEVELS:
        return None
    n: int | None = None
    for extra in parts[1:]:
        if (m := re.fullmatch(r"n\s*=\s*(\d+)", extra)):
            n = int(m.group(1))
        elif extra:
            return None
    if level in COUNTED_LEVELS and n is None:
        return None
    return level, n


def evidence_examples() -> str:
    """`[evidence: laboratory], …, [evidence: human randomised, n=25] or …`, from the list."""
    shown = [f"[evidence: {level}{', n=25' if level in COUNTED_LEVELS else ''}]"
             for level in EVIDENCE_LEVELS]
    return ", ".join(shown[:-1]) + " or " + shown[-1]

