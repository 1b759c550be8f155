"""On a phone, every learner knows where they are and what to do next (issue 15).

Every page of the built course at 320 x 640 and 390 x 844 with touch: nothing wider than the
screen, tap targets of at least 24 CSS px for links in running text (WCAG 2.2, 2.5.8), reading
text of at least 16 px; page titles that name the page; the end of every assessment with its
verdict and next step; the evaluation's error at the question; abbreviations on tap and focus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import layout_shifts
import pytest
from learner import (
    answer,
    assessment_url,
    bank,
    do_evaluation,
    manifest,
    take_assessment,
)
from playwright.sync_api import Browser, Page
from sitemap import built_pages

from conftest import Tab, screenshot

PHONES = {"320x640": (320, 640), "390x844": (390, 844)}
ABBREVIATIONS = Path(__file__).resolve().parents[2] / "docs" / "includes" / "abbreviations.md"

# What a page shows that is wider, smaller or nearer than it should be, found in the page.
MEASURE = (Path(__file__).with_name("phone_measure.js")).read_text(encoding="utf-8")


@pytest.fixture(params=PHONES)
def phone(request: pytest.FixtureRequest, browser: Browser, course_url: str) -> Iterator[Tab]:
    width, height = PHONES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    try:
        tab = Tab(context, course_url)
        yield tab
        assert tab.errors == [], tab.errors
    finally:
        context.close()


def test_every_page_fits_the_phone_with_targets_and_text_a_thumb_and_eye_can_use(
        phone: Tab) -> None:
    page, found = phone.page, []
    for url in built_pages(phone.base):
        page.goto(url)
        found += [f"{url}: {problem}" for problem in page.evaluate(MEASURE)]
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found[:40])


def test_page_titles_are_unique_and_name_the_module(tab: Tab) -> None:
    page, base = tab.page, tab.base
    titles: dict[str, str] = {}
    for url in built_pages(base):
        page.goto(url)
        titles[url] = page.title()
    repeated = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    assert not repeated, f"titles used by more than one page: {repeated}"
    page.goto(base)
    for module in manifest(page)["modules"]:
        reading, assessment = titles[base + module["page"]], titles[base + module["assessment"]]
        assert reading.startswith(f"Module {module['number']}: ") and " — reading" in reading
        assert assessment.startswith(f"Module {module['number']}: ")
        assert " — assessment" in assessment
        page.goto(base + module["assessment"])
        footer = page.locator(".md-footer__link--next .md-ellipsis")
        assert "Read the module" not in footer.inner_text()


def end_of(page: Page) -> tuple[str, list[tuple[str, str]]]:
    """The verdict at the end of the open assessment, and its links (text, href)."""
    end = page.locator("[data-assessment-end]")
    verdict = re.sub(r"\s+", " ", end.locator("[data-assessment-verdict]").inner_text()).strip()
    links = end.locator("a").evaluate_all("as => as.map(a => [a.textContent.trim(), a.href])")
    return verdict, [tuple(link) for link in links]


def test_every_assessment_ends_with_the_verdict_and_the_next_step(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(base)
    modules = manifest(page)["modules"]
    for i, module in enumerate(modules):
        page.goto(assessment_url(page, base, module["id"]))
        questions = bank(page, module["id"])
        verdict, links = end_of(page)
        assert verdict == (f"Answer all {questions.total} questions to see your result. "
                           f"You need {questions.needed} correct ({questions.mark}%) to pass.")
        take_assessment(page, base, module["id"])
        verdict, links = end_of(page)
        assert verdict == (f"You passed this module: {questions.total} of {questions.total} "
                           f"correct (100%); the pass mark is {questions.mark}%.")
        if i + 1 < len(modules):
            following = modules[i + 1]
            expected = (f"Next: Start module {following['number']}: {following['title']}",
                        base + following["page"])
        else:
            expected = ("Next: Complete the course evaluation", base + "evaluation/")
        assert links[0] == expected, links
        assert page.locator("[data-assessment-end]").get_by_role(
            "button", name="Retake this assessment").is_visible()
        if i == 0:
            # Passed modules are ticked in the site's navigation, never in the page's contents.
            page.set_viewport_size({"width": 1400, "height": 900})
            page.goto(base + module["page"])
            assert page.locator(".md-nav--primary .course-nav-badge").count() > 0
            assert page.locator(".md-nav--secondary .course-nav-badge").count() == 0
    do_evaluation(page, base)
    page.goto(base + modules[-1]["assessment"])
    assert end_of(page)[1][0] == ("Next: Get your certificate", base + "certificate/")


def test_a_failed_assessment_ends_with_the_verdict_and_a_way_back_to_the_module(
        phone: Tab) -> None:
    page, base = phone.page, phone.base
    page.goto(base)
    module = manifest(page)["modules"][0]
    questions = bank(page, module["id"])
    page.goto(assessment_url(page, base, module["id"]))
    answer(page.locator(".course-question").first, correct=True)
    verdict, _ = end_of(page)
    left = questions.total - 1
    assert verdict.startswith(f"Answered 1 of {questions.total}. Answer the remaining {left} "
                              "questions to see your result.")
    wrong = questions.fewest_wrong_to_fail
    rest = page.locator(".course-question")
    for i in range(1, questions.total):
        answer(rest.nth(i), correct=i > wrong)
    right = questions.total - wrong
    verdict, links = end_of(page)
    assert verdict == questions.failed(right)
    assert links[0] == (f"Review module {module['number']}", base + module["page"])
    page.locator("[data-assessment-end]").scroll_into_view_if_needed()
    screenshot(page, f"phone-assessment-failed-{page.viewport_size['width']}", full_page=False)


def test_the_evaluation_marks_a_missing_answer_at_the_question(phone: Tab) -> None:
    page = phone.open("evaluation/")
    page.locator('input[name="objectives"][value="4"]').check()
    page.get_by_role("button", name="Submit evaluation").click()
    first = page.locator('[data-required="relevance"]')
    first.locator(".course-evaluation__missing").wait_for()
    assert first.locator(".course-evaluation__missing").inner_text() == \
        "This question needs an answer."
    assert page.evaluate("document.activeElement.closest('[data-required]')?.dataset.required") \
        == "relevance", "focus moves to the first unanswered question"
    assert first.get_attribute("aria-describedby") == "eval-relevance-missing"
    assert first.locator("input").first.get_attribute("aria-invalid") == "true"
    assert page.locator('[data-required="objectives"] .course-evaluation__missing').is_hidden()
    assert page.locator("[data-evaluation-error]").inner_text() == \
        "Please answer: questions 2, 3, 4 and 5. Each is marked where it is asked."
    screenshot(page, f"phone-evaluation-error-{page.viewport_size['width']}", full_page=False)
    first.locator('input[value="4"]').check()
    assert first.locator(".course-evaluation__missing").is_hidden()
    assert first.get_attribute("aria-describedby") is None


def expansions() -> dict[str, str]:
    """The course's abbreviations as docs/includes/abbreviations.md defines them."""
    text = ABBREVIATIONS.read_text(encoding="utf-8")
    return dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", text, re.M))


