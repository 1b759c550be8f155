"""MkDocs hook: write site/sw.js, the service worker that keeps the course working offline.

After every other plugin has written its files (the search index comes last), the hook lists
what a learner's browser needs, names the store after a hash of those files, and renders
hooks/templates/sw.js. docs/javascripts/offline.js registers the worker.

Left out of the store: source maps, sitemaps, compressed copies, the worker itself, and the
search plugin's language files that the configured search languages never load.
Under `mkdocs serve` the worker stores nothing, so authors always see their latest edit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from templates import render

WORKER = "sw.js"
SKIPPED_NAMES = {WORKER, "sitemap.xml", "sitemap.xml.gz", ".nojekyll", "CNAME"}
SKIPPED_SUFFIXES = (".map", ".gz")
LUNR = "assets/javascripts/lunr/"

serving = False


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    global serving
    serving = command == "serve"


def search_scripts(site: Path) -> set[str]:
    """The lunr files Material's search worker loads for the index's languages."""
    try:
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        languages = list(index["config"]["lang"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    scripts: set[str] = set()
    for lang in languages:
        if lang == "ja":
            scripts.add(LUNR + "tinyseg.js")
        if lang in ("hi", "th"):
            scripts.add(LUNR + "wordcut.js")
        if lang != "en":
            scripts.add(f"{LUNR}min/lunr.{lang}.min.js")
    if len(languages) > 1:
        scripts.add(LUNR + "min/lunr.multi.min.js")
    if scripts:
        scripts.add(LUNR + "min/lunr.stemmer.support.min.js")
    return scripts


def precached_files(site: Path) -> list[Path]:
    needed_lunr = search_scripts(site)
    files = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or path.name in SKIPPED_NAMES or rel.endswith(SKIPPED_SUFFIXES):
            continue
        if any(part.startswith(".") for part in path.relative_to(site).parts):
            continue
        if rel.startswith(LUNR) and rel not in needed_lunr:
            continue
        files.append(path)
    return files


def url_of(rel: str) -> str:
    """A page is stored under its folder URL ("modules/x/"), as links point to it."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    files = precached_files(site)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(site).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    rels = [path.relative_to(site).as_posix() for path in files]
    text = render(WORKER, precache=not serving, version=digest.hexdigest()[:16],
                  files=[url_of(rel) for rel in rels],
                  fallback="404.html" if "404.html" in rels else None)
    (site / WORKER).write_text(text, encoding="utf-8")
