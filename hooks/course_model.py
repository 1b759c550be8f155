"""Load and validate the course: question banks, module front matter, references.

Pure: reads files, returns plain data or raises `CourseError` listing every problem found.
It knows nothing of MkDocs, so `course check`, the build hooks and the tests share it.
Every problem names the file, the line (where YAML gives one), the key path, what was
expected and how to fix it, because the people reading it are educators, not programmers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify

from item_review import FLAWS, STRATEGIES, Flaw, cue_scores, review
from release import placeholders, without_placeholders
from study_time import StudyTime, max_credit_hours, override_problem, study_time

BANK_GLOB = "[0-9]*.yml"
REFERENCES_FILE = "references.yml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
HEADING_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
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
QUIZ_SYNTAX = re.compile(r"</?quiz>|\[\[")
ANSWER_LINE = re.compile(r"^\s*[-*]\s*\[.?\]", re.M)


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the course, worded for the person who must fix it."""

    file: str
    line: int | None
    key: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message} Fix: {self.fix}"


class CourseError(Exception):
    """The course has problems; `problems` lists them all, in file order. `partial` holds
    what could be loaded despite them (for reports), or None."""

    def __init__(self, problems: Iterable[Problem], partial: Course | None = None) -> None:
        self.problems = list(problems)
        self.partial = partial
        count = len(self.problems)
        head = f"The course has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


# --------------------------------------------------------------------------- YAML with lines

Path_ = tuple[str | int, ...]


