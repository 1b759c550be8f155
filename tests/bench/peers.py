"""The stock peers Lighthouse compares the course with, built fresh in a temporary folder.

- **Stock Material**: the installed Material for MkDocs (the course's own version), the
  course's home page and six module pages copied as Markdown (with the figures they show),
  nothing added: no hooks, no overrides, no extra CSS or JavaScript. The course's own markers
  (`[@key]`, `[evidence: …]`, `<!-- course:… -->`) stay unrendered, as a stock site would leave
  them.
- **Stock + mkdocs-quiz**: the same, plus the mkdocs-quiz plugin with its default settings
  (its CSS and JavaScript inline on every page), and module 1's assessment page, the course's
  generated quiz Markdown for that bank, so that the plugin has a quiz to render.

The theme settings are fixed here rather than read from mkdocs.yml, so that the peers stay the
same while the course changes: the course's palette (teal, deep orange, light and dark), the
stock features the course used when issue 16 was measured, and `font: false`. Material's
default font would come from Google Fonts, which a benchmark on loopback cannot reach; the
course loads no web font either, so neither side pays for one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from sitekit import MKDOCS, REPO

STOCK, QUIZ = "stock", "quiz"
TITLES = {STOCK: "Stock Material", QUIZ: "Stock + mkdocs-quiz"}
ASSESSMENT = "modules/01-exosome-biology/assessment.md"

THEME: dict[str, Any] = {
    "name": "material",
    "language": "en",
    "font": False,
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "teal",
         "accent": "deep orange",
         "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "teal",
         "accent": "deep orange",
         "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"}},
    ],
    "features": ["navigation.instant", "navigation.instant.progress", "navigation.tracking",
                 "navigation.sections", "navigation.top", "navigation.footer", "toc.follow",
                 "content.footnote.tooltips", "search.highlight"],
}
# Material's usual Markdown extensions (the course's, less its own abbreviation extension and
# the snippet include), so that admonitions, tables and footnotes render as they do in the course.
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    {"toc": {"permalink": True}}, "pymdownx.details", "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}}, "pymdownx.caret", "pymdownx.mark",
    "pymdownx.tilde",
]


def config(kind: str, site_url: str) -> dict[str, Any]:
    plugins: list[Any] = ["search"]
    if kind == QUIZ:
        plugins.append("mkdocs_quiz")
    return {"site_name": f"Exosome therapy in dermatology ({TITLES[kind]})",
            "site_url": site_url, "theme": THEME, "plugins": plugins,
            "markdown_extensions": MARKDOWN_EXTENSIONS}


def assessment_page() -> str:
    """Module 1's bank as mkdocs-quiz Markdown, as the course's hooks generate it."""
    from course_model import load_course
    from course_pages import assessment_markdown

    course = load_course(REPO, docs_dir=REPO / "docs", quizzes_dir=REPO / "quizzes")
    module = next(m for m in course.modules if m.assessment_uri == ASSESSMENT)
    return assessment_markdown(module, course)


def write_peer(root: Path, kind: str, site_url: str) -> Path:
    docs = root / "docs"
    (docs / "modules").mkdir(parents=True)
    shutil.copy(REPO / "docs" / "index.md", docs / "index.md")
    for page in sorted((REPO / "docs" / "modules").glob("*.md")):
        shutil.copy(page, docs / "modules" / page.name)
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")  # the modules' figures
    if kind == QUIZ:
        (docs / ASSESSMENT).parent.mkdir(parents=True)
        (docs / ASSESSMENT).write_text(assessment_page(), encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config(kind, site_url), sort_keys=False, allow_unicode=True),
        encoding="utf-8")
    return root


def build_peer(root: Path, kind: str, site_url: str) -> Path:
    """Write and build one peer; returns its site folder. Not --strict: the copied pages link
    to course pages a stock site does not have."""
    write_peer(root, kind, site_url)
    site = root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([str(MKDOCS), "build", "--site-dir", str(site)], cwd=root,
                          capture_output=True, text=True, env=env, timeout=600)
    if proc.returncode:
        raise RuntimeError(f"building the {TITLES[kind]} peer failed:\n{proc.stdout}{proc.stderr}")
    return site
