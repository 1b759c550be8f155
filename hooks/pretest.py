"""The pre-test of a module: one question per learning objective, the first in the bank that
tests it. A pre-test taken before reading shows no answers and no explanations, so it teaches
nothing of the post-test; the same questions, asked again in the post-test, measure the gain.
"""

from __future__ import annotations

from course_data import Module, Question


def pretest_questions(module: Module) -> list[Question]:
    chosen: list[Question] = []
    for _number, _text, questions in module.blueprint:
        first = next((q for q in questions if q not in chosen), None)
        if first is not None:
            chosen.append(first)
    return chosen


def pretest_uri(module: Module) -> str:
    """Where the generated pre-test page lives, beside the module's assessment."""
    return f"modules/{module.stem}/pretest.md"
