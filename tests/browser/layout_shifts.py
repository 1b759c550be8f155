"""Layout shifts a page makes, as the browser reports them (PerformanceObserver `layout-shift`
entries, buffered from the start of the page, input-driven ones left out), with what moved."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page

RECORD = """
window.courseShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    const moved = e.sources.map((s) => s.node?.className || s.node?.nodeName || "?");
    window.courseShifts.push({ value: e.value, moved });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


def watch(target: Page | BrowserContext) -> None:
    """Record the shifts of every page `target` opens from now on."""
    target.add_init_script(RECORD)


def shifts(page: Page) -> list[dict]:
    """This page's shifts so far: each `{"value": …, "moved": [class names]}`."""
    return page.evaluate("window.courseShifts")