def key_path(path: Path_) -> str:
    """`("questions", 3, "choices")` -> `questions[3].choices`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Located:
    """A YAML document as plain data, with the 1-based line of every key path."""

    data: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int | None:
        # Fall back to the nearest parent that has a line.
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"


def load_yaml(text: str, file: str, first_line: int = 1) -> tuple[Located | None, list[Problem]]:
    """Parse YAML, keeping lines; report syntax errors and duplicate keys as problems."""
    offset = first_line - 1
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # C parser: ~8x faster
        try:
            node = loader.get_single_node()
            # One pass over the nodes builds the data and records lines and duplicate keys;
            # PyYAML's own constructor would be a second pass, as slow as this whole one.
            # Anything but plain text (numbers, dates, booleans) is still built by PyYAML.
            construct = loader.construct_object

            def build(n: yaml.Node, path: Path_) -> Any:
                lines.setdefault(path, n.start_mark.line + 1 + offset)
                if isinstance(n, yaml.ScalarNode):
                    return n.value if n.tag == STR_TAG else construct(n, deep=True)
                if isinstance(n, yaml.SequenceNode):
                    return [build(item, (*path, i)) for i, item in enumerate(n.value)]
                if not isinstance(n, yaml.MappingNode) or any(
                        k.tag == MERGE_TAG or not isinstance(k, yaml.ScalarNode)
                        for k, _ in n.value):
                    return construct(n, deep=True)  # `<<:` merges, odd keys: PyYAML's way
                data: dict[Any, Any] = {}
                seen: set[str] = set()
                for k, v in n.value:
                    key = k.value if k.tag == STR_TAG else construct(k, deep=True)
                    name = str(k.value)
                    if name in seen:
                        problems.append(
                            Problem(
                                file,
                                k.start_mark.line + 1 + offset,
                                key_path((*path, name)),
                                f"the key `{name}` appears twice in the same block.",
                                "keep one of them and delete the other.",
                            )
                        )
                    seen.add(name)
                    lines[(*path, name)] = k.start_mark.line + 1 + offset
                    data[key] = build(v, (*path, name))
                return data

            data = build(node, ()) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + offset if mark else None
        what = " ".join(str(x) for x in (err.context, err.problem) if x)
        return None, [
            Problem(
                file,
                line,
                "",
                f"this is not valid YAML ({what}).",
                "check the indentation and punctuation on this line and the one above; "
                "text containing ': ' or starting with a symbol must be quoted.",
            )
        ]
    except yaml.YAMLError as err:
        return None, [Problem(file, None, "", f"this is not valid YAML ({err}).",
                              "fix the syntax.")]
    except RecursionError:
        return None, [Problem(file, None, "", "this YAML refers to itself (an `*alias` inside "
                              "the block its `&anchor` names).", "write the content out in full.")]
    return Located(data, lines), problems


# --------------------------------------------------------------------------- field checking


@dataclass(frozen=True)
class Field:
    """One allowed key: its type, whether it is required, and a word on what it holds."""

    kind: type | tuple[type, ...]
    required: bool
    help: str
    check: Callable[[Any], str | None] | None = None


TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
              list: "a list", dict: "a block of keys"}


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(TYPE_NAMES.get(k, k.__name__) for k in kinds if k is not type(None))


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    name = {str: "text", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "a block of keys"}.get(type(value), type(value).__name__)
    shown = json.dumps(value, default=str, ensure_ascii=False)
    return f"{name} {shown[:60]}{'…' if len(shown) > 60 else ''}"


def _is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # YAML's yes/no/true/false must not pass as numbers
    return isinstance(value, kinds)


class Checker:
    """Collects problems for one file, resolving key paths to lines."""

    def __init__(self, file: str, located: Located | None = None) -> None:
        self.file = file
        self.located = located
        self.problems: list[Problem] = []

    def add(self, path: Path_, message: str, fix: str, line: int | None = None) -> None:
        if line is None and self.located is not None:
            line = self.located.line(path)
        self.problems.append(Problem(self.file, line, key_path(path), message, fix))

    def fields(self, value: Any, spec: dict[str, Field], path: Path_, what: str) -> bool:
        """Check a mapping against `spec`; return False when it is not a mapping at all."""
        if not isinstance(value, dict):
            self.add(path, f"expected {what} (a block of `key: value` lines), found "
                     f"{_found(value)}.", f"write {what} as keys: {', '.join(spec)}.")
            return False
        for name in value:
            if name not in spec:
                close = _closest(str(name), spec)
                hint = f"did you mean `{close}`? " if close else ""
                self.add((*path, name), f"unknown key `{name}` in {what}.",
                         f"{hint}allowed keys are: {', '.join(spec)}.")
        for name, fld in spec.items():
            here = (*path, name)
            if name not in value or value[name] is None:
                if fld.required:
                    self.add(here if name in value else path,
                             f"required key `{name}` is missing or empty in {what}.",
                             f"add `{name}:` with {fld.help}.")
                continue
            got = value[name]
            if not _is_kind(got, fld.kind):
                self.add(here, f"expected {_type_name(fld.kind)}, found {_found(got)}.",
                         f"set `{name}` to {fld.help}.")
                continue
            if isinstance(got, str) and not got.strip():
                self.add(here, f"`{name}` is empty.", f"write {fld.help}.")
                continue
            if fld.check and (msg := fld.check(got)):
                self.add(here, msg, f"set `{name}` to {fld.help}.")
        return True


def _closest(name: str, options: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


def _id_check(value: str) -> str | None:
    if not ID_PATTERN.match(value):
        return f"`{value}` is not a valid id."
    return None


def _percent_check(value: float) -> str | None:
    if not 0 < value <= 100:
        return f"a pass mark of {value}% is outside 1–100%."
    return None


def _minutes_check(value: int) -> str | None:
    if not 1 <= value <= 600:
        return f"{value} minutes is outside 1–600."
    return None


ID_HELP = "an id of lower-case letters, digits and hyphens, such as `exosome-biology`"

BANK_FIELDS = {
    "module": Field(str, True, "the id of the module this bank assesses (its page's "
                    "`course.module`)", _id_check),
    "title": Field(str, True, "the assessment's title, e.g. `Exosome biology`"),
    "pass_mark": Field((int, float), True, "the percentage needed to pass, e.g. `70`",
                       _percent_check),
    "questions": Field(list, True, "a list of questions, each starting with `- id:`"),
}
QUESTION_FIELDS = {
    "id": Field(str, True, ID_HELP + " (never reuse or rename it: progress is kept by id)",
                _id_check),
    "type": Field(str, True, "`single` (one right answer) or `multiple` (one or more)",
                  lambda v: None if v in ("single", "multiple")
                  else f"`{v}` is not a question type."),
    "question": Field(str, True, "the question text (Markdown)"),
    "choices": Field(list, True, "a list of at least two choices, each `- text: …`"),
    "explanation": Field(str, True, "the rationale shown after answering: why the right "
                         "answer is right"),
    "section": Field(str, False, "the heading, in the module page, of the section this "
                     "question tests"),
    "references": Field(list, False, "a list of reference keys from quizzes/references.yml, "
                        "e.g. `[kwon2020]`"),
    "objectives": Field(list, True, "the numbers of the module's objectives this question "
                        "tests (as listed in the module page's front matter), e.g. `[1, 3]`"),
    "accept": Field(dict, False, "item-review warnings accepted for this question, each "
                    "`code: reason`, e.g. `{stem-key-repeat: \"the product's name cannot "
                    "be avoided\"}`"),
}
CHOICE_FIELDS = {
    "text": Field(str, True, "the choice as the learner sees it (one line)"),
    "correct": Field(bool, False, "`true` for a right answer (leave it out for wrong ones)"),
    "feedback": Field(str, False, "a sentence shown when the learner picks this choice"),
}
REFERENCE_FIELDS = {
    "citation": Field(str, True, "the full citation: authors, year, title, journal"),
    "url": Field(str, True, "a DOI link (https://doi.org/…) or web address",
                 lambda v: None if v.startswith(("https://", "http://"))
                 else f"`{v}` is not a web address."),
    "note": Field(str, False, "a caution shown with the reference, e.g. what it does not show"),
    "label": Field(str, False, "a short name for links, e.g. `FDA 2019` (optional)"),
}
MODULE_FIELDS = {
    "module": Field(str, True, ID_HELP, _id_check),
    "minutes": Field(int, False, "an override of the minutes the engine computes from the "
                     "text (leave it out to use the computed time), e.g. `45`", _minutes_check),
    "minutes_reason": Field(str, False, "why `minutes:` differs from the computed time by "
                            "more than 25%, e.g. `the figures need close study`"),
    "objectives": Field(list, True, "a list of learning objectives, each starting with a "
                        "verb the learner can be assessed on"),
    "takeaways": Field(list, True, "a list of the key points to remember"),
}


# --------------------------------------------------------------------------- the model


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

    def manifest(self, url_for: Callable[[str], str] = lambda uri: uri) -> dict[str, Any]:
        """What the browser needs to track progress by id: modules, pass marks, questions.
        `url_for` turns a page's source path into its URL relative to the site root."""
        return {
            "modules": [
                {
                    "id": m.id,
                    "title": m.title,
                    "number": m.number,
                    "passMark": m.bank.pass_mark,
                    "minutes": m.minutes,
                    "page": url_for(m.src_uri),
                    "assessment": url_for(m.assessment_uri),
                    "questions": [{"id": q.id, "version": q.version} for q in m.bank.questions],
                }
                for m in self.modules
            ]
        }


