"""WCAG 2.2 AA in the browser: axe-core on every built page and on the states learners reach.

axe-core comes from npm (package.json pins it; `npm ci` installs it into node_modules/).
The checking itself is in axecheck.py.
"""

from __future__ import annotations

import pytest
from axecheck import assert_clean, axe_violations
from learner import (
    MODULES,
    answer,
    assessment_url,
    claim,
    manifest,
    open_certificate,
    pass_everything,
)
from playwright.sync_api import Browser
from sitemap import built_pages

from conftest import Tab, screenshot


def test_every_built_page_has_no_violations(tab: Tab) -> None:
    page, base = tab.page, tab.base
    pages = built_pages(base)
    page.goto(base)
    data = manifest(page)
    expected = {base + m[key] for m in data["modules"] for key in ("page", "assessment")}
    expected |= {base + data["course"]["evaluation"], base + data["course"]["certificate"]}
    assert expected <= set(pages), f"not in the sitemap: {sorted(expected - set(pages))}"
    nav = set(page.eval_on_selector_all(".md-nav--primary a.md-nav__link[href]",
                                        "links => links.map(a => a.href.split('#')[0])"))
    assert nav <= set(pages), f"navigation links missing from the sitemap: {nav - set(pages)}"
    found: list[str] = []
    for url in pages:
        page.goto(url)
        found += axe_violations(page)
    assert not found, f"{len(found)} WCAG violation(s) on {len(pages)} pages:\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_assessment_after_right_and_wrong_answers(browser: Browser, course_url: str,
                                                 scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        tab = Tab(context, course_url)
        page = tab.page
        page.goto(assessment_url(page, course_url, MODULES[0]))
        questions = page.locator(".course-question")
        kinds = set()
        for i in range(questions.count()):
            question = questions.nth(i)
            kinds.add(question.locator('input[name="answer"]').first.get_attribute("type"))
            answer(question, correct=i % 3 != 1)
        assert kinds == {"radio", "checkbox"}
        assert page.locator(".quiz .wrong").count() > 0 and page.locator(".quiz .correct").count()
        assert_clean(page)
        page.get_by_role("button", name="Retake this assessment").click()  # the confirmation
        page.get_by_role("button", name="Keep my answers").wait_for()
        assert_clean(page)
        screenshot(page, f"assessment-answered-{scheme}", full_page=False)
        assert tab.errors == [], tab.errors
    finally:
        context.close()


def test_evaluation_after_a_failed_submit(tab: Tab) -> None:
    page = tab.open("evaluation/")
    page.get_by_role("button", name="Submit evaluation").click()
    error = page.locator("[data-evaluation-error]")
    error.wait_for()
    assert error.inner_text().startswith("Please answer:")
    assert_clean(page)


def test_certificate_locked_claimable_and_issued(tab: Tab) -> None:
    page, base = tab.page, tab.base
    open_certificate(page, base)
    assert page.locator("[data-certificate-locked]").is_visible()
    assert_clean(page)
    pass_everything(page, base)
    open_certificate(page, base)
    page.get_by_role("button", name="Create my certificate").click()  # nothing filled in
    page.locator("[data-certificate-error]:not([hidden])").wait_for()
    assert_clean(page)
    claim(page, base, "Ada Lovelace", "MD")
    assert page.locator("[data-certificate]").is_visible()
    assert_clean(page)


def test_home_page_in_dark_mode(browser: Browser, course_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        tab = Tab(context, course_url)
        page = tab.open()
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert_clean(page)
        screenshot(page, "home-dark", full_page=False)
        assert tab.errors == [], tab.errors
    finally:
        context.close()
