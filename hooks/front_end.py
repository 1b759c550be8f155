"""What the browser loads besides Material, made cheap for a first visit (MkDocs glue, called
from course_hooks.py). mkdocs.yml stays the one list of the course's scripts and stylesheets;
this decides how they reach the browser:

- Module scripts in `extra_javascript` that live in docs/ (course.js, offline.js) are joined,
  with every module they import, into one `assets/javascripts/course.<hash>.js`
  (script_bundle.py): one request instead of a dozen, loaded as `type="module"` at low fetch
  priority, so it never blocks the first paint or competes with what does. main.html defers
  Material's own bundle too (material_bundle names it).
- Classic scripts in `extra_javascript` that live in docs/ (search-on-demand.js) exist to run
  before Material's bundle, which they change. main.html writes them inline ahead of it: they
  run first without a request or anything to wait for.
- mkdocs-quiz's stylesheet, which it writes after the quizzes, goes before them
  (on_page_content), so that no quiz is ever painted without it.
- Stylesheets in `extra_css` that live in docs/ (course.css) are joined after Material's
  palette stylesheet into one `assets/stylesheets/course.<hash>.css` (style_bundle.py), and
  main.html leaves out Material's own link to the palette: Material's main stylesheet and this
  one are all that block the first paint.

The sources are not published as they are (nothing links them, and the offline copy would store
them for nothing); the joined files are named after their content, so a cache never serves one
build's page with another build's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import script_bundle
import style_bundle
from content_names import content_named

SCRIPT = "assets/javascripts/course.js"  # the joined script's name, before its hash
STYLESHEET = "assets/stylesheets/course.css"
PALETTE = re.compile(r"""['"](assets/stylesheets/palette\.[0-9a-f]+\.min\.css)['"]""")
QUIZ_STYLE = re.compile(r'<style type="text/css">\s*\.quiz\b.*?</style>', re.S)  # mkdocs-quiz's
BUNDLE = re.compile(r"""['"](assets/javascripts/bundle\.[0-9a-f]+\.min\.js)['"]""")


@dataclass
class Delivery:
    """This build's decisions, for the templates (on_env)."""

    inline_scripts: list[Markup] = field(default_factory=list)
    folded_palette: str | None = None  # Material's palette stylesheet, now in the course's
    material_bundle: str | None = None  # Material's script, which main.html defers
    joined_script: str | None = None  # the course's script, which main.html fetches last


delivery = Delivery()


def source_of(files: Files, config: MkDocsConfig, path: str) -> File | None:
    """The docs/ file behind a local `extra_css`/`extra_javascript` entry, if it is one."""
    file = files.get_file_from_path(path)
    if file is None or file.generated_by or not file.abs_src_path:
        return None
    return file if Path(file.abs_src_path).is_relative_to(Path(config.docs_dir)) else None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    delivery.inline_scripts.clear()
    delivery.folded_palette = None
    delivery.joined_script = None
    delivery.material_bundle = material_asset(config, BUNDLE, "script")
    project = Path(config.config_file_path).parent
    used: list[File] = []
    try:
        config.extra_javascript = scripts(files, config, project, used)
        config.extra_css = stylesheets(files, config, used)
    except (script_bundle.BundleError, style_bundle.StyleError) as err:
        raise PluginError(str(err)) from None
    for file in used:
        files.remove(file)
    return files


def scripts(files: Files, config: MkDocsConfig, project: Path,
            used: list[File]) -> list[ExtraScriptValue | str]:
    kept: list[ExtraScriptValue | str] = []
    entries: list[Path] = []
    slot = 0  # where the joined script goes: where the first module was
    for script in config.extra_javascript:
        source = source_of(files, config, str(script))
        if source is None:
            kept.append(script)
        elif getattr(script, "type", "") == "module":
            if not entries:
                slot = len(kept)
            entries.append(Path(source.abs_src_path))
        else:
            delivery.inline_scripts.append(inline(source, project))
            used.append(source)
    if not entries:
        return kept
    text, modules = script_bundle.join(entries, project)
    uri = content_named(SCRIPT, text)
    by_path = {Path(f.abs_src_path).resolve(): f for f in files if f.abs_src_path}
    used += [by_path[m] for m in modules if m in by_path]
    files.append(File.generated(config, uri, content=text))
    joined = ExtraScriptValue(uri)
    joined.type = "module"
    delivery.joined_script = uri
    return [*kept[:slot], joined, *kept[slot:]]


