"""Search costs nothing until the learner reaches for it, then works as Material's always has."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from conftest import Tab

SEARCH_FILES = re.compile(r"/search/search_index\.json$|/workers/search\.[^/]*\.js$")


def watch(context: BrowserContext) -> list[str]:
    """Every search file a page asks for (the service worker's offline copy aside)."""
    seen: list[str] = []

    def record(request: Request) -> None:
        if request.service_worker is None and SEARCH_FILES.search(request.url):
            seen.append(request.url)

    context.on("request", record)
    return seen


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # Material used to ask for the index just after the load event


def test_nothing_is_downloaded_for_search_until_the_learner_searches(
        context: BrowserContext, course_url: str) -> None:
    seen = watch(context)
    tab = Tab(context, course_url)
    page = tab.open("modules/01-exosome-biology/")
    settle(page)
    page.locator("a.md-footer__link--next").click()  # Material's instant navigation
    expect(page).to_have_url(re.compile("/assessment/"))
    settle(page)
    assert seen == []

    page.keyboard.press("/")  # Material's shortcut: focuses the search box
    page.keyboard.type("platelet-rich plasma")  # typed before the index has arrived
    result = page.locator(".md-search-result__item a").first
    expect(result).to_have_attribute("href", re.compile("prp-and-stem-cells"))
    assert sorted(u.rsplit("/", 1)[-1].split(".")[0] for u in seen) == ["search", "search_index"]
    assert tab.errors == []


def test_the_search_button_on_a_phone_finds_pages(browser: Browser, course_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        seen = watch(context)
        tab = Tab(context, course_url)
        page = tab.open()
        settle(page)
        assert seen == []
        page.locator('label.md-header__button[for="__search"]').tap()
        page.get_by_role("textbox", name="Search").fill("informed consent")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        assert len(seen) == 2
        assert tab.errors == []
    finally:
        context.close()


def test_a_search_term_in_the_address_is_highlighted(context: BrowserContext,
                                                      course_url: str) -> None:
    seen = watch(context)
    tab = Tab(context, course_url)
    page = tab.open("modules/04-prp-and-stem-cells/?h=platelet")
    expect(page.locator("article mark[data-md-highlight]").first).to_be_visible()
    assert seen
    assert tab.errors == []
