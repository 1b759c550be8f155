"""The course as data: questions, banks, references, modules. Built by the loaders, read by
the pages, the exports and the reports; nothing here reads a file."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from item_review import Flaw, cue_scores, review
from problems import Problem
from study_time import StudyTime


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str | None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    question: str
    choices: tuple[Choice, ...]
    explanation: str
    section: str | None
    references: tuple[str, ...]
    line: int | None
    objectives: tuple[int, ...] = ()
    accepted: tuple[tuple[str, str], ...] = ()  # (flaw code, the educator's reason)
    lines: tuple[tuple[str, int], ...] = ()  # line of each key, for later checks

    def line_of(self, key: str) -> int | None:
        return dict(self.lines).get(key, self.line)

    @cached_property
    def flaws(self) -> tuple[Flaw, ...]:
        return tuple(review(self))

    @property
    def open_flaws(self) -> tuple[Flaw, ...]:
        """Flaws nobody has accepted: the warnings."""
        accepted = dict(self.accepted)
        return tuple(f for f in self.flaws if f.code not in accepted)

    @cached_property  # read for every page's manifest: hash once per question
    def version(self) -> str:
        """Changes when what the learner answered changes: stem, choices or key."""
        content = [self.type, self.question.strip(),
                   [[c.text.strip(), c.correct] for c in self.choices]]
        digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
        return digest[:12]


@dataclass(frozen=True)
class Bank:
    file: str
    module: str
    title: str
    pass_mark: float
    questions: tuple[Question, ...]

    @cached_property
    def cue_scores(self) -> dict[str, float]:
        """What each cue-only strategy scores on this bank, in percent."""
        return cue_scores(self.questions)

    def warnings(self) -> list[Problem]:
        return [Problem(self.file, q.line, f"id {q.id}", f"item review [{f.code}]: "
                        f"{f.message}", f"{f.fix} Or, if it is right as it is, accept it with "
                        f"`accept: {{{f.code}: \"why\"}}` on the question.")
                for q in self.questions for f in q.open_flaws]


@dataclass(frozen=True)
class Reference:
    key: str
    citation: str
    url: str
    note: str | None
    short: str | None = None
    # What was checked, where, and what could not be confirmed: for editors and reviewers
    # (the answer key), never shown on a learner's page.
    verification: str | None = None

    @property
    def label(self) -> str:
        """A short name for links: `label:` if given, else `Kwon et al. 2020` or opening words."""
        if self.short:
            return self.short
        year = re.search(r"\b(?:19|20)\d{2}\b", self.citation)
        head = self.citation.split(". ")[0]
        author = re.match(r"([A-Z][^\s,]+) [A-Z]{1,3}\b", head)
        if author:
            name = author.group(1) + (" et al." if "," in head or "et al" in head else "")
        else:
            name = head if len(head) <= 48 else head[:47].rstrip() + "…"
        return f"{name} {year.group(0)}" if year and year.group(0) not in name else name


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Module:
    id: str
    src_uri: str  # relative to docs/, e.g. modules/01-exosome-biology.md
    title: str
    number: int
    minutes: int
    objectives: tuple[str, ...]
    takeaways: tuple[str, ...]
    headings: tuple[Heading, ...]
    citations: tuple[str, ...]  # in order of first citation
    bank: Bank
    study: StudyTime | None = None  # the time computed from the text
    minutes_override: bool = False

    @property
    def blueprint(self) -> list[tuple[int, str, list[Question]]]:
        """Each objective (numbered from 1) with the questions that test it."""
        return [(n, text, [q for q in self.bank.questions if n in q.objectives])
                for n, text in enumerate(self.objectives, start=1)]

    @property
    def stem(self) -> str:
        return Path(self.src_uri).stem

    @property
    def assessment_uri(self) -> str:
        """Where the generated assessment page lives, beside the module page."""
        return f"modules/{self.stem}/assessment.md"

    def anchor_for(self, section: str) -> str | None:
        for h in self.headings:
            if h.text == section:
                return h.anchor
        return None


@dataclass(frozen=True)
class Course:
    modules: tuple[Module, ...]
    references: dict[str, Reference]
    # Other pages that cite sources (patients' guide, glossary…): src_uri -> keys in order.
    page_citations: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.modules)

    def module_for_page(self, src_uri: str) -> Module | None:
        return next((m for m in self.modules if m.src_uri == src_uri), None)

    def module_for_assessment(self, src_uri: str) -> Module | None:
        return next((m for m in self.modules if m.assessment_uri == src_uri), None)

