"""Lighthouse side by side: the course and its two stock peers, on one gzip server.

Builds the three sites in a temporary folder (the course as `make build` does; the peers by
peers.py), serves each at the root of its own loopback port from one gzip_server, and runs
Lighthouse `runs` times on each page and preset. The loops are interleaved, run by run, page
by page, preset by preset, site by site (and the site order turns each run), so that a slow
moment on a shared machine hits every site alike. Then the repeat view (repeat_view.py).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gzip_server import Log, serve_sites
from lighthouse import PRESETS, Figures, Summary, audit_with_retry, summarise, tool_versions
from peers import QUIZ, STOCK, build_peer
from playwright.sync_api import sync_playwright
from repeat_view import View, repeat_views

from browserkit import CHROMIUM_ARGS, build_course, find_chromium, free_port

COURSE = "course"
SITES = (STOCK, QUIZ, COURSE)
PAGES = {"home": "", "module": "modules/01-exosome-biology/",
         "assessment": "modules/01-exosome-biology/assessment/", "certificate": "certificate/"}
PAGES_OF = {STOCK: ("home", "module"), QUIZ: ("home", "module", "assessment"),
            COURSE: tuple(PAGES)}
REPEAT_PAGE = "module"


@dataclass
class SideBySide:
    runs: int
    presets: tuple[str, ...]
    pages: tuple[str, ...]
    tools: dict[str, str]
    chromium: str
    benchmark_index: float  # Lighthouse's CPU benchmark, median over every audit
    benchmark_range: tuple[float, float]  # its lowest and highest: how steady the CPU was
    results: dict[tuple[str, str, str], Summary | None]  # (site, page, preset)
    repeat: dict[str, dict[str, View]]
    minutes: float = 0.0

    def get(self, site: str, page: str, preset: str) -> Summary | None:
        return self.results.get((site, page, preset))


def build_sites(work: Path, ports: dict[str, int]) -> dict[str, Path]:
    url = {site: f"http://127.0.0.1:{port}/" for site, port in ports.items()}
    return {STOCK: build_peer(work / "stock", STOCK, url[STOCK]),
            QUIZ: build_peer(work / "quiz", QUIZ, url[QUIZ]),
            COURSE: build_course(work / "course-site", url[COURSE])}


def run_side_by_side(work: Path, runs: int = 3, presets: tuple[str, ...] = PRESETS,
                     pages: tuple[str, ...] = tuple(PAGES), reports: Path | None = None,
                     say: Callable[..., None] = print) -> SideBySide:
    started = time.perf_counter()
    tools = tool_versions()
    say(f"  Lighthouse {tools['lighthouse']} on Node {tools['node']}, {tools['chromium']}")
    ports = {site: free_port() for site in SITES}
    say("  building the course and the two stock peers")
    sites = build_sites(work, ports)
    reports = reports or work / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    found: dict[tuple[str, str, str], list[Figures]] = {}
    log = Log()
    with serve_sites(sites, ports, log) as urls:
        for run in range(runs):
            order = SITES[run % len(SITES):] + SITES[:run % len(SITES)]
            for page in pages:
                for preset in presets:
                    for site in order:
                        if page not in PAGES_OF[site]:
                            continue
                        out = reports / f"{site}-{page}-{preset}-{run + 1}.json"
                        fig = audit_with_retry(urls[site] + PAGES[page], preset, out)
                        found.setdefault((site, page, preset), [])
                        if fig is not None:
                            found[(site, page, preset)].append(fig)
                            say(f"  run {run + 1}/{runs} {preset:7} {page:11} {site:6} "
                                f"perf {fig.score:3.0f}  FCP {fig.fcp_ms / 1000:.2f} s  "
                                f"LCP {fig.lcp_ms / 1000:.2f} s  CLS {fig.cls:.3f}  "
                                f"TBT {fig.tbt_ms:.0f} ms  {fig.requests_by_load} requests "
                                f"by load, {fig.transfer / 1024:.1f} KB")
        say("  repeat view (Playwright)")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            try:
                chromium = browser.version
                repeat = repeat_views(browser, urls, PAGES[REPEAT_PAGE], log)
            finally:
                browser.close()
    every = [f for figs in found.values() for f in figs]
    return SideBySide(
        runs=runs, presets=presets, pages=pages, tools=tools, chromium=chromium,
        benchmark_index=statistics.median(f.benchmark_index for f in every) if every else 0.0,
        benchmark_range=(min(f.benchmark_index for f in every),
                         max(f.benchmark_index for f in every)) if every else (0.0, 0.0),
        results={key: summarise(figs) for key, figs in found.items()}, repeat=repeat,
        minutes=(time.perf_counter() - started) / 60)
