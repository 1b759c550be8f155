"""Learning that lasts (issue 18): commitments to change, a calendar reminder, a follow-up.

The reminders are read back with `icalendar` (a maintained parser, as a calendar app would);
the clock is fixed with Playwright's clock, never waited for.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import icalendar
from learner import COMMITMENT, claim, do_evaluation, manifest, pass_everything, take_assessment
from playwright.sync_api import BrowserContext, Locator, Page

from conftest import Tab, screenshot

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


def answer_form_item(item: Locator, correct: bool) -> None:
    """Answer one question of a pre-test or review form, right or wrong."""
    right = item.locator("input[data-correct]")
    wrong = item.locator("input:not([data-correct])")
    if item.locator("input").first.get_attribute("type") == "checkbox" and correct:
        for i in range(right.count()):
            right.nth(i).check()
    else:
        (right if correct else wrong).first.check()


def test_a_pretest_shows_no_answers_and_the_gain_follows_the_post_test(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(base)
    module = manifest(page)["modules"][0]
    page.goto(base + module["page"])
    page.get_by_role("link", name=re.compile(r"^Try \d+ questions")).click()
    page.locator("form[data-pretest][data-ready]").wait_for(state="attached")
    assert page.url == base + module["pretest"]
    items = page.locator("fieldset.course-item")
    n = items.count()
    assert n == len(module["pretestQuestions"]) == module["objectives"]
    page.get_by_role("button", name="Submit the pre-test").click()
    assert items.first.locator(".course-evaluation__missing").is_visible()
    for i in range(items.count()):
        answer_form_item(items.nth(i), correct=False)
    page.get_by_role("button", name="Submit the pre-test").click()
    state = page.locator("[data-pretest-state]")
    assert re.fullmatch(rf"You took this pre-test on .+: 0 of {items.count()} correct\. The "
                        r"answers are not shown here.*", state.inner_text())
    assert page.locator(".course-item__right, [data-explanation]:visible").count() == 0
    assert items.first.locator("input").first.is_disabled()
    take_assessment(page, base, module["id"])
    gain = page.locator("[data-assessment-gain]")
    assert gain.locator("p").inner_text() == (
        f"Your gain: before reading, 0 of {n} (0%) on the pre-test; now, on the same "
        f"questions, {n} of {n} (100%).")
    rows = gain.locator("tbody tr")
    assert rows.count() == module["objectives"]
    assert rows.first.locator("td").nth(1).inner_text() == "0 of 1 (0%)"
    gain.scroll_into_view_if_needed()
    screenshot(page, "assessment-gain", full_page=False)
    for other in manifest(page)["modules"][1:]:
        take_assessment(page, base, other["id"])
    do_evaluation(page, base)
    claim(page, base, "Grace Hopper", "DO")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download completion record (JSON)").click()
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    pre = record["modules"][0]["pretest"]
    assert pre["before"] == {"correct": 0, "total": n}
    assert pre["after"] == {"correct": n, "total": n, "of": n}
    assert [o["objective"] for o in pre["objectives"]] == list(range(1, n + 1))
    assert record["modules"][1]["pretest"] is None  # not taken
    assert tab.errors == [], tab.errors


def test_missed_questions_come_back_for_review_and_change_no_pass(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.clock.install(time=NOW)
    page.goto(base)
    data = manifest(page)
    module = data["modules"][0]
    days = data["learning"]["reviewDays"]
    take_assessment(page, base, module["id"], wrong=1)
    page.goto(base)
    status = page.locator(f'[data-module-status="{module["id"]}"]').inner_text()
    assert status.startswith("Passed")
    assert page.locator("[data-course-review]").is_hidden()
    page.clock.set_system_time(NOW + datetime.timedelta(days=days[0], hours=1))
    page.goto(base)
    due = page.locator("[data-course-review]")
    due.wait_for()
    assert re.match(r"\d+ questions? (is|are) due for review", due.inner_text())
    screenshot(page, "dashboard-review-due", full_page=False)
    due.get_by_role("link").click()
    shown = page.locator("[data-review-item]:visible")
    count = shown.count()
    assert count >= 1
    first = shown.first.locator("fieldset.course-item")
    assert first.get_attribute("data-question-id") == data["modules"][0]["questions"][0]["id"]
    for i in range(count):
        item = shown.nth(i).locator("fieldset.course-item")
        answer_form_item(item, correct=i == 0)
        item.get_by_role("button", name="Check my answer").click()
        item.locator("[data-explanation]").wait_for()
    assert shown.first.locator(".course-status").inner_text() == "Right: this one has stuck."
    page.goto(base)
    assert page.locator(f'[data-module-status="{module["id"]}"]').inner_text() == status
    assert page.locator("[data-course-review]").is_hidden()
    # The next round, on its day.
    page.clock.set_system_time(NOW + datetime.timedelta(days=days[1], hours=1))
    page.goto(base)
    page.locator("[data-course-review]").wait_for()
    assert tab.errors == [], tab.errors


def test_two_tabs_reviewing_keep_every_answer(context: BrowserContext, course_url: str) -> None:
    first, second = Tab(context, course_url), Tab(context, course_url)
    for tab in (first, second):
        tab.page.clock.install(time=NOW)
    first.page.goto(course_url)
    module = manifest(first.page)["modules"][0]
    days = manifest(first.page)["learning"]["reviewDays"]
    take_assessment(first.page, course_url, module["id"], wrong=2)
    for tab in (first, second):  # both open the review before either answers
        tab.page.clock.set_system_time(NOW + datetime.timedelta(days=days[0], hours=1))
        tab.page.goto(course_url + "review/")
    answered = []
    for n, tab in enumerate((first, second)):
        item = tab.page.locator("[data-review-item]:visible fieldset.course-item").nth(n)
        answered.append(item.get_attribute("data-question-id"))
        answer_form_item(item, correct=True)
        item.get_by_role("button", name="Check my answer").click()
        item.locator("[data-explanation]").wait_for()
    stored = first.page.evaluate("() => Object.entries(localStorage)")
    progress = json.loads(next(v for k, v in stored if k.endswith(":progress")))
    assert sorted(progress["reviews"][module["id"]][str(days[0])]) == sorted(answered)
    assert first.errors == [] and second.errors == []
