"""Build small fixture courses with the real hooks and assert on the HTML a learner gets."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import pytest

from answer_key import render_answer_key
from browserkit import free_port
from course_model import load_course
from sitekit import MKDOCS, REPO, FixtureSite, Result

THIRD_PARTY = re.compile(
    r"""(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1)[^"']+\.(?:js|css|woff2?|ttf)""")


# A reference's learner note and its editors' verification record (answer key only).
NOTE = "Rat skin wounds, with the vesicles injected around the wound."
VERIFICATION = "Volume checked in PubMed; the DOI zq-7731 could not be confirmed."


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Result:
    site = FixtureSite(tmp_path_factory.mktemp("course"), modules=2)
    site.replace("quizzes/references.yml", "  url: https://doi.org/10.1186/s12967-015-0417-0\n",
                 "  url: https://doi.org/10.1186/s12967-015-0417-0\n"
                 f'  note: "{NOTE}"\n  verification: "{VERIFICATION}"\n')
    result = site.build()
    assert result.code == 0, result.output
    return result


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_assessment_page_renders_every_question_as_a_quiz(built: Result) -> None:
    html = built.page("modules/01-mod1/assessment")
    assert html.count('<div class="quiz"') == 2
    assert 'type="radio" name="answer"' in html  # single answer
    assert 'type="checkbox" name="answer"' in html  # multiple answer
    assert "You pass with 70% or more" in html
    assert "Small EVs are usually under 200 nm." in html  # the rationale


def test_no_page_contains_raw_quiz_markup(built: Result) -> None:
    for page in html_pages(built.site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"(<|&lt;)/?quiz(>|&gt;)", text), page


def test_question_and_module_ids_sit_next_to_each_rendered_quiz(built: Result) -> None:
    html = built.page("modules/01-mod1/assessment")
    wrappers = re.findall(
        r'<div class="course-question" data-module-id="(\w+)" data-question-id="([\w-]+)" '
        r'data-question-version="([0-9a-f]{12})">\s*<p[^>]*>Question \d of 2.*?</p>\s*'
        r'<div class="quiz"', html, re.S)
    assert [(m, q) for m, q, _ in wrappers] == [("mod1", "mod1-q1"), ("mod1", "mod1-q2")]


MANIFEST_LINK = re.compile(r'<script src="([^"]+)" data-course-manifest defer></script>')
MANIFEST_JS = re.compile(r"^globalThis\.courseManifest = (\{.*\});$", re.M)


def linked_manifest(html: Path) -> Path:
    found = MANIFEST_LINK.search(html.read_text(encoding="utf-8"))
    assert found, html
    return (html.parent / found.group(1)).resolve()


def test_every_page_links_the_one_manifest_of_modules_and_question_ids(built: Result) -> None:
    pages = [p for p in html_pages(built.site) if p.name == "index.html"]
    targets = {linked_manifest(p) for p in pages}
    assert len(targets) == 1, targets
    (target,) = targets
    assert target.parent == (built.site / "assets").resolve()
    assert re.fullmatch(r"course-manifest\.[0-9a-f]{12}\.js", target.name)
    found = MANIFEST_JS.search(target.read_text(encoding="utf-8"))
    assert found, target
    manifest = json.loads(found.group(1))
    assert [m["id"] for m in manifest["modules"]] == ["mod1", "mod2"]
    assert [q["id"] for q in manifest["modules"][0]["questions"]] == ["mod1-q1", "mod1-q2"]
    assert manifest["modules"][1]["assessment"] == "modules/02-mod2/assessment/"
    assert '"questions"' not in built.page("")  # linked, not copied into every page


def test_a_changed_question_gets_a_manifest_of_a_new_name(tmp_path: Path) -> None:
    """A browser that cached the old manifest can never pair it with the new pages."""
    site = FixtureSite(tmp_path, modules=1)
    first = site.build()
    assert first.code == 0, first.output
    before = linked_manifest(first.site / "index.html").name
    bank = tmp_path / "quizzes" / "01-mod1.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("3–15 µm", "3–20 µm"),
                    encoding="utf-8")
    second = site.build()
    assert second.code == 0, second.output
    after = linked_manifest(second.site / "index.html")
    assert after.name != before and after.is_file()


def test_quiz_assets_only_on_assessment_pages(built: Result) -> None:
    marker = "quiz_progress_"  # a string from mkdocs-quiz's inline quiz.js
    for page in html_pages(built.site):
        text = page.read_text(encoding="utf-8")
        is_assessment = page.parent.name == "assessment"
        assert (marker in text) == is_assessment, page


def test_the_quiz_stylesheet_comes_before_the_first_quiz(built: Result) -> None:
    """Else a browser that paints early shows the first quizzes unstyled, then moves them."""
    html = built.page("modules/01-mod1/assessment")
    style = html.find("<style")
    assert ".quiz" in html[style:html.find("</style>", style)]
    assert 0 <= style < html.find('<div class="quiz"'), "mkdocs-quiz's stylesheet is after a quiz"


