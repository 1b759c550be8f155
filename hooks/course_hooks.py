"""MkDocs hooks: load the course once per build, then put it into the site.

Thin on purpose: loading and checking live in course_model, Markdown in course_pages.
- on_config: load and validate; a problem stops the build before anything is written,
  and each module in `nav` becomes a section holding the module and its assessment.
- on_files: add the generated pages (assessments, references, evaluation, certificate) and
  the manifest the browser tracks progress with, one script named after its content;
  front_end.py joins the course's scripts and stylesheets (one file each).
- on_page_markdown: decorate module pages; fill `<!-- course:… -->` placeholders.
- on_page_content: every image's size written into the page (image_sizes.py) and
  mkdocs-quiz's stylesheet before the quizzes (front_end.py).
- on_page_context: tell every page where that manifest is.
- on_env: tell every template (404 too) whether this build is a preview, and what
  front_end.py inlines.

Item-review warnings are logged as warnings: `mkdocs serve` shows them and goes on, while
`make build` (strict) refuses to publish a bank with a flaw nobody has accepted. With
COURSE_RELEASE=1 (`make build RELEASE=1`) a course whose settings hold placeholders fails.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import browser_manifest as manifests
import course_model as model
import course_pages as pages
import front_end
import image_sizes

ENGINE_DIR = Path(__file__).parent
engine_stamp: dict[str, float] = {}


def refresh_engine() -> None:
    """`mkdocs serve` keeps this hook module, and Python the engine modules it imported, for
    the whole session: when a module in hooks/ has changed since the last build, import the
    engine afresh, so the edit shows in the next rebuild without restarting the server."""
    global manifests, model, pages, front_end, image_sizes
    stamp = {p.stem: p.stat().st_mtime for p in ENGINE_DIR.glob("*.py")}
    if engine_stamp and stamp != engine_stamp:
        for name in stamp:
            if name != Path(__file__).stem:
                sys.modules.pop(name, None)
        sys.path.insert(0, str(ENGINE_DIR))  # as MkDocs does while it loads a hook
        try:
            model = importlib.import_module("course_model")
            manifests = importlib.import_module("browser_manifest")
            pages = importlib.import_module("course_pages")
            front_end = importlib.import_module("front_end")
            image_sizes = importlib.import_module("image_sizes")
        finally:
            sys.path.remove(str(ENGINE_DIR))
    engine_stamp.clear()
    engine_stamp.update(stamp)


course: model.Course | None = None
settings: model.Settings | None = None
urls: dict[str, str] = {}
manifest_uri: str | None = None
log = logging.getLogger("mkdocs.hooks.course")


def release_requested() -> bool:
    return os.environ.get("COURSE_RELEASE", "").strip() not in ("", "0")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global course, settings, manifest_uri
    refresh_engine()
    manifest_uri = None  # `mkdocs serve` reuses this module: start each build afresh
    root = Path(config.config_file_path).parent
    try:
        settings = model.load_settings(config.extra)
        course = model.load_course(root, docs_dir=Path(config.docs_dir),
                                   quizzes_dir=root / "quizzes")
        problems = model.credit_problems(settings, course)
        if release_requested():
            problems += settings.release_problems()
        if problems:
            raise model.CourseError(problems)
    except model.CourseError as err:
        course = None
        raise PluginError(str(err)) from None
    for module in course.modules:
        for warning in module.bank.warnings():
            log.warning(str(warning))
    if settings.preview:
        log.info("Preview build: %d course settings still hold [EDUCATOR: …] placeholders "
                 "(`course check --release` lists them).", len(settings.placeholders))
    if config.nav:
        config.nav = nest_assessments(config.nav, course)
    return config


# Each module's name in the navigation ("Skin rejuvenation"), for its pages' titles.
short_titles: dict[str, str] = {}


def nest_assessments(nav: list[Any], course: model.Course) -> list[Any]:
    """Make each module in `nav` a section: the module page, then its assessment."""
    short_titles.clear()
    by_page = {m.src_uri: m for m in course.modules}

    def section(title: str, module_uri: str) -> dict[str, Any]:
        module = by_page[module_uri]
        short_titles[module.id] = pages.short_title(title, module)
        return {title: [{"Read the module": module_uri},
                        {"Assessment": module.assessment_uri}]}

    def visit(item: Any) -> Any:
        if isinstance(item, list):
            return [visit(i) for i in item]
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, str) and value in by_page:
                return section(title, value)
            return {title: visit(value)}
        if isinstance(item, str) and item in by_page:
            return section(by_page[item].title, item)
        return item

    return visit(nav)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert course is not None and settings is not None
    for module in course.modules:
        files.append(File.generated(config, module.assessment_uri,
                                    content=pages.assessment_markdown(module, course)))
        if settings.learning.pretest:
            title = pages.page_title(module, short_titles.get(module.id, module.title),
                                     "pre-test")
            files.append(File.generated(config, pages.pretest_uri(module),
                                        content=pages.pretest_markdown(module, title)))
    for src_uri, make_page in pages.generated_pages(settings).items():
        if files.get_file_from_path(src_uri) is None:  # a hand-written page wins
            files.append(File.generated(config, src_uri,
                                        content=make_page(course, settings, config.site_name)))
    urls.clear()
    urls.update({f.src_uri: f.url for f in files.documentation_pages()})
    files.append(manifest_file(config))
    return front_end.on_files(files, config)  # the course's scripts and styles, joined


def manifest_file(config: MkDocsConfig) -> File:
    """One script for the whole site, not a copy in every page: pages stay light at any course
    size and the browser fetches it once. Named after its content, so a page always gets the
    manifest it was built with, even from a cache, and a new build is never taken for the old."""
    global manifest_uri
    assert course is not None and settings is not None
    manifest = manifests.browser_manifest(course, settings, config.site_name,
                                          lambda uri: urls.get(uri, "" if uri.endswith(
                                              ("certificate.md", "evaluation.md")) else uri))
    manifest_uri, text = manifests.manifest_script(manifest)
    return File.generated(config, manifest_uri, content=text)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert course is not None and settings is not None
    module = course.module_for_page(page.file.src_uri)
    assessed = course.module_for_assessment(page.file.src_uri)
    # The browser tab, history and bookmarks name the module (the navigation keeps its short
    # "Read the module" / "Assessment" under the module's name; overrides/partials/footer.html
    # shows these titles too).
    for shown, kind in ((module, "reading"), (assessed, "assessment")):
        if shown is not None:
            page.meta["title"] = pages.page_title(
                shown, short_titles.get(shown.id, shown.title), kind)
    if module is not None:
        markdown = pages.module_markdown(markdown, module, course, settings.literature_searched,
                                         settings.learning.pretest)
    elif page.file.src_uri in course.page_citations:
        markdown = pages.cited_page_markdown(markdown, page.file.src_uri, course)
    try:
        return pages.fill_placeholders(markdown, course, settings, config.site_name,
                                 page.file.src_uri)
    except pages.PlaceholderError as err:
        raise PluginError(f"{config.docs_dir}/{page.file.src_uri}: {err}") from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = image_sizes.with_sizes(html, page.url, Path(config.docs_dir))
    return front_end.on_page_content(html)  # after mkdocs-quiz's: hooks run after plugins


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    **kwargs: Any) -> dict[str, Any]:
    context["course_manifest"] = manifest_uri  # main.html links it, relative to the page
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["course_preview"] = bool(settings and settings.preview)
    return front_end.on_env(env, config, files)
