"""`course records`: completion records re-checked against the banks, the PARS learner batch
and the provider's summary. Records are built here from the fixture's banks, the way
docs/javascripts/progress.js `completionRecord` builds them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from course_cli import main
from course_model import Course, load_course
from sitekit import FixtureSite

ACTIVITY_ID = "202612345"
HEADER = ("ACCME Activity ID\tFirst Name\tLast Name\tDOB Month\tDOB Day\tLicensing State\t"
          "License Number\tBoard ID\tCompletion Date\tCredit Type\tCredits Earned\r\n")
ADA_ROW = (f"{ACTIVITY_ID}\tAda\tLovelace\t12\t10\tCA\tA123456\t\t03/05/2026\t"
           "AMA PRA Category 1 Credit\t1.5\r\n")
ACCREDITATION = """\
    contact: course@example.org
    provider: Example CME Provider
    accreditation_statement: Example CME Provider is accredited by the ACCME.
    credit_designation: The provider designates this activity for 1.5 credits.
    credit_type: AMA PRA Category 1 Credit™
    max_credits: 1.5
"""


@pytest.fixture
def site(tmp_path: Path) -> FixtureSite:
    """An accredited two-module course: two questions a module (a single and a multiple),
    pass mark 70, so a module is passed with both right."""
    site = FixtureSite(tmp_path / "course", modules=2)
    for n in (1, 2):  # credit may not exceed the study time: give each module an hour
        site.replace(f"docs/modules/0{n}-mod{n}.md", "  objectives:",
                     "  minutes: 60\n  minutes_reason: Fixture time for credit.\n  objectives:")
    site.config = site.config.replace("    contact: course@example.org\n", ACCREDITATION
                                      + f'    accme_activity_id: "{ACTIVITY_ID}"\n')
    (site.root / "mkdocs.yml").write_text(site.config, encoding="utf-8")
    return site


def minute(n: int) -> str:
    return f"2026-03-05T10:{n:02d}:00.000Z"


def make_record(course: Course, wrong: tuple[str, ...] = (), consent: bool = True,
                version: int = 2) -> dict[str, Any]:
    """A record as the browser writes it: every question answered, right unless named in
    `wrong` (then the first wrong choice, or for `multiple` only one right choice)."""
    modules, time, passes = [], 0, []
    for module in course.modules:
        answers, right = [], 0
        for q in module.bank.questions:
            good = [i for i, c in enumerate(q.choices) if c.correct]
            bad = next(i for i, c in enumerate(q.choices) if not c.correct)
            chosen = good[:1] if q.type == "multiple" else [bad]
            # multiple: the browser lists choices as ticked; order must not matter
            selected = chosen if q.id in wrong else list(reversed(good))
            time += 1
            answers.append({"id": q.id, "version": q.version,
                            "selected": [str(i) for i in selected],
                            "correct": q.id not in wrong, "answeredAt": minute(time)})
            right += q.id not in wrong
        total = len(module.bank.questions)
        passed = right * 100 >= module.bank.pass_mark * total
        passes.append(passed)
        modules.append({"id": module.id, "title": module.title,
                        "passMark": module.bank.pass_mark, "score": round(right / total * 100),
                        "correct": right, "total": total, "passed": passed,
                        "passedAt": minute(time) if passed else None, "answers": answers})
    evaluation = {"answers": {"objectives": "5", "relevance": "4", "balance": "5",
                              "change": "yes", "change_detail": "Ask where a product comes from.",
                              "bias": "no", "bias_detail": "", "comments": ""},
                  "submittedAt": "2026-03-05T11:00:00.000Z"}
    learner: dict[str, Any] = {"name": "Ada Lovelace", "credentials": "MD"}
    if version >= 2:
        learner["consentToReport"] = consent
        if consent:
            learner |= {"firstName": "Ada", "lastName": "Lovelace", "birthMonth": 12,
                        "birthDay": 10, "licenses": [{"state": "CA", "number": "A123456"}],
                        "boardId": ""}
    return {
        "format": "exosome-cme-completion-record", "version": version,
        "generatedAt": "2026-03-06T09:00:00.000Z",
        "course": {"title": "Fixture course", "version": "1.0", "preview": False},
        "statement": "Completion is self-reported.", "answersFormat": "…",
        "learner": learner,
        "completedAt": evaluation["submittedAt"] if all(passes) else None,
        "credit": {"accredited": True, "type": "AMA PRA Category 1 Credit™", "claimed": 1.5},
        "certificateId": "EXO-ABCD-EFGH-JKLM",
        "modules": modules,
        "evaluation": evaluation,
    }


def write(folder: Path, name: str, record: Any) -> None:
    folder.mkdir(exist_ok=True)
    text = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
    (folder / name).write_text(text, encoding="utf-8")


def run(site: FixtureSite, folder: Path, capsys: pytest.CaptureFixture[str]
        ) -> tuple[int, str, str, str, str]:
    """Exit code, stdout, stderr, the batch file and the summary."""
    out = site.root / "out"
    code = main(["records", str(folder), "--root", str(site.root), "--out", str(out)])
    printed = capsys.readouterr()
    batch = (out / "pars-learners.txt").read_bytes().decode("utf-8")  # CRLF kept
    return code, printed.out, printed.err, batch, (out / "summary.md").read_text("utf-8")


def test_a_good_record_is_one_batch_row(site: FixtureSite, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    course = load_course(site.root)
    write(tmp_path / "in", "ada.json", make_record(course))
    code, out, err, batch, summary = run(site, tmp_path / "in", capsys)
    assert (code, err) == (0, "")
    assert batch == HEADER + ADA_ROW
    assert out.splitlines()[0].endswith(": 1 valid, 0 rejected.")
    assert "PARS learner batch, 1 completion: " in out
    assert "| In the PARS batch (pars-learners.txt) | 1 |" in summary
    assert "| Module 1 (`mod1`) | 1 | 1 | 100% | 100% | 100% |" in summary
    assert "- Row 1: certificate EXO-ABCD-EFGH-JKLM (`ada.json`)" in summary
    assert "Ada" not in summary and "Lovelace" not in summary  # names stay in the batch


def forged(course: Course) -> dict[str, dict[str, Any]]:
    """Records that do not add up, by file name."""
    records = {}
    r = make_record(course, wrong=("mod1-q1",))
    r["modules"][0]["score"] = 100
    records["score-raised.json"] = r
    r = make_record(course, wrong=("mod1-q2",))
    r["modules"][0]["answers"][1]["correct"] = True  # `selected` left as it was
    records["correct-flipped.json"] = r
    r = make_record(course)
    r["modules"][1]["answers"][0]["id"] = "mod2-q9"
    records["no-such-question.json"] = r
    r = make_record(course)
    r["course"]["version"] = "0.9"
    r["modules"][0]["answers"][0]["version"] = "0123456789ab"
    records["old-version.json"] = r
    r = make_record(course, wrong=("mod2-q1",))
    r["modules"][1] |= {"passed": True, "passedAt": minute(4)}
    r["completedAt"] = "2026-03-05T11:00:00.000Z"
    records["passed-too-few.json"] = r
    r = make_record(course)
    r["completedAt"] = "2026-01-01T00:00:00.000Z"
    records["early-date.json"] = r
    r = make_record(course)
    r["credit"]["claimed"] = 8
    records["too-much-credit.json"] = r
    return records


def test_forged_records_are_rejected_with_each_reason(site: FixtureSite, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    course = load_course(site.root)
    write(tmp_path / "in", "ada.json", make_record(course))
    for name, record in forged(course).items():
        write(tmp_path / "in", name, record)
    code, out, err, batch, summary = run(site, tmp_path / "in", capsys)
    assert code == 1
    assert batch == HEADER + ADA_ROW  # the valid one is still reported
    reasons = [
        "correct-flipped.json: question mod1-q2: `correct` is true, but the choices selected "
        "are not the right ones",
        "early-date.json: `completedAt` is 2026-01-01T00:00:00.000Z, but the last pass or the "
        "evaluation was at 2026-03-05T11:00:00.000Z",
        "no-such-question.json: module mod2: question mod2-q9 does not exist",
        "old-version.json: made with course version 0.9; this is version 1.0",
        "old-version.json: answered an older version of question mod1-q1",
        "passed-too-few.json: module mod2: `passed` is true, but 1 of 2 right is below the "
        "pass mark of 70%",
        "score-raised.json: module mod1: `score` is 100, but 1 of 2 right is 50",
        "too-much-credit.json: `credit.claimed`: 8 credits exceed the course's maximum of 1.5",
    ]
    assert err.splitlines() == ["7 records rejected (nothing from them is in the batch):",
                                *(f"  - {r}" for r in reasons)]
    assert out.splitlines()[0].endswith(": 1 valid, 7 rejected.")
    assert "## Rejected records (7)" in summary
    for reason in reasons:
        file, why = reason.split(": ", 1)
        assert f"- `{file}`: {why}" in summary


def test_malformed_files_are_named_with_the_key(site: FixtureSite, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    course = load_course(site.root)
    folder = tmp_path / "in"
    write(folder, "not-json.json", "{oops")
    write(folder, "a-list.json", [1, 2])
    no_modules = make_record(course)
    del no_modules["modules"]
    write(folder, "no-modules.json", no_modules)
    wrong_type = make_record(course)
    wrong_type["modules"][0]["answers"][0]["selected"] = "0"
    write(folder, "selected-text.json", wrong_type)
    day_text = make_record(course)
    day_text["learner"]["birthDay"] = "10"
    write(folder, "day-text.json", day_text)
    other = make_record(course)
    other["format"] = "quiz-export"
    write(folder, "other-format.json", other)
    newer = make_record(course)
    newer["version"] = 3
    write(folder, "newer.json", newer)
    write(folder, "nan.json", json.dumps(make_record(course)).replace('"claimed": 1.5',
                                                                     '"claimed": NaN'))
    code, out, err, batch, _ = run(site, folder, capsys)
    assert (code, batch) == (1, HEADER)
    assert err.splitlines()[1:] == [
        "  - a-list.json: expected a JSON object (a completion record), found a list [1, 2]",
        "  - day-text.json: `learner.birthDay`: expected a whole number, found text \"10\"",
        "  - nan.json: `credit.claimed`: expected a number, found a number NaN",
        "  - newer.json: `version`: record format 3 is not known (this command reads formats "
        "1 and 2)",
        "  - no-modules.json: `modules` is missing",
        "  - not-json.json: not valid JSON (Expecting property name enclosed in double quotes "
        "at line 1, column 2)",
        "  - other-format.json: `format`: expected \"exosome-cme-completion-record\", found "
        "text \"quiz-export\": this is not a completion record of this course",
        "  - selected-text.json: `modules[0].answers[0].selected`: expected a list, found "
        "text \"0\"",
    ]


def test_pars_details_are_checked_as_the_form_checks_them(
        site: FixtureSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = load_course(site.root)
    r = make_record(course)
    r["learner"] |= {"firstName": "=HYPERLINK(\"x\")", "birthMonth": 2, "birthDay": 30,
                     "licenses": [{"state": "XX", "number": ""}]}
    write(tmp_path / "in", "details.json", r)
    r = make_record(course)
    r["learner"] |= {"birthMonth": 2, "birthDay": 29, "licenses": [], "boardId": ""}
    write(tmp_path / "in", "no-id.json", r)
    code, _, err, batch, _ = run(site, tmp_path / "in", capsys)
    assert (code, batch) == (1, HEADER)
    assert err.splitlines()[1:] == [
        "  - details.json: `learner.firstName` starts with \"=\", which a spreadsheet would "
        "run as a formula",
        "  - details.json: `learner.licenses[0].number` is empty",
        "  - details.json: `learner.birthDay`: 30 is not a day of month 2",
        "  - details.json: `learner.licenses[0].state`: \"XX\" is not a US licensing state (a "
        "two-letter code such as CA)",
        "  - no-id.json: `learner`: neither a licence nor a board ID; PARS needs one of them",
    ]


def test_without_consent_counted_but_not_reported(site: FixtureSite, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    course = load_course(site.root)
    write(tmp_path / "in", "ada.json", make_record(course))
    write(tmp_path / "in", "private.json", make_record(course, consent=False))
    code, out, err, batch, summary = run(site, tmp_path / "in", capsys)
    assert (code, err, batch) == (0, "", HEADER + ADA_ROW)
    assert ("  - private.json: not reportable: the learner did not consent to reporting to "
            "ACCME") in out.splitlines()
    assert "| Complete (every module passed, evaluation submitted) | 2 |" in summary
    assert "| Complete, without the learner's consent to report (not in the batch) | 1 |" \
        in summary
    # Both completions count in the module and evaluation figures.
    assert "| Module 2 (`mod2`) | 2 | 2 | 100% | 100% | 100% |" in summary
    assert ("| 1. The activity met its stated learning objectives. | Strongly agree 2 "
            "(mean 5.0 of 5) |") in summary
    assert "| 4. Intends to change practice | Yes 2 |" in summary
    assert "- Ask where a product comes from." in summary


def test_format_1_records_are_read_but_not_reportable(
        site: FixtureSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = load_course(site.root)
    write(tmp_path / "in", "v1.json", make_record(course, version=1))
    code, out, err, batch, summary = run(site, tmp_path / "in", capsys)
    assert (code, err, batch) == (0, "", HEADER)
    assert "  - v1.json: not reportable: no PARS learner data (record format 1)" in out
    assert "- `v1.json`: not reportable: no PARS learner data (record format 1)" in summary


def test_incomplete_and_duplicate_records(site: FixtureSite, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    course = load_course(site.root)
    write(tmp_path / "in", "failed.json", make_record(course, wrong=("mod1-q1",)))
    first = make_record(course)
    later = copy.deepcopy(first)
    later["generatedAt"] = "2026-03-07T09:00:00.000Z"
    write(tmp_path / "in", "a-first.json", first)
    write(tmp_path / "in", "b-later.json", later)
    code, out, _, batch, summary = run(site, tmp_path / "in", capsys)
    assert (code, batch) == (0, HEADER + ADA_ROW)
    assert ("  - a-first.json: not reportable: an earlier copy of certificate "
            "EXO-ABCD-EFGH-JKLM (b-later.json is reported)") in out.splitlines()
    assert ("  - failed.json: not reportable: the course is not complete (`completedAt` is "
            "empty)") in out.splitlines()
    assert "| Module 1 (`mod1`) | 3 | 2 | 83.3% | 50% | 100% |" in summary


def test_no_activity_id_leaves_the_column_empty_with_a_warning(
        site: FixtureSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(f'    accme_activity_id: "{ACTIVITY_ID}"\n',
                                                 ""), encoding="utf-8")
    write(tmp_path / "in", "ada.json", make_record(load_course(site.root)))
    code, _, err, batch, summary = run(site, tmp_path / "in", capsys)
    assert code == 0
    assert batch == HEADER + ADA_ROW.removeprefix(ACTIVITY_ID)
    assert err == ("Warning: extra.course.accme_activity_id is not set in mkdocs.yml, so the "
                   "ACCME Activity ID column is empty: fill it in before uploading.\n")
    assert "**The ACCME Activity ID column of pars-learners.txt is empty**" in summary


def test_activity_id_setting_is_validated(site: FixtureSite,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(ACTIVITY_ID, "PARS-1"), encoding="utf-8")
    assert main(["check", "--root", str(site.root)]) == 1
    assert ("  - mkdocs.yml: extra.course.accme_activity_id: `PARS-1` is not a PARS activity "
            "ID (digits only). Fix: set `accme_activity_id` to the activity's ID in ACCME's "
            "PARS") in capsys.readouterr().err


def test_records_usage(site: FixtureSite, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert main(["records", str(missing), "--root", str(site.root)]) == 2
    assert capsys.readouterr().err == (f"course records: {missing} is not a folder. Give the "
                                       "folder that holds the learners' completion records "
                                       "(*.json).\n")
    assert main(["records"]) == 2
    assert "required: DIR" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["records", str(tmp_path / "empty"), "--root", str(site.root)]) == 0
    assert (site.root / "dist" / "records" / "pars-learners.txt").read_text() == HEADER.replace(
        "\r\n", "\n")
