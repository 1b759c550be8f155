"""The files in quizzes/: question banks and references.yml, checked field by field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from course_data import Bank, Choice, Question, Reference
from item_review import FLAWS, STRATEGIES
from problems import (
    ID_HELP,
    ID_PATTERN,
    Checker,
    Field,
    Path_,
    Problem,
    closest,
    found,
    id_check,
    is_kind,
    percent_check,
    rel_path,
)
from safe_html import ALLOWED_TEXT, disallowed_html
from yaml_lines import Located, load_yaml, read_source

# Markup that mkdocs-quiz would read as its own syntax inside a question's text.
QUIZ_SYNTAX = re.compile(r"</?[qQ][uU][iI][zZ]\b[^>]*>|\[\[")  # any case; JSON Schema too
ANSWER_LINE = re.compile(r"^\s*[-*+]\s*\[.?\]", re.M)
# A choice is one list item: text that starts like a list item or a task box would nest one.
CHOICE_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|\[.?\]|>|#)")
BLANK_LINE = re.compile(r"\n[ \t]*\n")
TWO_LINES = r"\S[^\S\n]*\n\s*\S"  # the schema's form of "more than one line"
BLANK_BETWEEN = r"\S[ \t]*\n[ \t]*\n\s*\S"  # the schema's form: a blank line inside the text


ID = {"$ref": "#/$defs/id"}
TEXT = {"$ref": "#/$defs/text"}
MARKDOWN = {"$ref": "#/$defs/markdown"}
NO_ANSWER_LINE = {"not": {"pattern": "(^|\\n)\\s*[-*+]\\s*\\[.?\\]"}}

BANK_FIELDS = {
    "module": Field(str, True, "the id of the module this bank assesses (its page's "
                    "`course.module`)", id_check, ID),
    "title": Field(str, True, "the assessment's title, e.g. `Exosome biology`", None, TEXT),
    "pass_mark": Field((int, float), True, "the percentage needed to pass, from 1 to 100, "
                       "e.g. `70`", percent_check,
                       {"type": "number", "minimum": 1, "maximum": 100}),
    "questions": Field(list, True, "a list of questions, each starting with `- id:`", None,
                       {"type": "array", "minItems": 1,
                        "items": {"$ref": "#/$defs/question"}}),
}
QUESTION_FIELDS = {
    "id": Field(str, True, ID_HELP + " (never reuse or rename it: progress is kept by id)",
                id_check, ID),
    "type": Field(str, True, "`single` (one right answer) or `multiple` (two or more)",
                  lambda v: None if v in ("single", "multiple")
                  else f"`{v}` is not a question type.", {"enum": ["single", "multiple"]}),
    "question": Field(str, True, "the question text (Markdown)", None,
                      {"allOf": [MARKDOWN, NO_ANSWER_LINE]}),
    "choices": Field(list, True, "a list of at least two choices, each `- text: …`", None,
                     {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/choice"}}),
    "explanation": Field(str, True, "the rationale shown after answering: why the right "
                         "answer is right and each wrong one wrong", None,
                         {"allOf": [MARKDOWN, NO_ANSWER_LINE]}),
    "section": Field(str, False, "the heading, in the module page, of the section this "
                     "question tests", None, TEXT),
    "references": Field(list, False, "a list of reference keys from quizzes/references.yml, "
                        "e.g. `[kwon2020]`", None,
                        {"type": "array", "items": {"type": "string"}}),
    "objectives": Field(list, True, "the numbers of the module's objectives this question "
                        "tests (as listed in the module page's front matter), e.g. `[1, 3]`",
                        None, {"type": "array", "minItems": 1,
                               "items": {"type": "integer", "minimum": 1}}),
    "accept": Field(dict, False, "item-review warnings accepted for this question, each "
                    "`code: reason`, e.g. `{stem-key-repeat: \"the product's name cannot "
                    "be avoided\"}`", None,
                    {"type": "object", "minProperties": 1,
                     "propertyNames": {"enum": list(FLAWS)}, "additionalProperties": TEXT}),
}
CHOICE_FIELDS = {
    "text": Field(str, True, "the choice as the learner sees it (one line, starting with a "
                  "word)", None, {"allOf": [MARKDOWN, {"not": {"pattern": TWO_LINES}},
                                            {"not": {"pattern": CHOICE_START.pattern}}]}),
    "correct": Field(bool, False, "`true` for a right answer (leave it out for wrong ones)",
                     None, {"type": "boolean"}),
    "feedback": Field(str, False, "a sentence shown when the learner picks this choice (one "
                      "paragraph)", None,
                      {"allOf": [MARKDOWN, {"not": {"pattern": BLANK_BETWEEN}}]}),
}
REFERENCE_FIELDS = {
    "citation": Field(str, True, "the full citation: authors, year, title, journal"),
    "url": Field(str, True, "a DOI link (https://doi.org/…) or web address",
                 lambda v: None if v.startswith(("https://", "http://"))
                 else f"`{v}` is not a web address."),
    "note": Field(str, False, "a note for learners, shown with the reference: what the source "
                  "is and shows (design, size, population) and the limits that matter in "
                  "reading it, e.g. `Only the abstract is available.` (optional)"),
    "label": Field(str, False, "a short name for links, e.g. `FDA 2019` (optional)"),
    "verification": Field(str, False, "a record for editors and reviewers of what was "
                          "checked, where, and what could not be confirmed; shown in the "
                          "answer key, never on a learner's page (optional)"),
}


def load_references(path: Path, root: Path) -> tuple[dict[str, Reference], list[Problem]]:
    """Read quizzes/references.yml: `key: {citation, url, note, label, verification}`. A
    missing file is empty."""
    if not path.exists():
        return {}, []
    rel = rel_path(path, root)
    text, problems = read_source(path, rel)
    if text is None:
        return {}, problems
    located, problems = load_yaml(text, rel)
    if located is None or located.data is None:
        if located is not None:
            problems.append(Problem(rel, None, "", "the file is empty.",
                                    "add references as `key:` blocks, or delete the file."))
        return {}, problems
    check = Checker(rel, located)
    refs: dict[str, Reference] = {}
    if not isinstance(located.data, dict):
        check.add((), f"expected reference blocks keyed by name, found {found(located.data)}.",
                  "write each reference as `key:` followed by indented `citation:` and `url:`.")
    else:
        for key, value in located.data.items():
            if not ID_PATTERN.fullmatch(str(key)):
                check.add((key,), f"`{key}` is not a valid reference key.",
                          "use lower-case letters, digits and hyphens, e.g. `kwon2020`.")
            if (check.fields(value, REFERENCE_FIELDS, (key,), "a reference")
                    and isinstance(value.get("citation"), str)
                    and isinstance(value.get("url"), str)):
                refs[str(key)] = Reference(str(key), value["citation"].strip(),
                                           value["url"].strip(), value.get("note"),
                                           value.get("label"), value.get("verification"))
    return refs, problems + check.problems


def load_bank(path: Path, root: Path) -> tuple[Bank | None, list[Problem]]:
    """Read and check one bank file. Returns the bank unless it is malformed (it may still
    have problems: cues alone pass it)."""
    rel = rel_path(path, root)
    text, problems = read_source(path, rel)
    if text is None:
        return None, problems
    located, problems = load_yaml(text, rel)
    if located is None:
        return None, problems
    if located.data is None:
        return None, [Problem(rel, None, "", "the file is empty.",
                              "copy quizzes/_template.yml.example and fill it in, "
                              "or delete this file.")]
    check = Checker(rel, located)
    data = located.data
    if not check.fields(data, BANK_FIELDS, (), "a question bank"):
        return None, problems + check.problems
    questions: list[Question] = []
    raw_questions = data.get("questions")
    if isinstance(raw_questions, list):
        if not raw_questions:
            check.add(("questions",), "the bank has no questions.",
                      "add at least one question under `questions:`.")
        for i, raw in enumerate(raw_questions):
            q = _question(raw, ("questions", i), check)
            if q is not None:
                questions.append(q)
    problems += check.problems
    if problems:
        return None, problems
    bank = Bank(rel, data["module"], data["title"].strip(), data["pass_mark"],
                tuple(questions))
    # A bank that fails only the cue rule is still returned, so reports can show its scores.
    return bank, cue_rule_problems(bank, located)


def _question(raw: Any, path: Path_, check: Checker) -> Question | None:
    before = len(check.problems)
    if not check.fields(raw, QUESTION_FIELDS, path, "a question"):
        return None
    qtype = raw.get("type")
    stem = raw.get("question")
    if isinstance(stem, str):
        _check_markup(stem, (*path, "question"), check)
        if ANSWER_LINE.search(stem):
            check.add((*path, "question"), "a line of the question looks like an answer "
                      "(`- [ ]` or `- [x]`).", "put answers under `choices:`, not in the text.")
    if isinstance(raw.get("explanation"), str):
        _check_markup(raw["explanation"], (*path, "explanation"), check)
        if ANSWER_LINE.search(raw["explanation"]):
            check.add((*path, "explanation"), "a line of the explanation looks like an answer "
                      "(`- [ ]` or `- [x]`), which the quiz would show as a choice.",
                      "reword the line, or write it as a sentence.")
    choices: list[Choice] = []
    raw_choices = raw.get("choices")
    if isinstance(raw_choices, list):
        if len(raw_choices) < 2:
            check.add((*path, "choices"), f"expected at least 2 choices, found "
                      f"{len(raw_choices)}.", "add more `- text: …` lines under `choices:`.")
        seen: set[str] = set()
        for j, rc in enumerate(raw_choices):
            cpath = (*path, "choices", j)
            if not check.fields(rc, CHOICE_FIELDS, cpath, "a choice"):
                continue
            text = rc.get("text")
            if not isinstance(text, str) or not text.strip():
                continue
            if "\n" in text.strip():
                check.add((*cpath, "text"), "a choice must be a single line.",
                          "shorten the choice, or move detail into `feedback:`.")
            _check_markup(text, (*cpath, "text"), check)
            if start := CHOICE_START.match(text):
                check.add((*cpath, "text"), f"the choice starts with `{start.group(0).strip()}`"
                          ", which the quiz would read as list or answer markup.",
                          "start the choice with a word.")
            if text.strip() in seen:
                check.add((*cpath, "text"), f"two choices read `{text.strip()}`.",
                          "make every choice's text different.")
            seen.add(text.strip())
            fb = rc.get("feedback")
            if isinstance(fb, str):
                _check_markup(fb, (*cpath, "feedback"), check)
                if BLANK_LINE.search(fb.strip()):
                    check.add((*cpath, "feedback"), "the feedback has a blank line: the quiz "
                              "shows feedback as one paragraph under its choice.",
                              "join it into one paragraph, or move the rest into "
                              "`explanation:`.")
                fb = " ".join(fb.split())  # lines of a `|` block: one paragraph
            choices.append(Choice(text.strip(), rc.get("correct") is True,
                                  fb if isinstance(fb, str) else None))
        right = sum(c.correct for c in choices)
        if len(choices) == len(raw_choices) and len(choices) >= 2:
            if qtype == "single" and right != 1:
                check.add((*path, "choices"), f"a `single` question needs exactly one correct "
                          f"choice, found {right}.",
                          "mark exactly one choice `correct: true`, or change `type` to "
                          "`multiple`." if right > 1 else
                          "mark the right choice with `correct: true`.")
            if qtype == "multiple" and right < 2:
                radio = (" (with one, the quiz shows radio buttons under \"choose all that "
                         "apply\")") if right == 1 else ""
                check.add((*path, "choices"), "a `multiple` question needs at least two "
                          f"correct choices, found {right}{radio}.",
                          "change `type` to `single`, or mark every right choice "
                          "`correct: true`." if right == 1 else
                          "mark the right choices `correct: true`.")
    refs = raw.get("references")
    if isinstance(refs, list):
        for k, ref in enumerate(refs):
            if not isinstance(ref, str):
                check.add((*path, "references", k), f"expected a reference key, found "
                          f"{found(ref)}.", "write the key of an entry in quizzes/references.yml.")
    objectives = raw.get("objectives")
    if isinstance(objectives, list):
        if not objectives:
            check.add((*path, "objectives"), "`objectives` is an empty list.",
                      "name at least one objective this question tests, e.g. `[1]`.")
        for k, number in enumerate(objectives):
            if not is_kind(number, int) or number < 1:
                check.add((*path, "objectives", k), f"expected an objective's number (1, 2, "
                          f"…), found {found(number)}.", "write the number of the objective "
                          "as it is listed in the module page's `objectives:` (the first is 1).")
    accept = raw.get("accept")
    if isinstance(accept, dict):
        for code, reason in accept.items():
            if code not in FLAWS:
                close = closest(str(code), FLAWS)
                check.add((*path, "accept", code), f"`{code}` is not an item-review warning.",
                          (f"did you mean `{close}`? " if close else "") + "use one of "
                          + ", ".join(f"`{c}`" for c in FLAWS) + ".")
            elif not isinstance(reason, str) or not reason.strip():
                check.add((*path, "accept", code), f"accepting `{code}` needs a reason, "
                          f"found {found(reason)}.", f"write why the question is right as it "
                          f"is, e.g. `{code}: \"the drug's name cannot be avoided\"`.")
    if len(check.problems) > before:
        return None
    located = check.located
    lines = tuple((k, n) for k in ("objectives", "accept", "choices", "question")
                  if located and (n := located.line((*path, k))) is not None)
    question = Question(
        id=raw["id"], type=qtype, question=stem.strip(), choices=tuple(choices),
        explanation=raw["explanation"].strip(), section=raw.get("section"),
        references=tuple(raw.get("references") or ()),
        line=located.line(path) if located else None,
        objectives=tuple(objectives),
        accepted=tuple((str(k), v.strip()) for k, v in (accept or {}).items()),
        lines=lines,
    )
    flaw_codes = {f.code for f in question.flaws}
    for code, _reason in question.accepted:
        if code not in flaw_codes:
            check.add((*path, "accept", code), f"the question has no `{code}` warning to "
                      "accept.", f"remove `{code}` from `accept:`.")
    return None if len(check.problems) > before else question


def cue_rule_problems(bank: Bank, located: Located | None) -> list[Problem]:
    """The hard rule: surface cues alone must never pass a module."""
    problems = []
    for strategy in STRATEGIES:
        score = bank.cue_scores[strategy.name]
        if score >= bank.pass_mark:
            problems.append(Problem(
                bank.file, located.line(("questions",)) if located else None, "questions",
                f"cues alone pass this bank: the strategy \"{strategy.name}\" "
                f"({strategy.description}) scores {score:.0f}% without any knowledge, "
                f"and the pass mark is {bank.pass_mark:g}%.",
                "rewrite questions so that this cue does not point to the key (run `course "
                "check --report` to see each bank's cue-only scores), then check again."))
    return problems


def _check_markup(text: str, path: Path_, check: Checker) -> None:
    if QUIZ_SYNTAX.search(text):
        check.add(path, f"the text contains `{QUIZ_SYNTAX.search(text).group(0)}`, which the "
                  "quiz renderer reads as its own markup.", "reword it without those characters.")
    elif bad := disallowed_html(text):
        check.add(path, "the text contains HTML the course does not allow: "
                  + ", ".join(f"`{piece}`" for piece in bad) + ".",
                  f"use Markdown instead; the HTML allowed is {ALLOWED_TEXT}, and links "
                  "go to http(s) or mailto addresses. For a less-than sign, write `&lt;`.")

