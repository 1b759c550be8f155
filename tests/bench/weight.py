"""Page weight: what Chromium downloads for a page, first visit and repeat visit.

The loopback server records every request it answers (path and status), so "what Chromium
actually re-requests" is read from the server's side. Each body is gzip-compressed at level 6
(what a static host that compresses would send); HTTP headers are not counted. The server sends
`Cache-Control: max-age=600` (GitHub Pages' default) or `no-cache` (revalidate every time).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page

from browserkit import QuietHandler

PAGES = {"home": "", "module": "modules/01-exosome-biology/",
         "assessment": "modules/01-exosome-biology/assessment/", "certificate": "certificate/"}
KINDS = {".html": "html", ".css": "css", ".js": "js", ".json": "json", ".xml": "xml",
         ".svg": "image", ".png": "image", ".jpg": "image", ".jpeg": "image", ".webp": "image",
         ".gif": "image", ".ico": "image", ".woff": "font", ".woff2": "font", ".ttf": "font"}
FRESH = "max-age=600"  # GitHub Pages' default
REVALIDATE = "no-cache"  # the browser must ask again each time (304 when unchanged)


class RecordingHandler(QuietHandler):
    def __init__(self, *args: object, log: list[tuple[str, int]], policy: dict[str, str],
                 **kwargs: object) -> None:
        self.log = log
        self.policy = policy
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", self.policy["cache_control"])
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log.append((self.path, int(code)))


@contextmanager
def recording_server(directory: Path, port: int,
                     policy: dict[str, str]) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serves `directory`; `policy["cache_control"]` may be changed while it runs."""
    log: list[tuple[str, int]] = []
    policy.setdefault("cache_control", FRESH)
    handler = functools.partial(RecordingHandler, directory=str(directory), log=log,
                                policy=policy)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        server.shutdown()
        server.server_close()


@functools.cache
def gz_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6))


def local_file(site: Path, url_path: str) -> Path | None:
    path = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path).lstrip("/")
    target = site / path
    if url_path.split("?")[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@dataclass
class Visit:
    requests: int = 0
    not_modified: int = 0
    raw: int = 0
    gz: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # gzip bytes
    files: list[str] = field(default_factory=list)

    @property
    def gz_without_images(self) -> int:
        return self.gz - self.by_kind.get("image", 0)


def account(site: Path, log: list[tuple[str, int]]) -> Visit:
    visit = Visit()
    for url_path, status in log:
        visit.requests += 1
        if status == 304:
            visit.not_modified += 1
            continue
        path = local_file(site, url_path)
        if status != 200 or path is None:
            continue
        raw, gz = gz_size(path)
        kind = KINDS.get(path.suffix, "other")
        visit.raw += raw
        visit.gz += gz
        visit.by_kind[kind] = visit.by_kind.get(kind, 0) + gz
        visit.files.append(url_path)
    return visit


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the sitemap (for instant navigation) comes after the load event


def measure_pages(browser: Browser, site: Path, url: str,
                  log: list[tuple[str, int]]) -> dict[str, tuple[Visit, Visit]]:
    """Each page in a fresh browser profile (no service worker), then again from the cache."""
    results = {}
    for name, path in PAGES.items():
        context = browser.new_context(service_workers="block")
        try:
            log.clear()
            page = context.new_page()
            page.goto(url + path)
            settle(page)
            first = account(site, list(log))
            log.clear()
            again = context.new_page()  # a later visit, in a new tab: no reload semantics
            again.goto(url + path)
            settle(again)
            repeat = account(site, list(log))
            results[name] = (first, repeat)
        finally:
            context.close()
    return results


def measure_first_search(browser: Browser, site: Path, url: str,
                         log: list[tuple[str, int]]) -> Visit:
    """What searching costs: the home page is open, then the learner searches for the first time."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(url)
        settle(page)
        log.clear()
        page.keyboard.press("/")
        page.keyboard.type("fibroblast")
        page.locator(".md-search-result__item").first.wait_for()
        settle(page)
        return account(site, list(log))
    finally:
        context.close()


def measure_offline_download(browser: Browser, site: Path, url: str,
                             log: list[tuple[str, int]]) -> tuple[Visit, Visit, Visit]:
    """Home page with the service worker: the page, the background download, a later visit."""
    context = browser.new_context()
    try:
        log.clear()
        page = context.new_page()
        page.goto(url)
        settle(page)
        page_only = account(site, list(log))
        page.evaluate("navigator.serviceWorker.ready")
        page.locator(".course-offline-status").wait_for()
        total = account(site, list(log))
        log.clear()
        later = context.new_page()
        later.goto(url + PAGES["module"])
        settle(later)
        return page_only, total, account(site, list(log))
    finally:
        context.close()


def quiz_assets(site: Path) -> dict[str, object]:
    """Where mkdocs-quiz's inline <style> and <script> end up, and what they weigh."""
    from importlib.resources import files

    import mkdocs_quiz.css
    import mkdocs_quiz.js

    css = (files(mkdocs_quiz.css) / "quiz.css").read_text()
    js = (files(mkdocs_quiz.js) / "quiz.js").read_text()
    with_assets, assessment_pages = [], []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        text = html.read_text(encoding="utf-8")
        if css[:300] in text or js[:300] in text:
            with_assets.append(rel)
        if rel.endswith("/assessment/index.html"):
            assessment_pages.append(rel)
    inline = (f'<style type="text/css">{css}</style>'
              f'<script type="text/javascript" defer>{js}</script>')
    return {"pages": with_assets, "assessment_pages": assessment_pages,
            "only_on_assessments": with_assets == assessment_pages,
            "raw": len(inline.encode()), "gz": len(gzip.compress(inline.encode(), 6))}
