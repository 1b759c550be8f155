"""Item review and the hard rule: each flaw found from a question's text, each cue strategy's
score, and the build's verdict on a bank that cues alone would pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from course_model import CourseError, load_course
from item_review import STRATEGIES, cue_credit, cue_scores, guess_score, review
from sitekit import FixtureSite


@dataclass(frozen=True)
class C:
    text: str
    correct: bool = False


@dataclass(frozen=True)
class Q:
    question: str
    choices: tuple[C, ...]
    type: str = "single"


CLEAN = Q("A 52-year-old woman asks which vesicle size a supplier should report. Which range "
          "is typical of small vesicles?",
          (C("30–150 nm", True), C("300–900 nm"), C("3–15 µm"), C("1–2 mm")))


def codes(q: Q) -> list[str]:
    return [f.code for f in review(q)]


def test_a_clean_question_has_no_flaw() -> None:
    assert codes(CLEAN) == []


@pytest.mark.parametrize(("question", "code"), [
    (Q("Which dose is used?", (C("A dose given weekly for twelve weeks in clinic", True),
                               C("A dose given daily"), C("A dose given monthly"))),
     "longest-key"),
    (Q("Which marker?", (C("CD63", True), C("A cytosolic protein found in every cell type"),
                         C("CD9"))), "unequal-lengths"),
    (Q("Which marker?", (C("CD63", True), C("CD9"), C("All of the above"))),
     "all-none-of-above"),
    (Q("Which marker?", (C("CD63", True), C("CD9 always"), C("CD81"))), "absolute-terms"),
    (Q("Which product is not a drug?", (C("Gel A", True), C("Gel B"), C("Gel C"))),
     "negative-lead-in"),
    (Q("Which vesicle marker is transmembrane?", (C("A vesicle tetraspanin", True),
                                                  C("A cytosolic enzyme"), C("A lipid dye"))),
     "stem-key-repeat"),
    (Q("Which do vesicles carry?", (C("RNA", True), C("Protein", True), C("Nuclei")),
       "multiple"), "few-wrong-options"),
    (Q("Vesicles are measured by", (C("NTA", True), C("ELISA"), C("PCR"))),
     "lead-in-not-question"),
    (Q("Which statement about vesicles is true?", (C("Small", True), C("Alive"), C("Red"))),
     "unfocused-lead-in"),
])
def test_each_flaw_is_found(question: Q, code: str) -> None:
    assert code in codes(question)


def test_a_trailing_instruction_is_not_the_lead_in() -> None:
    q = Q("Which markers did the trial measure?\n Select all that apply.",
          (C("CD63", True), C("CD9", True), C("Albumin"), C("ApoA1")), "multiple")
    assert codes(q) == []
    unfocused = Q("Which statements about that\ntrial are accurate? Select all that apply.",
                  (C("CD63", True), C("CD9", True), C("Albumin"), C("ApoA1")), "multiple")
    assert codes(unfocused) == ["unfocused-lead-in"]


def test_emphasised_negative_is_not_a_flaw() -> None:
    for stem in ("Which product is NOT a drug?", "Which product is **not** a drug?"):
        assert "negative-lead-in" not in codes(Q(stem, (C("Gel A", True), C("Gel B"))))


def test_absolute_words_in_the_key_too_are_no_cue() -> None:
    q = Q("Which marker?", (C("CD63 in all samples", True), C("CD9 always"), C("CD81")))
    assert "absolute-terms" not in codes(q)


def test_cue_credit_shares_ties_and_marks_select_all_all_or_nothing() -> None:
    longest = next(s for s in STRATEGIES if s.name == "longest")
    tie = Q("Which?", (C("abcdefghij", True), C("abcdefghik"), C("abc")))
    assert cue_credit(tie, longest) == pytest.approx(0.5)
    # The longer half is ticked: here exactly the keyed pair, so the cue scores.
    multi = Q("Which?", (C("a long keyed option", True), C("another long keyed", True),
                         C("short"), C("tiny")), "multiple")
    assert cue_credit(multi, longest) == 1.0
    assert cue_scores([CLEAN])["longest"] == 0.0
    assert guess_score([CLEAN, multi]) == pytest.approx(100 * (1 / 4 + 1 / 15) / 2)


LONG_KEY_BANK = """\
module: mod1
title: Module 1
pass_mark: 70
questions:
""" + "".join(f"""\
  - id: mod1-long{n}
    type: single
    question: Which answer is right in item {n}?
    choices:
      - text: The keyed option, much longer than the others {n}
        correct: true
      - text: Short {n}
      - text: Brief {n}
    explanation: The keyed option is right because it is keyed.
    objectives: [1]
