"""The script joiner (hooks/script_bundle.py): what it joins runs as the browser runs the modules,
and any form it does not know stops the build naming the file and line."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import script_bundle
from sitekit import REPO, FixtureSite

JS = REPO / "docs" / "javascripts"
ENTRIES = [JS / "course.js", JS / "offline.js"]  # as mkdocs.yml lists them


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is needed for the JavaScript tests"
    return found


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")


def run_module(path: Path) -> str:
    proc = subprocess.run([node(), str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_course_modules_join_into_one_valid_module_script(tmp_path: Path) -> None:
    text, modules = script_bundle.join(ENTRIES, REPO)
    names = {m.name for m in modules}
    assert {"course.js", "offline.js", "storage.js", "progress.js", "quiz-bridge.js",
            "certificate-page.js", "evaluation-page.js"} <= names
    assert "search-on-demand.js" not in names  # a classic script: main.html writes it inline
    for module in modules:
        assert text.count(f"// ---- {module.relative_to(REPO).as_posix()} ----") == 1, module
    assert "import(" not in text and "\nexport " not in text and "\nimport " not in text
    joined = tmp_path / "course.mjs"
    joined.write_text(text, encoding="utf-8")
    proc = subprocess.run([node(), "--check", str(joined)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


# Each module logs when its body runs; the entries log what they imported.
GRAPH = {
    "package.json": '{"type": "module"}\n',
    "log.js": """\
        export const log = (globalThis.order ??= []);
        log.push("log");
        """,
    "shared.js": """\
        import { log } from "./log.js";
        log.push("shared");
        export const answer = 42;
        export function twice(n) {
          return 2 * n;
        }
        export class Box {}
        """,
    "first.js": """\
        import { log } from "./log.js";
        import {
          answer,
          twice as double,
        } from "./shared.js";
        import * as everything from "./shared.js";
        log.push(`first ${double(answer)} ${Object.keys(everything).sort().join(",")}`);
        export async function later() {
          const page = await import("./page.js");
          log.push(`later ${page.name}`);
        }
        """,
    "page.js": """\
        import { log } from "./log.js";
        import { answer } from "./shared.js";
        log.push("page");
        export const name = `page ${answer}`;
        """,
    "second.js": """\
        import { log } from "./log.js";
        import { later } from "./first.js";
        log.push("second");
        await later();
        console.log(JSON.stringify(log));
        """,
}


def test_joined_modules_run_in_the_browsers_order_and_dynamic_imports_stay_lazy(
        tmp_path: Path) -> None:
    """The same modules, run by Node as modules and as the joined script, log the same."""
    write(tmp_path, GRAPH)
    write(tmp_path, {"entries.js": 'import "./first.js";\nimport "./second.js";\n'})
    as_modules = json.loads(run_module(tmp_path / "entries.js"))
    assert as_modules == ["log", "shared", "first 84 Box,answer,twice", "second", "page",
                          "later page 42"]
    # The joined script: first.js as an entry; page.js only when later() asks for it. (second.js
    # awaits at its top level, which the joiner does not know: the runner below does its part.)
    joined, modules = script_bundle.join([tmp_path / "first.js"], tmp_path)
    assert {m.name for m in modules} == {"log.js", "shared.js", "first.js", "page.js"}
    runner = tmp_path / "joined.mjs"
    runner.write_text(joined + textwrap.dedent("""\
        const log = globalThis.order;
        log.push("before");
        await $2_first().later();
        console.log(JSON.stringify(log));
        """), encoding="utf-8")
    assert json.loads(run_module(runner)) == ["log", "shared", "first 84 Box,answer,twice",
                                              "before", "page", "later page 42"]


def test_a_module_imported_by_two_entries_runs_once(tmp_path: Path) -> None:
    write(tmp_path, {
        "count.js": "globalThis.runs = (globalThis.runs ?? 0) + 1;\nexport const n = 1;\n",
        "a.js": 'import { n } from "./count.js";\n',
        "b.js": 'import { n } from "./count.js";\nconsole.log(globalThis.runs);\n',
    })
    text, _ = script_bundle.join([tmp_path / "a.js", tmp_path / "b.js"], tmp_path)
    (tmp_path / "joined.mjs").write_text(text, encoding="utf-8")
    assert run_module(tmp_path / "joined.mjs").strip() == "1"


def test_an_error_in_one_entry_leaves_the_next_running(tmp_path: Path) -> None:
    write(tmp_path, {"bad.js": 'throw new Error("bad entry");\n',
                     "good.js": 'console.log("good ran");\n'})
    text, _ = script_bundle.join([tmp_path / "bad.js", tmp_path / "good.js"], tmp_path)
    (tmp_path / "joined.mjs").write_text(text, encoding="utf-8")
    proc = subprocess.run([node(), str(tmp_path / "joined.mjs")], capture_output=True,
                          text=True, timeout=60)
    assert "good ran" in proc.stdout
    assert "bad entry" in proc.stderr  # reported as uncaught, as the browser would


UNKNOWN = [
    ("export default function f() {}", 1, "an export the script joiner does not know"),
    ("export let counter = 0;", 1, "`export let`"),
    ("const a = 1;\nexport { a };", 2, "an export the script joiner does not know"),
    ('export * from "./other.js";', 1, "an export the script joiner does not know"),
    ("export const { a, b } = {};", 1, "an export the script joiner does not know"),
    ('import other from "./other.js";', 1, "an import the script joiner does not know"),
    ('import "./other.js";', 1, "imports for side effects only"),
    ('import { x } from "lodash";', 1, 'imports of packages (`from "x"`)'),
    ('\n\nconst name = "./other.js";\nimport(name);', 4, "write the path as a literal"),
    ("const here = import.meta.url;", 1, "`import.meta`"),
    ('import { missing } from "./other.js";', 1, "imports `missing`, which js/other.js does not"),
    ('import { x } from "./nowhere.js";', 1, "imports `./nowhere.js`, which is not there"),
]


@pytest.mark.parametrize(("source", "line", "message"), UNKNOWN)
def test_a_form_it_does_not_know_names_the_file_and_line(tmp_path: Path, source: str, line: int,
                                                         message: str) -> None:
    write(tmp_path, {"js/entry.js": source + "\n", "js/other.js": "export const x = 1;\n"})
    with pytest.raises(script_bundle.BundleError) as caught:
        script_bundle.join([tmp_path / "js" / "entry.js"], tmp_path)
    assert str(caught.value).startswith(f"js/entry.js:{line}: "), caught.value
    assert message in str(caught.value)


def test_an_import_cycle_is_refused_with_the_chain(tmp_path: Path) -> None:
    write(tmp_path, {"a.js": 'import { b } from "./b.js";\nexport const a = 1;\n',
                     "b.js": '\nimport { a } from "./a.js";\nexport const b = 2;\n'})
    with pytest.raises(script_bundle.BundleError) as caught:
        script_bundle.join([tmp_path / "a.js"], tmp_path)
    assert str(caught.value).startswith("b.js:2: an import cycle (a.js → b.js → a.js)")


def test_the_build_stops_on_a_module_it_cannot_join(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1).with_browser_assets()
    site.write("docs/javascripts/notices.js", "// A new helper.\nexport default 1;\n")
    result = site.build()
    assert result.code != 0
    assert "docs/javascripts/notices.js:2: an export the script joiner does not know: " \
        "`export default 1;`" in result.output


def test_comment_lines_are_left_out_and_a_multi_line_template_keeps_its_text(
        tmp_path: Path) -> None:
    """Whole-line comments cost every first visit; a line inside a template literal that
    starts with `//` is text, and a module holding one is joined as written."""
    write(tmp_path, {
        "plain.js": """\
            // Why this module exists: a comment for editors.
            export function url() {
              // A comment inside a function.
              return "https://example.org/" + `${1}`; // a trailing comment stays
            }
            """,
        "template.js": """\
            import { url } from "./plain.js";
            const text = `first line
            // not a comment: part of the text
              indented text`;
            console.log(JSON.stringify([url(), text]));
            """,
    })
    text, _ = script_bundle.join([tmp_path / "template.js"], tmp_path)
    assert "editors" not in text and "inside a function" not in text
    assert "a trailing comment stays" in text
    assert "\n// not a comment: part of the text\n  indented text`" in text
    (tmp_path / "joined.mjs").write_text(text, encoding="utf-8")
    assert json.loads(run_module(tmp_path / "joined.mjs")) == [
        "https://example.org/1", "first line\n// not a comment: part of the text\n  indented text"]
