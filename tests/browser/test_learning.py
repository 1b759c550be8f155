"""Learning that lasts (issue 18): commitments to change, a calendar reminder, a follow-up.

The reminders are read back with `icalendar` (a maintained parser, as a calendar app would);
the clock is fixed with Playwright's clock, never waited for.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import icalendar
from learner import COMMITMENT, claim, do_evaluation, pass_everything
from playwright.sync_api import BrowserContext, Page

from conftest import Tab

NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)
SECOND = "Tell patients that no exosome product is FDA-approved."


def write_commitments(page: Page, base: str) -> None:
    do_evaluation(page, base)  # writes COMMITMENT as the first change
    page.locator("#eval-commitment-2").fill(SECOND)
    page.get_by_role("button", name="Submit evaluation").click()


def reminders(page: Page) -> icalendar.Calendar:
    with page.expect_download() as download:
        page.get_by_role("button", name="Download calendar reminders (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    return icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())


def test_commitments_give_a_calendar_reminder_that_opens_the_follow_up(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.clock.install(time=NOW)  # starts at NOW and runs on
    write_commitments(page, base)
    reminder = page.locator("[data-reminder]")
    reminder.wait_for()
    dates = reminder.locator("input[type=date]")
    # The course's follow-up days (30 and 60 by default) after the evaluation.
    assert [dates.nth(i).input_value() for i in range(dates.count())] == \
        ["2027-01-02", "2027-02-01"]
    dates.nth(1).fill("2027-02-15")  # the learner chooses the second date
    calendar = reminders(page)
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [datetime.date(2027, 1, 2),
                                                      datetime.date(2027, 2, 15)]
    assert all(str(e["URL"]) == base + "follow-up/" for e in events)
    assert COMMITMENT in str(events[0]["DESCRIPTION"]) and SECOND in str(events[0]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 2
    page.goto(str(events[0]["URL"]))
    items = page.locator("[data-follow-up-items] fieldset")
    assert items.count() == 2
    assert items.nth(0).locator("legend").inner_text() == f"Change 1: {COMMITMENT}"
    page.get_by_role("button", name="Save my follow-up").click()
    error = page.locator("[data-follow-up-error]")
    error.wait_for()
    assert items.nth(0).locator(".course-evaluation__missing").is_visible()
    items.nth(0).get_by_label("Partly").check()
    items.nth(0).locator("textarea").fill("No time to read every IND letter.")
    items.nth(1).get_by_label("Yes").check()
    page.get_by_role("button", name="Save my follow-up").click()
    page.locator("[data-follow-up-done]:not([hidden])").wait_for()
    assert tab.errors == [], tab.errors


def test_follow_up_answers_reach_the_completion_record(tab: Tab) -> None:
    page, base = tab.page, tab.base
    pass_everything(page, base)
    write_commitments(page, base)
    page.goto(base + "follow-up/")
    page.locator("[data-follow-up-items] fieldset").first.get_by_label("Not yet").check()
    page.locator("[data-follow-up-items] fieldset").nth(1).get_by_label("Yes").check()
    page.get_by_role("button", name="Save my follow-up").click()
    page.locator("[data-follow-up-done]:not([hidden])").wait_for()
    claim(page, base, "Grace Hopper", "DO")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download completion record (JSON)").click()
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert record["commitments"] == [COMMITMENT, SECOND]
    [follow_up] = record["followUps"]
    assert follow_up["answers"] == [
        {"commitment": COMMITMENT, "made": "not-yet", "barriers": ""},
        {"commitment": SECOND, "made": "yes", "barriers": ""}]
    assert tab.errors == [], tab.errors


def test_two_tabs_following_up_keep_both_answers(context: BrowserContext,
                                                 course_url: str) -> None:
    first = Tab(context, course_url)
    write_commitments(first.page, course_url)
    second = Tab(context, course_url)
    for tab in (first, second):  # both open before either answers
        tab.page.goto(course_url + "follow-up/")
    for tab, made in ((first, "Yes"), (second, "No, and I do not intend to")):
        for i in range(2):
            tab.page.locator("[data-follow-up-items] fieldset").nth(i).get_by_label(made).check()
        tab.page.get_by_role("button", name="Save my follow-up").click()
        tab.page.locator("[data-follow-up-done]:not([hidden])").wait_for()
    stored = first.page.evaluate("() => Object.entries(localStorage)")
    progress = json.loads(next(v for k, v in stored if k.endswith(":progress")))
    assert [f["answers"][0]["made"] for f in progress["followUps"]] == ["yes", "no"]
    assert first.errors == [] and second.errors == []
