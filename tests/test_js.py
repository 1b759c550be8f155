"""The browser's pure progress logic, unit-tested with Node's own test runner."""

from __future__ import annotations

import re
import shutil
import subprocess

from sitekit import REPO


def test_progress_logic_under_node() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript unit tests"
    proc = subprocess.run([node, "--test", "tests/js/"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Every test the files declare ran and passed (a file that failed to load runs none).
    declared = sum(len(re.findall(r"^test\(", f.read_text(encoding="utf-8"), re.M))
                   for f in (REPO / "tests" / "js").glob("*.test.mjs"))
    assert "# fail 0" in proc.stdout and f"# pass {declared}\n" in proc.stdout, proc.stdout