# --------------------------------------------------------------------------- loading


def load_references(path: Path, root: Path) -> tuple[dict[str, Reference], list[Problem]]:
    """Read quizzes/references.yml: `key: {citation, url, note}`. A missing file is empty."""
    if not path.exists():
        return {}, []
    rel = _rel(path, root)
    located, problems = load_yaml(path.read_text(encoding="utf-8"), rel)
    if located is None or located.data is None:
        if located is not None:
            problems.append(Problem(rel, None, "", "the file is empty.",
                                    "add references as `key:` blocks, or delete the file."))
        return {}, problems
    check = Checker(rel, located)
    refs: dict[str, Reference] = {}
    if not isinstance(located.data, dict):
        check.add((), f"expected reference blocks keyed by name, found {_found(located.data)}.",
                  "write each reference as `key:` followed by indented `citation:` and `url:`.")
    else:
        for key, value in located.data.items():
            if not ID_PATTERN.match(str(key)):
                check.add((key,), f"`{key}` is not a valid reference key.",
                          "use lower-case letters, digits and hyphens, e.g. `kwon2020`.")
            if (check.fields(value, REFERENCE_FIELDS, (key,), "a reference")
                    and isinstance(value.get("citation"), str)
                    and isinstance(value.get("url"), str)):
                refs[str(key)] = Reference(str(key), value["citation"].strip(),
                                           value["url"].strip(), value.get("note"),
                                           value.get("label"))
    return refs, problems + check.problems


