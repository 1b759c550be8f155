"""What the browser loads besides Material, made cheap for a first visit (MkDocs glue, called
from course_hooks.py). mkdocs.yml stays the one list of the course's scripts and stylesheets;
this decides how they reach the browser:

- Module scripts in `extra_javascript` that live in docs/ (course.js, offline.js) are joined,
  with every module they import, into one `assets/javascripts/course.<hash>.js`
  (script_bundle.py): one request instead of a dozen, loaded as `type="module"`, so it never
  blocks the first paint.
- Classic scripts in `extra_javascript` that live in docs/ (search-on-demand.js) exist to run
  before Material's bundle, which only a blocking script can. main.html writes them inline
  right before it: no request, nothing to wait for.
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


@dataclass
class Delivery:
    """This build's decisions, for the templates (on_env)."""

    inline_scripts: list[Markup] = field(default_factory=list)
    folded_palette: str | None = None  # Material's palette stylesheet, now in the course's


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
    return [*kept[:slot], joined, *kept[slot:]]


def inline(source: File, project: Path) -> Markup:
    """The script's text for a `<script>` in every page. Its comment lines stay in the source:
    every page would carry them (0.6 KB compressed for search-on-demand.js). Only whole lines
    are dropped, and only from a script without template literals or continued strings, the
    only places where a line starting with `//` could be text."""
    text = Path(source.abs_src_path).read_text(encoding="utf-8")
    label = Path(source.abs_src_path).relative_to(project).as_posix()
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if re.search(r"</script|<!--", line, re.I):
            raise PluginError(f"{label}:{number}: a script written into every page may not hold "
                              "`</script` or `<!--` (the page would end it there). Fix: write "
                              "it as \"<\\/script\" or split the text.")
    if "`" not in text and not any(line.endswith("\\") for line in lines):
        lines = [line for line in lines if not line.lstrip().startswith("//")]
    return Markup("\n".join(lines).strip())


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
    """Material's palette stylesheet, as its own base.html names it (the name carries a hash
    that changes with Material's version), when the theme has a palette."""
    if not config.theme.get("palette"):
        return None
    base = next((Path(d) / "base.html" for d in config.theme.dirs
                 if (Path(d) / "base.html").is_file()), None)
    found = PALETTE.search(base.read_text(encoding="utf-8")) if base else None
    file = files.get_file_from_path(found.group(1)) if found else None
    if file is None:
        raise PluginError("Material's base.html no longer links its palette stylesheet as "
                          "hooks/front_end.py expects (assets/stylesheets/palette.<hash>.min.css"
                          "). Fix: update PALETTE there for the installed Material version.")
    return file


def read(file: File) -> str:
    return Path(file.abs_src_path).read_text(encoding="utf-8")


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["course_inline_scripts"] = list(delivery.inline_scripts)
    env.globals["course_folded_palette"] = delivery.folded_palette
    return env