def test_abbreviations_expand_on_tap_on_keyboard_focus_and_on_hover(browser: Browser,
                                                                     course_url: str) -> None:
    known = expansions()
    for way in ("tap", "keyboard", "mouse"):
        touch = way == "tap"
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=touch,
                                      has_touch=touch)
        try:
            tab = Tab(context, course_url)
            page = tab.open()
            data = manifest(page)
            page.goto(course_url + data["modules"][1]["page"])
            abbr = page.locator(".md-content abbr").first
            abbr.scroll_into_view_if_needed()
            word = abbr.inner_text()
            if way == "tap":
                abbr.tap()
            elif way == "keyboard":
                page.keyboard.press("Tab")  # keyboard focus, as a keyboard user gives it
                abbr.focus()
            else:
                abbr.hover()
            tip = page.get_by_role("tooltip")
            tip.wait_for()
            assert tip.inner_text().strip() == known[word]
            assert abbr.get_attribute("aria-describedby") == tip.get_attribute("id")
            assert abbr.get_attribute("title") is None  # no second, native tooltip
            # Next to the word, inside the screen.
            word_box, tip_box = abbr.bounding_box(), tip.bounding_box()
            assert word_box and tip_box
            assert abs(tip_box["y"] - (word_box["y"] + word_box["height"])) < 40 \
                or abs(word_box["y"] - (tip_box["y"] + tip_box["height"])) < 40
            assert tip_box["x"] >= 0 and tip_box["x"] + tip_box["width"] <= 390
            if way == "mouse":
                tip.hover()  # the pointer can move onto the expansion (WCAG 1.4.13)
                page.wait_for_timeout(300)
                assert tip.is_visible()
            page.keyboard.press("Escape")  # and it can be dismissed
            tip.wait_for(state="hidden")
            assert abbr.get_attribute("aria-describedby") is None
            assert tab.errors == [], tab.errors
        finally:
            context.close()


def test_pages_filled_in_by_scripts_do_not_move(phone: Tab) -> None:
    page, base = phone.page, phone.base
    page.goto(base)
    data = manifest(page)
    paths = ["", data["modules"][0]["page"], data["modules"][0]["assessment"],
             data["course"]["evaluation"], data["course"]["certificate"]]
    layout_shifts.watch(page)
    shifted = {}
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        total = sum(e["value"] for e in layout_shifts.shifts(page))
        if total:
            shifted[path or "home"] = round(total, 4)
    assert not shifted, f"layout shift (CLS) on a first visit: {shifted}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_tour_for_people_to_look_at(browser: Browser, course_url: str, scheme: str) -> None:
    """Screenshots of a learner's path on a 390 px phone, kept in screenshots/phone-*.png."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, color_scheme=scheme)
    try:
        tab = Tab(context, course_url)
        page, base = tab.open(), course_url
        module = manifest(page)["modules"][0]
        assert page.get_attribute("body", "data-md-color-scheme") == (
            "slate" if scheme == "dark" else "default")
        screenshot(page, f"phone-{scheme}-home", full_page=False)
        page.goto(base + module["page"])
        screenshot(page, f"phone-{scheme}-module", full_page=False)
        page.goto(assessment_url(page, base, module["id"]))
        screenshot(page, f"phone-{scheme}-assessment-before", full_page=False)
        take_assessment(page, base, module["id"])
        page.locator("[data-assessment-end]").scroll_into_view_if_needed()
        screenshot(page, f"phone-{scheme}-assessment-passed", full_page=False)
        page.goto(base)
        page.locator(f'[data-module-status="{module["id"]}"]', has_text="Passed").wait_for()
        page.locator(".course-modules").scroll_into_view_if_needed()
        screenshot(page, f"phone-{scheme}-dashboard-one-passed", full_page=False)
        page.goto(base + "evaluation/")
        page.get_by_role("button", name="Submit evaluation").click()
        page.locator(".course-evaluation__missing").first.wait_for()
        screenshot(page, f"phone-{scheme}-evaluation-error", full_page=False)
        page.goto(base + "certificate/")
        page.locator("[data-certificate-locked]").scroll_into_view_if_needed()
        screenshot(page, f"phone-{scheme}-certificate-locked", full_page=False)
        assert tab.errors == [], tab.errors
    finally:
        context.close()
