"""The course model: every kind of bad input gives a message naming file, line, key and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_manifest import browser_manifest
from course_model import CourseError, load_course, load_settings, parse_evidence
from sitekit import BANK, MODULE_PAGE, FixtureSite


@pytest.fixture
def site(tmp_path: Path) -> FixtureSite:
    return FixtureSite(tmp_path, modules=2)


def problems(site: FixtureSite) -> list[str]:
    with pytest.raises(CourseError) as err:
        load_course(site.root)
    return [str(p) for p in err.value.problems]


def one_problem(site: FixtureSite) -> str:
    found = problems(site)
    assert len(found) == 1, found
    return found[0]


def edit_bank(site: FixtureSite, old: str, new: str, n: int = 1) -> None:
    path = site.root / f"quizzes/0{n}-mod{n}.yml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_valid_course_loads_in_order_with_ids_and_versions(site: FixtureSite) -> None:
    course = load_course(site.root)
    assert [m.id for m in course.modules] == ["mod1", "mod2"]
    module = course.modules[0]
    assert module.title == "Module 1"
    assert module.minutes == module.study.minutes == 5  # computed from the text
    assert module.citations == ("zhang2015",)
    assert [q.id for q in module.bank.questions] == ["mod1-q1", "mod1-q2"]
    assert module.bank.questions[1].type == "multiple"
    assert course.total_minutes == 10
    manifest = browser_manifest(course, load_settings(SETTINGS), "T")["modules"][0]
    assert manifest["passMark"] == 70
    assert manifest["questions"][0] == {"id": "mod1-q1",
                                        "version": module.bank.questions[0].version,
                                        "objectives": list(module.bank.questions[0].objectives)}


def test_question_version_changes_with_content_not_with_explanation(site: FixtureSite) -> None:
    before = load_course(site.root).modules[0].bank.questions[0].version
    edit_bank(site, "Small EVs are usually under 200 nm.", "Reworded rationale.")
    assert load_course(site.root).modules[0].bank.questions[0].version == before
    edit_bank(site, "text: 3–15 µm", "text: 3–15 mm")
    assert load_course(site.root).modules[0].bank.questions[0].version != before


def test_invalid_yaml_syntax_names_the_line(site: FixtureSite) -> None:
    edit_bank(site, "title: Module 1", "title: Module 1: part: two\n  bad")
    msg = one_problem(site)
    assert msg.startswith("quizzes/01-mod1.yml:2:")
    assert "this is not valid YAML" in msg
    assert "must be quoted" in msg


def test_empty_file(site: FixtureSite) -> None:
    site.write("quizzes/01-mod1.yml", "# nothing yet\n")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml: the file is empty. Fix: copy quizzes/_template.yml.example "
        "and fill it in, or delete this file.")


def test_missing_required_field(site: FixtureSite) -> None:
    edit_bank(site, "    explanation: Small EVs are usually under 200 nm.\n", "")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:5: questions[0]: required key `explanation` is missing or empty "
        "in a question. Fix: add `explanation:` with the rationale shown after answering: "
        "why the right answer is right and each wrong one wrong.")


def test_wrong_type(site: FixtureSite) -> None:
    edit_bank(site, "pass_mark: 70", "pass_mark: seventy")
    assert one_problem(site) == (
        'quizzes/01-mod1.yml:3: pass_mark: expected a whole number or a number, found text '
        '"seventy". Fix: set `pass_mark` to the percentage needed to pass, from 1 to 100, '
        'e.g. `70`.')


def test_boolean_is_not_a_number(site: FixtureSite) -> None:
    edit_bank(site, "pass_mark: 70", "pass_mark: yes")
    assert "pass_mark: expected a whole number or a number, found true/false true." in \
        one_problem(site)


def test_unknown_field_suggests_the_right_one(site: FixtureSite) -> None:
    edit_bank(site, "    explanation: Small", "    explanaton: Small")
    found = problems(site)
    assert (
        "quizzes/01-mod1.yml:16: questions[0].explanaton: unknown key `explanaton` in a "
        "question. Fix: did you mean `explanation`? allowed keys are: id, type, question, "
        "choices, explanation, section, references, objectives, accept.") in found
    assert any("required key `explanation` is missing" in p for p in found)


def test_duplicate_question_id_within_a_bank(site: FixtureSite) -> None:
    edit_bank(site, "id: mod1-q2", "id: mod1-q1")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:20: id mod1-q1: this question id is already used in "
        "quizzes/01-mod1.yml. Fix: give this question a new id that no other question has.")


def test_duplicate_question_id_across_banks(site: FixtureSite) -> None:
    edit_bank(site, "id: mod2-q1", "id: mod1-q1", n=2)
    assert one_problem(site) == (
        "quizzes/02-mod2.yml:5: id mod1-q1: this question id is already used in "
        "quizzes/01-mod1.yml. Fix: give this question a new id that no other question has.")


def test_single_answer_with_no_correct_choice(site: FixtureSite) -> None:
    edit_bank(site, "        correct: true\n        feedback: Right", "        feedback: Right")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:8: questions[0].choices: a `single` question needs exactly one "
        "correct choice, found 0. Fix: mark the right choice with `correct: true`.")


def test_single_answer_with_two_correct_choices(site: FixtureSite) -> None:
    edit_bank(site, "      - text: 3–15 µm\n", "      - text: 3–15 µm\n        correct: true\n")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:8: questions[0].choices: a `single` question needs exactly one "
        "correct choice, found 2. Fix: mark exactly one choice `correct: true`, or change "
        "`type` to `multiple`.")


def test_multiple_answer_with_no_correct_choice(site: FixtureSite) -> None:
    edit_bank(site, "      - text: Proteins\n        correct: true\n"
                    "      - text: microRNA\n        correct: true\n",
              "      - text: Proteins\n      - text: microRNA\n")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:23: questions[1].choices: a `multiple` question needs at least "
        "two correct choices, found 0. Fix: mark the right choices `correct: true`.")


def test_fewer_than_two_choices(site: FixtureSite) -> None:
    edit_bank(site, "      - text: 3–15 µm\n        feedback: That is the size of a cell.\n", "")
    edit_bank(site, "      - text: 300–900 nm\n        feedback: That is larger than most small "
                    "vesicles.\n", "")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:8: questions[0].choices: expected at least 2 choices, found 1. "
        "Fix: add more `- text: …` lines under `choices:`.")


def test_empty_stem(site: FixtureSite) -> None:
    edit_bank(site, "question: How large are most small extracellular vesicles?",
              'question: "  "')
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:7: questions[0].question: `question` is empty. Fix: write the "
        "question text (Markdown).")


@pytest.mark.parametrize("mark", ["0", "101", "-5"])
def test_pass_mark_outside_range(site: FixtureSite, mark: str) -> None:
    edit_bank(site, "pass_mark: 70", f"pass_mark: {mark}")
    assert one_problem(site) == (
        f"quizzes/01-mod1.yml:3: pass_mark: a pass mark of {mark}% is outside 1–100%. "
        "Fix: set `pass_mark` to the percentage needed to pass, from 1 to 100, e.g. `70`.")


def test_bank_whose_module_does_not_exist(site: FixtureSite) -> None:
    site.write("quizzes/03-orphan.yml", BANK.format(id="orphan", title="Orphan"))
    assert one_problem(site) == (
        "quizzes/03-orphan.yml:1: module: no module page in docs/modules/ has `module: "
        "orphan` in its `course:` front matter. Fix: correct `module:` here to a module's "
        "id, or add the module page.")


def test_module_that_names_a_missing_bank(site: FixtureSite) -> None:
    site.write("docs/modules/03-lonely.md", MODULE_PAGE.format(id="lonely", title="Lonely"))
    assert one_problem(site) == (
        "docs/modules/03-lonely.md:3: course.module: no bank in quizzes/ has `module: "
        "lonely`. Fix: create quizzes/03-lonely.yml with `module: lonely`, or correct the "
        "id here.")


def test_module_page_without_course_front_matter(site: FixtureSite) -> None:
    site.write("docs/modules/01-mod1.md", "# Module 1\n\nText.\n")
    found = problems(site)
    assert found[0].startswith("docs/modules/01-mod1.md:1: this module page has no `course:`")
    assert "copy docs/modules/_template.md.example" in found[0]


def test_module_front_matter_wrong_minutes(site: FixtureSite) -> None:
    page = site.root / "docs/modules/01-mod1.md"
    page.write_text(page.read_text().replace("  module: mod1\n", "  module: mod1\n  minutes: 0\n"))
    assert one_problem(site) == (
        "docs/modules/01-mod1.md:4: course.minutes: 0 minutes is outside 1–600. Fix: set "
        "`minutes` to an override of the minutes the engine computes from the text (leave it "
        "out to use the computed time), e.g. `45`.")


def test_unknown_citation_and_evidence_label_name_the_line(site: FixtureSite) -> None:
    page = site.root / "docs/modules/01-mod1.md"
    page.write_text(page.read_text().replace("[@zhang2015]", "[@zhang2016]")
                    .replace("[evidence: laboratory]", "[evidence: mouse]"))
    found = problems(site)
    assert found == [
        "docs/modules/01-mod1.md:12: [@zhang2016]: the citation `zhang2016` is not in "
        "quizzes/references.yml. Fix: did you mean `zhang2015`? add it to "
        "quizzes/references.yml or correct the key.",
        "docs/modules/01-mod1.md:12: [evidence: mouse]: unknown evidence label. Fix: write "
        "one of [evidence: laboratory], [evidence: animal], [evidence: human uncontrolled], "
        "[evidence: human controlled, n=25], [evidence: human randomised, n=25], "
        "[evidence: guideline], [evidence: regulatory], [evidence: opinion] or "
        "[evidence: unconfirmed].",
    ]


def test_question_reference_and_section_must_resolve(site: FixtureSite) -> None:
    edit_bank(site, "section: Size and cargo", "section: Size & cargo")
    edit_bank(site, "references: [zhang2015]", "references: [zhang2051]")
    found = problems(site)
    assert any("id mod1-q1: references[0]: the reference `zhang2051` is not in "
               "quizzes/references.yml. Fix: did you mean `zhang2015`?" in p for p in found)
    assert any("id mod1-q1: section: the section `Size & cargo` is not a heading in "
               "docs/modules/01-mod1.md. Fix: copy the heading's text exactly (headings "
               "there: `Size and cargo`)." in p for p in found)


def test_reference_verification_is_loaded_and_checked_like_any_field(site: FixtureSite) -> None:
    refs = site.root / "quizzes/references.yml"
    refs.write_text(refs.read_text() + '  verification: "Volume checked in PubMed."\n')
    reference = load_course(site.root).references["zhang2015"]
    assert (reference.note, reference.verification) == (None, "Volume checked in PubMed.")
    refs.write_text(refs.read_text().replace('"Volume checked in PubMed."', "[PubMed]"))
    assert one_problem(site).startswith(
        "quizzes/references.yml:4: zhang2015.verification: expected text, found a list "
        '["PubMed"]. Fix: set `verification` to a record for editors and reviewers')


def test_quiz_markup_inside_text_is_refused(site: FixtureSite) -> None:
    edit_bank(site, "Which molecules can vesicles carry?", "Which [[molecules]] fit?")
    assert "questions[1].question: the text contains `[[`, which the quiz renderer reads as its " \
        "own markup." in one_problem(site)


def test_duplicate_yaml_key(site: FixtureSite) -> None:
    edit_bank(site, "pass_mark: 70", "pass_mark: 70\npass_mark: 80")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:4: pass_mark: the key `pass_mark` appears twice in the same "
        "block. Fix: keep one of them and delete the other.")


def test_yaml_that_refers_to_itself(site: FixtureSite) -> None:
    edit_bank(site, "pass_mark: 70", "pass_mark: 70\nloop: &loop [*loop]")
    assert one_problem(site) == (
        "quizzes/01-mod1.yml:4: this YAML refers to itself (an `*alias` inside the block its "
        "`&anchor` names). Fix: write the content out in full.")


def test_all_problems_are_reported_together(site: FixtureSite) -> None:
    edit_bank(site, "pass_mark: 70", "pass_mark: 170")
    edit_bank(site, "type: single", "type: singel", n=2)
    found = problems(site)
    assert [p.split(":")[0] for p in found] == ["quizzes/01-mod1.yml", "quizzes/02-mod2.yml"]


@pytest.mark.parametrize(("text", "expected"), [
    ("laboratory", ("laboratory", None)),
    ("Human randomized, n=25", ("human randomised", 25)),
    ("human-uncontrolled", ("human uncontrolled", None)),
    ("human randomised", None),  # n is required for a randomised trial
    ("mouse", None),
])
def test_parse_evidence(text: str, expected: tuple[str, int | None] | None) -> None:
    assert parse_evidence(text) == expected


SETTINGS = {"course": {
    "version": "1.0", "release_date": "2026-01-01", "review_date": "2026-01-01",
    "termination_date": "2028-12-31", "contact": "a@b.org", "audience": "Clinicians.",
    "faculty": [{"name": "A", "role": "Author", "disclosure": "None."}]}}
ACCREDITED = {"provider": "Provider", "accreditation_statement": "Accredited by the ACCME.",
              "credit_designation": "Designates 1 credit.", "credit_type": "AMA PRA Category 1 "
              "Credit™", "max_credits": 1.5}


def test_settings_without_accreditation_give_a_certificate_of_completion() -> None:
    assert not load_settings(SETTINGS).accredited


def test_full_accreditation_is_accepted() -> None:
    settings = load_settings({"course": {**SETTINGS["course"], **ACCREDITED}})
    assert settings.accredited and settings.max_credits == 1.5


def test_partial_accreditation_is_refused() -> None:
    with pytest.raises(CourseError) as err:
        load_settings({"course": {**SETTINGS["course"], "provider": "Provider"}})
    assert str(err.value.problems[0]) == (
        "mkdocs.yml: extra.course: accreditation is only partly set up: "
        "accreditation_statement, credit_designation, credit_type, max_credits missing. Fix: "
        "set all of provider, accreditation_statement, credit_designation, credit_type, "
        "max_credits, or none of them for a certificate of completion without credit.")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("max_credits", 1.3, "1.3 is not a positive multiple of 0.25."),
    ("release_date", "25/11/2026", "`25/11/2026` is not a date written as YYYY-MM-DD."),
])
def test_bad_settings_values(key: str, value: object, message: str) -> None:
    with pytest.raises(CourseError) as err:
        load_settings({"course": {**SETTINGS["course"], **ACCREDITED, key: value}})
    assert message in str(err.value)
