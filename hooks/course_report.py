"""`course check --report`: what an educator reviews before release, as plain text.

For each module: the cue-only scores of its bank against the pass mark, the test blueprint
(objective by questions), the item-review warnings (open and accepted), and the study time
computed from the text. Pure: a course in, text out.
"""

from __future__ import annotations

import textwrap

from course_model import Course, Module
from item_review import STRATEGIES, guess_score
from study_time import METHOD, max_credit_hours

WIDTH = 92


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def cue_table(module: Module) -> list[str]:
    bank = module.bank
    n = len(bank.questions)
    lines = [f"  Cue-only scores (a learner who knows nothing; pass mark {bank.pass_mark:g}%, "
             f"{n} questions):"]
    for s in STRATEGIES:
        score = bank.cue_scores[s.name]
        verdict = "FAILS the hard rule" if score >= bank.pass_mark else "below the pass mark"
        lines.append(f"    {s.name:<13} {score:5.1f}%  {verdict}  ({s.description})")
    lines.append(f"    {'guessing':<13} {guess_score(bank.questions):5.1f}%  for comparison  "
                 "(an option at random; a random set of ticks in select-all)")
    return lines


def blueprint_table(module: Module) -> list[str]:
    lines = ["  Blueprint (objective: questions that test it):"]
    for number, text, questions in module.blueprint:
        ids = ", ".join(q.id for q in questions) or "NONE: untested"
        lines.append(_wrap(f"{number}. {text}"))
        lines.append(_wrap(f"-> {len(questions)}: {ids}", "       "))
    return lines


def review_lines(module: Module) -> list[str]:
    open_count = sum(len(q.open_flaws) for q in module.bank.questions)
    accepted = [(q, code, why) for q in module.bank.questions for code, why in q.accepted]
    lines = [f"  Item review: {open_count} open warning{'s' if open_count != 1 else ''}, "
             f"{len(accepted)} accepted."]
    for q in module.bank.questions:
        for f in q.open_flaws:
            lines.append(_wrap(f"{q.id} (line {q.line}) [{f.code}]: {f.message}"))
    for q, code, why in accepted:
        lines.append(_wrap(f"{q.id} [{code}] accepted: {why}"))
    return lines


def study_lines(module: Module) -> list[str]:
    st = module.study
    if st is None:
        return []
    computed = (f"{st.words} words, {st.tables} tables, {st.figures} figures, "
                f"{st.questions} questions ({st.question_words} words) -> {st.minutes} min")
    shown = (f"; the page states {module.minutes} min (override)" if module.minutes_override
             else "")
    return [_wrap(f"Study time: {computed}{shown}.", "  ")]


def report(course: Course) -> str:
    out = ["Course report", "=" * 13, ""]
    for m in course.modules:
        out.append(f"Module {m.number}: {m.title} ({m.bank.file})")
        out += cue_table(m) + blueprint_table(m) + review_lines(m) + study_lines(m)
        out.append("")
    total = course.total_minutes
    out.append(_wrap(f"Total study time: {total} minutes; credit may not exceed "
                     f"{max_credit_hours(total):g} hours. Method: {METHOD}.", ""))
    return "\n".join(out) + "\n"
