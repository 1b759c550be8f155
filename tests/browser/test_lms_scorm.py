"""The SCORM 1.2 package in a real SCORM runtime: scorm-again's Scorm12API on a host page that
frames the package's launch page, as an LMS's player does (tests/lmskit.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from learner import answer, bank
from playwright.sync_api import Browser, Frame, Page

from conftest import Tab
from lmskit import ScormLms, packages, scorm_lms

MODULE = "exosome-biology"


def course_frame(page: Page) -> Frame:
    """The course's page inside the launch page's frame."""
    page.wait_for_function("""() => {
        const launch = document.querySelector('#sco')?.contentDocument;
        const course = launch?.querySelector('iframe[data-lms-course]')?.contentWindow;
        return course && course.document.readyState === 'complete' && course.courseManifest;
    }""")
    return next(f for f in page.frames
                if f.parent_frame and f.parent_frame.url.endswith("/lms/scorm.html"))


def launch_frame(page: Page) -> Frame:
    return next(f for f in page.frames if f.url.endswith("/lms/scorm.html"))


def open_assessment(page: Page) -> Frame:
    """Opens the module's assessment in the course frame, as the learner's link would."""
    course = course_frame(page)
    data = bank(course, MODULE)  # type: ignore[arg-type]  (a Frame reads the manifest as a Page)
    course.evaluate("(url) => { location.href = url; }", next(
        m["assessment"] for m in course.evaluate("globalThis.courseManifest.modules")
        if m["id"] == MODULE))
    course = course_frame(page)
    course.wait_for_url(re.compile(r"/assessment\.html$"))
    course.locator(".course-question").first.wait_for()
    assert course.locator(".course-question").count() == data.total
    return course


def answer_all(course: Frame, wrong: int = 0) -> None:
    questions = course.locator(".course-question")
    for i in range(questions.count()):
        answer(questions.nth(i), correct=i >= wrong)


def test_answers_are_committed_to_the_lms_and_come_back_from_it(browser: Browser) -> None:
    lms = ScormLms(stored={"cmi.core.student_id": "learner-1",
                           "cmi.core.student_name": "Doe, Jane"})
    with scorm_lms(lms) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        tab = Tab(context, base)
        page = tab.open("host.html")
        course = open_assessment(page)
        total = course.locator(".course-question").count()
        answer_all(course)
        page.wait_for_function(
            "() => API.LMSGetValue('cmi.objectives.0.status') === 'passed'")
        committed = lms.last()
        # The module is the first objective; the course is not done until every module and the
        # evaluation are; its score is the mean of the six modules' percentages.
        assert committed["cmi.objectives.0.id"] == MODULE
        assert committed["cmi.objectives.0.status"] == "passed"
        assert committed["cmi.objectives.0.score.raw"] == "100"
        assert committed["cmi.objectives.1.status"] == "not attempted"
        modules = len(course.evaluate("globalThis.courseManifest.modules"))
        assert committed["cmi.core.score.raw"] == str(round(100 / modules))
        assert committed["cmi.core.lesson_status"] == "incomplete"
        assert committed["cmi.core.exit"] == "suspend"
        assert committed["cmi.core.lesson_location"].endswith("/assessment.html")
        suspend = committed["cmi.suspend_data"]
        assert suspend.startswith("c1~") and len(suspend) <= 4096
        assert page.evaluate("API.LMSGetValue('cmi.core.score.raw')") == str(round(100 / modules))
        # Every file came from the package (or the LMS's own page): nothing from the network.
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
        assert [u for u in requests if not u.startswith((origin, "data:"))] == []
        assert not [u for u in requests if u.endswith("sw.js")]  # no offline copy in an LMS
        # Inside the LMS, the certificate page says the LMS is the record and issues the credit.
        course.evaluate("() => { location.href = '../../certificate.html'; }")
        course = course_frame(page)
        course.wait_for_url(re.compile(r"/certificate\.html$"))
        notice = course.locator('.course-notices [data-notice="lms"]')
        notice.wait_for()
        assert notice.inner_text() == (
            "You are taking this course in your provider's learning management system (LMS). "
            "The LMS keeps the record of your completion, and credit is issued by the provider "
            "through the LMS. The certificate on this page is your own copy.")
        # Leaving the launch page ends the session: LMSFinish, with the session's time.
        page.goto("about:blank")
        for _ in range(50):
            session_time = lms.last().get("cmi.core.session_time", "")
            if re.fullmatch(r"\d{2,4}:\d\d:\d\d(\.\d+)?", session_time) and \
                    session_time not in ("00:00:00", "0000:00:00.00"):
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError(f"no commit with the session time: {lms.last()}")
        context.close()
        assert tab.errors == [], tab.errors

        # Another browser (no copy in its storage): the LMS's data brings the answers back.
        lms.stored = {"cmi.core.student_id": "learner-1", "cmi.core.entry": "resume",
                      "cmi.suspend_data": suspend,
                      "cmi.core.lesson_location": committed["cmi.core.lesson_location"]}
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = Tab(context, base)
        page = tab.open("host.html")
        course = course_frame(page)
        course.wait_for_url(re.compile(r"/assessment\.html$"))  # where the learner left off
        course.locator(".course-question .quiz-feedback:not(.hidden)").nth(total - 1).wait_for()
        status = course.locator(".course-module-status").inner_text()
        assert status.startswith(f"Passed: {total} of {total} correct (100%)"), status
        context.close()
        assert tab.errors == [], tab.errors


def test_a_failed_commit_is_said_and_retried_until_the_lms_answers(browser: Browser) -> None:
    lms = ScormLms(stored={"cmi.core.student_id": "learner-2"})
    with scorm_lms(lms) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = Tab(context, base)
        page = tab.open("host.html")
        course = open_assessment(page)
        lms.failing = True
        answer(course.locator(".course-question").nth(0), correct=True)
        message = launch_frame(page).locator('[data-message="waiting"]')
        message.wait_for()
        assert message.inner_text() == (
            "Your LMS is not answering, so your latest progress is kept in this browser until "
            "it answers. This page keeps trying; you can go on.")
        lms.failing = False
        message.wait_for(state="detached", timeout=15000)
        assert lms.last()["cmi.objectives.0.status"] == "incomplete"
        assert lms.last()["cmi.objectives.0.score.raw"] == str(round(100 / bank(
            course, MODULE).total))  # type: ignore[arg-type]
        context.close()
        assert [e for e in tab.errors if "500" not in e] == [], tab.errors


def test_the_package_is_what_the_readme_says(browser: Browser) -> None:
    """`make package` output, and the zip's shape: imsmanifest.xml at the root naming the
    launch page; no service worker; every file the manifest lists is in the package."""
    built = packages()
    assert "SCORM 1.2 suspend_data: the shortest record of all" in built.output
    manifest = (built.scorm12 / "imsmanifest.xml").read_text(encoding="utf-8")
    assert 'href="lms/scorm.html"' in manifest and 'adlcp:scormtype="sco"' in manifest
    listed = re.findall(r'<file href="([^"]+)"', manifest)
    assert "lms/scorm.html" in listed
    assert all((built.scorm12 / f).is_file() for f in listed)
    assert not (built.scorm12 / "sw.js").exists()
    assert not (built.scorm12 / "javascripts" / "offline.js").exists()
    assert (built.scorm12 / "modules" / "01-exosome-biology.html").is_file()


def test_outside_an_lms_the_launch_page_says_so_and_the_course_still_works(
        browser: Browser) -> None:
    """Opened without an LMS (no SCORM API above it): nothing can be recorded in an LMS, the page
    says so, and the course keeps the learner's progress in the browser as on its own site."""
    lms = ScormLms()
    with scorm_lms(lms) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = Tab(context, base)
        page = tab.open("pkg/lms/scorm.html")
        message = page.locator('[data-message="no-lms"]')
        message.wait_for()
        assert message.inner_text().startswith(
            "This page did not find your LMS (no SCORM 1.2 connection), so nothing is recorded "
            "in an LMS: your progress is kept in this browser only.")
        course = next(f for f in page.frames if f.parent_frame == page.main_frame)
        course.wait_for_function("() => document.readyState === 'complete' && "
                                 "globalThis.courseManifest")
        url = next(m["assessment"] for m in course.evaluate("globalThis.courseManifest.modules")
                   if m["id"] == MODULE)
        course.evaluate("(url) => { location.href = url; }", f"{base}pkg/{url}")
        course.wait_for_url(re.compile(r"/assessment\.html$"))
        answer(course.locator(".course-question").nth(0), correct=True)
        status = course.locator(".course-module-status").inner_text()
        assert status.startswith("Answered 1 of "), status
        stored = course.evaluate("Object.keys(localStorage).filter((k) => k.endsWith(':progress'))")
        assert stored == ["exosome-cme:/pkg/:progress"]  # the site's own record, no LMS scope
        assert lms.commits == []
        context.close()
        assert tab.errors == [], tab.errors



