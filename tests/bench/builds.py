"""Build times: the real course, and synthetic courses through the YAML layer or as plain pages.

Each build is a fresh `mkdocs build --strict` process, timed from the outside (wall clock,
what an author waits for, Python start-up included) and as MkDocs reports it ("Documentation
built in …", which starts after the configuration, and so the banks, are loaded).
"""

from __future__ import annotations

import gzip
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitekit import MKDOCS, REPO

BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    mkdocs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_mkdocs(self) -> float:
        return statistics.median(self.mkdocs)


def build_once(cwd: Path, site: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    start = time.perf_counter()
    proc = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(site)],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=1800)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"build in {cwd} failed:\n{proc.stdout}{proc.stderr}")
    found = BUILT_IN.search(proc.stderr + proc.stdout)
    return wall, float(found.group(1)) if found else float("nan")


def time_builds(cwd: Path, site: Path, runs: int, env: dict[str, str] | None = None) -> Timing:
    timing = Timing()
    for _ in range(runs):
        wall, reported = build_once(cwd, site, env)
        timing.wall.append(wall)
        timing.mkdocs.append(reported)
    return timing


def time_real_course(site: Path, site_url: str, runs: int = 3) -> Timing:
    """As `make build` does; the last build stays in `site`, for `site_url`."""
    return time_builds(REPO, site, runs, {"SITE_URL": site_url})


def profile_build(cwd: Path, site: Path, out: Path) -> pstats.Stats:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs",
                           "build", "--strict", "--site-dir", str(site)],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode:
        raise RuntimeError(proc.stdout + proc.stderr)
    return pstats.Stats(str(out))


def where(key: tuple[str, int, str]) -> str:
    """file:function, with the file relative to the repository or site-packages."""
    filename, line, name = key
    path = Path(filename)
    for base in (REPO, *[Path(p) for p in sys.path if p.endswith("site-packages")]):
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        return f"{rel}:{line}({name})" if name.startswith("<") else f"{rel}:{name}"
    if filename == "~":  # a built-in
        return re.sub(r" at 0x[0-9a-f]+", "", name)
    return f"{path.name}:{name}"


def hook_costs(stats: pstats.Stats) -> list[tuple[str, int, float]]:
    """Cumulative time of each function in the course's hook modules (calls, seconds)."""
    rows = []
    for key, (_, calls, _tt, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        if str(REPO / "hooks") in key[0]:
            rows.append((where(key), calls, cum))
    return sorted(rows, key=lambda r: -r[2])


def self_time_delta(yaml_stats: pstats.Stats, plain_stats: pstats.Stats,
                    top: int = 12) -> list[tuple[str, float, float]]:
    """Functions whose own time grew most from the plain build to the YAML one."""
    def own(stats: pstats.Stats) -> dict[str, float]:
        totals: dict[str, float] = {}
        for key, (_, _, tt, _, _) in stats.stats.items():  # type: ignore[attr-defined]
            name = where(key)
            totals[name] = totals.get(name, 0.0) + tt
        return totals

    a, b = own(yaml_stats), own(plain_stats)
    rows = [(name, a.get(name, 0.0), b.get(name, 0.0)) for name in set(a) | set(b)]
    return sorted(rows, key=lambda r: -(r[1] - r[2]))[:top]


def total_time(stats: pstats.Stats) -> float:
    return float(stats.total_tt)  # type: ignore[attr-defined]


def manifest_bytes(site: Path) -> tuple[int, int]:
    """Size of the course manifest, one file per site: raw and gzip-compressed."""
    (path,) = site.glob("assets/course-manifest.*.js")
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6))
