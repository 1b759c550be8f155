"""Small throwaway course sites for build tests: write them into a folder, build, read."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).with_name("mkdocs")

MODULE_PAGE = """\
---
course:
  module: {id}
  objectives:
    - Describe what an extracellular vesicle is.
  takeaways:
    - Most evidence is from cells and animals.
---

# {title}

Vesicles are small [evidence: laboratory] and studied in mice [@zhang2015].

## Size and cargo

They carry proteins and RNA [evidence: human randomised, n=25].
"""

BANK = """\
module: {id}
title: {title}
pass_mark: 70
questions:
  - id: {id}-q1
    type: single
    question: How large are most small extracellular vesicles?
    choices:
      - text: 30–150 nm
        correct: true
        feedback: Right, they are nanometre-sized.
      - text: 300–900 nm
        feedback: That is larger than most small vesicles.
      - text: 3–15 µm
        feedback: That is the size of a cell.
    explanation: Small EVs are usually under 200 nm.
    section: Size and cargo
    references: [zhang2015]
    objectives: [1]
  - id: {id}-q2
    type: multiple
    question: Which molecules can vesicles carry?
    choices:
      - text: Proteins
        correct: true
      - text: microRNA
        correct: true
      - text: Nuclei
      - text: Intact ribosomes
    explanation: They carry proteins, lipids and nucleic acids, not organelles.
    objectives: [1]
"""

REFERENCES = """\
zhang2015:
  citation: "Zhang J, et al. Exosomes facilitate wound healing. J Transl Med. 2015;13:49."
  url: https://doi.org/10.1186/s12967-015-0417-0
"""


@dataclass
class Result:
    code: int
    output: str
    site: Path

    def page(self, url_path: str) -> str:
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


class FixtureSite:
    """A course with `modules` module pages and banks, editable before `build()`."""

    def __init__(self, root: Path, modules: int = 1) -> None:
        self.root = root
        (root / "docs" / "modules").mkdir(parents=True)
        (root / "quizzes").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n")
        (root / "quizzes" / "references.yml").write_text(REFERENCES)
        for n in range(1, modules + 1):
            mid, title = f"mod{n}", f"Module {n}"
            self.write(f"docs/modules/0{n}-mod{n}.md", MODULE_PAGE.format(id=mid, title=title))
            self.write(f"quizzes/0{n}-mod{n}.yml", BANK.format(id=mid, title=title))
        self.config = textwrap.dedent(f"""\
            site_name: Fixture course
            site_url: http://127.0.0.1:8000/
            theme:
              name: material
              custom_dir: {REPO / 'overrides'}
              font: false
            hooks:
              - {REPO / 'hooks' / 'course_hooks.py'}
            plugins:
              - search
              - mkdocs_quiz:
                  enabled_by_default: false
                  embed_source: false
            extra:
              course:
                version: "1.0"
                release_date: "2026-01-01"
                review_date: "2026-01-01"
                termination_date: "2028-12-31"
                contact: course@example.org
                audience: Clinicians.
                faculty:
                  - name: A. Author
                    role: Author
                    disclosure: No relevant financial relationships.
            markdown_extensions:
              - admonition
              - attr_list
              - md_in_html
              - tables
              - toc:
                  permalink: true
            """)

    def with_browser_assets(self) -> FixtureSite:
        """Copy the course's own CSS and ES modules in, for browser tests on a fixture."""
        import shutil

        for folder in ("javascripts", "stylesheets"):
            shutil.copytree(REPO / "docs" / folder, self.root / "docs" / folder)
        self.config += ("extra_css:\n  - stylesheets/course.css\nextra_javascript:\n"
                        "  - path: javascripts/course.js\n    type: module\n")
        return self

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                        encoding="utf-8")
        return path

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Edit a file of the fixture, failing loudly if `old` is not there to edit."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def problems(self) -> list[str]:
        """The problems loading the course reports, each as its one line; fails if none."""
        from course_model import CourseError, load_course

        try:
            load_course(self.root)
        except CourseError as err:
            return [str(p) for p in err.problems]
        raise AssertionError("the course loaded without problems")

    def build(self, *args: str) -> Result:
        (self.root / "mkdocs.yml").write_text(self.config, encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run(
            [str(MKDOCS), "build", "--strict", "--site-dir", "site", *args],
            cwd=self.root, capture_output=True, text=True, env=env, timeout=120,
        )
        return Result(proc.returncode, proc.stdout + proc.stderr, self.root / "site")
