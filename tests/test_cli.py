"""`course check`: the educator's fast check, in-process and as the installed command."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course_cli import main
from sitekit import REPO, FixtureSite

COURSE = Path(sys.executable).with_name("course")  # the console script pip installed

# Two mistakes an educator makes, and the exact lines `course check` must print for them.
NO_CORRECT = ("quizzes/01-mod1.yml:8: questions[0].choices: a `single` question needs exactly "
              "one correct choice, found 0. Fix: mark the right choice with `correct: true`.")
TYPO = ("quizzes/01-mod1.yml:29: questions[1].explaination: unknown key `explaination` in a "
        "question. Fix: did you mean `explanation`?")


@pytest.fixture
def site(tmp_path: Path) -> FixtureSite:
    site = FixtureSite(tmp_path / "course", modules=2)
    (site.root / "mkdocs.yml").write_text(site.config, encoding="utf-8")
    return site


def break_bank(site: FixtureSite) -> None:
    bank = site.root / "quizzes" / "01-mod1.yml"
    text = bank.read_text()
    right = "        feedback: Right"
    text = text.replace("        correct: true\n" + right, right, 1)  # no correct choice
    bank.write_text(text.replace("    explanation: They", "    explaination: They"))


def test_check_passes_a_good_course(site: FixtureSite, capsys: pytest.CaptureFixture[str]
                                    ) -> None:
    assert main(["check", "--root", str(site.root)]) == 0
    out, err = capsys.readouterr()
    assert out == "OK: 2 modules, 4 questions, 1 reference\n"
    assert err == ""


def test_check_reports_bad_banks_by_file_line_and_key(site: FixtureSite,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    break_bank(site)
    assert main(["check", "--root", str(site.root)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "The course has 3 problems:"
    assert f"  - {NO_CORRECT}" in lines
    assert any(line.startswith(f"  - {TYPO}") for line in lines)
    assert "then run `make check` again" in lines[-1]


def test_check_reports_course_settings_in_mkdocs_yml(site: FixtureSite,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = site.root / "mkdocs.yml"
    text = config.read_text().replace("    contact: course@example.org\n", "")
    config.write_text("site_url: !ENV [SITE_URL, 'http://x/']\n" + text)  # tags are fine
    assert main(["check", "--root", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "  - mkdocs.yml: extra.course: required key `contact` is missing" in err


def test_check_finds_the_course_from_a_subfolder(site: FixtureSite,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(site.root / "quizzes")
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 2 modules")


def test_usage_mistakes_exit_2_with_a_message(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "required: COMMAND" in capsys.readouterr().err
    assert main(["chek"]) == 2
    assert "invalid choice: 'chek'" in capsys.readouterr().err
    assert main(["check", "--root", str(tmp_path / "nowhere")]) == 2
    assert "no quizzes/ folder in" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "export" in capsys.readouterr().out


def run_course(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COURSE), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def test_installed_course_command(site: FixtureSite) -> None:
    assert COURSE.exists(), "run `pip install -e '.[test]'` to install the `course` command"
    good = run_course("check", cwd=site.root)
    assert (good.returncode, good.stdout, good.stderr) == (
        0, "OK: 2 modules, 4 questions, 1 reference\n", "")
    break_bank(site)
    bad = run_course("check", "--root", str(site.root), cwd=site.root.parent)
    assert bad.returncode == 1 and bad.stdout == ""
    assert f"  - {NO_CORRECT}\n" in bad.stderr


# --------------------------------------------------------------------------- the templates

MODULE_TEMPLATE = REPO / "docs" / "modules" / "_template.md.example"
BANK_TEMPLATE = REPO / "quizzes" / "_template.yml.example"
EXTRA_REFERENCES = """\
fda2019:
  citation: "US FDA. Public safety notification on exosome products. 2019."
  url: https://www.fda.gov/
kwon2020:
  citation: "Kwon HH, et al. Split-face study. Acta Derm Venereol. 2020;100:adv00310."
  url: https://doi.org/10.2340/00015555-3666