def load_bank(path: Path, root: Path) -> tuple[Bank | None, list[Problem]]:
    """Read and check one bank file. Returns the bank unless it is malformed (it may still
    have problems: cues alone pass it)."""
    rel = _rel(path, root)
    text = path.read_text(encoding="utf-8")
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
            if text.strip() in seen:
                check.add((*cpath, "text"), f"two choices read `{text.strip()}`.",
                          "make every choice's text different.")
            seen.add(text.strip())
            fb = rc.get("feedback")
            if isinstance(fb, str):
                _check_markup(fb, (*cpath, "feedback"), check)
            choices.append(Choice(text.strip(), rc.get("correct") is True,
                                  fb.strip() if isinstance(fb, str) else None))
        right = sum(c.correct for c in choices)
        if len(choices) == len(raw_choices) and len(choices) >= 2:
            if qtype == "single" and right != 1:
                check.add((*path, "choices"), f"a `single` question needs exactly one correct "
                          f"choice, found {right}.",
                          "mark exactly one choice `correct: true`, or change `type` to "
                          "`multiple`." if right > 1 else
                          "mark the right choice with `correct: true`.")
            if qtype == "multiple" and right == 0:
                check.add((*path, "choices"), "a `multiple` question needs at least one "
                          "correct choice, found 0.", "mark the right choices `correct: true`.")
    refs = raw.get("references")
    if isinstance(refs, list):
        for k, ref in enumerate(refs):
            if not isinstance(ref, str):
                check.add((*path, "references", k), f"expected a reference key, found "
                          f"{_found(ref)}.", "write the key of an entry in quizzes/references.yml.")
    objectives = raw.get("objectives")
    if isinstance(objectives, list):
        if not objectives:
            check.add((*path, "objectives"), "`objectives` is an empty list.",
                      "name at least one objective this question tests, e.g. `[1]`.")
        for k, number in enumerate(objectives):
            if not _is_kind(number, int) or number < 1:
                check.add((*path, "objectives", k), f"expected an objective's number (1, 2, "
                          f"…), found {_found(number)}.", "write the number of the objective "
                          "as it is listed in the module page's `objectives:` (the first is 1).")
    accept = raw.get("accept")
    if isinstance(accept, dict):
        for code, reason in accept.items():
            if code not in FLAWS:
                close = _closest(str(code), FLAWS)
                check.add((*path, "accept", code), f"`{code}` is not an item-review warning.",
                          (f"did you mean `{close}`? " if close else "") + "use one of "
                          + ", ".join(f"`{c}`" for c in FLAWS) + ".")
            elif not isinstance(reason, str) or not reason.strip():
                check.add((*path, "accept", code), f"accepting `{code}` needs a reason, "
                          f"found {_found(reason)}.", f"write why the question is right as it "
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
    found = {f.code for f in question.flaws}
    for code, _reason in question.accepted:
        if code not in found:
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
        check.add(path, "the text contains `<quiz>`, `</quiz>` or `[[`, which the quiz "
                  "renderer reads as its own markup.", "reword it without those characters.")


@dataclass
class PageSource:
    """A module page split into front matter and body, with where the body starts."""

    rel: str
    src_uri: str
    meta: Located | None
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)


def read_page(path: Path, docs_dir: Path, root: Path) -> PageSource:
    rel = _rel(path, root)
    src_uri = path.relative_to(docs_dir).as_posix()
    text = path.read_text(encoding="utf-8")
    m = FRONT_MATTER.match(text)
    if not m:
        return PageSource(rel, src_uri, None, text, 1)
    located, problems = load_yaml(m.group(1), rel, first_line=2)
    body_line = text[: m.end()].count("\n") + 1
    return PageSource(rel, src_uri, located, text[m.end():], body_line, problems)


def page_headings(body: str, first_line: int = 1) -> tuple[Heading, ...]:
    """ATX headings outside code fences, with the anchors MkDocs' toc will give them."""
    out: list[Heading] = []
    fence: str | None = None
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        if (h := HEADING.match(line)):
            text = h.group(2)
            explicit = HEADING_ID.search(text)
            text = HEADING_ID.sub("", text).strip() if explicit else text
            text = re.sub(r"\s*\{[^}]*\}\s*$", "", text)
            anchor = explicit.group(1) if explicit else slugify(_plain(text), "-")
            out.append(Heading(len(h.group(1)), text, anchor))
    return tuple(out)


