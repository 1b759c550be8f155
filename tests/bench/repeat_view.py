"""Repeat view: what a second page view costs once the home page has been seen.

Lighthouse clears the cache before every audit, so it cannot say this. Here Playwright drives
Debian's Chromium in a fresh profile (service worker blocked, so that only the HTTP cache
helps, the same for every site): open the home page, let it settle, then view module 1's page
and count, from Chromium's own network events (CDP `Network.loadingFinished`'s
`encodedDataLength`: bytes received, headers included), what came over the network. Two ways
to get there: *loaded* (typing the address: a full page load) and *clicked* (a click on the
module's link, which Material's instant navigation turns into a fetch of the HTML alone).
The server's log says how many requests reached it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from gzip_server import Log
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

CLICK_LINK = """(path) => {
  const link = [...document.querySelectorAll("a[href]")]
    .find((a) => new URL(a.href).pathname === path);
  if (!link) return false;
  link.click();  // the real click path: Material's instant navigation listens on the document
  return true;
}"""


@dataclass
class View:
    transferred: int = 0  # bytes over the network, headers included
    requests: int = 0  # requests that reached the server
    files: list[str] = field(default_factory=list)  # what reached the server, with status
    same_document: bool = False  # the page was not reloaded: instant navigation swapped it
    error: str = ""  # why it could not be measured (the report says so; the run goes on)


class Recorder:
    """Bytes received per request, and requests still open, from CDP network events."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.open: set[str] = set()
        self.last_event = time.monotonic()

    def sent(self, event: dict[str, Any]) -> None:
        with self.lock:
            self.urls[event["requestId"]] = event["request"]["url"]
            if event["request"]["url"].startswith(("http:", "https:")):
                self.open.add(event["requestId"])
            self.last_event = time.monotonic()

    def finished(self, event: dict[str, Any]) -> None:
        with self.lock:
            self.bytes[event["requestId"]] = int(event.get("encodedDataLength") or 0)
            self.open.discard(event["requestId"])
            self.last_event = time.monotonic()

    def failed(self, event: dict[str, Any]) -> None:
        with self.lock:
            self.open.discard(event["requestId"])
            self.last_event = time.monotonic()

    def clear(self) -> None:
        with self.lock:
            self.urls.clear()
            self.bytes.clear()
            self.open.clear()
            self.last_event = time.monotonic()

    def quiet(self, page: Page, idle_s: float = 0.5, timeout_s: float = 15.0) -> None:
        """Wait until no request has been open for `idle_s` (as networkidle does, but also
        after a same-document navigation, which Playwright's load states do not see)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver the events meanwhile
            with self.lock:
                if not self.open and time.monotonic() - self.last_event >= idle_s:
                    return

    def total(self) -> int:
        with self.lock:
            return sum(n for rid, n in self.bytes.items()
                       if self.urls.get(rid, "").startswith(("http:", "https:")))


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # what a page fetches after its load event (e.g. the sitemap)


def second_view(browser: Browser, base: str, path: str, site: str, log: Log,
                click: bool) -> View:
    context = browser.new_context(service_workers="block",
                                  viewport={"width": 412, "height": 823})
    try:
        page = context.new_page()
        recorder = Recorder()
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", recorder.sent)
        cdp.on("Network.loadingFinished", recorder.finished)
        cdp.on("Network.loadingFailed", recorder.failed)
        cdp.send("Network.enable")
        page.goto(base)
        settle(page)
        recorder.clear()
        seen = len(log.hits)
        page.evaluate("window.benchMarker = true")  # survives only a same-document navigation
        if click:
            if not page.evaluate(CLICK_LINK, "/" + path):
                raise RuntimeError(f"{base}: no link to /{path} on the home page")
            page.wait_for_url(base + path)
        else:
            page.goto(base + path)
        settle(page)
        recorder.quiet(page)  # an instant navigation's images come after its "load"
        hits = [h for h in log.hits[seen:] if h.site == site]
        return View(transferred=recorder.total(), requests=len(hits),
                    files=[f"{h.path} ({h.status})" for h in hits],
                    same_document=bool(page.evaluate("window.benchMarker === true")))
    finally:
        context.close()


def measured(browser: Browser, base: str, path: str, site: str, log: Log, click: bool) -> View:
    try:
        return second_view(browser, base, path, site, log, click)
    except (RuntimeError, PlaywrightError) as exc:
        return View(error=str(exc).splitlines()[0])


def repeat_views(browser: Browser, urls: dict[str, str], path: str,
                 log: Log) -> dict[str, dict[str, View]]:
    """For each site: {"loaded": View, "clicked": View}."""
    return {site: {"loaded": measured(browser, base, path, site, log, click=False),
                   "clicked": measured(browser, base, path, site, log, click=True)}
            for site, base in urls.items()}