def test_answer_sources_are_not_embedded(built: Result) -> None:
    for page in html_pages(built.site):
        assert "mkdocs-quiz-source" not in page.read_text(encoding="utf-8"), page


def test_search_index_keeps_module_text_but_not_the_answer_key(built: Result) -> None:
    index = (built.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "They carry proteins and RNA" in index
    assert "assessment/" not in json.dumps([d["location"] for d in json.loads(index)["docs"]])
    assert "Small EVs are usually under 200 nm" not in index
    assert "nanometre-sized" not in index


def test_module_page_shows_objectives_notice_evidence_takeaways_references(
        built: Result) -> None:
    html = built.page("modules/01-mod1")
    html = html[html.index("<article"):]  # the table of contents comes earlier in the page
    order = [html.index(s) for s in (
        ">Module 1<a", "New and evolving topic", "No exosome product is approved",
        "Learning objectives", "Describe what an extracellular vesicle is.",
        "Estimated time:</strong> 5 minutes", "Vesicles are small",
        "Key takeaways", "Take the assessment", 'id="references"')]
    assert order == sorted(order)
    assert '<span class="evidence evidence--human-randomised">' in html
    assert "Human, randomised (n=25)" in html
    assert '<a href="#ref-zhang2015" aria-label="Reference 1">1</a>' in html
    assert '<li id="ref-zhang2015">' in html


def test_verification_is_in_the_answer_key_and_on_no_learner_page(built: Result) -> None:
    assert NOTE in built.page("modules/01-mod1") and NOTE in built.page("references")
    token = b"zq-7731"  # from the verification record, and nowhere else
    for path in sorted(p for p in built.site.rglob("*") if p.is_file()):
        assert token not in path.read_bytes(), path
    key = unescape(render_answer_key(load_course(built.site.parent), "Fixture course"))
    assert VERIFICATION in key and NOTE in key


def test_no_third_party_assets(built: Result) -> None:
    for page in html_pages(built.site):
        text = page.read_text(encoding="utf-8")
        assert not THIRD_PARTY.findall(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def test_bad_bank_fails_the_build_with_the_message_and_writes_nothing(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    bank = tmp_path / "quizzes/01-mod1.yml"
    bank.write_text(bank.read_text().replace("type: single", "type: singel"))
    result = site.build()
    assert result.code != 0
    assert ("quizzes/01-mod1.yml:6: questions[0].type: `singel` is not a question type. "
            "Fix: set `type` to `single` (one right answer) or `multiple` (two or more)."
            ) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
        return str(response.read().decode("utf-8"))


@contextmanager
def mkdocs_serve(root: Path) -> Iterator[Callable[[str, str, str], None]]:
    """`mkdocs serve` in `root`; yields `until(path, text, why)`, which waits (up to a minute
    in all) until the page at `path` shows `text`, or fails saying `why`."""
    port = free_port()
    proc = subprocess.Popen(
        [str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    deadline = time.monotonic() + 60

    def until(path: str, text: str, why: str) -> None:
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if text in fetch(f"http://127.0.0.1:{port}/{path}"):
                    return
            time.sleep(0.3)
        pytest.fail(why)

    try:
        yield until
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_rebuilds_when_a_bank_changes(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    site.config += "watch:\n  - quizzes\n"
    (tmp_path / "mkdocs.yml").write_text(site.config)
    with mkdocs_serve(tmp_path) as until:
        page = "modules/01-mod1/assessment/"
        until(page, "How large are most small extracellular vesicles?", "mkdocs serve did not "
              "start")
        bank = tmp_path / "quizzes/01-mod1.yml"
        bank.write_text(bank.read_text().replace(
            "How large are most small extracellular vesicles?", "What size are small EVs?"))
        until(page, "What size are small EVs?", "mkdocs serve did not rebuild after the bank "
              "changed")


def test_serve_picks_up_an_edit_to_an_engine_module(tmp_path: Path) -> None:
    """The hooks' own modules, not only banks and pages: a copy of hooks/ is edited live."""
    hooks = tmp_path / "engine"
    shutil.copytree(REPO / "hooks", hooks, ignore=shutil.ignore_patterns("__pycache__"))
    site = FixtureSite(tmp_path / "course", modules=1)
    site.config = site.config.replace(str(REPO / "hooks"), str(hooks))
    site.config += f"watch:\n  - {hooks}\n"
    (site.root / "mkdocs.yml").write_text(site.config)
    with mkdocs_serve(site.root) as until:
        until("modules/01-mod1/", ">Laboratory<", "mkdocs serve did not start")
        markers = hooks / "markers.py"
        markers.write_text(markers.read_text().replace('"laboratory": "Laboratory"',
                                                       '"laboratory": "Cell culture"'))
        until("modules/01-mod1/", ">Cell culture<",
              "mkdocs serve kept the engine module of its first build")
