"""Issue 13: progress that nothing can lose. Several tabs of one browser, a retake after the
certificate, a damaged record in a full storage, and a bank of 1,000 questions."""

from __future__ import annotations

import json
from pathlib import Path

from learner import (
    MODULES,
    answer,
    assessment_url,
    bank,
    claim,
    do_evaluation,
    open_certificate,
    pass_everything,
    status_text,
    take_assessment,
)
from playwright.sync_api import Browser, BrowserContext, Page

from conftest import Tab, served_fixture, source_module
from sitekit import FixtureSite

STORE_KEY = "exosome-cme:/:progress"


def stored(page: Page) -> dict:
    return json.loads(page.evaluate("k => localStorage.getItem(k)", STORE_KEY))


def answered(page: Page, module_id: str) -> int:
    return len(stored(page)["modules"].get(module_id, {}).get("answers", {}))


def open_tabs(context: BrowserContext, base: str, n: int) -> list[Page]:
    tabs = [Tab(context, base) for _ in range(n)]
    tabs[0].open()  # the first page of the browser session
    return [t.page for t in tabs]


def test_two_tabs_on_different_modules_keep_both(context: BrowserContext, course_url: str) -> None:
    one, two = open_tabs(context, course_url, 2)
    first, second = MODULES[0], MODULES[1]
    one.goto(assessment_url(one, course_url, first))
    two.goto(assessment_url(two, course_url, second))  # both open before either answers
    for page in (one, two):  # each answers every question on its page, without reloading
        questions = page.locator(".course-question")
        for i in range(questions.count()):
            answer(questions.nth(i), correct=True)
    for page in (one, two):
        page.goto(course_url)
        for module_id in (first, second):
            assert page.locator(f'[data-module-status="{module_id}"]').inner_text() == \
                "Passed (100%)", (page.url, module_id)


def test_two_tabs_on_one_module_keep_every_answer(context: BrowserContext, course_url: str) -> None:
    one, two = open_tabs(context, course_url, 2)
    module_id = MODULES[2]
    url = assessment_url(one, course_url, module_id)
    one.goto(url)
    two.goto(url)
    module = bank(one, module_id)
    half = module.total // 2
    for i in range(half):
        answer(one.locator(".course-question").nth(i), correct=True)
    # The other tab shows those answers at once, as given, and counts them.
    two.locator(".course-question .quiz-feedback:not(.hidden)").nth(half - 1).wait_for()
    assert status_text(two).startswith(module.in_progress(half, half))
    for i in range(half, module.total):
        answer(two.locator(".course-question").nth(i), correct=False)
    one.locator(".course-question .quiz-feedback:not(.hidden)").nth(module.total - 1).wait_for()
    for page in (one, two):
        page.reload()
        assert page.locator(".quiz-feedback:not(.hidden)").count() == module.total
        status = status_text(page)
        assert status.startswith(module.passed(half) if module.passes(half)
                                 else module.failed(half)), status
    assert answered(one, module_id) == module.total


def test_a_stale_tab_never_undoes_the_certificate(context: BrowserContext, course_url: str) -> None:
    old, new = open_tabs(context, course_url, 2)
    old.goto(course_url + "evaluation/")  # left open from an earlier session
    pass_everything(new, course_url)
    claim(new, course_url, "Ada Lovelace")
    certificate = new.locator("[data-field=id]").inner_text()
    total = sum(bank(new, m).total for m in MODULES)
    # Back in the old tab: it submits the evaluation again, with other answers.
    old.locator('input[name="objectives"][value="2"]').check()
    old.locator('input[name="relevance"][value="2"]').check()
    old.locator('input[name="balance"][value="2"]').check()
    old.locator('input[name="change"][value="no"]').check()
    old.locator('input[name="bias"][value="no"]').check()
    old.get_by_role("button", name="Submit evaluation").click()
    old.locator("[data-evaluation-done]:not([hidden])").wait_for()
    state = stored(old)
    assert sum(len(m["answers"]) for m in state["modules"].values()) == total
    assert state["evaluation"]["answers"]["objectives"] == "2"  # the later submission wins
    assert state["certificate"]["id"] == certificate
    open_certificate(old, course_url)
    assert old.locator("[data-field=id]").inner_text() == certificate
    assert old.locator("[data-certificate-locked]").is_hidden()


def test_three_tabs_answering_at_once(context: BrowserContext, course_url: str) -> None:
    pages = open_tabs(context, course_url, 3)
    modules = [bank(pages[0], m) for m in MODULES[3:6]]
    for page, module in zip(pages, modules, strict=True):
        page.goto(assessment_url(page, course_url, module.id))
    for i in range(max(m.total for m in modules)):  # turn by turn, one answer in each tab
        for page, module in zip(pages, modules, strict=True):
            if i < module.total:
                answer(page.locator(".course-question").nth(i), correct=True)
    pages[0].goto(course_url)
    for module in modules:
        assert answered(pages[0], module.id) == module.total
        assert pages[0].locator(f'[data-module-status="{module.id}"]').inner_text() == \
            "Passed (100%)"


def test_other_tabs_redraw_at_once(context: BrowserContext, course_url: str) -> None:
    home, work = open_tabs(context, course_url, 2)
    module_id = MODULES[0]
    take_assessment(work, course_url, module_id)
    home.locator(f'[data-module-status="{module_id}"]', has_text="Passed (100%)").wait_for()


