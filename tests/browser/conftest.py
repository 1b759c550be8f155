"""Browser fixtures: the real course, built once, served on loopback, driven in Chromium."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from browserkit import CHROMIUM_ARGS, build_course, find_chromium, free_port, serve

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
    """A page plus the errors it raised, so every test also proves the page never threw."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context = context
        self.base = base
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

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


@pytest.fixture
def tab(request: pytest.FixtureRequest, context: BrowserContext, course_url: str) -> Iterator[Tab]:
    tab = Tab(context, course_url)
    yield tab
    if request.node.stash.get(FAILED, False):  # what the page showed when the test failed
        with contextlib.suppress(Exception):
            screenshot(tab.page, f"failed-{request.node.name}", full_page=False)
    assert tab.errors == [], tab.errors


SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def screenshot(page: Page, name: str, full_page: bool = True) -> None:
    """Kept for people to look at (ignored by git); never compared pixel by pixel."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
