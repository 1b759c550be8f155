"""The LMS packages' rules that need no browser: SCORM 1.2's suspend_data limit, the cmi5 course
structure against its XSD, and the launch pages' pure JavaScript under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

import cmi5_structure
import scorm_state
from course_model import load_course
from sitekit import REPO, FixtureSite

XSD = Path(__file__).parent / "cmi5" / "CourseStructure.xsd"


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is needed for the JavaScript unit tests"
    return found


def manifest_json(tmp_path: Path) -> Path:
    """The real course's modules, pass marks and question ids and versions, as the browser's
    manifest has them, without building the site."""
    course = load_course(REPO)
    modules = [{**m, "passMark": module.bank.pass_mark}
               for m, module in zip(scorm_state.manifest_modules(course), course.modules,
                                    strict=True)]
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"course": {"title": "course"}, "modules": modules}))
    return path


def test_launch_page_logic_under_node_with_the_real_course(tmp_path: Path) -> None:
    proc = subprocess.run([node(), "--test", "tests/lms/js/"], cwd=REPO, capture_output=True,
                          text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "COURSE_MANIFEST": str(manifest_json(
                              tmp_path))})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "# fail 0" in proc.stdout
    # The full course's state (every answer, a retake, the evaluation's free text, a
    # certificate with PARS details): as JSON, and as written into suspend_data.
    measure = next(line for line in proc.stdout.splitlines() if "MEASURE" in line)
    print(measure)


def test_python_and_javascript_write_the_same_suspend_data(tmp_path: Path) -> None:
    """scorm_state.py (the build's size check) and lms-suspend-data.js (the launch page) must
    agree, or the build would measure something the browser never writes."""
    course = load_course(REPO)
    modules = scorm_state.manifest_modules(course)
    state = scorm_state.minimal_state(course)
    first = modules[0]["id"]
    for i, answer in enumerate(state["modules"][first]["answers"].values()):
        answer.update(selected=[str(i % 3), "3"], correct=i % 2 == 0,
                      at=f"2026-11-25T10:{i:02d}:0{i % 10}.{i * 37 % 1000:03d}Z")
    state["modules"][first]["resetAt"] = "2026-11-25T09:59:59.999Z"
    state["evaluation"] = {"answers": {"comments": "Clear ~ balanced; \"quoted\", é."},
                           "submittedAt": "2026-11-25T11:00:00.000Z"}
    state["certificate"] = None
    script = (
        'import { encode } from "./docs/javascripts/lms-suspend-data.js";'
        'let input = ""; process.stdin.on("data", (d) => { input += d; });'
        'process.stdin.on("end", () => { const { state, modules } = JSON.parse(input);'
        ' process.stdout.write(encode(state, { modules })); });')
    proc = subprocess.run([node(), "--input-type=module", "-e", script], cwd=REPO,
                          input=json.dumps({"state": state, "modules": modules}),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == scorm_state.encode(state, modules)
    minimal = scorm_state.minimal_state(course)
    proc = subprocess.run([node(), "--input-type=module", "-e", script], cwd=REPO,
                          input=json.dumps({"state": minimal, "modules": modules}),
                          capture_output=True, text=True, timeout=60)
    assert len(proc.stdout) == scorm_state.minimal_size(course)


def test_the_course_fits_in_scorm_12_suspend_data() -> None:
    course = load_course(REPO)
    size = scorm_state.minimal_size(course)
    print(f"shortest record of all answers: {size} of {scorm_state.SUSPEND_DATA_LIMIT}")
    assert scorm_state.problems(course) == []
    assert size < scorm_state.SUSPEND_DATA_LIMIT / 4  # room for the evaluation and certificate


def big_bank(site: FixtureSite, questions: int) -> None:
    """A bank of `questions` well-formed questions, the right choice in turn at each place."""
    items = []
    for i in range(questions):
        choices = "".join(f"      - text: Option {'ABCD'[j]} for item {i}\n"
                          + ("        correct: true\n" if j == i % 4 else "") for j in range(4))
        items.append(f"  - id: q{i}\n    type: single\n    question: Which option is right for "
                     f"item number {i}?\n    choices:\n{choices}    explanation: Option "
                     f"{'ABCD'[i % 4]} is right.\n    objectives: [1]\n")
    site.write("quizzes/01-mod1.yml",
               "module: mod1\ntitle: Module 1\npass_mark: 70\nquestions:\n" + "".join(items))


def package(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    course = Path(shutil.which("course") or REPO / ".venv" / "bin" / "course")
    return subprocess.run([str(course), "package", "--root", str(root),
                           "--out", str(root / "dist"), *args],
                          capture_output=True, text=True, timeout=120)


def test_a_course_too_large_for_scorm_12_is_a_build_error(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path / "course")
    big_bank(site, 450)
    (site.root / "mkdocs.yml").write_text(site.config, encoding="utf-8")
    proc = package(site.root)
    assert proc.returncode == 1
    size = scorm_state.minimal_size(load_course(site.root))
    assert size > 4096
    assert (f"the course is too large for a SCORM 1.2 package: the shortest record of answers "
            f"to all its 450 questions takes {size:,} characters, and SCORM 1.2 keeps at most "
            "4,096 (cmi.suspend_data)") in proc.stderr
    assert "`make package KIND=cmi5`" in proc.stderr
    assert "No package was written." in proc.stderr
    assert not (site.root / "dist").exists()  # refused before anything was built or written


def test_a_module_without_a_bank_is_the_engines_own_error(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path / "course", modules=2)
    (site.root / "quizzes" / "02-mod2.yml").unlink()
    (site.root / "mkdocs.yml").write_text(site.config, encoding="utf-8")
    proc = package(site.root)
    assert proc.returncode == 1
    assert ("docs/modules/02-mod2.md:3: course.module: no bank in quizzes/ has `module: mod2`. "
            "Fix: create quizzes/02-mod2.yml with `module: mod2`, or correct the id here."
            ) in proc.stderr
    assert not (site.root / "dist").exists()


def test_cmi5_xml_is_valid_against_the_course_structure_xsd() -> None:
    course = load_course(REPO)
    xml = cmi5_structure.structure_xml(
        "A course: with \"quotes\" & <angles>", "Described.", "en",
        [(m.id, m.title, " ".join(m.objectives), m.bank.pass_mark) for m in course.modules])
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(xml)
    assert schema.validate(document), schema.error_log
    aus = document.findall(f"{{{cmi5_structure.NS}}}au")
    assert [au.get("moveOn") for au in aus] == ["Passed"] * len(course.modules)
    assert [au.get("masteryScore") for au in aus] == [
        cmi5_structure.mastery_score(m.bank.pass_mark) for m in course.modules]
    assert aus[0].findtext(f"{{{cmi5_structure.NS}}}url") == \
        f"lms/cmi5.html?module={course.modules[0].id}"
    # Without a url (the element CATAPULT's player crashed on), the XSD says so.
    aus[0].remove(aus[0].find(f"{{{cmi5_structure.NS}}}url"))
    assert not schema.validate(document)


@pytest.mark.parametrize(("mark", "score"), [(70, "0.7"), (72.5, "0.725"), (100, "1"),
                                             (0, "0")])
def test_mastery_score_is_the_pass_mark_as_a_decimal(mark: float, score: str) -> None:
    assert cmi5_structure.mastery_score(mark) == score
