"""A learner who chose dark mode with the header's toggle keeps it: after a reload, on the next
page, and when they come back in a new tab (issue 15: "dark mode not applied for a returning
visitor who chose it"). Material keeps the choice in localStorage under the site's root path
(`__md_scope`) and applies it while the page is parsed. The page asked for without its final
slash, where the offline copy used to answer with the wrong root, is in test_offline.py."""

from __future__ import annotations

from learner import choose_dark_mode, open_menu_section, page_is_dark
from playwright.sync_api import Browser

from conftest import Tab

# The body's scheme when the parser reaches the page's content, long before Material's bundle
# (at the end of the body) runs: the choice is on the first paint, not applied afterwards.
FIRST_PAINT = """
new MutationObserver((records, observer) => {
  if (document.querySelector('[data-md-component="container"]')) {
    window.courseSchemeAtParse = document.body.dataset.mdColorScheme;
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def test_a_chosen_dark_mode_stays_on_reload_on_other_pages_and_in_a_new_tab(
        browser: Browser, course_url: str) -> None:
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(FIRST_PAINT)
        tab = Tab(context, course_url)
        page = tab.open("modules/01-exosome-biology/")
        assert not page_is_dark(page)
        choose_dark_mode(page)
        assert page_is_dark(page)

        page.reload()
        assert page.evaluate("window.courseSchemeAtParse") == "slate"
        assert page_is_dark(page)

        page.evaluate("window.sameDocument = true")  # instant navigation: the same document
        open_menu_section(page, "6. Implementation").get_by_role(
            "link", name="Assessment").click()
        page.locator(".course-question").first.wait_for()
        assert page.evaluate("window.sameDocument") is True
        assert page_is_dark(page)

        page.close()  # the learner comes back later: a new tab, another page
        later = Tab(context, course_url).open("glossary/")
        assert later.evaluate("window.courseSchemeAtParse") == "slate"
        assert page_is_dark(later)
        assert tab.errors == [], tab.errors
    finally:
        context.close()
