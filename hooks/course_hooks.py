"""MkDocs hooks: load the course once per build, then put it into the site.

Thin on purpose: loading and checking live in course_model, Markdown in course_pages.
- on_config: load and validate; a problem stops the build before anything is written.
- on_files: add one generated assessment page per module (and the course-wide pages).
- on_nav is not needed: assessments are placed in `nav` here, in on_config.
- on_page_markdown: decorate module pages (objectives, notice, takeaways, references).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from course_model import Course, CourseError, load_course
from course_pages import assessment_markdown, module_markdown

log = logging.getLogger("mkdocs.plugins.course")
course: Course | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global course
    root = Path(config.config_file_path).parent
    try:
        course = load_course(root, docs_dir=Path(config.docs_dir), quizzes_dir=root / "quizzes")
    except CourseError as err:
        course = None
        raise PluginError(str(err)) from None
    if config.nav:
        config.nav = nest_assessments(config.nav, course)
    return config


def nest_assessments(nav: list[Any], course: Course) -> list[Any]:
    """Make each module in `nav` a section: the module page, then its assessment."""
    by_page = {m.src_uri: m for m in course.modules}

    def visit(item: Any) -> Any:
        if isinstance(item, list):
            return [visit(i) for i in item]
        if isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, str) and value in by_page:
                m = by_page[value]
                return {title: [{"Read the module": value}, {"Assessment": m.assessment_uri}]}
            return {title: visit(value)}
        if isinstance(item, str) and item in by_page:
            m = by_page[item]
            return {m.title: [{"Read the module": item}, {"Assessment": m.assessment_uri}]}
        return item

    return visit(nav)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert course is not None
    for module in course.modules:
        files.append(File.generated(config, module.assessment_uri,
                                    content=assessment_markdown(module, course)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert course is not None
    module = course.module_for_page(page.file.src_uri)
    if module is None:
        return markdown
    return module_markdown(markdown, module, course)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    **kwargs: Any) -> dict[str, Any]:
    # The browser tracks progress by module and question id; every page carries the map.
    assert course is not None
    manifest = json.dumps(course.manifest(), separators=(",", ":"), ensure_ascii=False)
    context["course_manifest"] = manifest.replace("<", "\\u003c")  # never ends the <script>
    return context
