"""The JSON Schema that editors use for quizzes/NN-slug.yml, built from the validator's own
field tables (bank_loader.BANK_FIELDS, QUESTION_FIELDS, CHOICE_FIELDS), so the two cannot
disagree. `course schema` writes it to quizzes/bank.schema.json; a test checks that the
committed file is what this module builds.

Rules a schema cannot state are checked by `course check` and the build only; the schema's
description lists them (VALIDATOR_ONLY).
"""

from __future__ import annotations

import json
from typing import Any

from bank_loader import (
    BANK_FIELDS,
    CHOICE_FIELDS,
    QUESTION_FIELDS,
    QUIZ_SYNTAX,
)
from problems import ID_PATTERN, Field

VALIDATOR_ONLY = (
    "question ids unique across ALL banks",
    "`module` matching a module page's `course.module`, and one bank per module",
    "`section` being a heading of that module page",
    "every `references` key being in quizzes/references.yml",
    "no two choices of a question reading the same",
    "no key written twice in one block",
    "objective numbers within the module page's `objectives:` list (and every objective "
    "tested)",
    "no accepting a warning the question does not have",
    "raw HTML only from the short allowed list, and links only to http(s) or mailto "
    "addresses (checked by the nh3 sanitizer)",
    "the hard rule that cues alone (longest option, words shared with the stem, avoiding "
    "absolute terms, convergence) never reach the pass mark",
)


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _property(fld: Field) -> dict[str, Any]:
    rule = dict(fld.schema or {})
    body: dict[str, Any] = {"description": _sentence(fld.help)}
    if fld.required:
        body.update(rule)
    else:  # an optional key may be written and left empty, as the validator allows
        body["anyOf"] = [rule, {"type": "null"}]
    return body


def _object(fields: dict[str, Field], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, f in fields.items() if f.required],
        "properties": {name: _property(f) for name, f in fields.items()},
    }


def _count_rule(qtype: str, low: int, high: int | None, says: str) -> dict[str, Any]:
    contains: dict[str, Any] = {"contains": {"$ref": "#/$defs/correctChoice"},
                                "minContains": low}
    if high is not None:
        contains["maxContains"] = high
    return {"if": {"required": ["type"], "properties": {"type": {
                "description": f"Applies when the question's type is `{qtype}`.",
                "const": qtype}}},
            "then": {"properties": {"choices": {"description": says, **contains}}}}


def bank_schema() -> dict[str, Any]:
    question = _object(QUESTION_FIELDS, "One question: id, type, question text, choices, "
                       "explanation and the objectives it tests.")
    question["allOf"] = [
        _count_rule("single", 1, 1, "A `single` question has exactly one choice marked "
                    "`correct: true`."),
        _count_rule("multiple", 2, None, "A `multiple` question has at least two choices "
                    "marked `correct: true` (with one, the quiz would show radio buttons)."),
    ]
    top = _object(BANK_FIELDS, (
        "A module's question bank (quizzes/NN-slug.yml). Built from the validator's own field "
        "tables by hooks/bank_schema.py (`course schema`); do not edit by hand. Rules that "
        "need other files, or that JSON Schema cannot state, are checked only by `make "
        "check` (`course check`) and the build: " + "; ".join(VALIDATOR_ONLY) + ". Add "
        "`# yaml-language-server: $schema=bank.schema.json` as the bank's first line."))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Question bank",
        **top,
        "$defs": {
            "id": {"description": "An id: lower-case letters, digits and hyphens, starting "
                   "with a letter or digit.", "type": "string",
                   "pattern": f"^{ID_PATTERN.pattern}$"},
            "text": {"description": "Text that is not empty.", "type": "string",
                     "minLength": 1, "pattern": "\\S"},
            "markdown": {"description": "Markdown text that is not empty and holds none of "
                         "the quiz renderer's own markup (`<quiz>`, `</quiz>`, `[[`).",
                         "allOf": [{"$ref": "#/$defs/text"},
                                   {"not": {"pattern": QUIZ_SYNTAX.pattern}}]},
            "question": question,
            "choice": _object(CHOICE_FIELDS, "One answer choice."),
            "correctChoice": {"description": "A choice marked `correct: true`.",
                              "type": "object", "required": ["correct"],
                              "properties": {"correct": {"description": "Marked right.",
                                                         "const": True}}},
        },
    }


def schema_text() -> str:
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
