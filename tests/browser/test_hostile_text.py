"""Text from a bank never runs in a learner's browser: what the build lets through (code
spans, escaped tags, the allowed inline HTML) shows as text, on a full load and after
answering, and nothing executes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from browserkit import free_port, serve
from conftest import Tab
from sitekit import FixtureSite

STEM = ("question: 'Which size, given `<script>window.pwned=1</script>` and "
        "&lt;img src=x onerror=\"window.pwned=2\"&gt; and CO<sub>2</sub>, is typical?'")
FEEDBACK = ("feedback: 'Larger, see `<img src=x onerror=window.pwned=3>` and "
            "<abbr title=\"nanometre\">nm</abbr>.'")


def test_hostile_looking_text_shows_as_text_and_never_runs(browser: Browser,
                                                           tmp_path: Path) -> None:
    port = free_port()
    site = FixtureSite(tmp_path, modules=1).with_browser_assets()
    bank = tmp_path / "quizzes" / "01-mod1.yml"
    bank.write_text(bank.read_text()
                    .replace("question: How large are most small extracellular vesicles?", STEM)
                    .replace("feedback: That is larger than most small vesicles.", FEEDBACK))
    site.config = site.config.replace("site_url: http://127.0.0.1:8000/",
                                      f"site_url: http://127.0.0.1:{port}/")
    result = site.build()
    assert result.code == 0, result.output
    with serve(result.site, port) as url:
        context = browser.new_context()
        try:
            tab = Tab(context, url)
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
        finally:
            context.close()