def test_retake_after_the_certificate_says_what_happens(tab: Tab) -> None:
    page, base = tab.page, tab.base
    pass_everything(page, base)
    claim(page, base, "Grace Hopper", "DO")
    certificate = page.locator("[data-field=id]").inner_text()
    module = bank(page, MODULES[1])
    page.goto(assessment_url(page, base, module.id))
    page.get_by_role("button", name="Retake this assessment").click()
    warning = page.locator(".course-retake__warning").inner_text()
    assert warning == (
        f"This clears your {module.total} answers to this module so you can answer every "
        f"question again. Your pass ({module.total} of {module.total}, 100%) is withdrawn "
        f"until you pass again. Your certificate (ID {certificate}) will be locked until you "
        "have passed this module again. Its name, credit and ID are kept; its completion date "
        "becomes the date you pass again.")
    with page.expect_event("load"):
        page.get_by_role("button", name="Clear my answers and retake").click()
    open_certificate(page, base)
    assert page.locator("[data-certificate-remaining]").inner_text().startswith(
        f"Module {module.number}: {module.title} (not started")
    take_assessment(page, base, module.id)
    open_certificate(page, base)
    assert page.locator("[data-field=id]").inner_text() == certificate
    assert page.locator("[data-field=name]").inner_text() == "Grace Hopper"


FULL = """
Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
"""


def test_a_damaged_record_in_full_storage_is_left_alone_and_said_so(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(base)
    damaged = '{"format": "exosome-cme-progress", "version": 1, "modules": {"x": 5}}'
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, damaged])
    page.add_init_script(FULL)
    page.goto(assessment_url(page, base, MODULES[0]))
    notice = page.locator(".course-notices").inner_text()
    assert "Progress cannot be saved in this browser now" in notice
    assert "left exactly as it was" in notice
    assert "was kept" not in notice  # no copy was written
    answer(page.locator(".course-question").first, correct=True)
    assert page.evaluate("k => localStorage.getItem(k)", STORE_KEY) == damaged
    assert [k for k in page.evaluate("Object.keys(localStorage)") if "unreadable" in k] == []
    tab.errors = [e for e in tab.errors if "Failed to save quiz progress" not in e]


BIG = 1000


def big_bank() -> str:
    lines = ["module: mod1", "title: Module 1", "pass_mark: 70", "questions:"]
    for i in range(BIG):
        lines += [f"  - id: big-q{i}", "    type: single",
                  f"    question: In laboratory series {i}, which vesicle size band was reported?",
                  "    choices:"]
        for c in range(4):
            lines.append(f"      - text: Band {chr(65 + c)} of series {i}")
            if c == i % 4:
                lines.append("        correct: true")
        lines += ["    explanation: The series reported one band.", "    objectives: [1]"]
    return "\n".join(lines) + "\n"


ANSWER_ALL = """() => {
  for (const [i, quiz] of [...document.querySelectorAll(".course-question .quiz")].entries()) {
    const inputs = [...quiz.querySelectorAll('input[name="answer"]')];
    const pick = inputs.find((x) => Boolean(x.dataset.correct) === (i % 3 !== 0));
    quiz.querySelector(`label[for="${pick.id}"]`).click();
  }
}"""


def test_a_bank_of_1000_questions_restores_after_reload(browser: Browser, tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1).with_browser_assets()
    site.write("quizzes/01-mod1.yml", big_bank())
    with served_fixture(browser, site) as (tab, url):
        source_module(tab.context, "quiz-bridge.js")
        page = tab.open("modules/01-mod1/assessment/")
        module = bank(page, "mod1")
        assert module.total == BIG
        page.evaluate(ANSWER_ALL)  # real clicks on every question's label
        wrong = len(range(0, BIG, 3))
        assert status_text(page).startswith(module.passed(BIG - wrong) if
                                            module.passes(BIG - wrong)
                                            else module.failed(BIG - wrong))
        before = status_text(page)
        page.reload()
        assert page.locator(".quiz-feedback:not(.hidden)").count() == BIG
        assert page.locator(".course-question .wrong").count() == wrong
        assert status_text(page) == before
        sizes = page.evaluate("""async () => {
            const bridge = await import(location.origin + "/__source__/quiz-bridge.js");
            const stored = localStorage.getItem(bridge.storageKey(location.pathname));
            return { stored: stored.length, limit: bridge.SIZE_LIMIT };
        }""")
        print(f"\nmkdocs-quiz copy of {BIG} answers: {sizes['stored']} characters stored, "
              f"limit {sizes['limit']}")
        assert sizes["stored"] <= sizes["limit"]
        assert tab.errors == [], tab.errors


def test_evaluation_and_passes_survive_a_tab_that_never_saw_them(
        context: BrowserContext, course_url: str) -> None:
    """The old tab's dashboard, redrawn from storage, shows what the other tab did."""
    old, new = open_tabs(context, course_url, 2)
    take_assessment(new, course_url, MODULES[0])
    do_evaluation(new, course_url)
    old.locator("[data-evaluation-status]", has_text="Done").first.wait_for()
    assert old.locator(f'[data-module-status="{MODULES[0]}"]').inner_text() == "Passed (100%)"
