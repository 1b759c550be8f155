"""Text from a bank never runs in a learner's browser: what the build lets through (code
spans, escaped tags, the allowed inline HTML) shows as text, on a full load and after
answering, and nothing executes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from conftest import served_fixture
from sitekit import FixtureSite

STEM = ("question: 'Which size, given `<script>window.pwned=1</script>` and "
        "&lt;img src=x onerror=\"window.pwned=2\"&gt; and CO<sub>2</sub>, is typical?'")
FEEDBACK = ("feedback: 'Larger, see `<img src=x onerror=window.pwned=3>` and "
            "<abbr title=\"nanometre\">nm</abbr>.'")


def test_hostile_looking_text_shows_as_text_and_never_runs(browser: Browser,
                                                           tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1).with_browser_assets()
    site.replace("quizzes/01-mod1.yml",
                 "question: How large are most small extracellular vesicles?", STEM)
    site.replace("quizzes/01-mod1.yml",
                 "feedback: That is larger than most small vesicles.", FEEDBACK)
    with served_fixture(browser, site) as (tab, url):
        page = tab.page
        page.goto(url + "modules/01-mod1/assessment/")
        question = page.locator(".course-question").first
        text = question.inner_text()
        assert "<script>window.pwned=1</script>" in text
        assert '<img src=x onerror="window.pwned=2">' in text
        assert "CO2" in text.replace("\n", "")
        question.locator("label", has_text="300–900 nm").click()
        assert "<img src=x onerror=window.pwned=3>" in question.inner_text()
        assert page.locator("abbr[title=nanometre]").count() >= 1  # allowed HTML kept
        assert page.evaluate("window.pwned") is None
        assert tab.errors == []
