"""Privacy: nothing the course does in the browser reaches past the server it came from."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from learner import answer, assessment_url, claim, pass_everything
from playwright.sync_api import Browser, Request
from sitemap import built_pages

from conftest import Tab

# Resource hints open connections without a request event; none may name another host.
HINTS = """() => [...document.querySelectorAll(
  'link[rel~="preconnect"], link[rel~="dns-prefetch"], link[rel~="prefetch"], link[rel~="preload"],'
  + ' link[rel~="stylesheet"], link[rel~="icon"], link[rel~="manifest"], script[src], img[src],'
  + ' iframe[src], source[src], video[src], audio[src], object[data], embed[src]'
)].map(e => e.href || e.src || e.data).filter(Boolean)"""


def test_no_request_leaves_the_course_server(browser: Browser, course_url: str) -> None:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(course_url))
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", origin), origin

    def local(url: str) -> bool:
        return url.startswith(origin + "/") or url.startswith(f"blob:{origin}/") \
            or url.startswith("data:")

    seen: list[str] = []
    offending: list[str] = []
    hinted: list[str] = []

    def record(request: Request) -> None:
        seen.append(request.url)
        if not local(request.url):
            offending.append(f"{request.url} (from {request.frame.url if request.frame else '?'})")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.on("request", record)  # every page's, its workers' and any pop-up's requests
        context.route(lambda url: not local(url), lambda route: route.abort())  # and never sent
        tab = Tab(context, course_url)
        page = tab.page
        pages = built_pages(course_url)
        for url in pages:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            hinted += [u for u in page.evaluate(HINTS) if not local(u)]
        # Search: Material's worker and its index.
        page.goto(course_url)
        page.keyboard.press("/")
        page.keyboard.type("exosome")
        page.locator(".md-search-result__item").first.wait_for()
        # A quiz, right and wrong; then every module passed, the evaluation and the certificate.
        page.goto(assessment_url(page, course_url, "implementation"))
        questions = page.locator(".course-question")
        answer(questions.nth(0), correct=False)
        answer(questions.nth(1), correct=True)
        page.get_by_role("button", name="Retake this assessment").click()
        with page.expect_event("load"):  # the reload, not Material's hash updates
            page.get_by_role("button", name="Clear my answers and retake").click()
        pass_everything(page, course_url)
        claim(page, course_url, "Ada Lovelace", "MD")
        with page.expect_download():
            page.get_by_role("button", name="Download completion record (JSON)").click()
        page.wait_for_load_state("networkidle")
        errors = tab.errors
    finally:
        context.close()
    assert len(seen) > 3 * len(pages), f"only {len(seen)} requests recorded: is the recorder on?"
    assert any("search" in u for u in seen), "the search index was never fetched"
    assert not offending, f"{len(offending)} request(s) left {origin}:\n" + "\n".join(
        sorted(set(offending)))
    assert not hinted, f"pages point the browser at other hosts: {sorted(set(hinted))}"
    assert errors == [], errors
