"""A course configured with accreditation: credit is claimed in quarter hours up to the maximum."""

from __future__ import annotations

import json
from pathlib import Path

from learner import claim_form, do_evaluation, open_certificate, take_assessment
from playwright.sync_api import Browser, Page

from conftest import screenshot, served_fixture
from sitekit import FixtureSite

ACCREDITATION = """\
    provider: Example Medical School
    accreditation_statement: >-
      Example Medical School is accredited by the ACCME to provide continuing
      medical education for physicians.
    credit_designation: >-
      Example Medical School designates this enduring material for a maximum of
      1.5 AMA PRA Category 1 Credits™.
    credit_type: AMA PRA Category 1 Credits™
    max_credits: 1.5
"""
# Credit may not exceed the study time, which the engine computes from the text: the fixture's
# one short module is given the 90 minutes that 1.5 credits need, with the reason it requires.
STUDY_TIME = "  module: mod1\n  minutes: 90\n  minutes_reason: a supervised practical session\n"


def accredited_site(tmp_path: Path) -> FixtureSite:
    site = FixtureSite(tmp_path, modules=1).with_browser_assets()
    site.replace("docs/modules/01-mod1.md", "  module: mod1\n", STUDY_TIME)
    site.config = site.config.replace("markdown_extensions:",
                                      ACCREDITATION + "markdown_extensions:")
    return site


def finish_the_course(page: Page, url: str) -> None:
    """Pass the one module and do the evaluation: the certificate page offers the claim."""
    take_assessment(page, url, "mod1")
    do_evaluation(page, url)
    open_certificate(page, url)


def test_accredited_certificate_claims_credit_within_the_maximum(
        browser: Browser, tmp_path: Path) -> None:
    with served_fixture(browser, accredited_site(tmp_path)) as (tab, url):
        page = tab.page
        finish_the_course(page, url)
        credits = page.get_by_label("Credit claimed, up to 1.5, in quarter hours")
        assert credits.input_value() == "1.5"
        error = page.locator("[data-certificate-error]")
        for bad in ("2", "0.8", "0"):
            claim_form(page, "Jane Doe", "MD", credits=bad)
            assert error.inner_text() == ("Please claim between 0.25 and 1.5 credits, in "
                                          "steps of 0.25.")
        claim_form(page, "Jane Doe", "MD", credits="0.75")
        page.locator("[data-certificate-issued]:not([hidden])").wait_for()
        text = page.locator("[data-certificate]").inner_text()
        assert "CERTIFICATE OF CREDIT" in text.upper()
        assert "claimed 0.75 AMA PRA Category 1 Credits™" in text
        assert "Provider: Example Medical School." in text
        assert "designates this enduring material for a maximum of 1.5" in text
        assert "not accredited" not in text
        assert tab.errors == []


def test_the_claim_form_collects_what_pars_needs_only_with_consent(
        browser: Browser, tmp_path: Path) -> None:
    with served_fixture(browser, accredited_site(tmp_path)) as (tab, url):
        page = tab.page
        finish_the_course(page, url)
        form = page.locator("[data-pars]")
        assert "kept in this browser only" in form.inner_text()
        assert "Example Medical School may report my completion" in form.inner_text()
        error = page.locator("[data-certificate-error]")
        page.get_by_label("I agree that Example Medical School may report").check()
        page.get_by_label("Month of birth").select_option("February")
        page.get_by_label("Day of birth").fill("30")
        page.get_by_label("Licensing state").select_option("NY")
        claim_form(page, "Jane Doe", "MD", credits="1")
        form.scroll_into_view_if_needed()
        screenshot(page, "certificate-claim-pars-errors", full_page=False)
        assert error.inner_text() == (
            "Please enter your first and last name for reporting; choose your month of birth and "
            "enter a day of birth that exists in it; give both the licensing state and the "
            "licence number, or neither.")
        page.get_by_label("First name").fill("Jane")
        page.get_by_label("Last name").fill("Doe")
        page.get_by_label("Day of birth").fill("29")
        page.get_by_label("Licence number").fill("  AB-12 345 ")
        claim_form(page, "Jane Doe", "MD", credits="1")
        page.locator("[data-certificate-issued]:not([hidden])").wait_for()
        assert downloaded_record(page)["learner"] == {
            "name": "Jane Doe", "credentials": "MD", "consentToReport": True,
            "firstName": "Jane", "lastName": "Doe", "birthMonth": 2, "birthDay": 29,
            "licenses": [{"state": "NY", "number": "AB-12 345"}], "boardId": ""}
        # Without the consent, nothing of it is kept.
        page.get_by_role("button", name="Change name or credit").click()
        assert page.get_by_label("First name").input_value() == "Jane"
        page.get_by_label("I agree that Example Medical School may report").uncheck()
        page.get_by_role("button", name="Create my certificate").click()
        page.locator("[data-certificate-issued]:not([hidden])").wait_for()
        assert downloaded_record(page)["learner"] == {
            "name": "Jane Doe", "credentials": "MD", "consentToReport": False}
        assert tab.errors == []


def downloaded_record(page: Page) -> dict:
    with page.expect_download() as download:
        page.get_by_role("button", name="Download completion record (JSON)").click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
