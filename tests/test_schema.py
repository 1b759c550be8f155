"""quizzes/bank.schema.json agrees with the validator on every rule that concerns one bank.

Each fixture bank is checked both ways: by jsonschema against the schema, and by
course_model.load_bank. They must agree with each other and with the expected verdict.
Rules that need other files, or that JSON Schema cannot state, are pinned separately as
validator-only, and the schema's description must say so.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from course_model import load_bank

REPO = Path(__file__).resolve().parent.parent
SCHEMA_PATH = REPO / "quizzes" / "bank.schema.json"
TEMPLATE = REPO / "quizzes" / "_template.yml.example"


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


VALIDATOR = Draft202012Validator(schema())


def base() -> dict[str, Any]:
    """A valid bank with one question of each type, every optional key present."""
    return {
        "module": "exosome-biology",
        "title": "Exosome biology",
        "pass_mark": 70,
        "questions": [
            {
                "id": "bio-size",
                "type": "single",
                "question": "How large are most *small* extracellular vesicles?",
                "choices": [
                    {"text": "30–150 nm", "correct": True, "feedback": "Right."},
                    {"text": "3–15 µm", "feedback": "That is a cell."},
                    {"text": "300–900 nm", "correct": False},
                ],
                "explanation": "Small EVs are usually under 200 nm.",
                "section": "Size and cargo",
                "references": ["thery2018"],
                "objectives": [1],
            },
            {
                "id": "bio-cargo",
                "type": "multiple",
                "question": "Which molecules can vesicles carry? Select all that apply.",
                "choices": [
                    {"text": "Proteins", "correct": True},
                    {"text": "microRNA", "correct": True},
                    {"text": "Whole nuclei"},
                ],
                "explanation": "Proteins, lipids and nucleic acids; not organelles.",
                "objectives": [1, 2],
                "accept": {"few-wrong-options": "kept short to test the field"},
            },
        ],
    }


Edit = Callable[[dict[str, Any]], None]


def put(path: str, value: Any) -> Edit:
    """An edit that sets `questions.0.choices.1.text`-style paths; `value=DELETE` removes."""

    def edit(bank: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = bank
        for part in parents:
            target = target[part]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return edit


DELETE = object()
Q0, Q1 = "questions.0", "questions.1"

VALID: dict[str, list[Edit]] = {
    "both question types, all keys": [],
    "optional keys left out": [put(f"{Q0}.section", DELETE), put(f"{Q0}.references", DELETE),
                               put(f"{Q0}.choices.0.feedback", DELETE)],
    "optional keys written but empty (null)": [put(f"{Q0}.section", None),
                                               put(f"{Q0}.references", None),
                                               put(f"{Q0}.choices.1.feedback", None),
                                               put(f"{Q0}.choices.1.correct", None)],
    "empty references list": [put(f"{Q0}.references", [])],
    "multiple with every choice correct": [put(f"{Q1}.choices.2.correct", True)],
    "decimal pass mark": [put("pass_mark", 72.5)],
    "pass mark 100": [put("pass_mark", 100)],
    "id starting with a digit": [put(f"{Q0}.id", "2nd-question")],
    "multi-line Markdown stem": [put(f"{Q0}.question", "A patient asks:\n\n> Is it safe?\n\n"
                                     "What do you say?")],
    "choice text with surrounding blank lines": [put(f"{Q0}.choices.0.text", "\n30–150 nm\n")],
}

INVALID: dict[str, list[Edit]] = {
    **{f"missing {key}": [put(key, DELETE)]
       for key in ("module", "title", "pass_mark", "questions")},
    **{f"missing question {key}": [put(f"{Q0}.{key}", DELETE)]
       for key in ("id", "type", "question", "choices", "explanation")},
    "missing choice text": [put(f"{Q0}.choices.1.text", DELETE)],
    "required key written but empty (null)": [put("title", None)],
    "title is a number": [put("title", 5)],
    "pass mark is text": [put("pass_mark", "70")],
    "pass mark is true": [put("pass_mark", True)],
    "questions is a block, not a list": [put("questions", {"id": "x"})],
    "question is text, not a block": [put("questions.0", "What is an exosome?")],
    "stem is a list": [put(f"{Q0}.question", ["a", "b"])],
    "choices is text": [put(f"{Q0}.choices", "A, B, C")],
    "choice is text, not a block": [put(f"{Q0}.choices.2", "1 mm")],
    "objectives missing": [put(f"{Q0}.objectives", DELETE)],
    "multiple with one correct choice": [put(f"{Q1}.choices.1.correct", False),
                                         put(f"{Q1}.accept", DELETE)],
    "choice over two lines": [put(f"{Q0}.choices.1.text", "3–15\nµm")],
    "choice starting like a task box": [put(f"{Q0}.choices.1.text", "[x] 3–15 µm")],
    "feedback with a blank line": [put(f"{Q0}.choices.1.feedback", "A cell.\n\nToo big.")],
    "quiz markup in capitals": [put(f"{Q0}.question", "Which size? </QUIZ>")],
    "pass mark below 1": [put("pass_mark", 0.5)],
    "objectives is a number": [put(f"{Q0}.objectives", 1)],
    "objective number 0": [put(f"{Q0}.objectives", [0])],
    "objective number is text": [put(f"{Q0}.objectives", ["one"])],
    "empty objectives list": [put(f"{Q0}.objectives", [])],
    "accept an unknown warning": [put(f"{Q0}.accept", {"too-long": "why"})],
    "accept without a reason": [put(f"{Q0}.accept", {"unequal-lengths": ""})],
    "accept is a list": [put(f"{Q0}.accept", ["unequal-lengths"])],
    "correct is the text 'true'": [put(f"{Q0}.choices.0.correct", "true")],
    "feedback is a list": [put(f"{Q0}.choices.1.feedback", ["x"])],
    "section is a number": [put(f"{Q0}.section", 3)],
    "references is text": [put(f"{Q0}.references", "thery2018")],
    "reference key is a number": [put(f"{Q0}.references", [2018])],
    "unknown top-level key": [put("passmark", 70)],
    "unknown question key": [put(f"{Q0}.answer", "B")],
    "unknown choice key": [put(f"{Q0}.choices.0.right", True)],
    "id with capitals and underscore": [put(f"{Q0}.id", "Bio_Size")],
    "id starting with a hyphen": [put(f"{Q0}.id", "-bio-size")],
    "id with a space": [put(f"{Q0}.id", "bio size")],
    "module id with capitals": [put("module", "Exosome-Biology")],
    "unknown question type": [put(f"{Q0}.type", "mcq")],
    "one choice": [put(f"{Q0}.choices", [{"text": "Only", "correct": True}])],
    "no choices": [put(f"{Q0}.choices", [])],
    "single with no correct choice": [put(f"{Q0}.choices.0.correct", DELETE)],
    "single with two correct choices": [put(f"{Q0}.choices.1.correct", True)],
    "multiple with no correct choice": [put(f"{Q1}.choices.0.correct", False),
                                        put(f"{Q1}.choices.1.correct", DELETE)],
    "empty stem": [put(f"{Q0}.question", "")],
    "blank stem": [put(f"{Q0}.question", "   \n")],
    "empty explanation": [put(f"{Q0}.explanation", "")],
    "empty title": [put("title", "")],
    "empty choice text": [put(f"{Q0}.choices.0.text", "")],
    "empty feedback": [put(f"{Q0}.choices.0.feedback", " ")],
    "empty section": [put(f"{Q0}.section", "")],
    "pass mark 0": [put("pass_mark", 0)],
    "pass mark 101": [put("pass_mark", 101)],
    "negative pass mark": [put("pass_mark", -5)],
    "no questions": [put("questions", [])],
    "choice on two lines": [put(f"{Q0}.choices.0.text", "30–150 nm\nor so")],
    "<quiz> in the stem": [put(f"{Q0}.question", "What is <quiz> here?")],
    "[[ in feedback": [put(f"{Q0}.choices.1.feedback", "See [[wiki]].")],
    "</quiz> in a choice": [put(f"{Q0}.choices.2.text", "1 mm </quiz>")],
    "[[ in the explanation": [put(f"{Q0}.explanation", "Small [[EVs]].")],
    "answer line in the stem": [put(f"{Q0}.question", "Which?\n- [x] this one")],
}

# Not expressible in JSON Schema (or needing other files): the validator alone catches them.
VALIDATOR_ONLY: dict[str, list[Edit]] = {
    "two choices with the same text": [put(f"{Q0}.choices.1.text", "30–150 nm")],
    "accepting a warning the question does not have": [
        put(f"{Q0}.accept", {"all-none-of-above": "not there"})],
    "cues alone pass the bank": [put(f"{Q0}.choices.2.text", "3 nm"),
                                 put(f"{Q1}.choices.2.correct", True)],
}
VALIDATOR_ONLY_TEXT = {
    "a key written twice": "title: Again\n" + yaml.safe_dump(base(), sort_keys=False),
}


def build(edits: list[Edit]) -> dict[str, Any]:
    bank = copy.deepcopy(base())
    for edit in edits:
        edit(bank)
    return bank


def verdicts(tmp_path: Path, text: str) -> tuple[bool, bool, list[str]]:
    """(schema says valid, validator says valid, what each said) for one bank file."""
    path = tmp_path / "01-fixture.yml"
    path.write_text(text, encoding="utf-8")
    schema_errors = [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(text))]
    _, problems = load_bank(path, tmp_path)
    said = [f"schema: {m}" for m in schema_errors] + [f"validator: {p}" for p in problems]
    return not schema_errors, not problems, said


def dump(bank: dict[str, Any]) -> str:
    return yaml.safe_dump(bank, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("edits", VALID.values(), ids=VALID.keys())
def test_valid_banks_pass_both(tmp_path: Path, edits: list[Edit]) -> None:
    schema_ok, validator_ok, said = verdicts(tmp_path, dump(build(edits)))
    assert schema_ok and validator_ok, said


@pytest.mark.parametrize("edits", INVALID.values(), ids=INVALID.keys())
def test_invalid_banks_fail_both(tmp_path: Path, edits: list[Edit]) -> None:
    schema_ok, validator_ok, said = verdicts(tmp_path, dump(build(edits)))
    assert (schema_ok, validator_ok) == (False, False), said


@pytest.mark.parametrize("text", ["", "- just a list\n", "module: [unclosed\n"],
                         ids=["empty file", "a list, not a bank", "broken YAML"])
def test_files_that_are_not_banks_fail_both(tmp_path: Path, text: str) -> None:
    path = tmp_path / "01-fixture.yml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_bank(path, tmp_path)
    assert problems
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # an editor reports the syntax error before the schema applies
    assert list(VALIDATOR.iter_errors(data))


def test_validator_only_rules_are_documented(tmp_path: Path) -> None:
    cases = {name: dump(build(edits)) for name, edits in VALIDATOR_ONLY.items()}
    for name, text in {**cases, **VALIDATOR_ONLY_TEXT}.items():
        schema_ok, validator_ok, said = verdicts(tmp_path, text)
        assert (schema_ok, validator_ok) == (True, False), (name, said)
    top = schema()["description"]
    for rule in ("unique across ALL banks", "module page", "one bank per module", "heading",
                 "references.yml", "reading the same", "key written twice",
                 "objective numbers", "warning the question does not have", "cues alone"):
        assert rule in top, rule


def test_template_bank_passes_both() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=bank.schema.json\n")
    assert not list(VALIDATOR.iter_errors(yaml.safe_load(text)))
    bank, problems = load_bank(TEMPLATE, REPO)
    assert not problems and bank is not None
    assert {q.type for q in bank.questions} == {"single", "multiple"}


def properties(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, subschema) under a `properties` keyword, however deeply nested."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    yield f"{where}.{name}", sub
            yield from properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{where}[{i}]")


def test_schema_is_draft_2020_12_and_every_property_is_described() -> None:
    document = schema()
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    found = list(properties(document))
    assert len(found) > 10
    undescribed = [path for path, sub in found if not sub.get("description")]
    assert not undescribed, undescribed


def test_committed_schema_is_the_one_the_validator_builds() -> None:
    from bank_schema import schema_text

    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "quizzes/bank.schema.json is out of date: run `course schema` to rebuild it")


def test_schema_mirrors_the_validators_id_pattern() -> None:
    from problems import ID_PATTERN

    assert schema()["$defs"]["id"]["pattern"] == f"^{ID_PATTERN.pattern}$"