""" for n in range(1, 4))


def test_a_bank_that_longest_option_passes_fails_with_the_exact_message(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    site.write("quizzes/01-mod1.yml", LONG_KEY_BANK)
    with pytest.raises(CourseError) as caught:
        load_course(site.root)
    assert [str(p) for p in caught.value.problems if "cues alone" in p.message] == [
        "quizzes/01-mod1.yml:4: questions: cues alone pass this bank: the strategy "
        "\"longest\" (pick the longest option (select all: the longer half)) scores 100% "
        "without any knowledge, and the pass mark is 70%. Fix: rewrite questions so that "
        "this cue does not point to the key (run `course check --report` to see each bank's "
        "cue-only scores), then check again."]
    # With keys no longer than the other options, the same bank loads.
    site.write("quizzes/01-mod1.yml", LONG_KEY_BANK.replace(
        "The keyed option, much longer than the others", "Keyed"))
    # Three options of equal length: the cue picks at random, a third of the credit.
    assert load_course(site.root).modules[0].bank.cue_scores["longest"] == pytest.approx(100 / 3)


def edit_bank(site: FixtureSite, old: str, new: str) -> None:
    bank = site.root / "quizzes/01-mod1.yml"
    bank.write_text(bank.read_text().replace(old, new))


def add_to_first_question(site: FixtureSite, lines: str) -> None:
    edit_bank(site, "    objectives: [1]\n  - id: mod1-q2",
              f"    objectives: [1]\n{lines}  - id: mod1-q2")


def test_warnings_name_the_question_line_and_fix_and_can_be_accepted(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    edit_bank(site, "question: How large are most small extracellular vesicles?",
              "question: Small vesicles measure")
    module = load_course(site.root).modules[0]
    assert [str(w) for w in module.bank.warnings()] == [
        "quizzes/01-mod1.yml:5: id mod1-q1: item review [lead-in-not-question]: the stem does "
        "not end with a question, so it cannot be answered with the options covered. Fix: end "
        "the stem with a focused question, e.g. \"What is the next step?\". Or, if it is right "
        "as it is, accept it with `accept: {lead-in-not-question: \"why\"}` on the question."]
    add_to_first_question(site, "    accept:\n      lead-in-not-question: a completion item "
                                "on purpose\n")
    module = load_course(site.root).modules[0]
    assert module.bank.warnings() == []
    assert module.bank.questions[0].accepted == (("lead-in-not-question",
                                                  "a completion item on purpose"),)


def test_accepting_a_flaw_the_question_does_not_have_is_a_problem(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    add_to_first_question(site, "    accept: {longest-key: because}\n")
    with pytest.raises(CourseError) as caught:
        load_course(site.root)
    assert [str(p) for p in caught.value.problems] == [
        "quizzes/01-mod1.yml:20: questions[0].accept.longest-key: the question has no "
        "`longest-key` warning to accept. Fix: remove `longest-key` from `accept:`."]


def test_blueprint_objective_out_of_range_and_untested_objective(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    edit_bank(site, "    objectives: [1]\n  - id: mod1-q2", "    objectives: [3]\n  - id: mod1-q2")
    page = site.root / "docs/modules/01-mod1.md"
    page.write_text(page.read_text().replace(
        "    - Describe what an extracellular vesicle is.\n",
        "    - Describe what an extracellular vesicle is.\n    - Explain how vesicles are "
        "counted.\n"))
    with pytest.raises(CourseError) as caught:
        load_course(site.root)
    assert [str(p) for p in caught.value.problems] == [
        "docs/modules/01-mod1.md:6: course.objectives[1]: objective 2 is tested by no question "
        "in quizzes/01-mod1.yml. Fix: add `2` to the `objectives:` of a question that tests "
        "it, write a question for it, or remove the objective.",
        "quizzes/01-mod1.yml:19: id mod1-q1: objectives[0]: objective 3 does not exist: "
        "docs/modules/01-mod1.md lists 2 objectives. Fix: use a number from 1 to 2, or add "
        "the objective to the module page's `objectives:`."]


def test_study_time_override_rules(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    page = site.root / "docs/modules/01-mod1.md"
    original = page.read_text()
    page.write_text(original.replace("  module: mod1\n", "  module: mod1\n  minutes: 6\n"))
    assert load_course(site.root).modules[0].minutes == 6  # within 25% of the computed 5
    page.write_text(original.replace("  module: mod1\n", "  module: mod1\n  minutes: 30\n"))
    with pytest.raises(CourseError) as caught:
        load_course(site.root)
    assert str(caught.value.problems[0]).startswith(
        "docs/modules/01-mod1.md:4: course.minutes: `minutes: 30` is more than 25% away from "
        "the 5 minutes computed from the text (reading at 200 words a minute")
    page.write_text(original.replace(
        "  module: mod1\n", "  module: mod1\n  minutes: 30\n  minutes_reason: a lab session\n"))
    assert load_course(site.root).modules[0].minutes == 30
    page.write_text(original.replace("  module: mod1\n",
                                     "  module: mod1\n  minutes_reason: a lab session\n"))
    with pytest.raises(CourseError) as caught:
        load_course(site.root)
    assert str(caught.value.problems[0]) == (
        "docs/modules/01-mod1.md:4: course.minutes_reason: `minutes_reason` is given without "
        "`minutes`. Fix: remove `minutes_reason`, or add the `minutes:` it explains.")


def test_study_time_counts_words_tables_figures_and_questions() -> None:
    from study_time import study_time

    body = ("word " * 400) + "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![Figure](x.svg)\n"
    st = study_time(body, ["an objective"], [])
    assert (st.tables, st.figures, st.questions) == (1, 1, 0)
    # 400 + 6 words at 200 a minute, 1 min table, 1 min figure = 4.03 -> rounded up to 5
    assert st.minutes == 5
    assert study_time("word " * 2000, [], []).minutes == 10
