"""The browser's pure progress logic, unit-tested with Node's own test runner."""

from __future__ import annotations

import shutil
import subprocess

from sitekit import REPO


def test_progress_logic_under_node() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript unit tests"
    proc = subprocess.run([node, "--test", "tests/js/"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "# fail 0" in proc.stdout and "# pass 10" in proc.stdout
