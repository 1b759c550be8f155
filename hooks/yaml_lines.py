"""YAML with line numbers: plain data plus the 1-based line of every key path, duplicate keys
and syntax errors reported as problems, within limits that hold against hostile files."""

from __future__ import annotations

from dataclasses import dataclass
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

            def build(n: yaml.Node, path: Path_) -> Any:
                lines.setdefault(path, n.start_mark.line + 1 + offset)
                if isinstance(n, yaml.ScalarNode):
                    return n.value if n.tag == STR_TAG else construct(n, deep=True)
                if isinstance(n, yaml.SequenceNode):
                    return [build(item, (*path, i)) for i, item in enumerate(n.value)]
                if not isinstance(n, yaml.MappingNode) or any(
                        k.tag == MERGE_TAG or not isinstance(k, yaml.ScalarNode)
                        for k, _ in n.value):
                    return construct(n, deep=True)  # `<<:` merges, odd keys: PyYAML's way
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
    except RecursionError:
        return None, [Problem(file, None, "", "this YAML refers to itself (an `*alias` inside "
                              "the block its `&anchor` names).", "write the content out in full.")]
    return Located(data, lines), problems

