"""The cmi5 package launched as cmi5 says an LMS launches an AU, against a stand-in LMS and LRS
on loopback that checks every statement against the cmi5 specification (tests/cmi5_standin.py
says why a stand-in, and which rules)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from learner import answer
from lxml import etree
from playwright.sync_api import Browser, Frame, Page

from cmi5_standin import MASTERY, SESSION, Lrs, cmi5_lms
from conftest import Tab
from lmskit import packages

NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
XSD = "tests/lms/cmi5/CourseStructure.xsd"


def au(module_id: str) -> tuple[str, float]:
    """The module's AU in the package's cmi5.xml: its publisher id and mastery score."""
    root = ET.parse(packages().cmi5 / "cmi5.xml").getroot()
    for unit in root.iter(f"{NS}au"):
        if unit.findtext(f"{NS}url") == f"lms/cmi5.html?module={module_id}":
            return unit.get("id", ""), float(unit.get("masteryScore", "nan"))
    raise AssertionError(f"no AU for {module_id}")


MODULE = "exosome-biology"


def course_frame(page: Page) -> Frame:
    page.wait_for_function("""() => {
        const course = document.querySelector('iframe[data-lms-course]')?.contentWindow;
        return course && course.document.readyState === 'complete' && course.courseManifest;
    }""")
    return next(f for f in page.frames if f.parent_frame == page.main_frame)


def xapi_errors(errors: list[str]) -> list[str]:
    """The page's errors, less the browser's console line for an xAPI 404 (no AU state document
    yet, on a first launch: the answer xAPI prescribes). A missing file says "File not found"."""
    return [e for e in errors if "status of 404 (Not Found)" not in e]


def open_assessment(page: Page, base: str) -> Frame:
    course = course_frame(page)
    url = next(m["assessment"] for m in course.evaluate("globalThis.courseManifest.modules")
               if m["id"] == MODULE)
    course.evaluate("(url) => { location.href = url; }", f"{base}pkg/{url}")
    course = course_frame(page)
    course.wait_for_url(re.compile(r"/assessment\.html$"))
    course.locator(".course-question").first.wait_for()
    return course


def answer_all(course: Frame, wrong: int = 0) -> int:
    questions = course.locator(".course-question")
    for i in range(questions.count()):
        answer(questions.nth(i), correct=i >= wrong)
    return questions.count()


def wait_for_verbs(page: Page, lrs: Lrs, url: str, verbs: list[str]) -> None:
    for _ in range(100):
        if lrs.verbs(url) == verbs:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{lrs.verbs(url)} != {verbs}")


def test_cmi5_xml_is_valid_and_each_module_is_an_au() -> None:
    schema = etree.XMLSchema(etree.parse(XSD))
    document = etree.parse(str(packages().cmi5 / "cmi5.xml"))
    assert schema.validate(document), schema.error_log
    assert au(MODULE)[1] == 0.7


def test_an_au_reports_passed_completed_and_terminated_and_resumes(browser: Browser) -> None:
    publisher_id, mastery = au(MODULE)
    with cmi5_lms(packages().cmi5) as lrs:
        url = lrs.launch(MODULE, publisher_id, mastery)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        tab = Tab(context, lrs.base)
        page = tab.page
        page.goto(url)
        wait_for_verbs(page, lrs, url, ["initialized"])
        course = open_assessment(page, lrs.base)
        total = answer_all(course)
        wait_for_verbs(page, lrs, url, ["initialized", "passed", "completed"])
        page.get_by_role("button", name="Exit this module").click()
        page.locator('[data-message="done"]').wait_for()
        assert lrs.verbs(url) == ["initialized", "passed", "completed", "terminated"]
        launch = lrs.launch_of(url)
        statements = lrs.session_statements(url)
        assert {s["context"]["registration"] for s in statements} == {launch.registration}
        assert {s["context"]["extensions"][SESSION] for s in statements} == {launch.session}
        passed = statements[1]
        assert passed["result"]["score"] == {"scaled": 1, "raw": total, "min": 0, "max": total}
        assert passed["context"]["extensions"][MASTERY] == mastery
        assert all(re.fullmatch(r"PT.*S", s["result"]["duration"]) for s in statements[1:])
        assert lrs.problems() == []
        assert [u for u in requests if not u.startswith(lrs.base)] == []
        context.close()
        assert xapi_errors(tab.errors) == [], tab.errors

        # A second session of the same registration, in another browser: the answers come back
        # from the AU's state document, and passed is not sent again (§9.3: once a registration).
        again = lrs.launch(MODULE, publisher_id, mastery, registration=launch.registration)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = Tab(context, lrs.base)
        page = tab.page
        page.goto(again)
        course = open_assessment(page, lrs.base)
        course.locator(".course-question .quiz-feedback:not(.hidden)").nth(total - 1).wait_for()
        status = course.locator(".course-module-status").inner_text()
        assert status.startswith(f"Passed: {total} of {total} correct (100%)"), status
        page.get_by_role("button", name="Exit this module").click()
        page.locator('[data-message="done"]').wait_for()
        assert lrs.verbs(again) == ["initialized", "terminated"]
        assert lrs.problems() == []
        context.close()
        assert xapi_errors(tab.errors) == [], tab.errors


def test_a_failed_module_is_reported_when_the_learner_leaves(browser: Browser) -> None:
    """With the package on another origin than the LMS and LRS (a content host): every request
    crosses origins, and the last ones are sent as the page goes."""
    publisher_id, mastery = au(MODULE)
    with cmi5_lms(packages().cmi5, other_origin=True) as lrs:
        url = lrs.launch(MODULE, publisher_id, mastery)
        assert not url.startswith(lrs.base)
        context = browser.new_context()
        tab = Tab(context, lrs.content)
        page = tab.page
        page.goto(url)
        course = open_assessment(page, lrs.content)
        total = answer_all(course, wrong=99)
        wait_for_verbs(page, lrs, url, ["initialized"])  # a retake could still pass this session
        page.goto("about:blank")  # the learner closes the AU: sent as the page goes
        wait_for_verbs(page, lrs, url, ["initialized", "failed", "completed", "terminated"])
        failed = lrs.session_statements(url)[1]
        assert failed["result"]["success"] is False
        assert failed["result"]["score"] == {"scaled": 0, "raw": 0, "min": 0, "max": total}
        assert lrs.problems() == []
        context.close()
        assert xapi_errors(tab.errors) == [], tab.errors


def test_an_lrs_that_is_down_is_said_and_retried(browser: Browser) -> None:
    publisher_id, mastery = au(MODULE)
    with cmi5_lms(packages().cmi5) as lrs:
        url = lrs.launch(MODULE, publisher_id, mastery)
        context = browser.new_context()
        tab = Tab(context, lrs.base)
        page = tab.page
        page.goto(url)
        wait_for_verbs(page, lrs, url, ["initialized"])
        course = open_assessment(page, lrs.base)
        lrs.down = True
        answer_all(course)
        message = page.locator('[data-message="waiting"]')
        message.wait_for()
        assert message.inner_text() == (
            "Your LMS's learning record store is not answering, so your latest progress is "
            "kept in this browser until it answers. This page keeps trying; you can go on.")
        lrs.down = False
        message.wait_for(state="detached", timeout=20000)
        wait_for_verbs(page, lrs, url, ["initialized", "passed", "completed"])
        page.get_by_role("button", name="Exit this module").click()
        page.locator('[data-message="done"]').wait_for()
        assert lrs.problems() == []
        context.close()
        assert [e for e in xapi_errors(tab.errors) if "503" not in e] == [], tab.errors


def test_a_launch_without_its_parameters_says_so(browser: Browser) -> None:
    publisher_id, mastery = au(MODULE)
    with cmi5_lms(packages().cmi5) as lrs:
        url = lrs.launch(MODULE, publisher_id, mastery)
        broken = re.sub(r"&(fetch|registration)=[^&]*", "", url)
        context = browser.new_context()
        tab = Tab(context, lrs.base)
        page = tab.page
        page.goto(broken)
        message = page.locator('[data-message="launch"]')
        message.wait_for()
        assert message.inner_text().startswith(
            "This page must be opened by your LMS: its address lacks fetch, registration.")
        course_frame(page).locator("h1").first.wait_for()  # the module is there to read
        assert lrs.statements == []
        context.close()
        assert xapi_errors(tab.errors) == [], tab.errors