def _plain(text: str) -> str:
    """Heading text as toc sees it, enough for anchors: drop Markdown emphasis and links."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


def scan_markers(body: str, first_line: int, rel: str,
                 references: dict[str, Reference]) -> tuple[list[str], list[Problem]]:
    """Find `[@key]` citations and `[evidence: …]` labels; report unknown ones by line."""
    problems: list[Problem] = []
    cited: list[str] = []
    for n, line in enumerate(body.splitlines(), start=first_line):
        for m in CITATION.finditer(line):
            for key in citation_keys(m.group(1)):
                if key not in references:
                    close = _closest(key, references)
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


def load_course(root: Path, docs_dir: Path | None = None,
                quizzes_dir: Path | None = None) -> Course:
    """Load and check everything; raise CourseError listing every problem found."""
    docs_dir = docs_dir or root / "docs"
    quizzes_dir = quizzes_dir or root / "quizzes"
    problems: list[Problem] = []

    references, ref_problems = load_references(quizzes_dir / REFERENCES_FILE, root)
    problems += ref_problems

    banks: dict[str, Bank] = {}
    broken: set[str] = set()  # modules whose bank exists but has problems of its own
    question_ids: dict[str, str] = {}
    for path in sorted(quizzes_dir.glob(BANK_GLOB)):
        bank, bank_problems = load_bank(path, root)
        problems += bank_problems
        if bank is None:
            broken.update({path.stem, _claimed_module(path)})
            continue
        for q in bank.questions:
            if q.id in question_ids:
                problems.append(Problem(bank.file, q.line, f"id {q.id}", "this question id is "
                                        f"already used in {question_ids[q.id]}.",
                                        "give this question a new id that no other question "
                                        "has."))
            else:
                question_ids[q.id] = f"{bank.file}"
            for k, ref in enumerate(q.references):
                if ref not in references:
                    close = _closest(ref, references)
                    problems.append(Problem(bank.file, q.line, f"id {q.id}: references[{k}]",
                                            f"the reference `{ref}` is not in "
                                            "quizzes/references.yml.",
                                            (f"did you mean `{close}`? " if close else "")
                                            + "add it there or correct the key."))
        if bank.module in banks:
            problems.append(Problem(bank.file, None, "module", f"module `{bank.module}` "
                                    f"already has a bank, {banks[bank.module].file}.",
                                    "merge the two banks into one file."))
        else:
            banks[bank.module] = bank

    modules: list[Module] = []
    module_ids: set[str] = set()
    claimed: set[str] = set()  # ids named by module pages, broken ones included
    module_dir = docs_dir / "modules"
    pages = sorted(module_dir.glob("*.md")) if module_dir.is_dir() else []
    for number, path in enumerate(pages, start=1):
        page = read_page(path, docs_dir, root)
        problems += page.problems
        meta = page.meta.data if page.meta else None
        check = Checker(page.rel, page.meta)
        course_meta = meta.get("course") if isinstance(meta, dict) else None
        if course_meta is None:
            check.add((), "this module page has no `course:` block in its front matter.",
                      "start the page with front matter holding `course:` and its `module:`, "
                      "`minutes:`, `objectives:` and `takeaways:` (copy docs/modules/"
                      "_template.md.example).", line=1)
            problems += check.problems
            continue
        if isinstance(course_meta, dict) and isinstance(course_meta.get("module"), str):
            claimed.add(course_meta["module"])
        if not check.fields(course_meta, MODULE_FIELDS, ("course",), "the module's `course:` "
                            "block"):
            problems += check.problems
            continue
        for name in ("objectives", "takeaways"):
            items = course_meta.get(name)
            if isinstance(items, list):
                if not items:
                    check.add(("course", name), f"`{name}` is an empty list.",
                              f"add at least one item under `{name}:`.")
                for k, item in enumerate(items):
                    if isinstance(item, dict):  # `- Text [evidence: x]`: YAML saw `key: value`
                        check.add(("course", name, k), "this line was read as `key: value` "
                                  "because it holds a colon followed by a space (as in "
                                  "`[evidence: animal]`).", "put the whole line in double "
                                  "quotes: `- \"… [evidence: animal]\"`.")
                    elif not isinstance(item, str) or not item.strip():
                        check.add(("course", name, k), f"expected text, found {_found(item)}.",
                                  "write each item as a line of text after `- `.")
        headings = page_headings(page.body, page.body_line)
        title = (meta.get("title") if isinstance(meta.get("title"), str) else None) or next(
            (h.text for h in headings if h.level == 1), None)
        if not title:
            check.add((), "the module page has no title.", "start the text with a "
                      "`# Title` line.", line=page.body_line)
        cited, marker_problems = scan_markers(page.body, page.body_line, page.rel, references)
        problems += check.problems + marker_problems
        if check.problems:
            continue
        mid = course_meta["module"]
        if mid in module_ids:
            problems.append(Problem(page.rel, page.meta.line(("course", "module")) if page.meta
                                    else None, "course.module", f"module id `{mid}` is used "
                                    "by another module page.", "give each module its own id."))
            continue
        module_ids.add(mid)
        bank = banks.get(mid)
        if bank is None and (mid in broken or path.stem in broken):
            continue  # that bank's own problems are reported already
        if bank is None:
            problems.append(Problem(page.rel, page.meta.line(("course", "module")) if page.meta
                                    else None, "course.module", f"no bank in quizzes/ has "
                                    f"`module: {mid}`.", f"create quizzes/{path.stem}.yml with "
                                    f"`module: {mid}`, or correct the id here."))
            continue
        for q in bank.questions:
            if q.section and not any(h.text == q.section for h in headings):
                problems.append(Problem(bank.file, q.line, f"id {q.id}: section",
                                        f"the section `{q.section}` is not a heading in "
                                        f"{page.rel}.", "copy the heading's text exactly "
                                        f"(headings there: {_heading_list(headings)})."))
        objectives = tuple(o.strip() for o in course_meta["objectives"])
        takeaways = tuple(t.strip() for t in course_meta["takeaways"])
        for k, point in enumerate(takeaways):  # takeaways carry labels and citations too
            more, found = scan_markers(point, page.meta.line(("course", "takeaways", k))
                                       or 1 if page.meta else 1, page.rel, references)
            problems += found
            cited += [key for key in more if key not in cited]
        problems += blueprint_problems(bank, objectives, page)
        study = study_time(page.body, (*objectives, *takeaways), bank.questions)
        minutes, why = course_meta.get("minutes"), course_meta.get("minutes_reason")
        meta_line = page.meta.line if page.meta else (lambda _p: None)
        if why is not None and minutes is None:
            problems.append(Problem(page.rel, meta_line(("course", "minutes_reason")),
                                    "course.minutes_reason", "`minutes_reason` is given "
                                    "without `minutes`.", "remove `minutes_reason`, or add the "
                                    "`minutes:` it explains."))
        elif minutes is not None and why is None and (
                msg := override_problem(minutes, study.minutes)):
            problems.append(Problem(page.rel, meta_line(("course", "minutes")),
                                    "course.minutes", msg, f"remove `minutes:` to use "
                                    f"{study.minutes}, or add `minutes_reason:` saying why "
                                    "the module needs that time."))
        modules.append(Module(
            id=mid, src_uri=page.src_uri, title=title.strip(), number=number,
            minutes=minutes if minutes is not None else study.minutes,
            objectives=objectives, takeaways=takeaways,
            headings=headings, citations=tuple(cited), bank=bank, study=study,
            minutes_override=minutes is not None))

    for mid, bank in banks.items():
        if mid not in claimed:
            problems.append(Problem(bank.file, 1, "module", f"no module page in docs/modules/ "
                                    f"has `module: {mid}` in its `course:` front matter.",
                                    "correct `module:` here to a module's id, or add the "
                                    "module page."))
    page_citations, page_problems = scan_other_pages(docs_dir, root, module_dir, references)
    problems += page_problems
    course = Course(tuple(modules), references, page_citations)
    if problems:
        raise CourseError(_sorted(problems), partial=course)
    return course


def scan_other_pages(docs_dir: Path, root: Path, module_dir: Path,
                     references: dict[str, Reference]
                     ) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """Citations and evidence labels on every page that is not a module: they work, and an
    unknown key fails, everywhere."""
    cited_by_page: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        if path.parent == module_dir or "[" not in (text := path.read_text(encoding="utf-8")):
            continue
        if not (CITATION.search(text) or EVIDENCE.search(text)):
            continue
        page = read_page(path, docs_dir, root)
        cited, found = scan_markers(page.body, page.body_line, page.rel, references)
        problems += found
        cited_by_page[page.src_uri] = tuple(cited)
    return cited_by_page, problems


def blueprint_problems(bank: Bank, objectives: tuple[str, ...],
                       page: PageSource) -> list[Problem]:
    """The test blueprint: every objective is tested, every question tests a real one."""
    problems = []
    for q in bank.questions:
        for k, number in enumerate(q.objectives):
            if number > len(objectives):
                problems.append(Problem(
                    bank.file, q.line_of("objectives"), f"id {q.id}: objectives[{k}]",
                    f"objective {number} does not exist: {page.rel} lists "
                    f"{len(objectives)} objective{'s' if len(objectives) != 1 else ''}.",
                    f"use a number from 1 to {len(objectives)}, or add the objective to the "
                    "module page's `objectives:`."))
    for n, _text in enumerate(objectives, start=1):
        if not any(n in q.objectives for q in bank.questions):
            problems.append(Problem(
                page.rel, page.meta.line(("course", "objectives", n - 1)) if page.meta
                else None, f"course.objectives[{n - 1}]",
                f"objective {n} is tested by no question in {bank.file}.",
                f"add `{n}` to the `objectives:` of a question that tests it, write a "
                "question for it, or remove the objective."))
    return problems


def _claimed_module(path: Path) -> str:
    """The `module:` a broken bank names, if it can be read at all."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return path.stem
    return str(data.get("module")) if isinstance(data, dict) else path.stem


