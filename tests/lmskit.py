"""The LMS packages for browser tests: built once per test run with `course package`, unzipped,
and served on loopback beside a host page that plays the LMS.

For SCORM 1.2 the host page runs the real `scorm-again` Scorm12API (npm, pinned in package.json,
served from node_modules): it is `window.API` on the page that frames the package's launch
page, as an LMS's player is, and it sends every LMSCommit to this server's /commit, which the
tests read (and can make fail).
"""

from __future__ import annotations

import atexit
import functools
import http.server
import json
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from browserkit import serving
from sitekit import MKDOCS, REPO

SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist" / "scorm12.js"


@dataclass(frozen=True)
class Packages:
    scorm12: Path  # the unzipped SCORM 1.2 package
    cmi5: Path  # the unzipped cmi5 package
    output: str  # what `course package` printed


@functools.cache
def packages() -> Packages:
    """`course package` on the real course, as `make package` runs it, each zip unzipped."""
    work = Path(tempfile.mkdtemp(prefix="lms-packages-"))
    atexit.register(shutil.rmtree, work, True)
    proc = subprocess.run([str(MKDOCS.with_name("course")), "package", "--root", str(REPO),
                           "--out", str(work / "dist")],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode:
        raise RuntimeError(proc.stdout + proc.stderr)
    unzipped = {}
    for kind in ("scorm12", "cmi5"):
        (zip_path,) = (work / "dist").glob(f"*-{kind}.zip")
        unzipped[kind] = work / kind
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(unzipped[kind])
    return Packages(unzipped["scorm12"], unzipped["cmi5"], proc.stdout)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title><link rel="icon" href="data:,">
<script src="/scorm-again/scorm12.js"></script>
<script>
  // The LMS: scorm-again's SCORM 1.2 runtime, loaded with what this LMS stored for the learner.
  window.API = new Scorm12API({
    lmsCommitUrl: "/commit", dataCommitFormat: "flattened", autocommit: false, logLevel: 5,
  });
  window.API.loadFromFlattenedJSON(STORED);
</script>
<style>body { margin: 0; } iframe { width: 100%; height: 100vh; border: 0; }</style>
</head><body><iframe id="sco" src="/pkg/lms/scorm.html" title="Course"></iframe></body></html>
"""


@dataclass
class ScormLms:
    """What the test LMS holds: the learner's stored cmi data, and every commit it received."""

    stored: dict[str, str] = field(default_factory=dict)
    commits: list[dict[str, Any]] = field(default_factory=list)
    failing: bool = False  # commits are answered with a failure while this is set
    lock: threading.Lock = field(default_factory=threading.Lock)

    def last(self) -> dict[str, Any]:
        with self.lock:
            return dict(self.commits[-1]) if self.commits else {}


class ScormHandler(Quiet):
    server: Any

    def translate_path(self, path: str) -> str:
        route = path.split("?")[0]
        if route.startswith("/pkg/"):
            return str(self.server.package / route.removeprefix("/pkg/"))
        return str(self.server.package / "__none__")

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        route = self.path.split("?")[0]
        lms: ScormLms = self.server.lms
        if route == "/host.html":
            stored = json.dumps(lms.stored).replace("</", "<\\/")
            data = HOST_PAGE.replace("STORED", stored).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(data)
        elif route == "/scorm-again/scorm12.js":
            data = SCORM_AGAIN.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.end_headers()
            self.wfile.write(data)
        else:
            super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        lms: ScormLms = self.server.lms
        if self.path.split("?")[0] != "/commit":
            self.send_json(404, {})
            return
        body = json.loads(self.read_body() or b"{}")
        if lms.failing:
            self.send_json(500, {"result": False, "errorCode": 101})
            return
        with lms.lock:
            lms.commits.append(body)
        self.send_json(200, {"result": True, "errorCode": 0})


@contextmanager
def scorm_lms(lms: ScormLms) -> Iterator[str]:
    """The test LMS: /host.html (the player page), /pkg/ (the SCORM package), /commit."""
    with serving(ScormHandler, package=packages().scorm12, lms=lms) as base:
        yield base