def inline(source: File, project: Path) -> Markup:
    """The script's text for a `<script>` in every page, less its comment lines (every page
    would carry them: 0.6 KB compressed for search-on-demand.js)."""
    text = Path(source.abs_src_path).read_text(encoding="utf-8")
    label = Path(source.abs_src_path).relative_to(project).as_posix()
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if re.search(r"</script|<!--", line, re.I):
            raise PluginError(f"{label}:{number}: a script written into every page may not hold "
                              "`</script` or `<!--` (the page would end it there). Fix: write "
                              "it as \"<\\/script\" or split the text.")
    return Markup("\n".join(script_bundle.without_comment_lines(lines)).strip())


def stylesheets(files: Files, config: MkDocsConfig, used: list[File]) -> list[str]:
    local = [(path, source_of(files, config, path)) for path in config.extra_css]
    parts = [(path, file) for path, file in local if file is not None]
    if not parts:
        return list(config.extra_css)
    joined: list[tuple[str, str]] = []
    palette = material_palette(files, config)
    if palette is not None:
        joined.append((f"Material's {palette.src_uri}", read(palette)))
        delivery.folded_palette = palette.src_uri
        used += [palette, *filter(None, [files.get_file_from_path(palette.src_uri + ".map")])]
    joined += [(path, read(file)) for path, file in parts]
    used += [file for _, file in parts]
    text = style_bundle.join(joined)
    uri = content_named(STYLESHEET, text)
    files.append(File.generated(config, uri, content=text))
    first = next(path for path, file in local if file is not None)
    return [uri if path == first else path for path, file in local
            if file is None or path == first]


def material_palette(files: Files, config: MkDocsConfig) -> File | None:
    """Material's palette stylesheet, when the theme has a palette."""
    if not config.theme.get("palette"):
        return None
    path = material_asset(config, PALETTE, "palette stylesheet")
    if path is None:  # not Material: nothing of its to fold in
        return None
    file = files.get_file_from_path(path)
    if file is None:
        raise PluginError(f"Material's palette stylesheet {path} is not among the theme's files. "
                          "Fix: reinstall mkdocs-material.")
    return file


def material_asset(config: MkDocsConfig, pattern: re.Pattern[str], what: str) -> str | None:
    """The path of one of Material's own files, as its base.html names it (the name carries a
    hash that changes with Material's version); None for another theme."""
    if config.theme.name != "material":
        return None
    base = next((Path(d) / "base.html" for d in config.theme.dirs
                 if (Path(d) / "base.html").is_file()), None)
    found = pattern.search(base.read_text(encoding="utf-8")) if base else None
    if found is None:
        raise PluginError(f"Material's base.html no longer names its {what} as "
                          f"hooks/front_end.py expects ({pattern.pattern}). Fix: update the "
                          "pattern there for the installed Material version.")
    return found.group(1)


def read(file: File) -> str:
    return Path(file.abs_src_path).read_text(encoding="utf-8")


def on_page_content(html: str) -> str:
    """mkdocs-quiz writes its stylesheet after the page's quizzes, so a browser that paints
    before the parser gets there shows the first quizzes unstyled (explanations open), and
    then the page jumps (CLS 0.05 on an assessment page at 1350 px). Moved ahead of the
    content, it applies from the first paint."""
    style = QUIZ_STYLE.search(html)
    first_quiz = html.find('class="quiz"')
    if style is None or first_quiz < 0 or style.start() < first_quiz:
        return html
    return style.group(0) + html[:style.start()] + html[style.end():]


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["course_inline_scripts"] = list(delivery.inline_scripts)
    env.globals["course_folded_palette"] = delivery.folded_palette
    env.globals["course_material_bundle"] = delivery.material_bundle
    env.globals["course_joined_script"] = delivery.joined_script
    return env