def test_progress_too_long_for_scorm_12_is_said_and_kept_not_cut(browser: Browser) -> None:
    """The evaluation's free text can exceed SCORM 1.2's 4,096 characters by itself: the page
    says so, the LMS keeps its last whole copy and still gets scores and status."""
    lms = ScormLms(stored={"cmi.core.student_id": "learner-3"})
    with scorm_lms(lms) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = Tab(context, base)
        page = tab.open("host.html")
        course = open_assessment(page)
        answer(course.locator(".course-question").nth(0), correct=True)
        page.wait_for_function("() => API.LMSGetValue('cmi.objectives.0.status') === "
                               "'incomplete'")
        before = lms.last()["cmi.suspend_data"]
        course.evaluate("(url) => { location.href = url; }", f"{base}pkg/evaluation.html")
        course = course_frame(page)
        course.wait_for_url(re.compile(r"/evaluation\.html$"))
        for name in ("objectives", "relevance", "balance"):
            course.locator(f'input[name="{name}"][value="4"]').check()
        course.locator('input[name="change"][value="yes"]').check()
        course.locator("#eval-commitment-1").fill("Check the IND number before any referral.")
        course.locator('input[name="bias"][value="no"]').check()
        course.locator("#eval-comments").fill("A long comment. " * 250)  # 4,000 characters
        course.get_by_role("button", name="Submit evaluation").click()
        message = launch_frame(page).locator('[data-message="too-large"]')
        message.wait_for()
        assert re.fullmatch(
            r"Your progress is now [\d,]+ characters long and this LMS keeps at most 4,096 for a "
            r"course \(SCORM 1\.2\), so it cannot keep all of it\. Your scores and status are "
            r"still recorded in the LMS, and your answers are kept in this browser: .*",
            message.inner_text()), message.inner_text()
        assert lms.last()["cmi.suspend_data"] == before  # the last whole copy, never a cut one
        assert page.evaluate("API.LMSGetValue('cmi.suspend_data')") == before
        context.close()
        assert tab.errors == [], tab.errors
