"""How much of SCORM 1.2's `cmi.suspend_data` the course needs, checked before a package is built.

SCORM 1.2 keeps a SCO's own data in `cmi.suspend_data`, at most 4,096 characters (CMIString4096),
and the course keeps the learner's state there (docs/javascripts/lms-suspend-data.js writes it).
A course so large that even the smallest record of an answer to every question cannot fit would
lose learners' answers in any SCORM 1.2 LMS, so the SCORM package refuses to build, naming the
number. A learner whose own state outgrows the limit (long free text in the evaluation) is told
so on the page, and the state stays in the browser.

`encode` mirrors the JavaScript for the parts it needs (module answers, retakes, and the JSON
tail): tests/lms/ checks that both write the same text for the same state.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

from course_data import Course
from problems import Problem

SUSPEND_DATA_LIMIT = 4096  # SCORM 1.2 RTE, cmi.suspend_data: CMIString4096
CODEC = "c1"
TAG = 3
STATE_VERSION = 1  # progress.js VERSION
# Any time from the course's life: the smallest record's times are all this one.
MINIMAL_TIME = "2026-01-01T00:00:00.000Z"


def base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def millis(iso: str) -> int:
    when = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return round(when.timestamp() * 1000)


def encode(state: dict[str, Any], modules: list[dict[str, Any]]) -> str:
    """The suspend_data text for a state holding module answers (and anything else, which goes
    to the JSON tail), against the manifest's `modules` ([{id, questions: [{id, version}]}])."""
    rest = copy.deepcopy(state)
    rest.pop("format", None)
    rest.pop("version", None)
    found: list[tuple[str, Any]] = []
    times: list[int] = []
    for m, module in enumerate(modules):
        record = rest.get("modules", {}).get(module["id"])
        if not isinstance(record, dict):
            continue
        positions = {q["id"]: i for i, q in enumerate(module["questions"])}
        answers = record.get("answers", {})
        items = []
        for qid in list(answers):
            if qid in positions:
                items.append((positions[qid], answers.pop(qid)))
                times.append(millis(items[-1][1]["at"]))
        if items:
            found.append((f"a{base36(m)}", items))
        if not answers:
            record.pop("answers", None)
        if "resetAt" in record:
            found.append((f"r{base36(m)}", millis(record["resetAt"])))
            times.append(found[-1][1])
            del record["resetAt"]
    for mid in [k for k, v in rest.get("modules", {}).items() if v == {}]:
        del rest["modules"][mid]
    if rest.get("modules") == {}:
        del rest["modules"]
    base = min(times) if times else 0
    segments = []
    for label, value in found:
        if not isinstance(value, list):
            segments.append(f"{label}={base36(value - base)}")
            continue
        previous, written = base, []
        for index, answer in sorted(value, key=lambda item: millis(item[1]["at"])):
            mask = sum(2 ** int(s) for s in answer["selected"])
            at = millis(answer["at"])
            written.append(f"{base36(index)}.{answer['version'][:TAG]}"
                           f"{base36(mask * 2 + (1 if answer['correct'] else 0))}"
                           f".{base36(at - previous)}")
            previous = at
        segments.append(f"{label}={','.join(written)}")
    tail = json.dumps(rest, separators=(",", ":"), ensure_ascii=False) if rest else ""
    return "~".join([CODEC, base36(state.get("version", STATE_VERSION)), base36(base),
                     ";".join(segments), tail])


def manifest_modules(course: Course) -> list[dict[str, Any]]:
    return [{"id": m.id, "questions": [{"id": q.id, "version": q.version}
                                       for q in m.bank.questions]} for m in course.modules]


def minimal_state(course: Course) -> dict[str, Any]:
    """Every question answered, with the shortest answer there is (one choice, the first), all
    at one time: no record of a learner who answered everything is shorter."""
    answer = {"correct": False, "selected": ["0"], "at": MINIMAL_TIME}
    return {"format": "exosome-cme-progress", "version": STATE_VERSION,
            "modules": {m.id: {"answers": {q.id: {"version": q.version, **answer}
                                           for q in m.bank.questions}}
                        for m in course.modules}}


def minimal_size(course: Course) -> int:
    return len(encode(minimal_state(course), manifest_modules(course)))


def problems(course: Course) -> list[Problem]:
    """The course cannot be a SCORM 1.2 package when all its answers cannot fit."""
    size = minimal_size(course)
    if size <= SUSPEND_DATA_LIMIT:
        return []
    count = sum(len(m.bank.questions) for m in course.modules)
    return [Problem(
        "quizzes/", None, "",
        f"the course is too large for a SCORM 1.2 package: the shortest record of answers to "
        f"all its {count} questions takes {size:,} characters, and SCORM 1.2 keeps at most "
        f"{SUSPEND_DATA_LIMIT:,} (cmi.suspend_data), so an LMS would lose learners' answers.",
        "split the course into smaller courses, or publish only the cmi5 package "
        "(`make package KIND=cmi5`), which has no such limit.")]
