"""Join the course's ES modules (docs/javascripts/) into one script, at build time.

One request instead of a dozen on a first visit, while editors keep small modules and the
Node unit tests import them as they are. Pure Python, no bundler: it understands only the forms
the course's modules use, and fails the build, naming the file and line, on any other:

    import { a, b as c } from "./x.js";     (the braces may span lines)
    import * as name from "./x.js";
    export function f(…)   export async function f(…)   export class C   export const NAME = …
    import("./x.js")                         (a dynamic import with a literal relative path)

Each module becomes a function that runs its body once, on first use, and returns its exports;
a module's imports run first, in the order written, as the browser runs a module graph.
A dynamic import stays lazy: the module's body runs only when the import is reached (the
certificate's code only on the certificate page). Exports are copied to the importer once,
which equals a live binding only for what never changes after the body ran: hence functions,
classes and `const`, and no `export let`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

IDENT = r"[A-Za-z_$][\w$]*"
SPEC = r"""(?P<quote>["'])(?P<spec>\.{1,2}/[^"'\s]+\.js)(?P=quote)"""  # a relative path
NAMED_IMPORT = re.compile(rf"import\s*\{{(?P<names>[^}}]*)\}}\s*from\s*{SPEC}\s*;?")
NAMESPACE_IMPORT = re.compile(rf"import\s*\*\s*as\s+(?P<local>{IDENT})\s+from\s*{SPEC}\s*;?")
EXPORT_DECLARATION = re.compile(
    rf"export\s+((?:async\s+)?function\s*\*?\s*({IDENT})\b|class\s+({IDENT})\b|const\s+({IDENT})\s*=)")
DYNAMIC_IMPORT = re.compile(rf"(?<![\w$.])import\s*\(\s*{SPEC}\s*\)")
ANY_DYNAMIC_IMPORT = re.compile(r"(?<![\w$.])import\s*\(")
IMPORT_META = re.compile(r"(?<![\w$.])import\s*\.\s*meta\b")
STATEMENT = re.compile(r"\s*(import|export)\b(?!\s*[(.])")

KNOWN_FORMS = ('`import { a, b as c } from "./x.js";`, `import * as name from "./x.js";`, '
               '`export function`, `export async function`, `export class`, '
               '`export const NAME =` and `import("./x.js")`')


class BundleError(Exception):
    """A module the joiner cannot join; the message names the file and line."""

    def __init__(self, where: str, line: int, message: str) -> None:
        self.where, self.line = where, line
        super().__init__(f"{where}:{line}: {message}")


@dataclass
class Import:
    line: int
    target: Path
    names: list[tuple[str, str]] | None  # (exported, local); None for `import * as`
    local: str = ""  # the namespace's name, for `import * as`


@dataclass
class Module:
    path: Path
    label: str  # how errors name the file: relative to the project
    body: list[str] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    dynamic: list[tuple[int, Path]] = field(default_factory=list)  # (line, target)
    exports: dict[str, int] = field(default_factory=dict)  # name -> line


def parse(path: Path, label: str) -> Module:
    """Read one module: its imports and exports taken out, the rest of its text kept."""
    module = Module(path, label)
    lines = path.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        text = lines[number]
        number += 1
        first = number
        keyword = STATEMENT.match(text)
        if keyword and keyword.group(1) == "import":
            # Braces may span lines: read on to the closing one.
            while "{" in text and "}" not in text and number < len(lines):
                text += "\n" + lines[number]
                number += 1
            module.imports.append(parse_import(text.strip(), path, label, first))
            continue
        if keyword:  # export
            declared = EXPORT_DECLARATION.match(text)
            if not declared or text[0].isspace():
                raise BundleError(label, first, f"an export the script joiner does not know: "
                                  f"`{text.strip()}`. It knows {KNOWN_FORMS}; `export let` and "
                                  "`export default` are not among them. Fix: rewrite it in one "
                                  "of these forms, or teach hooks/script_bundle.py the new one.")
            name = declared.group(2) or declared.group(3) or declared.group(4)
            if name in module.exports:
                raise BundleError(label, first, f"`{name}` is exported twice.")
            module.exports[name] = first
            text = text[len("export"):].lstrip()
        module.body.append(dynamic_imports(text, path, label, first, module))
    return module


def parse_import(text: str, path: Path, label: str, line: int) -> Import:
    named = NAMED_IMPORT.fullmatch(text)
    if named:
        pairs = []
        for part in (p.strip() for p in named["names"].split(",")):
            if not part:
                continue
            alias = re.fullmatch(rf"({IDENT})(?:\s+as\s+({IDENT}))?", part)
            if not alias:
                raise BundleError(label, line, f"cannot read the imported name `{part}`.")
            pairs.append((alias.group(1), alias.group(2) or alias.group(1)))
        return Import(line, resolve(path, named["spec"], label, line), pairs)
    namespace = NAMESPACE_IMPORT.fullmatch(text)
    if namespace:
        return Import(line, resolve(path, namespace["spec"], label, line), None,
                      namespace["local"])
    raise BundleError(label, line, f"an import the script joiner does not know: `{text}`. It "
                      f"knows {KNOWN_FORMS}; imports of packages (`from \"x\"`) and imports "
                      "for side effects only are not among them. Fix: rewrite it in one of "
                      "these forms, or teach hooks/script_bundle.py the new one.")


def dynamic_imports(text: str, path: Path, label: str, line: int, module: Module) -> str:
    if IMPORT_META.search(text):
        raise BundleError(label, line, "`import.meta` has no meaning once the modules are "
                          "joined into one script. Fix: read what you need from the page.")

    def lazy(match: re.Match[str]) -> str:
        target = resolve(path, match["spec"], label, line)
        module.dynamic.append((line, target))
        return f"Promise.resolve().then({factory_marker(target)})"

    text = DYNAMIC_IMPORT.sub(lazy, text)
    comment = text.lstrip().startswith(("//", "*", "/*"))  # words about import() are fine
    if ANY_DYNAMIC_IMPORT.search(text) and not comment:
        raise BundleError(label, line, "a dynamic import the script joiner does not know: only "
                          '`import("./x.js")` with the path written out can be joined. Fix: '
                          "write the path as a literal.")
    return text


def resolve(importer: Path, spec: str, label: str, line: int) -> Path:
    target = (importer.parent / spec).resolve()
    if not target.is_file():
        raise BundleError(label, line, f"imports `{spec}`, which is not there.")
    return target


def without_comment_lines(lines: list[str]) -> list[str]:
    """`lines` less whole-line `//` comments, blank lines and indentation: the comments are for
    editors, and were a third of the joined script's compressed size. Only when every line
    stands alone (no template literal or string runs on to the next line, told by an odd count
    of backticks or a closing backslash): only then can a line that starts with `//` be nothing
    but a comment, and indentation nothing but layout. Otherwise `lines` come back as they are."""
    for line in lines:
        if line.replace("\\`", "").count("`") % 2 or line.endswith("\\") or "*/" in line:
            return lines
    return [line.strip() for line in lines
            if line.strip() and not line.lstrip().startswith("//")]


MARKER = "\0factory:{}\0"


def factory_marker(target: Path) -> str:
    """Where a dynamic import's module function goes, named once every module has a name."""
    return MARKER.format(target)


def join(entries: list[Path], project: Path) -> tuple[str, list[Path]]:
    """One script that runs `entries` in order, as separate `type="module"` scripts would run:
    a module imported by both runs once. Returns the script and every module it holds. Files
    are named relative to `project` in errors."""
    modules: dict[Path, Module] = {}
    order: list[Path] = []  # every module after the modules it imports statically

    def visit(path: Path, chain: list[Path], via: tuple[str, int] | None) -> None:
        if path in chain:
            cycle = " → ".join(modules[p].label for p in [*chain[chain.index(path):], path])
            assert via is not None
            raise BundleError(*via, f"an import cycle ({cycle}): the joined script would run a "
                              "module before the one it needs. Fix: move what both need into "
                              "a third module.")
        if path in modules:
            return
        label = path.relative_to(project).as_posix() if path.is_relative_to(project) \
            else str(path)
        module = modules[path] = parse(path, label)
        for imported in module.imports:
            visit(imported.target, [*chain, path], (label, imported.line))
        order.append(path)
        for line, target in module.dynamic:  # lazily run, so it may import its importer
            visit(target, [], (label, line))

    for entry in entries:
        visit(entry.resolve(), [], None)
    names = {path: f"${index}_{re.sub(r'[^A-Za-z0-9]', '_', path.stem)}"
             for index, path in enumerate(order)}
    for module in modules.values():
        check_imports(module, modules)
    parts = [HEADER.format(entries=", ".join(modules[e.resolve()].label for e in entries))]
    for path in order:
        parts.append(module_function(modules[path], names))
    calls = ", ".join(names[e.resolve()] for e in entries)
    parts.append(ENTRIES.format(calls=calls))
    text = "\n".join(parts)
    for path, name in names.items():
        text = text.replace(MARKER.format(path), name)
    return text, list(modules)


def check_imports(module: Module, modules: dict[Path, Module]) -> None:
    for imported in module.imports:
        target = modules[imported.target]
        for name, _local in imported.names or []:
            if name not in target.exports:
                raise BundleError(module.label, imported.line,
                                  f"imports `{name}`, which {target.label} does not export.")


def module_function(module: Module, names: dict[Path, str]) -> str:
    head = [f"// ---- {module.label} ----", f"const {names[module.path]} = $module(() => {{"]
    for imported in module.imports:
        source = f"{names[imported.target]}()"
        if imported.names is None:
            head.append(f"const {imported.local} = {source};")
        else:
            bindings = ", ".join(n if n == local else f"{n}: {local}"
                                 for n, local in imported.names)
            head.append(f"const {{ {bindings} }} = {source};")
    exports = ", ".join(module.exports)
    tail = [f"return Object.freeze({{ __proto__: null{', ' if exports else ''}{exports} }});",
            "});"]
    return "\n".join([*head, *without_comment_lines(module.body), *tail])


HEADER = """\
// The course's own scripts ({entries} and the modules they import), joined into one file by
// hooks/script_bundle.py at every build. Edit the modules in docs/javascripts/, not this file.

// A module's body runs once, the first time it is asked for; it returns the module's exports.
function $module(body) {{
  let exports = null;
  return () => (exports ??= body());
}}
"""

# Each entry runs as its own <script type="module"> would: an error in one is reported as
# uncaught (as the browser reports it) and the next entry still runs.
ENTRIES = """\
for (const entry of [{calls}]) {{
  try {{
    entry();
  }} catch (error) {{
    queueMicrotask(() => {{ throw error; }});
  }}
}}
"""
