"""`make test` on a fresh machine: every system command the tests run is installed by the
Makefile's `browser` target (BROWSER_TOOLS), which `make test` runs before anything else.

The commands are found by reading the tests: the first item of a subprocess call, a
shutil.which() name, the first of the names find_chromium() tries, and npm for node_modules/."""

from __future__ import annotations

import re

from sitekit import REPO

# Where each command comes from on Debian. A test that starts running a new command fails
# test_every_command_the_tests_run_is_installed until it is added here and to the Makefile.
DEBIAN = {"chromium": "chromium", "pdfinfo": "poppler-utils", "pdftotext": "poppler-utils",
          "node": "nodejs", "npm": "npm", "make": "make"}
# The project's own console scripts (pyproject.toml [project.scripts]): `make install` puts
# them in .venv/bin.
OURS = {"course"}

CALL = re.compile(r"subprocess\.(?:run|Popen|call|check_call|check_output)\(\s*\[\s*\"([\w.+-]+)\"")
WHICH = re.compile(r"shutil\.which\(\s*\"([\w.+-]+)\"")
TRIED = re.compile(r"for (\w+) in \(\s*\"([\w.+-]+)\"[^)]*\):\s*\n.*shutil\.which\(\1\)")


def commands_the_tests_run() -> dict[str, str]:
    """Each command, with the first file that runs it."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(REPO).as_posix()
        names = CALL.findall(text) + WHICH.findall(text) + [m[1] for m in TRIED.findall(text)]
        if '"node_modules"' in text:
            names.append("npm")  # `npm ci` puts axe-core there
        for name in names:
            found.setdefault(name, rel)
    return found


def makefile_tools() -> dict[str, str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    line = re.search(r"^BROWSER_TOOLS\s*:=(.*)$", text, re.M)
    assert line, "the Makefile has no BROWSER_TOOLS list for its `browser` target"
    return dict(item.split(":", 1) for item in line.group(1).split())


def test_the_scan_finds_the_commands_we_know_of() -> None:
    found = commands_the_tests_run()
    for name in ("chromium", "pdfinfo", "node", "npm"):
        assert name in found, f"the scan of tests/ no longer sees {name}"


def test_every_command_the_tests_run_is_installed() -> None:
    installed = makefile_tools()
    problems = []
    for command, where in commands_the_tests_run().items():
        if command in OURS:
            continue
        package = DEBIAN.get(command)
        if package is None:
            problems.append(f"{where} runs `{command}`: add its Debian package to DEBIAN in "
                            "tests/browser/test_system_tools.py and to BROWSER_TOOLS in the "
                            "Makefile")
        elif installed.get(command) != package:
            problems.append(f"{where} runs `{command}`, but `make test` does not install it: add "
                            f"{command}:{package} to BROWSER_TOOLS in the Makefile")
    assert problems == [], "\n".join(problems)


def test_make_test_installs_them_first() -> None:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    prerequisites = re.search(r"^install-test:([^#\n]*)", text, re.M).group(1).split()
    assert prerequisites and prerequisites[0] == "browser", \
        "install-test must run `browser` before `npm ci` (npm may be missing on a new machine)"
    assert re.search(r"^test:\s*install-test", text, re.M)
