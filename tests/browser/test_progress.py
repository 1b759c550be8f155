"""Issue 3 in the browser: course progress, retakes, evaluation, certificate, and faults."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from learner import (
    COMMITMENT,
    MODULES,
    answer,
    assessment_url,
    bank,
    claim,
    do_evaluation,
    manifest,
    open_certificate,
    open_menu_section,
    pass_everything,
    rendered_ids,
    status_text,
    take_assessment,
)
from playwright.sync_api import Browser, Page

from browserkit import build_course, free_port, pdf_pages, serve
from conftest import SHOTS, Tab, screenshot

STORE_KEY = "exosome-cme:/:progress"


def stored(page: Page, key: str = STORE_KEY) -> dict:
    return json.loads(page.evaluate("k => localStorage.getItem(k)", key))


def test_passing_every_module_unlocks_the_certificate(tab: Tab) -> None:
    page, base = tab.page, tab.base
    open_certificate(page, base)
    remaining = page.locator("[data-certificate-remaining]").inner_text()
    assert "Module 1: Exosome and extracellular-vesicle biology (not started" in remaining
    assert "The course evaluation (not done)" in remaining
    screenshot(page, "certificate-locked")

    pass_everything(page, base)
    page.goto(base)
    overall = page.locator("[data-course-overall]").inner_text()
    assert overall.startswith("You have completed the course")
    assert page.locator('[data-module-status="wound-healing"]').inner_text() == "Passed (100%)"
    assert page.locator("[data-course-next]").inner_text() == "Get your certificate"
    screenshot(page, "dashboard-complete")

    claim(page, base, "Ada Lovelace", "MD, PhD")
    cert = page.locator("[data-certificate]")
    text = cert.inner_text()
    # A course no provider has published yet (a preview build) certifies nothing, and says so.
    preview = manifest(page)["course"]["preview"]
    kind = cert.locator(".certificate__kind").inner_text().upper()
    assert kind == ("PREVIEW — NOT VALID" if preview else "CERTIFICATE OF COMPLETION"), kind
    assert "Ada Lovelace, MD, PhD" in text
    assert "Exosome Therapy in Dermatology" in text
    assert "Version 1.0" in text
    assert ("It certifies nothing and awards no credit." if preview
            else "not accredited for continuing medical education credit") in text
    assert re.search(r"Certificate ID: EXO-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)
    rows = cert.locator("[data-field=scores] tr")
    assert rows.count() == len(MODULES)
    assert rows.nth(2).inner_text().split("\t")[:2] == ["3. Exosomes in wound healing",
                                                       "100% (passed)"]
    screenshot(page, "certificate-unlocked")


# Records whether "Not yet unlocked" was ever on screen: present, not hidden and visible, from
# the moment the parser inserts it (it keeps its place unseen until the script has run).
WATCH_LOCKED_VIEW = """
window.__lockedShown = false;
new MutationObserver(() => {
  const locked = document.querySelector("[data-certificate-locked]");
  if (locked && !locked.hidden && locked.style.visibility !== "hidden") {
    window.__lockedShown = true;
  }
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


def test_a_learner_who_has_finished_never_sees_the_locked_certificate(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(base + "certificate/")
    page.locator("[data-certificate-locked]").wait_for()  # not finished yet: locked
    pass_everything(page, base)
    page.add_init_script(WATCH_LOCKED_VIEW)
    page.goto(base + "certificate/")
    page.get_by_role("button", name="Create my certificate").wait_for()
    assert page.evaluate("window.__lockedShown") is False, "the locked view flashed"
    screenshot(page, "certificate-claim-on-arrival")


def test_failing_one_module_keeps_the_certificate_locked_with_the_reason(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(base)
    failing = bank(page, "wound-healing")
    wrong = failing.fewest_wrong_to_fail  # one right answer more would pass
    assert failing.passes(failing.total - wrong + 1)
    for module_id in MODULES:
        take_assessment(page, base, module_id, wrong=wrong if module_id == failing.id else 0)
    assert status_text(page).startswith("Passed")
    page.goto(assessment_url(page, base, failing.id))
    correct = failing.total - wrong
    assert status_text(page).startswith(failing.failed(correct))
    do_evaluation(page, base)
    open_certificate(page, base)
    assert page.locator("[data-certificate-claim]").is_hidden()
    items = page.locator("[data-certificate-remaining] li")
    assert items.count() == 1
    assert items.first.inner_text() == (
        f"Module 3: Exosomes in wound healing (score {failing.score(correct)}% is below the "
        f"pass mark of {failing.mark}%: retake the assessment)")
    page.goto(base)
    assert page.locator('[data-module-status="wound-healing"]').inner_text() == \
        f"Not passed ({failing.score(correct)}%): retake"


def test_retake_clears_one_module_and_a_pass_follows(tab: Tab) -> None:
    page, base = tab.page, tab.base
    take_assessment(page, base, "exosome-biology")
    module = bank(page, "wound-healing")
    wrong = module.fewest_wrong_to_fail + 1  # well below the pass mark
    take_assessment(page, base, module.id, wrong=wrong)
    assert status_text(page).startswith(module.failed(module.total - wrong))
    page.get_by_role("button", name="Retake this assessment").click()
    page.get_by_role("button", name="Keep my answers").click()  # a change of mind keeps them
    assert status_text(page).startswith("Not passed")
    page.get_by_role("button", name="Retake this assessment").click()
    # The page reloads. Not expect_navigation: Material's hash tracking (replaceState) as the
    # page scrolls counts as a navigation too, and could end the wait before the reload.
    with page.expect_event("load"):
        page.get_by_role("button", name="Clear my answers and retake").click()
    assert status_text(page) == module.in_progress(0, 0)
    assert page.locator(".quiz-feedback:not(.hidden)").count() == 0
    assert page.locator('input[name="answer"]:checked').count() == 0
    take_assessment(page, base, module.id)
    assert status_text(page).startswith(module.passed(module.total))
    page.goto(base)  # the other module was not touched
    assert page.locator('[data-module-status="exosome-biology"]').inner_text() == "Passed (100%)"


def test_progress_survives_reload_and_a_new_browser_with_the_same_storage(
        tab: Tab, browser: Browser) -> None:
    page, base = tab.page, tab.base
    page.goto(assessment_url(page, base, "skin-rejuvenation"))
    module = bank(page, "skin-rejuvenation")
    questions = page.locator(".course-question")
    for i in range(3):
        answer(questions.nth(i), correct=i != 1)
    page.reload()
    assert status_text(page).startswith(module.in_progress(3, 2))
    assert page.locator(".quiz-feedback:not(.hidden)").count() == 3
    saved = tab.context.storage_state()
    again = browser.new_context(storage_state=saved)  # as after closing the browser
    try:
        other = again.new_page()
        other.goto(base)
        assert other.locator('[data-module-status="skin-rejuvenation"]').inner_text() == \
            f"In progress: 3 of {module.total} answered"
        other.goto(assessment_url(other, base, "skin-rejuvenation"))
        assert status_text(other).startswith(module.in_progress(3, 2))
    finally:
        again.close()


def test_instant_navigation_keeps_tracking(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(base)
    page.evaluate("window.__sameDocument = true")
    open_menu_section(page, "1. Exosome biology").get_by_role("link", name="Assessment").click()
    page.locator(".course-question").first.wait_for()
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    module = bank(page, "exosome-biology")
    assert rendered_ids(page) == list(module.ids)
    questions = page.locator(".course-question")
    for i in range(questions.count()):
        answer(questions.nth(i), correct=True)
    assert status_text(page).startswith(module.passed(module.total))
    page.locator(".md-nav__link", has_text="Home").first.click()
    page.locator('[data-module-status="exosome-biology"]', has_text="Passed").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    section = page.locator(".md-nav--primary label.md-nav__link", has_text="1. Exosome biology")
    assert section.locator(".course-nav-badge").text_content() == "✓ (passed)"
    assert section.is_visible()
    screenshot(page, "dashboard-one-passed")


def test_bank_change_drops_only_changed_answers(tab: Tab) -> None:
    page, base = tab.page, tab.base
    take_assessment(page, base, "exosome-biology")
    state = stored(page)
    answers = state["modules"]["exosome-biology"]["answers"]
    first = next(iter(answers))
    answers[first]["version"] = "000000000000"  # as if the educator had edited it
    answers["bio-withdrawn-question"] = {**answers[first]}  # and removed another
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, json.dumps(state)])
    page.reload()
    notice = page.locator(".course-notices").inner_text()
    assert "2 answers were removed because the question changed or was withdrawn" in notice
    module = bank(page, "exosome-biology")
    assert status_text(page).startswith(module.passed(module.total - 1))  # recomputed
    assert page.locator(".course-question .quiz-feedback:not(.hidden)").count() == \
        module.total - 1
    unanswered = page.locator(f'.course-question[data-question-id="{first}"]')
    assert unanswered.locator(".quiz-feedback.hidden").count() == 1


@pytest.mark.parametrize("raw", ["{not json", '{"format": "something-else"}', "[1, 2, 3]",
                                 '{"format": "exosome-cme-progress", "version": 1, '
                                 '"modules": {"x": {"answers": {"q": 5}}}}'])
def test_corrupted_storage_is_reset_with_a_notice(tab: Tab, raw: str) -> None:
    page, base = tab.page, tab.base
    page.goto(base)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, raw])
    page.reload()
    notice = page.locator(".course-notices").inner_text()
    assert "could not be read" in notice and "reset" in notice
    backups = page.evaluate("Object.keys(localStorage).filter(k => k.includes(':unreadable:'))")
    assert len(backups) == 1
    take_assessment(page, base, "implementation")  # and the course still works
    assert status_text(page).startswith("Passed")


DISABLED = """
Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied',
  'SecurityError'); }});
"""
FULL = """
Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
"""


@pytest.mark.parametrize(("script", "expected"), [
    (DISABLED, "This browser is not letting the course save your progress"),
    (FULL, "This browser is not letting the course save your progress"),
])
def test_storage_disabled_or_full_keeps_working_and_says_so(
        tab: Tab, script: str, expected: str) -> None:
    page, base = tab.page, tab.base
    page.add_init_script(script)
    page.goto(assessment_url(page, base, "exosome-biology"))
    assert expected in page.locator(".course-notices").inner_text()
    answer(page.locator(".course-question").first, correct=True)
    assert status_text(page).startswith(bank(page, "exosome-biology").in_progress(1, 1))
    tab.errors = [e for e in tab.errors if "Failed to load quiz progress" not in e
                  and "Failed to save quiz progress" not in e]  # mkdocs-quiz's own logging


def test_storage_filling_up_later_is_reported(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(assessment_url(page, base, "exosome-biology"))
    assert page.locator(".course-notices").count() == 0
    page.evaluate(f"() => {{ {FULL} }}")
    answer(page.locator(".course-question").first, correct=True)
    assert "Your latest progress could not be saved" in \
        page.locator(".course-notices").inner_text()
    tab.errors = [e for e in tab.errors if "Failed to save quiz progress" not in e]


def test_hostile_name_is_shown_as_text(tab: Tab) -> None:
    page, base = tab.page, tab.base
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pass_everything(page, base)
    hostile = "<img src=x onerror=alert(1)>"
    claim(page, base, hostile, credentials="<b>MD</b>")
    cert = page.locator("[data-certificate]")
    assert cert.locator("[data-field=name]").inner_text() == hostile
    assert cert.locator("[data-field=credentials]").inner_text() == "<b>MD</b>"
    assert cert.locator("img").count() == 0 and cert.locator("b").count() == 0
    page.reload()
    assert page.locator("[data-field=name]").inner_text() == hostile
    assert dialogs == []


def test_certificate_prints_to_one_landscape_page_and_record_downloads(tab: Tab) -> None:
    page, base = tab.page, tab.base
    pass_everything(page, base)
    claim(page, base, "Grace Hopper", "DO")
    SHOTS.mkdir(exist_ok=True)
    for paper in ("Letter", "A4"):
        pdf = SHOTS / f"certificate-{paper}.pdf"
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format=paper, landscape=True, print_background=True)
        pages, width, height = pdf_pages(pdf)
        assert pages == 1, paper
        assert width > height, "the certificate prints landscape"
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / "certificate-print-media.png"), full_page=True)
    text = page.locator("body").inner_text()
    assert "Grace Hopper" in text
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download completion record (JSON)").click()
    record = json.loads(Path(download.value.path()).read_text())
    assert record["learner"] == {"name": "Grace Hopper", "credentials": "DO",
                                 "consentToReport": False}
    assert record["course"]["version"] == "1.0"
    assert [m["id"] for m in record["modules"]] == MODULES
    assert all(m["passed"] and m["score"] == 100 for m in record["modules"])
    assert len(record["modules"][0]["answers"]) == bank(page, MODULES[0]).total
    assert record["evaluation"]["answers"]["change"] == "yes"
    assert record["commitments"] == [COMMITMENT]
    assert record["certificateId"].startswith("EXO-")
    assert record["credit"] == {"accredited": False, "type": None, "claimed": None}


