"""`make bench`: page weight, build times, click latency, Lighthouse beside stock Material.

Prints the figures and writes BENCHMARKS.md.

    .venv/bin/python tests/bench/run.py                # everything, about 20-30 minutes
    .venv/bin/python tests/bench/run.py --sizes 100,1000 --profile never   # a quicker look
    .venv/bin/python tests/bench/run.py --only lighthouse --runs 1         # Lighthouse only

Absolute times depend on the machine and on whatever else runs on it: compare ratios measured
within one run, never times from two runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: browserkit, sitekit

from builds import (  # noqa: E402
    Timing,
    hook_costs,
    manifest_bytes,
    profile_build,
    self_time_delta,
    time_builds,
    time_real_course,
    total_time,
)
from latency import measure_clicks  # noqa: E402
from lighthouse import PRESETS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from side_by_side import PAGES as LIGHTHOUSE_PAGES  # noqa: E402
from side_by_side import run_side_by_side  # noqa: E402
from side_by_side_report import extract, section, splice  # noqa: E402
from synthetic import QUESTIONS_PER_MODULE, write_plain_course, write_yaml_course  # noqa: E402
from weight import (  # noqa: E402
    FRESH,
    PAGES,
    REVALIDATE,
    Visit,
    gz_size,
    local_file,
    measure_first_search,
    measure_offline_download,
    measure_pages,
    quiz_assets,
    recording_server,
)

from browserkit import CHROMIUM_ARGS, find_chromium, free_port  # noqa: E402
from sitekit import REPO  # noqa: E402

OUT = REPO / "BENCHMARKS.md"
PAGE_TARGET_KB = 100
RATIO_TARGET = 1.1
FRAME_MS = 16


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def say(*parts: object) -> None:
    print(*parts, flush=True)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"CPUs available (nproc)": str(cores), "CPU model": cpu, "RAM": ram,
            "OS": platform.platform(), "Python": platform.python_version(),
            "MkDocs": version("mkdocs"), "Material for MkDocs": version("mkdocs-material"),
            "mkdocs-quiz": version("mkdocs-quiz"), "Playwright": version("playwright")}


# ------------------------------------------------------------------------------ measuring


def browser_figures(site: Path, port: int) -> dict[str, object]:
    results: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        results["chromium"] = browser.version
        try:
            policy = {"cache_control": FRESH}
            with recording_server(site, port, policy) as (url, log):
                say(f"  page weight, cache fresh for 10 minutes (Cache-Control: {FRESH})")
                results["weight"] = measure_pages(browser, site, url, log)
                say(f"  page weight, a host that makes the browser revalidate ({REVALIDATE})")
                policy["cache_control"] = REVALIDATE
                results["weight_revalidate"] = measure_pages(browser, site, url, log)
                policy["cache_control"] = FRESH
                say("  first search")
                results["search"] = measure_first_search(browser, site, url, log)
                say("  offline download")
                results["offline"] = measure_offline_download(browser, site, url, log)
                say("  click to feedback")
                results["latency"] = measure_clicks(browser, url)
        finally:
            browser.close()
    results["quiz"] = quiz_assets(site)
    return results


def synthetic_figures(work: Path, sizes: list[int], large_runs: int) -> list[dict[str, object]]:
    rows = []
    for n in sizes:
        runs = 3 if n <= 1000 else large_runs
        say(f"  {n} questions: generating")
        yaml_root = write_yaml_course(work / f"yaml-{n}", n)
        plain_root = write_plain_course(yaml_root, work / f"plain-{n}")
        yaml_t, plain_t = Timing(), Timing()
        for i in range(runs):  # interleaved, so that a slow moment hits both alike
            for root, timing in ((yaml_root, yaml_t), (plain_root, plain_t)):
                one = time_builds(root, root / "site", 1)
                timing.wall += one.wall
                timing.mkdocs += one.mkdocs
            say(f"  {n} questions, run {i + 1}/{runs}: YAML {yaml_t.wall[-1]:.1f} s, "
                f"plain {plain_t.wall[-1]:.1f} s")
        manifest, _ = manifest_bytes(yaml_root / "site")
        pages = sum(1 for _ in (yaml_root / "site").rglob("index.html"))
        rows.append({"n": n, "modules": n // QUESTIONS_PER_MODULE, "pages": pages, "runs": runs,
                     "yaml": yaml_t, "plain": plain_t, "manifest": manifest,
                     "yaml_root": yaml_root, "plain_root": plain_root})
    return rows


def profile_figures(row: dict[str, object], work: Path) -> dict[str, object]:
    say(f"  profiling both builds at {row['n']} questions (cProfile)")
    yaml_stats = profile_build(row["yaml_root"], work / "prof-yaml-site", work / "yaml.prof")
    plain_stats = profile_build(row["plain_root"], work / "prof-plain-site", work / "plain.prof")
    return {"n": row["n"], "pages": row["pages"], "yaml_total": total_time(yaml_stats),
            "plain_total": total_time(plain_stats), "hooks": hook_costs(yaml_stats)[:12],
            "delta": self_time_delta(yaml_stats, plain_stats)}


# ------------------------------------------------------------------------------ reporting


def weight_table(results: dict[str, tuple[Visit, Visit]],
                 revalidate: dict[str, tuple[Visit, Visit]]) -> list[str]:
    lines = [
        "| Page | Requests | Total (gzip) | Without images | HTML | CSS | JS | JSON "
        "| Images | Repeat visit, fresh cache | Repeat visit, revalidating host |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, (first, repeat) in results.items():
        again = revalidate[name][1]
        k = first.by_kind
        lines.append(
            f"| {name} (`/{PAGES[name]}`) | {first.requests} | {kb(first.gz)} | "
            f"{kb(first.gz_without_images)} | {kb(k.get('html', 0))} | {kb(k.get('css', 0))} | "
            f"{kb(k.get('js', 0))} | {kb(k.get('json', 0))} | {kb(k.get('image', 0))} | "
            f"{repeat.requests} requests, {kb(repeat.gz)} | "
            f"{again.requests} requests ({again.not_modified} × 304), {kb(again.gz)} |")
    return lines


def first_visit_files(site: Path, visit: Visit) -> list[str]:
    rows = []
    for url_path in visit.files:
        path = local_file(site, url_path)
        if path is not None:
            raw, gz = gz_size(path)
            rows.append((gz, raw, url_path))
    lines = ["| File | Raw | gzip |", "|---|---:|---:|"]
    for gz, raw, url_path in sorted(rows, reverse=True):
        lines.append(f"| `{url_path}` | {kb(raw)} | {kb(gz)} |")
    return lines


def report(info: dict[str, str], real: Timing, real_manifest: tuple[int, int],
           browser: dict[str, object] | None,
           synth: list[dict[str, object]], profile: dict[str, object] | None,
           site: Path, elapsed: float, argv: list[str]) -> str:
    today = datetime.date.today().isoformat()
    out = [
        "# Benchmarks", "",
        f"Written by `make bench` (`tests/bench/run.py`) on {today}; the run took "
        f"{elapsed / 60:.1f} minutes. Absolute times depend on the machine and on whatever "
        "else was running: compare the ratios measured within one run, not times from two "
        "runs.", "",
        "## Machine", "", "| | |", "|---|---|",
    ]
    out += [f"| {k} | {v} |" for k, v in info.items()]
    if browser:
        out.append(f"| Chromium | {browser['chromium']} (headless, Playwright) |")
    out += [""]

    # ---- summary
    out += ["## Targets", "", "| Target | Measured | Met |", "|---|---|---|"]
    if browser:
        pages = browser["weight"]
        for name in ("home", "module"):
            first = pages[name][0]
            met = first.gz_without_images < PAGE_TARGET_KB * 1024
            out.append(
                f"| {name.capitalize()} page, first visit, gzip, without images: under "
                f"{PAGE_TARGET_KB} KB | {kb(first.gz_without_images)} (the first search adds "
                f"{kb(browser['search'].gz)}) | {'yes' if met else 'no'} |")
        quiz = browser["quiz"]
        out.append(f"| mkdocs-quiz's inline CSS/JS only on assessment pages | on "
                   f"{len(quiz['pages'])} pages, the {len(quiz['assessment_pages'])} assessment "
                   f"pages | {'yes' if quiz['only_on_assessments'] else 'no'} |")
        lat = browser["latency"]
        out.append(f"| Click to feedback and status shown within one frame ({FRAME_MS} ms) | "
                   f"median {lat['median']['status']:.1f} ms, worst {lat['max_handlers']:.1f} ms; "
                   f"{lat['in_first_frame']}/10 in the first frame | "
                   f"{'yes' if lat['median']['status'] < FRAME_MS else 'no'} |")
    for row in synth:
        ratio = row["yaml"].median / row["plain"].median
        out.append(f"| YAML layer under {RATIO_TARGET}× the plain build, {row['n']:,} questions | "
                   f"{ratio:.2f}× | {'yes' if ratio < RATIO_TARGET else 'no'} |")
    out += [""]

    # ---- page weight
    if browser:
        quiz = browser["quiz"]
        dl_page, dl_total, dl_later = browser["offline"]
        search = browser["search"]
        out += [
            "## 1. Page weight", "",
            "Each page opened in a fresh browser profile with the service worker blocked, "
            "so that only what the page itself loads is counted. The loopback server records "
            "every request it answers; each body is gzip-compressed at level 6 (what a host "
            "that compresses sends; headers not counted). *Repeat visit* is the same page "
            "opened again later in a new tab of the same profile, counting what reaches the "
            "server: *fresh cache* with `Cache-Control: max-age=600` (GitHub Pages' default), "
            "*revalidating host* with `Cache-Control: no-cache` (every file is asked again "
            "and answered `304 Not Modified`, with no body). No fonts are downloaded "
            "(`font: false`; icons are inline SVG).", "",
        ]
        out += weight_table(browser["weight"], browser["weight_revalidate"])
        out += [
            "",
            "Material for MkDocs would download its search index and start its search worker "
            "on every first visit, right after the page has loaded (55 KB and 12 KB gzip, "
            "more than the rest of a page). `docs/javascripts/search-on-demand.js` holds both "
            "back until the learner reaches for search: the first search, from the home page, "
            f"made {search.requests} requests, {kb(search.gz)} gzip "
            f"({', '.join(f'`{f}`' for f in search.files)}); later pages take them from the "
            "browser's cache.", "",
            f"mkdocs-quiz's inline `<style>` and `<script>` ({kb(quiz['raw'])}, "
            f"{kb(quiz['gz'])} gzip) appear on {len(quiz['pages'])} pages: "
            + ", ".join(f"`{p}`" for p in quiz["pages"]) + ". "
            + ("Only assessment pages carry them." if quiz["only_on_assessments"]
               else "**Not only assessment pages carry them.**"), "",
            "**Offline copy.** With the service worker (a normal visit), the first visit also "
            f"downloads the whole course in the background: {dl_total.requests} requests, "
            f"{kb(dl_total.raw)} raw, {kb(dl_total.gz)} gzip, the page's own files included. "
            f"A later visit to another page sent {dl_later.requests} requests to the server.",
            "", "Home page, first visit, file by file:", "",
        ]
        out += first_visit_files(site, browser["weight"]["home"][0])
        out += [""]

    # ---- builds
    out += [
        "## 2. Build time", "",
        "Each figure is a fresh `mkdocs build --strict` process: *wall* is what an author "
        "waits for (Python start-up included); *MkDocs* is the time MkDocs itself reports, "
        "which starts after the configuration (and so the YAML banks) is loaded.", "",
        f"**The real course** ({len(real.wall)} runs): median {real.median:.2f} s wall "
        f"(runs: {', '.join(f'{t:.2f}' for t in real.wall)}), "
        f"{real.median_mkdocs:.2f} s as MkDocs reports it. Its course manifest (the module "
        f"and question ids the browser tracks progress by) is one file of "
        f"{kb(real_manifest[0])} ({kb(real_manifest[1])} gzip) that every page links to and the "
        "browser fetches once.", "",
        "**Synthetic courses**: modules of 50 questions (a vignette stem, four choices with "
        "feedback, an explanation, a section and two references each; one in five "
        "\"choose all that apply\"), each module with an eight-section page. *YAML* is the "
        "course as banks built through `hooks/course_hooks.py`; *plain* is the very Markdown "
        "the hooks produce (module pages with objectives and takeaways filled in, assessment "
        "pages of `<quiz>` blocks, references, evaluation and certificate pages) written as "
        "plain pages and built with no hooks, with the same theme, overrides, plugins and "
        "Markdown extensions. The two sites are identical except for the course manifest "
        "file the hooks add and the one `<script>` line that links every page to it.", "",
        "| Questions | Modules | Pages | Runs | YAML, wall (median) | Plain, wall (median) "
        "| Ratio YAML/plain | Ratio, MkDocs-reported | YAML ms/question | Plain ms/question "
        "| Manifest file |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in synth:
        y, p = row["yaml"], row["plain"]
        out.append(
            f"| {row['n']:,} | {row['modules']} | {row['pages']} | {row['runs']} | "
            f"{y.median:.2f} s | {p.median:.2f} s | **{y.median / p.median:.2f}×** | "
            f"{y.median_mkdocs / p.median_mkdocs:.2f}× | {1000 * y.median / row['n']:.1f} | "
            f"{1000 * p.median / row['n']:.1f} | {kb(row['manifest'])} |")
    if len(synth) > 1:
        out += ["", "Growth: the time each extra question costs between two sizes "
                "(difference of medians over difference of questions):", "",
                "| From → to | YAML ms/extra question | Plain ms/extra question |",
                "|---|---:|---:|"]
        for a, b in zip(synth, synth[1:], strict=False):
            dn = b["n"] - a["n"]
            out.append(f"| {a['n']:,} → {b['n']:,} | "
                       f"{1000 * (b['yaml'].median - a['yaml'].median) / dn:.1f} | "
                       f"{1000 * (b['plain'].median - a['plain'].median) / dn:.1f} |")
    out += [""]
    if profile:
        out += [
            f"### Where the YAML layer's time goes ({profile['n']:,} questions, cProfile)", "",
            f"Profiled totals: YAML build {profile['yaml_total']:.1f} s, plain build "
            f"{profile['plain_total']:.1f} s (cProfile slows Python code down, so read these "
            "as shares, not times).", "",
            "Hook functions by cumulative time (file:function):", "",
            "| Function | Calls | Cumulative |", "|---|---:|---:|",
        ]
        out += [f"| `{name}` | {calls:,} | {cum:.2f} s |" for name, calls, cum in profile["hooks"]]
        out += ["", "Functions whose own time grew most from the plain build to the YAML one:",
                "", "| Function | YAML, own time | Plain, own time | Difference |",
                "|---|---:|---:|---:|"]
        out += [f"| `{name}` | {a:.2f} s | {b:.2f} s | {a - b:+.2f} s |"
                for name, a, b in profile["delta"]]
        out += [""]

    # ---- latency
    if browser:
        lat = browser["latency"]
        med = lat["median"]
        out += [
            "## 3. Click to feedback", "",
            "On the first assessment page, for each of its 10 questions: `performance.now()` "
            "before a dispatched click on the right answer (for a \"choose all that apply\" "
            "question, the other right answers are ticked first and the timed click is the "
            "submit button), then the time until the feedback is visible and the status panel's "
            "text has changed, checked right after the click and then at every "
            "`requestAnimationFrame`.", "",
            "| Median over 10 questions | ms |", "|---|---:|",
            f"| Click handlers (mkdocs-quiz, then the course's progress and status) | "
            f"{med['handlers']:.1f} |",
            f"| Feedback visible | {med['feedback']:.1f} |",
            f"| Status panel updated | {med['status']:.1f} |",
            f"| Start of the next frame (when both are painted) | {med['frame']:.1f} |", "",
            f"Worst click: {lat['max_handlers']:.1f} ms. Feedback and status were both in place "
            f"before the first frame after the click for {lat['in_first_frame']} of 10 "
            "questions: the work is done synchronously in the click, so it is painted in the "
            "next frame. The wait for that frame is Chromium's frame clock (headless, no "
            "display), not the course's work.", "",
            f"Status after the ten answers: \"{lat['status_after']}\".", "",
        ]

    out += [
        "## How to rerun", "",
        "```", "make bench            # or: .venv/bin/python tests/bench/run.py", "```", "",
        "It needs Chromium (`make browser`) and takes 20 to 30 minutes on 2 CPUs, about 15 of "
        "them Lighthouse; `--sizes 100,1000`, `--profile never`, `--no-browser` and "
        "`--no-lighthouse` make it shorter, and `--only lighthouse --runs 1` reruns only "
        "section 4, quickly, leaving the others as they are. "
        f"This file came from: `{' '.join(['tests/bench/run.py', *argv])}`.", "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000",
                        help="question counts of the synthetic courses (multiples of 50)")
    parser.add_argument("--large-runs", type=int, default=3,
                        help="builds of each variant above 1,000 questions (3 at or below)")
    parser.add_argument("--profile-size", type=int, default=1000,
                        help="where to profile both variants when a ratio exceeds the target")
    parser.add_argument("--profile", choices=("auto", "always", "never"), default="auto",
                        help="auto: only when a YAML/plain ratio exceeds the target")
    parser.add_argument("--no-browser", action="store_true",
                        help="no Playwright figures (page weight, search, clicks)")
    parser.add_argument("--no-lighthouse", action="store_true",
                        help="no Lighthouse section (the one already in the file is kept)")
    parser.add_argument("--only", choices=("lighthouse",),
                        help="run only this part and replace only its section of the file")
    parser.add_argument("--runs", type=int, default=3,
                        help="Lighthouse runs per page and preset (the median is reported)")
    parser.add_argument("--pages", default=",".join(LIGHTHOUSE_PAGES),
                        help="pages Lighthouse measures")
    parser.add_argument("--presets", default=",".join(PRESETS),
                        help="Lighthouse presets: mobile, desktop")
    parser.add_argument("--lighthouse-reports", type=Path,
                        help="keep every Lighthouse JSON report in this folder")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    argv = argv if argv is not None else sys.argv[1:]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    pages = tuple(p for p in args.pages.split(",") if p)
    presets = tuple(p for p in args.presets.split(",") if p)
    unknown = [p for p in pages if p not in LIGHTHOUSE_PAGES] + \
        [p for p in presets if p not in PRESETS]
    if unknown:
        parser.error(f"unknown page or preset: {', '.join(unknown)}")
    started = time.perf_counter()

    def lighthouse_section(work: Path) -> str:
        say("Lighthouse, side by side with stock Material")
        result = run_side_by_side(work / "lighthouse-sites", args.runs, presets, pages,
                                  args.lighthouse_reports, say)
        return section(result, " ".join(["tests/bench/run.py", *argv]))

    if args.only == "lighthouse":
        with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
            new = lighthouse_section(Path(tmp))
        old = args.out.read_text(encoding="utf-8") if args.out.is_file() else "# Benchmarks\n"
        args.out.write_text(splice(old, new), encoding="utf-8")
        say(f"Wrote section 4 of {args.out} ({(time.perf_counter() - started) / 60:.1f} minutes)")
        return 0

    info = machine()
    for k, v in info.items():
        say(f"{k}: {v}")

    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        work = Path(tmp)
        port = free_port()
        say("Real course: 3 builds")
        site = work / "real-site"
        real = time_real_course(site, f"http://127.0.0.1:{port}/")
        say(f"  median {real.median:.2f} s wall ({real.median_mkdocs:.2f} s MkDocs)")

        browser = None
        if not args.no_browser:
            say("Browser figures")
            browser = browser_figures(site, port)
            for name, (first, repeat) in browser["weight"].items():
                say(f"  {name}: first visit {kb(first.gz)} gzip, "
                    f"{kb(first.gz_without_images)} without images; repeat {kb(repeat.gz)}")
            lat = browser["latency"]
            say(f"  click → status: median {lat['median']['status']:.1f} ms, "
                f"{lat['in_first_frame']}/10 in the first frame")

        say("Synthetic courses")
        synth = synthetic_figures(work, sizes, args.large_runs)
        for row in synth:
            ratio = row["yaml"].median / row["plain"].median
            say(f"  {row['n']} questions: YAML {row['yaml'].median:.2f} s, plain "
                f"{row['plain'].median:.2f} s, ratio {ratio:.2f}")

        profile = None
        over = any(r["yaml"].median / r["plain"].median > RATIO_TARGET for r in synth)
        if synth and (args.profile == "always" or (over and args.profile == "auto")):
            candidates = [r for r in synth if r["n"] == args.profile_size] or synth[-1:]
            profile = profile_figures(candidates[0], work)
            for name, calls, cum in profile["hooks"][:5]:
                say(f"  {name}: {calls} calls, {cum:.2f} s cumulative")

        lighthouse = None if args.no_lighthouse else lighthouse_section(work)
        text = report(info, real, manifest_bytes(site), browser, synth, profile, site,
                      time.perf_counter() - started, argv)
    if lighthouse is None and args.out.is_file():  # keep the section the file already has
        lighthouse = extract(args.out.read_text(encoding="utf-8"))
    if lighthouse is not None:
        text = splice(text, lighthouse)
    args.out.write_text(text, encoding="utf-8")
    say(f"Wrote {args.out} ({(time.perf_counter() - started) / 60:.1f} minutes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
