"""Completion records (the JSON a learner downloads from the certificate page), read and
re-checked against the course's banks, for the provider's `course records` command.

Progress lives only in the learner's browser, so a record is self-reported: nothing in it is
trusted until it adds up. Every answer must name a question and version that exist in the
banks, its `correct` must follow from the choices `selected`, each module's totals and pass
from its answers and the bank's pass mark (the rules of docs/javascripts/progress.js), and
`completedAt` from the passes and the evaluation. A record that does not add up is rejected
with every reason found; nothing from it is reported.

The record, format "exosome-cme-completion-record" (progress.js `completionRecord`):

    {
      "format": "exosome-cme-completion-record",
      "version": 2,                      # 1: no PARS fields (still read; never reportable)
      "generatedAt": "<ISO time>",       # optional; the later copy of a certificate wins
      "course": {"title": text, "version": text, "preview": bool},
      "learner": null | {                # null until the certificate is claimed
        "name": text, "credentials": text,
        "consentToReport": bool,         # version 2: explicit consent to report to ACCME
        # only with consentToReport true (version 2), else absent and never read:
        "firstName": text, "lastName": text,        # non-empty, as on the licence
        "birthMonth": 1-12, "birthDay": 1-31,       # a day that exists in that month (29 Feb ok)
        "licenses": [{"state": "CA", "number": text}],  # two-letter US code; first = primary
        "boardId": text                  # optional, e.g. "ABIM 123456"; "" when none
        # at least one licence or a board id; no text may start with = + - @ (spreadsheets)
      },
      "completedAt": "<ISO time>" | null,  # latest module pass or evaluation, once all done
      "credit": {"accredited": bool, "type": text | null, "claimed": number | null},
      "certificateId": text | null,
      "modules": [{"id": text, "title": text, "passMark": number, "score": 0-100,
                   "correct": int, "total": int, "passed": bool, "passedAt": time | null,
                   "answers": [{"id": text, "version": text,
                                "selected": ["0", "2"],   # choice numbers from 0, bank order
                                "correct": bool, "answeredAt": "<ISO time>"}]}],
      "evaluation": null | {"answers": {name: text}, "submittedAt": "<ISO time>"}
    }

What ACCME's PARS needs was read from ACCME's public pages (README, "Reporting completions to
ACCME (PARS)"); the exact columns of its November 2025 learner template could not be read, so
the batch follows the documented data fields (pars_batch.py).
"""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_data import Course, Module
from course_settings import Settings
from licensing_states import LICENSING_STATES
from problems import found

FORMAT = "exosome-cme-completion-record"
VERSIONS = (1, 2)
# A value starting with one of these is run as a formula when pasted into a spreadsheet,
# which is where a PARS batch is prepared.
FORMULA_START = ("=", "+", "-", "@")
NO_CONSENT = "the learner did not consent to reporting to ACCME"

Kind = type | tuple[type, ...]
NAMES = {str: "text", bool: "true or false", int: "a whole number", list: "a list",
         dict: "an object"}


class Malformed(Exception):
    """The file is not a completion record this command can read; the message names the key."""


@dataclass(frozen=True)
class Answer:
    id: str
    version: str
    selected: tuple[int, ...]
    correct: bool
    answered_at: str


@dataclass(frozen=True)
class RecordedModule:
    id: str
    pass_mark: float
    score: int
    correct: int
    total: int
    passed: bool
    passed_at: str | None
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class ModuleResult:
    """A module's result as re-computed from the answers (what the summary counts)."""

    id: str
    correct: int
    total: int
    score: int
    passed: bool


@dataclass
class Reviewed:
    """One file, read and re-checked. `problems` empty: the record adds up (valid)."""

    file: str
    problems: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # the record as read (valid or not)
    results: list[ModuleResult] = field(default_factory=list)
    not_reportable: str | None = None  # why a valid record cannot go to PARS

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def complete(self) -> bool:
        return self.valid and self.data.get("completedAt") is not None

    @property
    def reportable(self) -> bool:
        return self.valid and self.not_reportable is None


