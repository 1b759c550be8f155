"""Browser fixtures: the real course, built once, served on loopback, driven in Chromium."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from browserkit import CHROMIUM_ARGS, build_course, find_chromium, free_port, serve
from sitekit import REPO, FixtureSite

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def course_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    site = build_course(tmp_path_factory.mktemp("built") / "site", f"http://127.0.0.1:{port}/")
    with serve(site, port) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tab:
    """A page plus the errors it raised, so every test also proves the page never threw.

    Every tab also keeps a journal (requests, responses, console, navigations) that is written
    to screenshots/ when its test fails: timing failures are rare and need it to be explained.
    """

    created: list[Tab] = []  # the tabs of the running test, journals written if it fails

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context = context
        self.base = base
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.journal: list[str] = []
        self.started = time.monotonic()
        Tab.created.append(self)
        page = self.page
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("console", lambda m: self.note(f"console.{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.note(f"pageerror: {e}"))
        page.on("request", lambda r: self.note(
            f"request {r.method} {r.url} ({r.resource_type}, sw={r.service_worker is not None})"))
        page.on("requestfinished", lambda r: self.note(f"finished {r.url}"))
        page.on("requestfailed", lambda r: self.note(f"FAILED {r.url}: {r.failure}"))
        page.on("framenavigated", lambda f: self.note(f"navigated {f.url}") if f == page.main_frame
                else None)
        page.on("load", lambda _: self.note("load event"))

    def note(self, line: str) -> None:
        self.journal.append(f"{time.monotonic() - self.started:8.3f} {line}")

    def open(self, path: str = "") -> Page:
        self.page.goto(self.base + path)
        return self.page


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    if call.when == "call":
        item.stash[FAILED] = outcome.get_result().failed  # type: ignore[attr-defined]


FAILED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def journals(request: pytest.FixtureRequest) -> Iterator[None]:
    Tab.created.clear()
    yield
    if request.node.stash.get(FAILED, False):
        SHOTS.mkdir(exist_ok=True)
        text = "\n\n".join(f"# tab {i}: {t.base}\n" + "\n".join(t.journal)
                            for i, t in enumerate(Tab.created))
        (SHOTS / f"failed-{request.node.name}.log").write_text(text + "\n", encoding="utf-8")
    Tab.created.clear()


@pytest.fixture
def tab(request: pytest.FixtureRequest, context: BrowserContext, course_url: str) -> Iterator[Tab]:
    tab = Tab(context, course_url)
    yield tab
    if request.node.stash.get(FAILED, False):  # what the page showed when the test failed
        tab.note(f"test failed on {tab.page.url}")
        with contextlib.suppress(Exception):
            screenshot(tab.page, f"failed-{request.node.name}", full_page=False)
    assert tab.errors == [], tab.errors


SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@contextlib.contextmanager
def served_fixture(browser: Browser, site: FixtureSite) -> Iterator[tuple[Tab, str]]:
    """Build a fixture course for the port it is served on (instant navigation needs the
    real site_url), serve it, and give a tab in a fresh browser context with its base URL."""
    port = free_port()
    site.config = site.config.replace("site_url: http://127.0.0.1:8000/",
                                      f"site_url: http://127.0.0.1:{port}/")
    result = site.build()
    assert result.code == 0, result.output
    with serve(result.site, port) as url:
        context = browser.new_context()
        try:
            yield Tab(context, url), url
        finally:
            context.close()


def screenshot(page: Page, name: str, full_page: bool = True) -> None:
    """Kept for people to look at (ignored by git); never compared pixel by pixel."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def source_module(context: BrowserContext, name: str) -> str:
    """The site path of docs/javascripts/`name`, served as it is in the sources (the built
    course joins the modules into one script), for a test to import and read its constants.
    Only for a module that imports nothing."""
    text = (REPO / "docs" / "javascripts" / name).read_text(encoding="utf-8")
    context.route(f"**/__source__/{name}", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=text))
    return f"/__source__/{name}"
