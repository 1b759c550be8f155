"""The educators' answer key: the test blueprint first, then every question with its key,
feedback, rationale, sources, objectives and any item-review warning accepted for it, and
last every reference with its learner note and the editors' verification record.

One self-contained, printable HTML page written to dist/, never into the site: learners must
not find it. Markdown is converted by lms_export.markdown_html, which strips unsafe HTML, so
the template may mark it safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from course_model import Choice, Course, Module, Question, Reference
from lms_export import choice_identifier, markdown_html
from templates import render


@dataclass(frozen=True)
class KeyChoice:
    letter: str
    text: Markup
    correct: bool
    feedback: Markup | None


@dataclass(frozen=True)
class KeyQuestion:
    number: int
    id: str
    type: str
    stem: Markup
    choices: tuple[KeyChoice, ...]
    explanation: Markup
    section: str | None
    section_anchor: str | None
    references: tuple[Reference, ...]
    objectives: tuple[int, ...]
    accepted: tuple[tuple[str, str], ...]  # item-review warnings accepted, with the reason

    @property
    def answer(self) -> str:
        """`B` or `A, C`: the key at a glance, for marking by hand."""
        return ", ".join(c.letter for c in self.choices if c.correct)


def _html(text: str, course: Course, inline: bool = False) -> Markup:
    return Markup(markdown_html(text, course.references, inline))  # sanitised in lms_export


def _choice(i: int, choice: Choice, course: Course) -> KeyChoice:
    return KeyChoice(choice_identifier(i), _html(choice.text, course, inline=True),
                     choice.correct,
                     _html(choice.feedback, course, inline=True) if choice.feedback else None)


def _question(n: int, q: Question, module: Module, course: Course) -> KeyQuestion:
    return KeyQuestion(
        number=n, id=q.id, type=q.type, stem=_html(q.question, course),
        choices=tuple(_choice(i, c, course) for i, c in enumerate(q.choices)),
        explanation=_html(q.explanation, course), section=q.section,
        section_anchor=module.anchor_for(q.section) if q.section else None,
        references=tuple(course.references[k] for k in q.references if k in course.references),
        objectives=q.objectives, accepted=q.accepted,
    )


def render_answer_key(course: Course, title: str) -> str:
    modules = [
        (module, [_question(n, q, module, course)
                  for n, q in enumerate(module.bank.questions, start=1)])
        for module in course.modules
    ]
    total = sum(len(m.bank.questions) for m in course.modules)
    numbers = {q.id: n for m in course.modules
               for n, q in enumerate(m.bank.questions, start=1)}
    # Every source once, with its learner note and the editors' verification record; the
    # latter is for reviewers only and appears nowhere on the site.
    cited_by: dict[str, list[tuple[Module, KeyQuestion]]] = {}
    for module, questions in modules:
        for q in questions:
            for ref in q.references:
                cited_by.setdefault(ref.key, []).append((module, q))
    return render("answer_key.html", title=title, modules=modules, total=total,
                  numbers=numbers, references=list(course.references.values()),
                  cited_by=cited_by)


def write_answer_key(course: Course, path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_answer_key(course, title), encoding="utf-8")
    return path