# --------------------------------------------------------------------------- reading


def _is(value: Any, kind: Kind) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # JSON's true/false must not pass as numbers
    if isinstance(value, float) and not math.isfinite(value):
        return False  # Python's JSON reader lets NaN and Infinity through
    return isinstance(value, kinds)


def _kind_name(kind: Kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "a number" if float in kinds else " or ".join(NAMES[k] for k in kinds)


def _get(obj: dict[str, Any], key: str, kind: Kind, where: str, *, null: bool = False) -> Any:
    """obj[key], of `kind` (or null when allowed); raises Malformed naming the key path."""
    path = f"{where}.{key}" if where else key
    if key not in obj:
        raise Malformed(f"`{path}` is missing")
    value = obj[key]
    if value is None and null:
        return None
    if not _is(value, kind):
        raise Malformed(f"`{path}`: expected {_kind_name(kind)}, found {found(value)}")
    return value


def _choice(value: Any, path: str) -> int:
    # progress.js stores the inputs' values: the choice's number as text ("0", "1", …).
    if _is(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise Malformed(f"`{path}`: expected a choice number (0, 1, …), found {found(value)}")


def _answer(raw: Any, where: str) -> Answer:
    if not isinstance(raw, dict):
        raise Malformed(f"`{where}`: expected an object, found {found(raw)}")
    selected = _get(raw, "selected", list, where)
    return Answer(_get(raw, "id", str, where), _get(raw, "version", str, where),
                  tuple(_choice(v, f"{where}.selected[{i}]") for i, v in enumerate(selected)),
                  _get(raw, "correct", bool, where), _get(raw, "answeredAt", str, where))


def _module(raw: Any, where: str) -> RecordedModule:
    if not isinstance(raw, dict):
        raise Malformed(f"`{where}`: expected an object, found {found(raw)}")
    answers = _get(raw, "answers", list, where)
    return RecordedModule(
        _get(raw, "id", str, where), _get(raw, "passMark", (int, float), where),
        _get(raw, "score", int, where), _get(raw, "correct", int, where),
        _get(raw, "total", int, where), _get(raw, "passed", bool, where),
        _get(raw, "passedAt", str, where, null=True),
        tuple(_answer(a, f"{where}.answers[{i}]") for i, a in enumerate(answers)))


def _shape(data: Any) -> list[RecordedModule]:
    """Check the record's shape, key by key; return its modules."""
    if not isinstance(data, dict):
        raise Malformed(f"expected a JSON object (a completion record), found {found(data)}")
    if data.get("format") != FORMAT:
        raise Malformed(f"`format`: expected \"{FORMAT}\", found {found(data.get('format'))}: "
                        "this is not a completion record of this course")
    version = _get(data, "version", int, "")
    if version not in VERSIONS:
        raise Malformed(f"`version`: record format {version} is not known (this command "
                        f"reads formats {' and '.join(map(str, VERSIONS))})")
    if "generatedAt" in data:  # optional: only used to pick the later of two copies
        _get(data, "generatedAt", str, "", null=True)
    course = _get(data, "course", dict, "")
    _get(course, "title", str, "course")
    _get(course, "version", str, "course")
    _get(course, "preview", bool, "course")
    _get(data, "completedAt", str, "", null=True)
    _get(data, "certificateId", str, "", null=True)
    credit = _get(data, "credit", dict, "")
    _get(credit, "accredited", bool, "credit")
    _get(credit, "type", str, "credit", null=True)
    _get(credit, "claimed", (int, float), "credit", null=True)
    learner = _get(data, "learner", dict, "", null=True)
    if learner is not None:
        _learner_shape(learner, version)
    evaluation = _get(data, "evaluation", dict, "", null=True)
    if evaluation is not None:
        _get(evaluation, "submittedAt", str, "evaluation")
        for name, value in _get(evaluation, "answers", dict, "evaluation").items():
            if not isinstance(value, str):
                raise Malformed(f"`evaluation.answers.{name}`: expected text, "
                                f"found {found(value)}")
    modules = _get(data, "modules", list, "")
    return [_module(m, f"modules[{i}]") for i, m in enumerate(modules)]


def _learner_shape(learner: dict[str, Any], version: int) -> None:
    _get(learner, "name", str, "learner")
    if version < 2 or not _get(learner, "consentToReport", bool, "learner"):
        return  # without consent the PARS details are never read
    for key in ("firstName", "lastName"):
        _get(learner, key, str, "learner")
    for key in ("birthMonth", "birthDay"):
        _get(learner, key, int, "learner")
    for i, licence in enumerate(_get(learner, "licenses", list, "learner")):
        where = f"learner.licenses[{i}]"
        if not isinstance(licence, dict):
            raise Malformed(f"`{where}`: expected an object, found {found(licence)}")
        _get(licence, "state", str, where)
        _get(licence, "number", str, where)
    if "boardId" in learner:
        _get(learner, "boardId", str, "learner", null=True)


# --------------------------------------------------------------------------- re-checking


def _score(correct: int, total: int) -> int:
    # Math.round in progress.js rounds halves up; Python's round() would round them to even.
    return math.floor(correct / total * 100 + 0.5) if total else 0


def _passes(correct: int, total: int, pass_mark: float) -> bool:
    return total > 0 and correct * 100 >= pass_mark * total  # progress.js moduleStatus


def _check_module(rm: RecordedModule, module: Module) -> tuple[list[str], ModuleResult, str]:
    """Reasons this module does not add up, its result from the answers, its last answer."""
    questions = {q.id: q for q in module.bank.questions}
    reasons: list[str] = []
    seen: set[str] = set()
    right, last = 0, ""
    for a in rm.answers:
        q = questions.get(a.id)
        if q is None:
            reasons.append(f"module {rm.id}: question {a.id} does not exist")
            continue
        if a.id in seen:
            reasons.append(f"module {rm.id}: question {a.id} is answered twice")
            continue
        seen.add(a.id)
        if a.version != q.version:
            reasons.append(f"answered an older version of question {a.id}")
            continue
        if missing := [n for n in a.selected if n >= len(q.choices)]:
            reasons.append(f"question {a.id}: choice {missing[0]} does not exist (it has "
                           f"{len(q.choices)} choices, numbered from 0)")
            continue
        if len(set(a.selected)) != len(a.selected):
            reasons.append(f"question {a.id}: a choice is selected twice")
            continue
        # mkdocs-quiz grades single and multiple alike: exactly the set of right choices.
        is_right = set(a.selected) == {i for i, c in enumerate(q.choices) if c.correct}
        if a.correct != is_right:
            reasons.append(f"question {a.id}: `correct` is {_js(a.correct)}, but the choices "
                           f"selected are {'the' if is_right else 'not the'} right ones")
        right += is_right
        last = max(last, a.answered_at)
    total = len(module.bank.questions)
    result = ModuleResult(rm.id, right, total, _score(right, total),
                          _passes(right, total, module.bank.pass_mark))
    if reasons:  # the totals cannot be judged from answers that do not add up
        return reasons, result, last
    pm = module.bank.pass_mark
    if rm.pass_mark != pm:
        reasons.append(f"module {rm.id}: `passMark` is {rm.pass_mark:g}, but the bank's pass "
                       f"mark is {pm:g}")
    if rm.total != total:
        reasons.append(f"module {rm.id}: `total` is {rm.total}, but the bank has {total} "
                       "questions")
    if rm.correct != right:
        reasons.append(f"module {rm.id}: `correct` is {rm.correct}, but {right} "
                       f"answer{'s are' if right != 1 else ' is'} right")
    if rm.score != result.score:
        reasons.append(f"module {rm.id}: `score` is {rm.score}, but {right} of {total} right "
                       f"is {result.score}")
    if rm.passed != result.passed:
        reasons.append(f"module {rm.id}: `passed` is {_js(rm.passed)}, but {right} of {total} "
                       f"right {'reaches' if result.passed else 'is below'} the pass mark of "
                       f"{pm:g}%")
    elif result.passed and rm.passed_at != last:
        reasons.append(f"module {rm.id}: `passedAt` is {rm.passed_at}, but its last answer "
                       f"was given at {last}")
    elif not result.passed and rm.passed_at is not None:
        reasons.append(f"module {rm.id}: `passedAt` is set, but the module is not passed")
    return reasons, result, last


def _js(value: bool) -> str:
    return "true" if value else "false"


def _check_completion(data: dict[str, Any], results: list[ModuleResult],
                      lasts: list[str]) -> list[str]:
    """`completedAt`: set exactly when every module passed and the evaluation was submitted,
    to the later of the last pass and the evaluation (progress.js courseStatus)."""
    completed = data["completedAt"]
    evaluation = data["evaluation"]
    failing = [r.id for r in results if not r.passed]
    if completed is not None:
        if failing:
            return [f"`completedAt` is set, but module {failing[0]} is not passed"]
        if evaluation is None:
            return ["`completedAt` is set, but the evaluation was not submitted"]
        expected = max([*lasts, evaluation["submittedAt"]])
        if completed != expected:
            return [f"`completedAt` is {completed}, but the last pass or the evaluation was "
                    f"at {expected}"]
    elif not failing and evaluation is not None:
        return ["`completedAt` is empty, although every module is passed and the evaluation "
                "submitted"]
    return []


def _check_credit(credit: dict[str, Any], settings: Settings) -> list[str]:
    if not credit["accredited"]:
        return []
    if not settings.accredited:
        return ["`credit` claims credit, but this course is not accredited"]
    claimed, most = credit["claimed"], settings.max_credits
    if claimed is None:
        return ["`credit.claimed` is empty, although the record claims credit"]
    reasons = []
    if claimed < 0.25 or claimed * 4 != int(claimed * 4):
        reasons.append(f"`credit.claimed`: {claimed:g} is not a claim in quarter hours")
    elif claimed > most:
        reasons.append(f"`credit.claimed`: {claimed:g} credits exceed the course's maximum "
                       f"of {most:g}")
    if credit["type"] != settings.credit_type:
        reasons.append(f"`credit.type` is {found(credit['type'])}, but the course awards "
                       f"\"{settings.credit_type}\"")
    return reasons


def learner_problems(learner: dict[str, Any]) -> list[str]:
    """The PARS details of a consenting learner: the rules certificate-page.js applies."""
    reasons = []
    texts = [("firstName", learner["firstName"]), ("lastName", learner["lastName"])]
    texts += [(f"licenses[{i}].number", lic["number"])
              for i, lic in enumerate(learner["licenses"])]
    texts += [("boardId", learner.get("boardId") or "")]
    for key, text in texts:
        if not text.strip() and key != "boardId":
            reasons.append(f"`learner.{key}` is empty")
        elif text.strip().startswith(FORMULA_START):
            reasons.append(f"`learner.{key}` starts with \"{text.strip()[0]}\", which a "
                           "spreadsheet would run as a formula")
    month, day = learner["birthMonth"], learner["birthDay"]
    if not 1 <= month <= 12:
        reasons.append(f"`learner.birthMonth`: {month} is not a month (1-12)")
    elif not 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000: 29 February exists
        reasons.append(f"`learner.birthDay`: {day} is not a day of month {month}")
    for i, lic in enumerate(learner["licenses"]):
        if lic["state"] not in LICENSING_STATES:
            reasons.append(f"`learner.licenses[{i}].state`: \"{lic['state']}\" is not a US "
                           "licensing state (a two-letter code such as CA)")
    if not learner["licenses"] and not (learner.get("boardId") or "").strip():
        reasons.append("`learner`: neither a licence nor a board ID; PARS needs one of them")
    return reasons


def check_record(data: Any, course: Course, settings: Settings, title: str
                 ) -> tuple[list[str], list[ModuleResult]]:
    """Every reason the record does not add up (empty: valid), and the modules' results.
    Raises Malformed when it is not a record of this format at all."""
    recorded = _shape(data)
    reasons = []
    if data["course"]["title"] != title:
        reasons.append(f"made for the course \"{data['course']['title']}\", not \"{title}\"")
    if data["course"]["version"] != settings.version:
        reasons.append(f"made with course version {data['course']['version']}; this is "
                       f"version {settings.version}")
    modules = {m.id: m for m in course.modules}
    results, lasts, seen = [], [], set()
    module_reasons: list[str] = []
    for rm in recorded:
        if rm.id in seen or rm.id not in modules:
            module_reasons.append(f"module {rm.id} is listed twice" if rm.id in seen
                                  else f"module {rm.id} is not in this course")
            continue
        seen.add(rm.id)
        found_reasons, result, last = _check_module(rm, modules[rm.id])
        module_reasons += found_reasons
        results.append(result)
        lasts.append(last)
    module_reasons += [f"module {m} is missing" for m in modules if m not in seen]
    reasons += module_reasons
    if not module_reasons:  # completion follows from modules that add up
        reasons += _check_completion(data, results, lasts)
    reasons += _check_credit(data["credit"], settings)
    learner = data["learner"]
    if learner is not None and data["version"] >= 2 and learner["consentToReport"]:
        reasons += learner_problems(learner)
    return reasons, results


def not_reportable(data: dict[str, Any]) -> str | None:
    """Why a valid record cannot go into the PARS batch, or None. (Duplicates: read_records.)"""
    learner = data["learner"]
    if data["completedAt"] is None:
        return "the course is not complete (`completedAt` is empty)"
    if data["course"]["preview"]:
        return "made with a preview of the course"
    if not data["credit"]["accredited"]:
        return "no credit claimed"
    if learner is None:
        return "no certificate was claimed"
    if data["version"] < 2:
        return f"no PARS learner data (record format {data['version']})"
    if not learner["consentToReport"]:
        return NO_CONSENT
    return None


def read_record(path: Path, course: Course, settings: Settings, title: str) -> Reviewed:
    reviewed = Reviewed(path.name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        reviewed.problems.append("not a UTF-8 text file")
        return reviewed
    except json.JSONDecodeError as err:
        reviewed.problems.append(f"not valid JSON ({err.msg} at line {err.lineno}, column "
                                 f"{err.colno})")
        return reviewed
    except RecursionError:
        reviewed.problems.append("not a completion record (nested too deeply to read)")
        return reviewed
    try:
        reviewed.problems, reviewed.results = check_record(data, course, settings, title)
    except Malformed as err:
        reviewed.problems.append(str(err))
        return reviewed
    reviewed.data = data
    if reviewed.valid:
        reviewed.not_reportable = not_reportable(data)
    return reviewed


def read_records(folder: Path, course: Course, settings: Settings, title: str
                 ) -> list[Reviewed]:
    """Every *.json in `folder`, by file name. Of two reportable copies of one certificate
    (a learner who downloaded the record twice), only the later is reported."""
    reviewed = [read_record(p, course, settings, title) for p in sorted(folder.glob("*.json"))]
    latest: dict[str, Reviewed] = {}
    for r in reviewed:
        if not r.reportable:
            continue
        key = r.data["certificateId"] or r.file
        kept = latest.get(key)
        if kept is None or (r.data.get("generatedAt") or "") > (kept.data.get("generatedAt")
                                                                   or ""):
            latest[key] = r
    for r in reviewed:
        if r.reportable and latest[r.data["certificateId"] or r.file] is not r:
            kept = latest[r.data["certificateId"] or r.file]
            r.not_reportable = (f"an earlier copy of certificate {r.data['certificateId']} "
                                f"({kept.file} is reported)")
    return reviewed
