"""Careless or hostile input: each case is one clear problem (file, line, key, fix), never a
traceback or a long wait, or it builds correctly and safely."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from course_model import load_course
from sitekit import FixtureSite

ALLOWED = ("<abbr>, <br>, <code>, <em>, <strong>, <sub>, <sup> (with title=\"…\" on <abbr>), "
           "and links go to http(s) or mailto addresses. For a less-than sign, write `&lt;`.")


@pytest.fixture
def site(tmp_path: Path) -> FixtureSite:
    return FixtureSite(tmp_path, modules=1)


def problems(site: FixtureSite) -> list[str]:
    return site.problems()


def edit_bank(site: FixtureSite, old: str, new: str) -> None:
    site.replace("quizzes/01-mod1.yml", old, new)


STEM = "question: How large are most small extracellular vesicles?"


@pytest.mark.parametrize(("where", "old", "new", "key", "shown"), [
    ("stem", STEM, "question: 'How large are they? <script>alert(1)</script>'", "question",
     "`<script>`, `</script>`"),
    ("choice", "text: 3–15 µm", "text: 3–15 µm <img src=x onerror=alert(1)>",
     "choices[2].text", "`<img src=x onerror=alert(1)>`"),
    ("feedback", "feedback: That is the size of a cell.",
     "feedback: 'A cell <a href=\"javascript:x()\">is</a> larger.'",
     "choices[2].feedback", "`<a href=\"javascript:x()\">`, `</a>`"),
    ("explanation", "explanation: Small EVs are usually under 200 nm.",
     "explanation: Small EVs measure a<b and b>c.", "explanation", "`<b and b>`"),
    ("markdown link", "feedback: That is the size of a cell.",
     "feedback: See [this](javascript:alert(1)).", "choices[2].feedback", "`javascript:`"),
])
def test_html_outside_the_allowed_list_names_the_question(
        site: FixtureSite, where: str, old: str, new: str, key: str, shown: str) -> None:
    edit_bank(site, old, new)
    [problem] = problems(site)
    assert "quizzes/01-mod1.yml:" in problem and f"questions[0].{key}: the text contains " \
        f"HTML the course does not allow: {shown}. Fix: use Markdown instead; the HTML " \
        f"allowed is {ALLOWED}" in problem, problem


def test_allowed_html_and_code_pass(site: FixtureSite) -> None:
    edit_bank(site, STEM, "question: 'Which size is typical for CO<sub>2</sub>-laser-treated "
              "skin vesicles, per `<script>` docs and p<0.05?'")
    assert load_course(site.root).modules[0].bank.questions[0].question.startswith("Which")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("text: 3–15 µm", "text: '[x] 3–15 µm'",
     "quizzes/01-mod1.yml:14: questions[0].choices[2].text: the choice starts with `[x]`, "
     "which the quiz would read as list or answer markup. Fix: start the choice with a word."),
    ("text: 3–15 µm", "text: '- 3–15 µm'",
     "quizzes/01-mod1.yml:14: questions[0].choices[2].text: the choice starts with `-`, which "
     "the quiz would read as list or answer markup. Fix: start the choice with a word."),
    (STEM, "question: Which size is typical? </QUIZ>",
     "quizzes/01-mod1.yml:7: questions[0].question: the text contains `</QUIZ>`, which the "
     "quiz renderer reads as its own markup. Fix: reword it without those characters."),
    ("pass_mark: 70", "pass_mark: 0.5",
     "quizzes/01-mod1.yml:3: pass_mark: a pass mark of 0.5% is outside 1–100%. Fix: set "
     "`pass_mark` to the percentage needed to pass, from 1 to 100, e.g. `70`."),
    ("  - id: mod1-q1\n", "  - id: |\n      mod1-q1\n",
     "quizzes/01-mod1.yml:5: questions[0].id: `mod1-q1\n` is not a valid id. Fix: set `id` to "
     "an id of lower-case letters, digits and hyphens, such as `exosome-biology` (never reuse "
     "or rename it: progress is kept by id)."),
    ("        feedback: That is the size of a cell.\n",
     "        feedback: |\n          That is the size of a cell.\n\n          Too big.\n",
     "quizzes/01-mod1.yml:15: questions[0].choices[2].feedback: the feedback has a blank "
     "line: the quiz shows feedback as one paragraph under its choice. Fix: join it into one "
     "paragraph, or move the rest into `explanation:`."),
    ("      - text: microRNA\n        correct: true\n", "      - text: microRNA\n",
     "quizzes/01-mod1.yml:23: questions[1].choices: a `multiple` question needs at least two "
     "correct choices, found 1 (with one, the quiz shows radio buttons under \"choose all "
     "that apply\"). Fix: change `type` to `single`, or mark every right choice `correct: "
     "true`."),
])
def test_each_careless_input_is_one_clear_problem(site: FixtureSite, old: str, new: str,
                                                  expected: str) -> None:
    edit_bank(site, old, new)
    assert problems(site) == [expected]


def test_feedback_over_two_lines_becomes_one_paragraph(site: FixtureSite) -> None:
    edit_bank(site, "        feedback: That is the size of a cell.\n",
              "        feedback: |\n          That is the size\n          of a cell.\n")
    question = load_course(site.root).modules[0].bank.questions[0]
    assert question.choices[2].feedback == "That is the size of a cell."


def test_an_alias_bomb_is_refused_quickly(site: FixtureSite) -> None:
    bomb = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        bomb += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    edit_bank(site, "pass_mark: 70\n", "pass_mark: 70\n" + bomb)
    started = time.monotonic()
    found = problems(site)
    assert time.monotonic() - started < 20  # a bound on a hang, not a benchmark
    assert found == ["quizzes/01-mod1.yml:4: the YAML's `*aliases` expand to more than "
                     "100,000 repeated values. Fix: write the content out in full."]


def test_deep_nesting_is_a_problem_not_a_traceback(site: FixtureSite) -> None:
    edit_bank(site, "pass_mark: 70\n", "pass_mark: 70\ndeep: " + "[" * 1000 + "]" * 1000 + "\n")
    [problem] = problems(site)
    assert problem.startswith("quizzes/01-mod1.yml:4: this is not valid YAML (")
    assert "maximum nesting depth" in problem
    edit_bank(site, "deep: " + "[" * 1000 + "]" * 1000, "deep: " + "[" * 60 + "]" * 60)
    assert problems(site) == ["quizzes/01-mod1.yml:4: the YAML is nested more than 50 levels "
                              "deep. Fix: write the content out in full."]


def test_a_file_that_is_not_utf8_is_named(site: FixtureSite) -> None:
    path = site.root / "quizzes/01-mod1.yml"
    path.write_bytes(path.read_bytes().replace("µm".encode(), b"\xb5m"))
    assert problems(site) == [
        "quizzes/01-mod1.yml:14: the file is not UTF-8 text: byte 0xb5 cannot be read. Fix: "
        "save the file with the UTF-8 encoding (in VS Code: the encoding in the status bar, "
        "then \"Save with Encoding\", \"UTF-8\")."]
    page = site.root / "docs/modules/01-mod1.md"
    data = page.read_bytes() + b"\n\xff\n"
    page.write_bytes(data)
    line = data[:data.index(b"\xff")].count(b"\n") + 1
    assert f"docs/modules/01-mod1.md:{line}: the file is not UTF-8 text: byte 0xff" in \
        "\n".join(problems(site))


def test_a_byte_order_mark_is_accepted(site: FixtureSite) -> None:
    for rel in ("docs/modules/01-mod1.md", "quizzes/01-mod1.yml", "quizzes/references.yml"):
        path = site.root / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    course = load_course(site.root)
    assert course.modules[0].objectives == ("Describe what an extracellular vesicle is.",)


def test_a_title_with_quotes_builds_a_working_assessment(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    page = site.root / "docs/modules/01-mod1.md"
    page.write_text(page.read_text().replace("# Module 1",
                                             '# Putting "exosome" treatments: #1 in practice'))
    result = site.build()
    assert result.code == 0, result.output
    html = result.page("modules/01-mod1/assessment")
    title = 'Module 1: Putting "exosome" treatments: #1 in practice — assessment'
    assert f"<title>{title}" in html or f"<title>{title.replace(chr(34), '&#34;')}" in html
    assert html.count('class="quiz"') == 2 and "[x]" not in html
    index = (result.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "[x]" not in index and "30–150 nm" not in index


def test_code_is_text_for_every_scanner(tmp_path: Path) -> None:
    """A citation, label or heading inside code is neither checked nor rendered."""
    site = FixtureSite(tmp_path, modules=1)
    page = site.root / "docs/modules/01-mod1.md"
    page.write_text(page.read_text() + "\n```\n## Not a heading [@nokey]\n```\n\n"
                    "Write `[@kwon2020]` or `[evidence: mouse]` to cite.\n")
    module = load_course(site.root).modules[0]
    assert [h.text for h in module.headings] == ["Module 1", "Size and cargo"]
    result = site.build()
    assert result.code == 0, result.output
    html = result.page("modules/01-mod1")
    assert "## Not a heading [@nokey]" in html
    assert "<code>[@kwon2020]</code>" in html and "<code>[evidence: mouse]</code>" in html
