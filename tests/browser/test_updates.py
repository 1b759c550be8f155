"""Issue 13: a new build reaches a page that is already open, and is never tracked against the
old build's question list. Each test rebuilds a small course under the open browser."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from learner import answer, bank, manifest, rendered_ids, status_text
from playwright.sync_api import Browser, Page

from browserkit import free_port, serve
from conftest import Tab
from sitekit import REPO, FixtureSite

CHANGED = "      - text: 3–15 µm\n", "      - text: 2–20 µm\n"  # a choice of mod1-q1
ADDED = """\
  - id: mod1-q3
    type: single
    question: Which cells release extracellular vesicles?
    choices:
      - text: Many cell types
        correct: true
      - text: Stem cells alone
      - text: Platelets alone
    explanation: Nearly every cell type studied releases them.
    objectives: [1]
"""


def course(root: Path, port: int, offline: bool = False) -> FixtureSite:
    site = FixtureSite(root, modules=2).with_browser_assets()
    site.config = site.config.replace(
        "site_url: http://127.0.0.1:8000/", f"site_url: http://127.0.0.1:{port}/"
    ).replace("  font: false\n", "  font: false\n  features:\n    - navigation.instant\n")
    if offline:
        site.config = site.config.replace(
            "hooks:\n", f"hooks:\n  - {REPO / 'hooks' / 'offline_hook.py'}\n", 1)
        site.config += "  - path: javascripts/offline.js\n    type: module\n"
    return site


def rebuild(site: FixtureSite) -> None:
    result = site.build()
    assert result.code == 0, result.output
    # Last-Modified counts whole seconds: a rebuild within the second of the first build would
    # be answered "304 Not Modified" to the browser's revalidation. A real deploy comes later.
    later = time.time() + 2
    for path in result.site.rglob("*"):
        os.utime(path, (later, later))


def follow(page: Page, href: str) -> None:
    """Click a link in the page to `href`, as a learner does: Material's instant navigation."""
    page.evaluate("""(href) => {
        const link = Object.assign(document.createElement("a"), { href, id: "test-link" });
        link.textContent = "Next page";
        document.querySelector("article").append(link);
    }""", href)
    page.locator("#test-link").click()


def test_a_page_of_a_new_build_switches_to_its_manifest(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    site = course(tmp_path, port)
    rebuild(site)
    context = browser.new_context(service_workers="block")
    context.route("**/*", lambda route: route.continue_())  # no HTTP cache: what the host has
    try:
        with serve(site.root / "site", port) as url:
            tab = Tab(context, url)
            page = tab.open("modules/01-mod1/assessment/")
            for i in range(2):
                answer(page.locator(".course-question").nth(i), correct=True)
            follow(page, url)
            page.locator("h1", has_text="Home").wait_for()
            page.evaluate("window.__sameDocument = true")
            old = manifest(page)

            bank_file = site.root / "quizzes" / "01-mod1.yml"
            text = bank_file.read_text().replace(*CHANGED)
            bank_file.write_text(text.replace("questions:\n", "questions:\n" + ADDED, 1))
            rebuild(site)

            follow(page, url + "modules/02-mod2/")  # a page of the new build
            page.locator("h1", has_text="Module 2").wait_for()
            page.wait_for_function("() => document.readyState === 'complete'")
            new = manifest(page)
            assert new != old
            assert page.evaluate("window.__sameDocument") is None, "not reloaded"
            assert "1 answer was removed because the question changed" in \
                page.locator(".course-notices").inner_text()
            assert page.evaluate("document.querySelector('meta[name=course-build]').content") \
                in page.evaluate("document.querySelector('script[data-course-manifest]').src")

            follow(page, url + "modules/01-mod1/assessment/")
            page.locator(".course-question").first.wait_for()
            module = bank(page, "mod1")
            assert module.ids == ("mod1-q3", "mod1-q1", "mod1-q2")
            assert rendered_ids(page) == list(module.ids)
            assert status_text(page).startswith(module.in_progress(1, 1))
            assert page.locator(".quiz-feedback:not(.hidden)").count() == 1
            shown = page.locator(".course-question",
                                 has=page.locator(".quiz-feedback:not(.hidden)"))
            assert shown.get_attribute("data-question-id") == "mod1-q2"
            assert tab.errors == [], tab.errors
    finally:
        context.close()


# Whether the given build's worker answers this page and has finished taking over (its status
# message, and the stores: the old build's is deleted once the new one is active).
CONTROLLED_BY = """async (version) => {
  const taken = async () => {
    const worker = navigator.serviceWorker.controller;
    if (!worker) return false;
    const status = await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(event.data);
        worker.postMessage({ type: "offline-status" }, [channel.port2]);
    });
    const stores = await caches.keys();
    return status.version === version && status.ready && stores.length === 1
        && stores[0].endsWith(" " + version);
  };
  for (let i = 0; i < 600; i += 1) {  // polls for up to a minute, then gives up
    if (await taken()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


def test_an_open_browser_gets_the_new_build_on_its_next_pages(
        browser: Browser, tmp_path: Path) -> None:
    """One continuous browser session: no restart, no reload by the test."""
    port = free_port()
    site = course(tmp_path, port, offline=True)
    rebuild(site)
    context = browser.new_context()
    try:
        with serve(site.root / "site", port) as url:
            tab = Tab(context, url)
            page = tab.open()
            page.locator(".course-offline-status", has_text="Available offline").wait_for()
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")

            site.write("docs/index.md", "# Home\n\nWelcome to the revised course.\n")
            rebuild(site)
            worker = (site.root / "site" / "sw.js").read_text()
            version = re.search(r'^const VERSION = "([0-9a-f]+)";$', worker, re.M).group(1)

            follow(page, url + "modules/01-mod1/")  # the learner reads on
            page.locator("h1", has_text="Module 1").wait_for()
            # The new copy downloads in the background and takes over this open tab.
            assert page.evaluate(CONTROLLED_BY, version), "the new build never took over"
            follow(page, url)
            page.get_by_text("Welcome to the revised course.").wait_for()
            assert tab.errors == [], tab.errors
    finally:
        context.close()