def _heading_list(headings: tuple[Heading, ...]) -> str:
    names = [f"`{h.text}`" for h in headings if h.level > 1]
    return ", ".join(names[:12]) + (" …" if len(names) > 12 else "") if names else "none"


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- course settings

FACULTY_FIELDS = {
    "name": Field(str, True, "the person's name"),
    "credentials": Field(str, False, "degrees and titles, e.g. `MD, PhD`"),
    "role": Field(str, True, "their role, e.g. `Author` or `Planner and reviewer`"),
    "disclosure": Field(str, True, "their financial relationships with ineligible companies "
                        "in the past 24 months, or `No relevant financial relationships.`"),
}
SETTINGS_FIELDS = {
    "version": Field(str, True, "the course version shown on certificates, e.g. `\"1.0\"` "
                     "(in quotes)"),
    "release_date": Field(str, True, "the original release date, `YYYY-MM-DD` in quotes",
                          lambda v: _date_check(v)),
    "review_date": Field(str, True, "the date of the most recent review, `YYYY-MM-DD` in "
                         "quotes", lambda v: _date_check(v)),
    "termination_date": Field(str, True, "the date after which credit is no longer offered "
                              "(at most 3 years after release or review), `YYYY-MM-DD` in "
                              "quotes", lambda v: _date_check(v)),
    "publisher": Field(str, False, "the organisation offering the course"),
    "contact": Field(str, True, "an e-mail address or web page where learners can reach you"),
    "audience": Field(str, True, "who the course is for"),
    "faculty": Field(list, True, "a list of faculty and planners, each with `name:`, `role:` "
                     "and `disclosure:`"),
    "mitigation": Field(str, False, "how relevant financial relationships were mitigated"),
    "provider": Field(str, False, "the accredited provider's name (leave empty if the course "
                      "is not accredited)"),
    "accreditation_statement": Field(str, False, "the provider's accreditation statement"),
    "credit_designation": Field(str, False, "the credit designation statement"),
    "credit_type": Field(str, False, "the credit type, e.g. `AMA PRA Category 1 Credit™`"),
    "literature_searched": Field(str, False, "the date the literature was last searched for "
                                 "this version, `YYYY-MM-DD` in quotes",
                                 lambda v: _date_check(v)),
    "max_credits": Field((int, float), False, "the maximum credit, in quarter-hour steps, "
                         "e.g. `6.5`", lambda v: None if v > 0 and (v * 4) == int(v * 4)
                         else f"{v} is not a positive multiple of 0.25."),
}
ACCREDITATION_KEYS = ("provider", "accreditation_statement", "credit_designation",
                      "credit_type", "max_credits")


