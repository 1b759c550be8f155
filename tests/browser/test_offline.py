"""Offline: after one visit, the course keeps working with the network and the server gone."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from axecheck import assert_clean
from learner import (
    answer,
    assessment_url,
    bank,
    choose_dark_mode,
    manifest,
    open_certificate,
    open_menu_section,
    page_is_dark,
    rendered_ids,
    status_text,
)
from playwright.sync_api import Browser, Page

from browserkit import build_course, free_port, serve
from conftest import Tab, screenshot

MODULE = "modules/02-skin-rejuvenation/"


def visit_once_online(page: Page, base: str) -> None:
    """What a learner does on the hospital network: open the home page, nothing else."""
    page.goto(base)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == base
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.locator(".course-offline-status", has_text="Available offline").wait_for()


def use_the_course_offline(page: Page, base: str) -> None:
    """Pages never opened before: they render, a quiz answers, progress saves."""
    response = page.goto(base + MODULE)
    assert response is not None and response.from_service_worker
    assert page.locator("h1").first.inner_text().startswith("Exosomes for skin rejuvenation")
    page.goto(assessment_url(page, base, "wound-healing"))
    module = bank(page, "wound-healing")
    assert rendered_ids(page) == list(module.ids)
    questions = page.locator(".course-question")
    answer(questions.nth(0), correct=True)
    answer(questions.nth(1), correct=False)
    assert status_text(page).startswith(module.in_progress(2, 1))
    page.reload()
    assert status_text(page).startswith(module.in_progress(2, 1))
    assert page.locator(".quiz-feedback:not(.hidden)").count() == 2
    open_certificate(page, base)
    assert (f"Module 3: Exosomes in wound healing (2 of {module.total} questions answered; "
            f"pass mark {module.mark}%)") in \
        page.locator("[data-certificate-remaining]").inner_text()
    page.goto(base + "patients/what-are-exosomes/")
    assert page.locator("h1").first.inner_text().startswith("What are exosomes?")
    page.goto(base)
    assert page.locator('[data-module-status="wound-healing"]').inner_text() == \
        f"In progress: 2 of {module.total} answered"
    figure = page.evaluate("""async (url) => (await fetch(url)).status""",
                          base + "assets/figures/exosome-biology-biogenesis-uptake.svg")
    assert figure == 200


def search_offline(page: Page) -> None:
    page.locator(".md-search__input").click()
    # Material drops what is typed before its search worker has built the index.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    page.locator(".md-search__input").press_sequentially("fibroblast")  # it listens to keyup
    page.locator(".md-search-result__item").first.wait_for()


def run_offline(browser: Browser, site: Path, served_dir: Path, port: int, prefix: str,
                shot: str | None = None) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        with contextlib.ExitStack() as server:
            url = server.enter_context(serve(served_dir, port))
            tab = Tab(context, url + prefix)
            visit_once_online(tab.page, tab.base)
        # The server is shut down *and* the browser is offline: nothing can come from a network.
        context.set_offline(True)
        use_the_course_offline(tab.page, tab.base)
        search_offline(tab.page)
        if shot:
            screenshot(tab.page, shot, full_page=False)
        assert tab.errors == [], tab.errors
    finally:
        context.close()


@pytest.fixture(scope="module")
def root_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    port = free_port()
    site = build_course(tmp_path_factory.mktemp("offline") / "site", f"http://127.0.0.1:{port}/")
    return site, port


def test_course_works_offline_after_one_visit(browser: Browser,
                                              root_site: tuple[Path, int]) -> None:
    site, port = root_site
    run_offline(browser, site, site, port, "", shot="offline-search")


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """The course built for /course/: (the folder served as the host's root, the site, port)."""
    port = free_port()
    root = tmp_path_factory.mktemp("sub-path") / "www"
    site = build_course(root / "course", f"http://127.0.0.1:{port}/course/")
    return root, site, port


def test_course_works_offline_under_a_sub_path(browser: Browser,
                                               sub_path_site: tuple[Path, Path, int]) -> None:
    root, site, port = sub_path_site
    run_offline(browser, site, root, port, "course/")


def test_a_page_asked_for_without_its_slash_is_the_page_with_the_learners_choices(
        browser: Browser, sub_path_site: tuple[Path, Path, int]) -> None:
    """The stored copy answers "course/modules/x" as a web server does, by sending the browser
    to "course/modules/x/". It used to answer with the page itself at the wrong address: its
    relative links and Material's site root pointed one folder up, so the learner's dark mode,
    kept under the course's root, was not applied (and neither were the styles)."""
    root, _, port = sub_path_site
    context = browser.new_context(color_scheme="light")
    try:
        with serve(root, port) as url:
            tab = Tab(context, url + "course/")
            visit_once_online(tab.page, tab.base)
            choose_dark_mode(tab.page)
            response = tab.page.goto(tab.base + MODULE.rstrip("/"))
            assert response is not None and response.from_service_worker
            assert tab.page.url == tab.base + MODULE
            assert page_is_dark(tab.page)
            assert tab.page.evaluate("__md_scope.href") == tab.base
        assert tab.errors == [], tab.errors
    finally:
        context.close()


def test_instant_navigation_works_offline(browser: Browser, root_site: tuple[Path, int]) -> None:
    site, port = root_site
    context = browser.new_context()
    try:
        with serve(site, port) as url:
            tab = Tab(context, url)
            visit_once_online(tab.page, url)
        context.set_offline(True)
        page = tab.page
        page.evaluate("window.__sameDocument = true")
        open_menu_section(page, "6. Implementation").get_by_role("link", name="Assessment").click()
        page.locator(".course-question").first.wait_for()
        assert page.url == url + "modules/06-implementation/assessment/"
        answer(page.locator(".course-question").first, correct=True)
        assert status_text(page).startswith(bank(page, "implementation").in_progress(1, 1))
        assert tab.errors == [], tab.errors
    finally:
        context.close()


def test_a_new_build_replaces_the_stored_course(browser: Browser, tmp_path: Path) -> None:
    """A republished course reaches the learner; the old copy is deleted, not kept beside it."""
    port = free_port()
    site = build_course(tmp_path / "site", f"http://127.0.0.1:{port}/")
    context = browser.new_context()
    try:
        with serve(site, port) as url:
            tab = Tab(context, url)
            visit_once_online(tab.page, url)
            page = tab.page
            old = page.evaluate("caches.keys()")
            assert len(old) == 1 and old[0].startswith(f"exosome-cme-offline {url} ")
            glossary = site / "glossary" / "index.html"
            glossary.write_text(glossary.read_text().replace("</h1>", " (revised)</h1>", 1))
            later = glossary.stat().st_mtime + 10  # Last-Modified counts whole seconds
            os.utime(glossary, (later, later))
            worker = site / "sw.js"  # as a rebuild would: a new hash names a new store
            worker.write_text(worker.read_text().replace(old[0].rsplit(" ", 1)[1], "0" * 16))
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            keys = page.evaluate("""async () => {  // until the new worker has taken over
                for (let i = 0; i < 300; i += 1) {
                    const keys = await caches.keys();
                    if (keys.length === 1 && keys[0].endsWith(" " + "0".repeat(16))) return keys;
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                return caches.keys();
            }""")
            assert keys == [f"exosome-cme-offline {url} " + "0" * 16]
            page.goto(url + "glossary/")
            assert "(revised)" in page.locator("h1").first.inner_text()
        assert tab.errors == [], tab.errors
    finally:
        context.close()


NO_SERVICE_WORKERS = "delete Navigator.prototype.serviceWorker;"  # as in an old browser
REFUSED = """ServiceWorkerContainer.prototype.register = () =>
  Promise.reject(new DOMException("blocked by policy", "SecurityError"));"""


@pytest.mark.parametrize("script", [NO_SERVICE_WORKERS, REFUSED])
def test_without_service_workers_the_course_works_online(tab: Tab, script: str) -> None:
    page, base = tab.page, tab.base
    page.add_init_script(script)
    page.goto(assessment_url(page, base, "exosome-biology"))
    answer(page.locator(".course-question").first, correct=True)
    assert status_text(page).startswith(bank(page, "exosome-biology").in_progress(1, 1))
    page.wait_for_timeout(500)
    assert page.locator(".course-offline-status").count() == 0
    assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null") \
        is None


def connection(**fields: object) -> str:
    """An init script giving the page this `navigator.connection` (Network Information API)."""
    return f"""Object.defineProperty(Navigator.prototype, "connection", {{
  configurable: true, get: () => ({json.dumps(fields)}) }});"""


SAVING_DATA = connection(saveData=True, effectiveType="4g")


@pytest.mark.parametrize(("network", "reason"), [
    (connection(saveData=False, type="cellular", effectiveType="4g"), "you are on mobile data"),
    (connection(saveData=False, effectiveType="2g"), "your connection is slow"),
    (connection(saveData=False, effectiveType="slow-2g"), "your connection is slow"),
])
def test_on_mobile_data_or_a_slow_connection_the_course_is_offered_not_downloaded(
        browser: Browser, root_site: tuple[Path, int], network: str, reason: str) -> None:
    site, port = root_site
    context = browser.new_context()
    try:
        context.add_init_script(network)
        asked: list[str] = []
        context.on("request", lambda r: asked.append(r.url) if r.service_worker else None)
        with serve(site, port) as url:
            tab = Tab(context, url)
            page = tab.open()
            page.get_by_role("button", name="Save the course for offline use").wait_for()
            page.wait_for_timeout(500)
            assert asked == []
            assert page.evaluate("navigator.serviceWorker.getRegistration()") is None
            assert f"({reason}, so it was not downloaded automatically)" in \
                page.locator(".course-offline-status").inner_text()
        assert tab.errors == [], tab.errors
    finally:
        context.close()


def test_a_browser_saving_data_downloads_the_course_only_when_asked(
        browser: Browser, root_site: tuple[Path, int]) -> None:
    site, port = root_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(SAVING_DATA)
        asked: list[str] = []
        context.on("request", lambda r: asked.append(r.url) if r.service_worker else None)
        with serve(site, port) as url:
            tab = Tab(context, url)
            page = tab.open()
            offer = page.get_by_role("button", name="Save the course for offline use")
            offer.wait_for()
            page.wait_for_timeout(500)
            assert asked == []
            assert page.evaluate("navigator.serviceWorker.getRegistration()") is None
            assert "your browser is saving data" in \
                page.locator(".course-offline-status").inner_text()
            assert_clean(page)
            offer.scroll_into_view_if_needed()
            screenshot(page, "offline-offer-saving-data", full_page=False)

            offer.focus()
            page.keyboard.press("Enter")
            line = page.locator(".course-offline-status")
            assert page.evaluate("document.activeElement.matches('.course-offline-status')")
            line.filter(has_text="Available offline").wait_for()
            assert line.get_attribute("role") == "status"
            stored = page.evaluate("""async () => {
                const [name] = await caches.keys();
                return (await (await caches.open(name)).keys()).map((r) => r.url);
            }""")
            pages = [url + p.parent.relative_to(site).as_posix() + "/"
                     for p in site.rglob("index.html")]
            assert {u.replace("/./", "/") for u in pages} <= set(stored)  # every page
            assert asked  # by the service worker, only now

            # Next visit, still saving data: the copy the learner asked for is kept and used.
            page.reload()
            line.filter(has_text="Available offline").wait_for()
            assert offer.count() == 0
        context.set_offline(True)
        use_the_course_offline(page, url)
        assert tab.errors == [], tab.errors
    finally:
        context.close()


def test_learning_pages_work_offline_after_one_visit(browser: Browser,
                                                     root_site: tuple[Path, int]) -> None:
    """The pre-test, review and follow-up pages, never opened before, work with no network."""
    site, port = root_site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        with contextlib.ExitStack() as server:
            url = server.enter_context(serve(site, port))
            tab = Tab(context, url)
            visit_once_online(tab.page, tab.base)
        context.set_offline(True)
        page, base = tab.page, tab.base
        page.goto(base)
        module = manifest(page)["modules"][0]
        response = page.goto(base + module["pretest"])
        assert response is not None and response.from_service_worker
        items = page.locator("fieldset.course-item")
        for i in range(items.count()):
            items.nth(i).locator("input").first.check()
        page.get_by_role("button", name="Submit the pre-test").click()
        page.locator("[data-pretest-state]", has_text="You took this pre-test").wait_for()
        page.goto(base + "review/")
        page.locator("[data-review-state]", has_text="Nothing is due for review now").wait_for()
        page.goto(base + "follow-up/")
        page.locator("[data-follow-up-none]", has_text="No commitments to change").wait_for()
        assert tab.errors == [], tab.errors
    finally:
        context.close()
