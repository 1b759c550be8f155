"""YAML with line numbers: plain data plus the 1-based line of every key path, duplicate keys
and syntax errors reported as problems, within limits that hold against hostile files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from problems import Path_, Problem, key_path


@dataclass
class Located:
    """A YAML document as plain data, with the 1-based line of every key path."""

    data: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int | None:
        # Fall back to the nearest parent that has a line.
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


# Limits that hold against a hostile or broken file: far above any real bank (a 5,000-question
# bank is about 2 MB, 150,000 nodes, 6 levels deep), far below what would hang the build.
MAX_BYTES = 20_000_000
MAX_DEPTH = 50
MAX_ALIAS_NODES = 100_000  # nodes reached again through `*aliases`: an alias bomb's trick


class _TooBig(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        self.message, self.line = message, line


def read_source(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """A file's text, or a problem naming it: not UTF-8, or too large. A UTF-8 byte-order
    mark, which some editors write, is accepted and dropped."""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return None, [Problem(rel, None, "", f"the file is {len(data) // 1_000_000} MB, more "
                              f"than the {MAX_BYTES // 1_000_000} MB a course file may be.",
                              "split it, or check that it is the file you meant.")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(rel, line, "", f"the file is not UTF-8 text: byte "
                              f"0x{data[err.start]:02x} cannot be read.",
                              "save the file with the UTF-8 encoding (in VS Code: the encoding "
                              "in the status bar, then \"Save with Encoding\", \"UTF-8\").")]


STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"


def load_yaml(text: str, file: str, first_line: int = 1) -> tuple[Located | None, list[Problem]]:
    """Parse YAML, keeping lines; report syntax errors and duplicate keys as problems."""
    offset = first_line - 1
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # C parser: ~8x faster
        try:
            node = loader.get_single_node()
            # One pass over the nodes builds the data and records lines and duplicate keys;
            # PyYAML's own constructor would be a second pass, as slow as this whole one.
            # Anything but plain text (numbers, dates, booleans) is still built by PyYAML.
            construct = loader.construct_object
            visited: set[int] = set()
            inside: set[int] = set()  # the containers on the current path
            reused = 0

            def build(n: yaml.Node, path: Path_) -> Any:
                nonlocal reused
                line = n.start_mark.line + 1 + offset
                if len(path) > MAX_DEPTH:
                    raise _TooBig(f"the YAML is nested more than {MAX_DEPTH} levels deep.", line)
                if id(n) in visited:
                    reused += 1
                    if reused > MAX_ALIAS_NODES:
                        raise _TooBig("the YAML's `*aliases` expand to more than "
                                      f"{MAX_ALIAS_NODES:,} repeated values.", line)
                visited.add(id(n))
                lines.setdefault(path, line)
                if isinstance(n, yaml.ScalarNode):
                    return n.value if n.tag == STR_TAG else construct(n, deep=True)
                if id(n) in inside:
                    raise _TooBig("this YAML refers to itself (an `*alias` inside the block its "
                                  "`&anchor` names).", line)
                if isinstance(n, yaml.SequenceNode):
                    inside.add(id(n))
                    items = [build(item, (*path, i)) for i, item in enumerate(n.value)]
                    inside.discard(id(n))
                    return items
                if not isinstance(n, yaml.MappingNode):
                    return construct(n, deep=True)
                for k, _ in n.value:
                    if k.tag == MERGE_TAG or not isinstance(k, yaml.ScalarNode):
                        raise _TooBig("a key here is a `<<:` merge or a block, which course "
                                      "files do not use.", k.start_mark.line + 1 + offset)
                inside.add(id(n))
                data: dict[Any, Any] = {}
                seen: set[str] = set()
                for k, v in n.value:
                    key = k.value if k.tag == STR_TAG else construct(k, deep=True)
                    name = str(k.value)
                    if name in seen:
                        problems.append(
                            Problem(
                                file,
                                k.start_mark.line + 1 + offset,
                                key_path((*path, name)),
                                f"the key `{name}` appears twice in the same block.",
                                "keep one of them and delete the other.",
                            )
                        )
                    seen.add(name)
                    lines[(*path, name)] = k.start_mark.line + 1 + offset
                    data[key] = build(v, (*path, name))
                inside.discard(id(n))
                return data

            data = build(node, ()) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + offset if mark else None
        what = " ".join(str(x) for x in (err.context, err.problem) if x)
        return None, [
            Problem(
                file,
                line,
                "",
                f"this is not valid YAML ({what}).",
                "check the indentation and punctuation on this line and the one above; "
                "text containing ': ' or starting with a symbol must be quoted.",
            )
        ]
    except yaml.YAMLError as err:
        return None, [Problem(file, None, "", f"this is not valid YAML ({err}).",
                              "fix the syntax.")]
    except _TooBig as err:
        return None, [Problem(file, err.line, "", err.message,
                              "write the content out in full.")]
    except RecursionError:
        return None, [Problem(file, None, "", "this YAML refers to itself (an `*alias` inside "
                              "the block its `&anchor` names) or is nested too deeply.",
                              "write the content out in full.")]
    return Located(data, lines), problems

