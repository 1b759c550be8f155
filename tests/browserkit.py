"""Serve a built course on loopback and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitekit import MKDOCS, REPO

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync",
]


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    raise RuntimeError("Chromium not found: run `make browser` (apt-get install chromium).")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_course(dest: Path, site_url: str, config: Path | None = None) -> Path:
    """Build the real course, as `make build` does, for pages served at `site_url`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    args = [str(MKDOCS), "build", "--strict", "--site-dir", str(dest)]
    if config:
        args += ["--config-file", str(config)]
    proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode:
        raise RuntimeError(proc.stdout + proc.stderr)
    return dest


def pdf_pages(pdf: Path) -> tuple[int, float, float]:
    """Page count, width and height (points) of a PDF, as poppler's pdfinfo reads them."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    assert pages and size, info
    return int(pages.group(1)), float(size.group(1)), float(size.group(2))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass


@contextmanager
def serving(handler: Any, port: int = 0, **attributes: Any) -> Iterator[str]:
    """Serve `handler` (its server given `attributes`) on loopback at `port` (0: a free one);
    yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    for name, value in attributes.items():
        setattr(server, name, value)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    """Serve a built site's files from `directory` at `port`."""
    with serving(functools.partial(QuietHandler, directory=str(directory)), port) as url:
        yield url
