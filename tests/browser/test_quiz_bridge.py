"""Each mkdocs-quiz internal that docs/javascripts/quiz-bridge.js relies on, checked against the
installed mkdocs-quiz in the built course: a new mkdocs-quiz that breaks one fails here, by name.

The course's own script is kept off these pages (it would rewrite mkdocs-quiz's storage), so
what is tested is mkdocs-quiz alone, read through the bridge's own constants."""

from __future__ import annotations

import json
import re
from importlib.metadata import version

import pytest
from learner import assessment_url
from playwright.sync_api import BrowserContext, Page

from conftest import Tab, source_module

MODULE = "exosome-biology"
INSTALLED = f"mkdocs-quiz {version('mkdocs-quiz')}"


def broke(internal: str, what: str) -> str:
    return (f"{INSTALLED} changed internal '{internal}' that docs/javascripts/quiz-bridge.js "
            f"relies on: {what}")


@pytest.fixture
def quiz_page(context: BrowserContext, course_url: str) -> Page:
    context.route(re.compile(r"/assets/javascripts/course\.[0-9a-f]+\.js$"),
                  lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    source_module(context, "quiz-bridge.js")
    tab = Tab(context, course_url)
    page = tab.page
    page.goto(assessment_url(page, course_url, MODULE))
    with_bridge(page)
    return page


def with_bridge(page: Page) -> None:
    """The bridge module, as window.bridge, for the checks to read its constants."""
    page.wait_for_function("() => document.readyState === 'complete'")
    page.evaluate("""async () => { window.bridge = await import(
        location.origin + "/__source__/quiz-bridge.js"); }""")


def reload(page: Page) -> None:
    page.reload()
    with_bridge(page)


def key(page: Page) -> str:
    return page.evaluate("bridge.storageKey(location.pathname)")


def wrong_value(page: Page, n: int = 0) -> str:
    return page.locator(f'#quiz-{n} input[name="answer"]:not([data-correct])').first \
        .get_attribute("value")


def restored(page: Page, n: int = 0) -> bool:
    return page.locator(f"#quiz-{n} .quiz-feedback:not(.hidden)").count() == 1


def test_storage_key_and_value(quiz_page: Page) -> None:
    page = quiz_page
    value = wrong_value(page)
    record = {"quiz-0": {"answered": True, "correct": False, "selectedValues": [value]}}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(page), json.dumps(record)])
    reload(page)
    assert restored(page), broke("storage key/value", "an answer stored under "
                                 f"{key(page)!r} as {record} is not restored")
    assert page.locator(f'#quiz-0 input[value="{value}"]').is_checked(), \
        broke("storage value", "selectedValues are not restored as checked choices")


def test_size_limit(quiz_page: Page) -> None:
    page = quiz_page
    limit = page.evaluate("bridge.SIZE_LIMIT")
    entry = {"answered": True, "correct": False, "selectedValues": [wrong_value(page)]}

    def padded(size: int) -> str:  # quiz-0 answered, filled up to `size` with unused quiz ids
        data = {"quiz-0": entry}
        n = 10_000
        while len(json.dumps(data, separators=(",", ":"))) < size - 80:
            data[f"quiz-{n}"] = {"answered": True, "correct": True, "selectedValues": ["0"]}
            n += 1
        head = json.dumps(data, separators=(",", ":"))[:-1]
        head += ',"pad":{"answered":false,"correct":false'
        return head + " " * (size - len(head) - 2) + "}}"

    for size, kept in ((limit, True), (limit + 1, False)):
        text = padded(size)
        assert len(text) == size
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(page), text])
        reload(page)
        assert restored(page) is kept, broke(
            "size limit", f"a stored value of {size} characters is "
            f"{'not ' if kept else ''}restored (SIZE_LIMIT = {limit})")


def click_first_choice(page: Page) -> None:
    choice = page.locator("#quiz-0 input").first.get_attribute("id")
    page.locator(f'#quiz-0 label[for="{choice}"]').click()


def test_event_after_each_answer(quiz_page: Page) -> None:
    page = quiz_page
    page.evaluate("""() => { window.seen = [];
        window.addEventListener(bridge.EVENT, (e) => seen.push(e.detail.answered)); }""")
    click_first_choice(page)
    assert page.evaluate("seen") == [1], broke("event", "no quizProgressUpdate on window "
                                                "with detail.answered after an answer")


def test_dom_of_a_quiz(quiz_page: Page) -> None:
    page = quiz_page
    first = page.locator(".course-question").first
    assert first.locator(".quiz#quiz-0 form fieldset").count() == 1, \
        broke("DOM", ".quiz#quiz-N holding a form and fieldset")
    values = first.locator('input[name="answer"]').evaluate_all("xs => xs.map(x => x.value)")
    assert sorted(values) == [str(i) for i in range(len(values))], \
        broke("DOM", f"choice values are not their indices: {values}")
    assert first.locator('input[name="answer"][data-correct="true"]').count() >= 1, \
        broke("DOM", 'right choices carry data-correct="true"')
    assert first.locator(".quiz-feedback.hidden").count() == 1, \
        broke("DOM", ".quiz-feedback is hidden until answered")
    assert page.locator(".quiz[data-auto-submit] fieldset").count() >= 1, \
        broke("DOM", ".quiz[data-auto-submit] marks radio groups that answer on change")
    assert page.evaluate("bridge.shownAnswer(document.querySelector('#quiz-0'))") is None


def test_submit_grades_the_checked_choices(quiz_page: Page) -> None:
    page = quiz_page
    value = wrong_value(page)
    missed = page.evaluate("""(value) => bridge.showAnswers(document,
        (id) => id === bridge.questions(document)[0].id ? { selected: [value] } : null)""", value)
    assert missed == [], broke("submit", "a submit event on the form does not grade it")
    shown = page.evaluate("bridge.shownAnswer(document.querySelector('#quiz-0'))")
    assert shown == {"selected": [value], "correct": False}, broke("submit", str(shown))
    assert page.evaluate("document.activeElement.matches('.quiz-feedback')") is False
    saved = json.loads(page.evaluate("k => localStorage.getItem(k)", key(page)))
    assert saved["quiz-0"]["selectedValues"] == [value], broke("storage value", str(saved))


def test_reset_links_are_there_to_hide(quiz_page: Page) -> None:
    page = quiz_page
    links = page.evaluate("document.querySelectorAll(bridge.RESET_LINKS).length")
    assert links >= 1, broke("reset", "none of its reset links found: the course hides and "
                             "redirects them by these class names")
    assert page.locator(".quiz-reset-all-link").first.is_hidden()


def test_storage_warning_class(quiz_page: Page) -> None:
    page = quiz_page
    page.evaluate("""() => { Storage.prototype.setItem = () => {
        throw new DOMException("full", "QuotaExceededError"); }; }""")
    click_first_choice(page)
    warning = page.locator(".quiz-storage-warning")
    assert warning.count() == 1, broke("warnings", "no .quiz-storage-warning when its copy "
                                       "cannot be saved")
    assert warning.is_hidden(), "course.css no longer hides mkdocs-quiz's storage warning"
