"""`course export`: the QTI 2.1 package, Moodle GIFT and the answer key, from a fixture course
whose third question is full of characters that XML, HTML and GIFT treat specially."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from answer_key import render_answer_key
from course_cli import main
from course_model import Course, load_course
from lms_export import gift, markdown_html, qti_package
from sitekit import FixtureSite

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"

TRICKY = """\
  - id: 3rd-tricky
    type: single
    question: |
      A patient says: "My {serum} costs $300 & works ~50% = great #1: true?"
      Which is **right**? CO<sub>2</sub>
    choices:
      - text: 'Key: a = b ~ c # d {e} \\ f'
        correct: true
        feedback: Yes, "quoted" & <strong>bold</strong> feedback.
      - text: '`code` and *emphasis*'
        feedback: 'No: see [the FDA](https://www.fda.gov/) or `<a href="javascript:x()">`.'
      - text: A plain wrong answer
    explanation: |
      Rationale with <, >, & and "quotes"; a [@zhang2015] citation and a
      label [evidence: animal]. Line two.

      Second paragraph: 50% ~ {half}.
    section: Size and cargo
    references: [zhang2015]
    objectives: [1]
"""


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    site = FixtureSite(tmp_path / "course", modules=2)
    bank = site.root / "quizzes" / "01-mod1.yml"
    bank.write_text(bank.read_text() + TRICKY, encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(site.config, encoding="utf-8")
    return site.root


@pytest.fixture
def course(course_root: Path) -> Course:
    return load_course(course_root)


def all_questions(course: Course) -> list:
    return [q for m in course.modules for q in m.bank.questions]


# --------------------------------------------------------------------------- QTI


@pytest.fixture
def package(course: Course) -> dict[str, ET.Element]:
    with zipfile.ZipFile(io.BytesIO(qti_package(course, "Fixture course"))) as zf:
        return {name: ET.fromstring(zf.read(name)) for name in zf.namelist()}


def test_every_file_in_the_package_is_xml_in_the_qti_namespaces(
        package: dict[str, ET.Element], course: Course) -> None:
    assert package["imsmanifest.xml"].tag == f"{CP}manifest"
    items = {n: e for n, e in package.items() if n.startswith("items/")}
    assert len(items) == len(all_questions(course)) == 5
    assert all(e.tag == f"{QTI}assessmentItem" for e in items.values())
    tests = [e for n, e in package.items() if n.startswith("assessment-")]
    assert [t.tag for t in tests] == [f"{QTI}assessmentTest"] * 2


def test_manifest_lists_every_item_and_each_module_test(
        package: dict[str, ET.Element], course: Course) -> None:
    resources = package["imsmanifest.xml"].findall(f"{CP}resources/{CP}resource")
    items = {r.get("href") for r in resources if r.get("type") == "imsqti_item_xmlv2p1"}
    assert items == {f"items/{q.id}.xml" for q in all_questions(course)}
    assert items <= set(package)
    for r in resources:
        assert [f.get("href") for f in r.findall(f"{CP}file")] == [r.get("href")]
    ids = {r.get("identifier") for r in resources}
    tests = [r for r in resources if r.get("type") == "imsqti_test_xmlv2p1"]
    assert [t.get("href") for t in tests] == ["assessment-mod1.xml", "assessment-mod2.xml"]
    for t in tests:
        assert {d.get("identifierref") for d in t.findall(f"{CP}dependency")} <= ids
    refs = package["assessment-mod1.xml"].iter(f"{QTI}assessmentItemRef")
    assert [r.get("href") for r in refs] == [
        "items/mod1-q1.xml", "items/mod1-q2.xml", "items/3rd-tricky.xml"]


def test_every_item_has_its_correct_response_and_feedback(
        package: dict[str, ET.Element], course: Course) -> None:
    for q in all_questions(course):
        item = package[f"items/{q.id}.xml"]
        assert item.get("identifier") == (q.id if q.id[0].isalpha() else f"q-{q.id}")
        declaration = item.find(f"{QTI}responseDeclaration")
        assert declaration.get("cardinality") == ("multiple" if q.type == "multiple"
                                                  else "single")
        values = [v.text for v in declaration.iter(f"{QTI}value")]
        letters = "ABCDEFGH"
        assert values == [letters[i] for i, c in enumerate(q.choices) if c.correct]
        interaction = item.find(f"{QTI}itemBody/{QTI}choiceInteraction")
        assert interaction.get("maxChoices") == ("0" if q.type == "multiple" else "1")
        choices = interaction.findall(f"{QTI}simpleChoice")
        assert [c.get("identifier") for c in choices] == list(letters[: len(q.choices)])
        assert item.find(f"{QTI}outcomeDeclaration[@identifier='SCORE']") is not None
        feedback = {f.get("identifier"): "".join(f.itertext())
                    for f in item.findall(f"{QTI}modalFeedback")}
        assert q.explanation.split()[0] in feedback.pop("RATIONALE")
        assert feedback.keys() == {letters[i] for i, c in enumerate(q.choices) if c.feedback}
        # The feedback shows only if responseProcessing puts its identifier in FEEDBACK.
        rule = item.find(f"{QTI}responseProcessing/{QTI}setOutcomeValue[@identifier='FEEDBACK']")
        assert rule.find(f"{QTI}multiple/{QTI}variable").get("identifier") == "RESPONSE"
        assert rule.find(f"{QTI}multiple/{QTI}baseValue").text == "RATIONALE"


def test_markdown_becomes_safe_xhtml_in_items(package: dict[str, ET.Element]) -> None:
    item = package["items/3rd-tricky.xml"]
    stem = item.find(f"{QTI}itemBody/{QTI}div")
    text = "".join(stem.itertext())
    assert '"My {serum} costs $300 & works ~50% = great #1: true?"' in text
    assert stem.find(f".//{QTI}strong").text == "right"
    assert not list(item.iter(f"{QTI}script")) and "alert" not in text
    choice_b = item.find(f".//{QTI}simpleChoice[@identifier='B']")
    assert choice_b.find(f"{QTI}code").text == "code"
    assert choice_b.find(f"{QTI}em").text == "emphasis"
    links = [a.get("href") for a in item.iter(f"{QTI}a")]
    assert "https://www.fda.gov/" in links
    assert not any(h and h.startswith("javascript") for h in links)
    rationale = "".join(item.find(f"{QTI}modalFeedback[@identifier='RATIONALE']").itertext())
    assert "(Zhang et al. 2015)" in rationale and "(evidence: Animal)" in rationale
    assert "Review: Size and cargo" in rationale


def test_sanitiser_keeps_text_and_drops_unsafe_markup() -> None:
    html = markdown_html('<img src=x onerror="a()"><span onclick="x">hi</span> '
                         '<style>p{}</style>**ok** [x](javascript:alert(1))', {})
    assert "javascript:" not in html
    assert html == "<p><span>hi</span> <strong>ok</strong> <a>x</a></p>"  # text kept, link gone


# --------------------------------------------------------------------------- GIFT


@dataclass
class GiftQuestion:
    category: str
    title: str
    text: str
    answers: list[tuple[float, str, str]] = field(default_factory=list)  # weight, text, fb
    general: str = ""

    @property
    def correct(self) -> list[str]:
        return [text for weight, text, _ in self.answers if weight > 0]


# Moodle's reader (qformat_gift) hides escaped characters behind placeholders, splits on
# the bare control characters, then restores them; this does the same.
ESCAPES = {":": "\x01", "#": "\x02", "=": "\x03", "{": "\x04", "}": "\x05", "~": "\x06",
           "n": "\x07"}


def hide_escapes(text: str) -> str:
    text = text.replace("\\\\", "\x00")
    for char, placeholder in ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("\x00", "\\")


def restore(text: str) -> str:
    for char, placeholder in ESCAPES.items():
        text = text.replace(placeholder, "\n" if char == "n" else char)
    return text.strip()


def parse_gift(source: str) -> list[GiftQuestion]:
    """Enough of GIFT for multiple choice: `$CATEGORY`, `::title::`, `=`/`~` answers with
    `%weight%` and `#feedback`, and `####` general feedback."""
    questions: list[GiftQuestion] = []
    category = ""
    for block in re.split(r"\n\s*\n", source):
        lines = [ln for ln in block.splitlines() if not ln.strip().startswith("//")]
        block = hide_escapes("\n".join(lines).strip())
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            category = block[len("$CATEGORY:"):].strip()
            continue
        assert block.startswith("::"), block
        title, _, rest = block[2:].partition("::")
        text, _, rest = rest.partition("{")
        body, _, after = rest.partition("}")
        assert not after.strip(), block
        body, _, general = body.rpartition("####") if "####" in body else (body, "", "")
        q = GiftQuestion(category, restore(title), restore(text.removeprefix("[markdown]")),
                         general=restore(general))
        for part in body.replace("=", "~=").split("~"):
            part = part.strip()
            if not part:
                continue
            weight = 0.0
            if part.startswith("="):
                weight, part = 100.0, part[1:]
            elif (w := re.match(r"%(-?\d+(?:\.\d+)?)%", part)):
                weight, part = float(w.group(1)), part[w.end():]
            answer, _, feedback = part.partition("#")
            q.answers.append((weight, restore(answer), restore(feedback)))
        questions.append(q)
    return questions


def test_gift_round_trips_questions_answers_and_text(course: Course) -> None:
    parsed = parse_gift(gift(course, "Fixture course"))
    questions = all_questions(course)
    assert len(parsed) == len(questions)
    assert sum(len(p.correct) for p in parsed) == sum(
        sum(c.correct for c in q.choices) for q in questions)
    assert [p.category for p in parsed] == [m.title for m in course.modules
                                            for _ in m.bank.questions]
    for p, q in zip(parsed, questions, strict=True):
        assert p.title == q.id
        assert [a[1] for a in p.answers] == [c.text for c in q.choices]
        assert p.correct == [c.text for c in q.choices if c.correct]
        assert [a[2] for a in p.answers] == [c.feedback or "" for c in q.choices]
        assert p.general.startswith(q.explanation.split("[@")[0].strip())
        if q.type == "multiple":
            right = [w for w, _, _ in p.answers if w > 0]
            wrong = [w for w, _, _ in p.answers if w <= 0]
            assert sum(right) == pytest.approx(100, abs=1e-3)
            assert all(w < 0 for w in wrong) and sum(wrong) == pytest.approx(-100, abs=1e-3)
        else:
            assert sorted(w for w, _, _ in p.answers) == [0] * (len(q.choices) - 1) + [100]
    tricky = parsed[2]
    assert tricky.text.startswith('A patient says: "My {serum} costs $300 & works ~50% = great')
    assert tricky.answers[0][1] == "Key: a = b ~ c # d {e} \\ f"
    assert "(Zhang et al. 2015)" in tricky.general and "\n\nSecond paragraph" in tricky.general


def test_gift_keeps_every_question_on_lines_gift_can_read(course: Course) -> None:
    text = gift(course, "Fixture course")
    for block in text.split("\n\n")[1:]:
        assert "\n\n" not in block
        assert not any(line.lstrip().startswith("//") for line in block.splitlines())
    assert "$CATEGORY: Module 1" in text and "::3rd-tricky::[markdown]" in text


# --------------------------------------------------------------------------- answer key


def test_answer_key_has_every_question_rationale_and_reference(course: Course) -> None:
    html = render_answer_key(course, "Fixture course")
    text = unescape(html)
    for q in all_questions(course):
        assert f'id="{q.id}"' in html
        assert q.explanation.split(".")[0].split("[@")[0] in text
    correct = sum(c.correct for q in all_questions(course) for c in q.choices)
    assert html.count("✔ CORRECT</span>") == correct + 1  # +1: the legend
    assert "https://doi.org/10.1186/s12967-015-0417-0" in html
    assert "Section tested: “Size and cargo”" in html
    assert "Rationale with &lt;, &gt;, &amp;" in html  # escaped, not markup
    assert "<script>" not in html and "alert(1)" not in html
    assert "@media print" in html and 'name="robots" content="noindex' in html
    assert "key: <span class=\"key\">B, A</span>" not in html  # letters in bank order
    assert "key: <span class=\"key\">A, B</span>" in html


# --------------------------------------------------------------------------- the command


def test_course_export_writes_the_three_files(course_root: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    assert main(["export", "--root", str(course_root), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    paths = [out / "qti" / "fixture-course.zip", out / "course.gift.txt",
             out / "answer-key.html"]
    for path in paths:
        assert path.is_file() and str(path) in printed
    assert printed.startswith("OK: 2 modules, 5 questions, 1 reference\n")
    assert zipfile.ZipFile(paths[0]).testzip() is None


def test_course_export_refuses_a_broken_course(course_root: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bank = course_root / "quizzes" / "02-mod2.yml"
    bank.write_text(bank.read_text().replace("pass_mark: 70", "pass_mark: 0"))
    assert main(["export", "--root", str(course_root), "--out", str(tmp_path / "d")]) == 1
    assert "quizzes/02-mod2.yml:3: pass_mark:" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_gift_keeps_a_wrong_choice_that_starts_with_a_percentage_wrong(
        course_root: Path) -> None:
    bank = course_root / "quizzes" / "01-mod1.yml"
    bank.write_text(bank.read_text().replace("text: 300–900 nm", "text: '%50% of 300 nm'"))
    text = gift(load_course(course_root), "Fixture course")
    assert "\t~%0%%50% of 300 nm" in text
    first = parse_gift(text)[0]
    assert (0.0, "%50% of 300 nm") in [(w, t) for w, t, _ in first.answers]


def test_gift_export_refuses_shares_moodle_cannot_import(
        course_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = course_root / "quizzes" / "01-mod1.yml"
    extra = "".join(f"      - text: Organelle {n}\n" for n in range(9))  # 11 wrong in all
    bank.write_text(bank.read_text().replace("      - text: Intact ribosomes\n",
                                             "      - text: Intact ribosomes\n" + extra))
    assert main(["export", "--root", str(course_root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert ("quizzes/01-mod1.yml:20: id mod1-q2: choices: 11 wrong choices would each carry "
            "9.09091% of the grade in Moodle's GIFT format, a share Moodle's import refuses. "
            "Fix: use 1 to 10 (or 20) wrong choices, or split the question in two.") in err
    assert not (tmp_path / "out").exists()