def _date_check(value: str) -> str | None:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"`{value}` is not a date written as YYYY-MM-DD."
    return None


@dataclass(frozen=True)
class Settings:
    """`extra.course` in mkdocs.yml: what the information page and certificate show.

    Attributes read the values as learners may see them: a text still holding an
    `[EDUCATOR: …]` placeholder reads as None, so no template can print one as a fact."""

    values: dict[str, Any]

    @cached_property
    def public(self) -> dict[str, Any]:
        return without_placeholders(self.values)

    @cached_property
    def placeholders(self) -> list[tuple[str, str]]:
        """(key path, placeholder) for every setting not yet filled in."""
        return [(key_path(("extra", "course", *path)), text)
                for path, text in placeholders(self.values)]

    @property
    def preview(self) -> bool:
        return bool(self.placeholders)

    @property
    def accredited(self) -> bool:
        """Credit is offered only by a released course with every accreditation key set."""
        return not self.preview and all(self.values.get(k) for k in ACCREDITATION_KEYS)

    def __getattr__(self, name: str) -> Any:
        if name in SETTINGS_FIELDS:
            return self.public.get(name)
        raise AttributeError(name)

    def release_problems(self, file: str = "mkdocs.yml") -> list[Problem]:
        return [Problem(file, None, key, f"still holds the placeholder `{text}`, so the course "
                        "can only be built as a preview.", "replace it with the real value "
                        f"(what it asks for: {text[10:-1].strip()}), then build again.")
                for key, text in self.placeholders]