def test_sub_path_deployment(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    root = tmp_path / "www"
    build_course(root / "course", f"http://127.0.0.1:{port}/course/")
    with serve(root, port) as url:
        context = browser.new_context()
        try:
            tab = Tab(context, url + "course/")
            page = tab.page
            page.goto(tab.base)
            page.evaluate("window.__sameDocument = true")
            open_menu_section(page, "1. Exosome biology").get_by_role(
                "link", name="Assessment").click()
            page.locator(".course-question").first.wait_for()
            assert page.url == url + "course/modules/01-exosome-biology/assessment/"
            module = bank(page, "exosome-biology")
            assert rendered_ids(page) == list(module.ids)
            questions = page.locator(".course-question")
            for i in range(questions.count()):
                answer(questions.nth(i), correct=True)
            page.reload()
            assert status_text(page).startswith(module.passed(module.total))
            keys = page.evaluate("Object.keys(localStorage)")
            assert "exosome-cme:/course/:progress" in keys
            assert "quiz_progress_/course/modules/01-exosome-biology/assessment/" in keys
            page.goto(tab.base)
            assert page.locator('[data-module-status="exosome-biology"]').inner_text() == \
                "Passed (100%)"
            assert tab.errors == []
        finally:
            context.close()


def test_a_manifest_that_fails_to_load_is_reported_and_saved_progress_kept(
        browser: Browser, course_url: str) -> None:
    # No service worker: its offline copy would answer before the failing network could.
    context = browser.new_context(service_workers="block")
    try:
        tab = Tab(context, course_url)
        page, base = tab.page, tab.base
        take_assessment(page, base, "exosome-biology")
        before = stored(page)
        assessment = assessment_url(page, base, "exosome-biology")
        context.route(re.compile(r"/assets/course-manifest\.[0-9a-f]+\.js$"),
                      lambda route: route.fulfill(status=404, body="not found"))
        for url in (assessment, base):
            page.goto(url)
            assert "Progress tracking did not load on this page" in \
                page.locator(".course-notices").inner_text()
        assert stored(page) == before
        assert [e for e in tab.errors if "404" not in e] == []  # the failed script is logged
    finally:
        context.close()
