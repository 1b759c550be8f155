"""The service worker a build writes: what it stores for offline use, and what it never does."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitekit import REPO, FixtureSite, Result

HOOK = REPO / "hooks" / "offline_hook.py"


def with_offline(site: FixtureSite) -> FixtureSite:
    site.config = site.config.replace("hooks:\n", f"hooks:\n  - {HOOK}\n", 1)
    site.config += "extra_javascript:\n  - path: javascripts/offline.js\n    type: module\n"
    site.write("docs/javascripts/offline.js", (REPO / "docs/javascripts/offline.js").read_text())
    site.write("docs/javascripts/site.js", (REPO / "docs/javascripts/site.js").read_text())
    site.write("docs/assets/figure.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    return site


def worker(site: Path) -> tuple[str, list[str]]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    version = json.loads(re.search(r"^const VERSION = (.*);$", text, re.M).group(1))
    files = json.loads(re.search(r"^const FILES = (\[.*?\]);$", text, re.M | re.S).group(1))
    return version, files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Result:
    result = with_offline(FixtureSite(tmp_path_factory.mktemp("offline"), modules=2)).build()
    assert result.code == 0, result.output
    return result


def test_worker_lists_every_page_and_asset_the_course_needs(built: Result) -> None:
    version, files = worker(built.site)
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    pages = {p.relative_to(built.site).as_posix().removesuffix("index.html")
             for p in built.site.rglob("*.html")}
    assert pages <= set(files)
    for needed in ("", "modules/01-mod1/", "modules/01-mod1/assessment/", "certificate/",
                   "evaluation/", "404.html", "search/search_index.json", "assets/figure.svg",
                   "assets/images/favicon.png"):
        assert needed in files, needed
    # The course's modules reach the browser joined into one script: stored, not the sources.
    assert [f for f in files if re.fullmatch(r"assets/javascripts/course\.[0-9a-f]{12}\.js", f)]
    assert not [f for f in files if f.startswith("javascripts/")]
    assert any(f.startswith("assets/javascripts/bundle.") and f.endswith(".js") for f in files)
    assert any(f.startswith("assets/javascripts/workers/search.") for f in files)
    assert any(f.startswith("assets/stylesheets/main.") and f.endswith(".css") for f in files)
    assert len(files) == len(set(files))


def test_worker_lists_no_file_outside_the_site(built: Result) -> None:
    _, files = worker(built.site)
    site = built.site.resolve()
    for entry in files:
        assert not re.match(r"^(?:[a-z]+:|/)", entry), entry  # relative to the site root only
        target = (site / entry).resolve()
        assert target.is_relative_to(site), entry
        assert (target / "index.html" if entry == "" or entry.endswith("/") else target).is_file()
    assert "sw.js" not in files
    assert not [f for f in files if f.startswith("sitemap") or f.endswith((".map", ".gz"))]
    assert not [f for f in files if f.startswith("assets/javascripts/lunr/")]  # English only


def test_the_page_loads_the_registering_module(built: Result) -> None:
    html = built.page("")
    joined = re.search(r'<script src="(assets/javascripts/course\.[0-9a-f]{12}\.js)" '
                       r'type="module"[^>]*>', html)
    assert joined, "the page does not load the course's joined module script"
    script = (built.site / joined.group(1)).read_text(encoding="utf-8")
    assert "// ---- docs/javascripts/offline.js ----" in script
    assert "navigator.serviceWorker.register" in script


def test_version_follows_the_content(built: Result, tmp_path: Path) -> None:
    version, _ = worker(built.site)
    again = with_offline(FixtureSite(tmp_path / "same", modules=2)).build()
    assert worker(again.site)[0] == version  # same course, same store: nothing to download
    edited = with_offline(FixtureSite(tmp_path / "edited", modules=2))
    edited.write("docs/index.md", "# Home\n\nWelcome back.\n")
    changed = edited.build()
    assert changed.code == 0, changed.output
    assert worker(changed.site)[0] != version


def load_hook() -> object:
    spec = importlib.util.spec_from_file_location("offline_hook_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mkdocs_serve_gets_a_worker_that_stores_nothing(built: Result, tmp_path: Path) -> None:
    hook = load_hook()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Home</h1>")
    hook.on_startup(command="serve", dirty=False)
    hook.on_post_build(SimpleNamespace(site_dir=str(site)))
    text = (site / "sw.js").read_text()
    assert "const VERSION = null;" in text and "const FILES = [];" in text
    hook.on_startup(command="build", dirty=False)
    hook.on_post_build(SimpleNamespace(site_dir=str(site)))
    assert worker(site)[1] == [""]