def load_settings(extra: Any, file: str = "mkdocs.yml") -> Settings:
    """Check `extra.course`; accreditation is all-or-nothing so no false claim can appear."""
    import datetime

    check = Checker(file)
    raw = extra.get("course") if hasattr(extra, "get") else None  # Config is a mapping
    path: Path_ = ("extra", "course")
    if raw is None:
        check.add(path, "the course settings are missing.", "add an `extra: course:` block "
                  "(see the one in this repository's mkdocs.yml).")
        raise CourseError(check.problems)
    # YAML reads unquoted dates as dates; accept them as the text they were.
    raw = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in raw.items()} \
        if isinstance(raw, dict) else raw
    if check.fields(raw, SETTINGS_FIELDS, path, "the course settings"):
        if isinstance(raw.get("faculty"), list):
            for i, person in enumerate(raw["faculty"]):
                check.fields(person, FACULTY_FIELDS, (*path, "faculty", i), "a faculty member")
        given = [k for k in ACCREDITATION_KEYS if raw.get(k)]
        if given and len(given) != len(ACCREDITATION_KEYS):
            missing = [k for k in ACCREDITATION_KEYS if k not in given]
            check.add(path, f"accreditation is only partly set up: {', '.join(missing)} "
                      "missing.", f"set all of {', '.join(ACCREDITATION_KEYS)}, or none of "
                      "them for a certificate of completion without credit.")
    if check.problems:
        raise CourseError(check.problems)
    return Settings(dict(raw))


def credit_problems(settings: Settings, course: Course, file: str = "mkdocs.yml") -> list[Problem]:
    """Credit may not exceed the study time computed from the text (in quarter hours)."""
    credits = settings.values.get("max_credits")
    if not credits or not all(settings.values.get(k) for k in ACCREDITATION_KEYS):
        return []
    limit = max_credit_hours(course.total_minutes)
    if credits <= limit:
        return []
    return [Problem(file, None, "extra.course.max_credits", f"{credits:g} credits exceed the "
                    f"course's study time: {course.total_minutes} minutes, so at most "
                    f"{limit:g} hours.", f"set `max_credits` to {limit:g} or less (the time is "
                    "computed from the text: see the course information page).")]