"""


def add_from_templates(site: FixtureSite, fill: bool) -> None:
    """What the guide tells a new educator to do: copy both templates, then fill them in."""
    page = MODULE_TEMPLATE.read_text(encoding="utf-8")
    if fill:
        for placeholder, value in {
            "MODULE-ID": "example-module", "REFERENCE-KEY": "zhang2015",
            "ANOTHER-KEY": "fda2019", "n=NUMBER": "n=25",
            "FIRST SECTION HEADING": "Regulatory status",
            "SECOND SECTION HEADING": "How to read the evidence",
        }.items():
            page = page.replace(placeholder, value)
    site.write("docs/modules/03-example.md", page)
    site.write("quizzes/03-example.yml", BANK_TEMPLATE.read_text(encoding="utf-8"))
    refs = site.root / "quizzes" / "references.yml"
    refs.write_text(refs.read_text() + EXTRA_REFERENCES, encoding="utf-8")


def test_unfilled_module_template_is_caught(site: FixtureSite,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    add_from_templates(site, fill=False)
    assert main(["check", "--root", str(site.root)]) == 1
    err = capsys.readouterr().err
    lines = MODULE_TEMPLATE.read_text(encoding="utf-8").splitlines()
    module = lines.index("  module: MODULE-ID") + 1
    page = "docs/modules/03-example.md"
    assert f"{page}:{module}: course.module: `MODULE-ID` is not a valid id." in err
    assert "the citation `REFERENCE-KEY` is not in quizzes/references.yml" in err


def test_filled_templates_make_a_valid_module(site: FixtureSite,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    add_from_templates(site, fill=True)
    assert main(["check", "--root", str(site.root)]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out == "OK: 3 modules, 6 questions, 3 references\n"


def test_files_named_in_the_models_messages_exist(site: FixtureSite,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (site.root / "quizzes" / "02-mod2.yml").write_text("")
    (site.root / "docs" / "modules" / "01-mod1.md").write_text("# No front matter\n")
    assert main(["check", "--root", str(site.root)]) == 1
    named = set(re.findall(r"copy ([\w/.-]+\.example)", capsys.readouterr().err))
    assert named == {"quizzes/_template.yml.example", "docs/modules/_template.md.example"}
    for rel in named:
        assert (REPO / rel).is_file(), rel


# --------------------------------------------------------------------------- the real course


def test_time_the_real_course_check(capsys: pytest.CaptureFixture[str]) -> None:
    """Timed, not asserted: colleagues' banks may be mid-edit, and machines differ."""
    start = time.perf_counter()
    code = main(["check", "--root", str(REPO)])
    in_process = time.perf_counter() - start
    start = time.perf_counter()
    run = run_course("check", cwd=REPO)
    command = time.perf_counter() - start
    result = capsys.readouterr()
    summary = (result.out or result.err).splitlines()[0]
    with capsys.disabled():
        print(f"\n[course check on the real course] exit {code} ({summary}); "
              f"load_course in-process {in_process:.3f} s, `course check` command "
              f"{command:.3f} s (exit {run.returncode})")
    assert code in (0, 1) and run.returncode == code


def test_report_shows_cue_scores_blueprint_and_study_time(
        site: FixtureSite, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(site.root), "--report"]) == 0
    out = capsys.readouterr().out
    assert "Module 1: Module 1 (quizzes/01-mod1.yml)" in out
    assert "    longest         0.0%  below the pass mark" in out
    assert "-> 2: mod1-q1, mod1-q2" in out
    assert "Study time: " in out and "-> 5 min." in out


def test_report_is_printed_even_when_cues_alone_pass(
        site: FixtureSite, capsys: pytest.CaptureFixture[str]) -> None:
    bank = site.root / "quizzes" / "01-mod1.yml"
    bank.write_text(bank.read_text().replace("text: 300–900 nm", "text: 3 nm")
                    .replace("      - text: Intact ribosomes\n",
                             "      - text: Intact ribosomes\n        correct: true\n"))
    assert main(["check", "--root", str(site.root), "--report"]) == 1
    out, err = capsys.readouterr()
    assert "FAILS the hard rule" in out
    assert 'cues alone pass this bank: the strategy "longest"' in err


def test_release_check_names_each_placeholder(site: FixtureSite,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "contact: course@example.org", 'contact: "[EDUCATOR: an e-mail address]"'))
    assert main(["check", "--root", str(site.root)]) == 0  # a preview is a valid course
    assert main(["check", "--root", str(site.root), "--release"]) == 1
    assert ("mkdocs.yml: extra.course.contact: still holds the placeholder `[EDUCATOR: an "
            "e-mail address]`") in capsys.readouterr().err
