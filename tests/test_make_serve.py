"""`make serve`: a chosen port, and one plain line when the port is busy."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

from browserkit import free_port
from sitekit import REPO


def test_a_busy_port_is_one_line_naming_it_and_how_to_choose_another() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(["make", "-s", "serve", f"PORT={port}"], cwd=REPO,
                                capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert f"Port {port} is busy" in lines[0]
    assert "make serve PORT=" in lines[0]


def test_make_serve_uses_the_port_it_is_given() -> None:
    port = free_port()
    server = subprocess.Popen(["make", "-s", "serve", f"PORT={port}"], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert b"Exosome therapy in dermatology" in page.read()
                    break
            except OSError:
                assert server.poll() is None, "make serve exited"
                assert time.monotonic() < deadline, f"nothing served on port {port}"
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
