"""What learners read: no raw citation marker and no unfilled setting on any page."""

from __future__ import annotations

from sitemap import built_pages

from conftest import Tab


def test_no_page_shows_a_raw_citation_or_an_educator_placeholder(tab: Tab,
                                                                 course_url: str) -> None:
    shown: dict[str, list[str]] = {}
    for url in built_pages(course_url):
        tab.page.goto(url)
        text = tab.page.locator("body").inner_text()
        found = [marker for marker in ("[@", "[EDUCATOR", "[evidence:") if marker in text]
        if found:
            shown[url] = found
    assert shown == {}
    # The course is still a preview (its settings hold placeholders): every page says so.
    tab.page.goto(course_url)
    assert "Preview — not yet published by a provider" in tab.page.locator("body").inner_text()
