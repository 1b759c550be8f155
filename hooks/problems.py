"""Problems and the checks that find them: one line per problem, for an educator to fix.

A problem names the file, the line, the key path, what is wrong and the fix. `Checker` checks
a YAML mapping against a table of `Field`s and resolves key paths to lines.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course_data import Course
    from yaml_lines import Located

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")  # whole-string match: see id_check
Path_ = tuple[str | int, ...]
ID_HELP = "an id of lower-case letters, digits and hyphens, such as `exosome-biology`"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the course, worded for the person who must fix it."""

    file: str
    line: int | None
    key: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message} Fix: {self.fix}"


class CourseError(Exception):
    """The course has problems; `problems` lists them all, in file order. `partial` holds
    what could be loaded despite them (for reports), or None."""

    def __init__(self, problems: Iterable[Problem], partial: Course | None = None) -> None:
        self.problems = list(problems)
        self.partial = partial
        count = len(self.problems)
        head = f"The course has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))



def key_path(path: Path_) -> str:
    """`("questions", 3, "choices")` -> `questions[3].choices`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out



@dataclass(frozen=True)
class Field:
    """One allowed key: its type, whether it is required, and a word on what it holds."""

    kind: type | tuple[type, ...]
    required: bool
    help: str
    check: Callable[[Any], str | None] | None = None
    # The same rule for editors, as a JSON Schema fragment (bank_schema.py builds the schema
    # from these tables, so the validator and the schema cannot drift apart).
    schema: dict[str, Any] | None = None


TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
              list: "a list", dict: "a block of keys"}


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(TYPE_NAMES.get(k, k.__name__) for k in kinds if k is not type(None))


def found(value: Any) -> str:
    if value is None:
        return "nothing"
    name = {str: "text", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "a block of keys"}.get(type(value), type(value).__name__)
    shown = json.dumps(value, default=str, ensure_ascii=False)
    return f"{name} {shown[:60]}{'…' if len(shown) > 60 else ''}"


def is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # YAML's yes/no/true/false must not pass as numbers
    return isinstance(value, kinds)


class Checker:
    """Collects problems for one file, resolving key paths to lines."""

    def __init__(self, file: str, located: Located | None = None) -> None:
        self.file = file
        self.located = located
        self.problems: list[Problem] = []

    def add(self, path: Path_, message: str, fix: str, line: int | None = None) -> None:
        if line is None and self.located is not None:
            line = self.located.line(path)
        self.problems.append(Problem(self.file, line, key_path(path), message, fix))

    def fields(self, value: Any, spec: dict[str, Field], path: Path_, what: str) -> bool:
        """Check a mapping against `spec`; return False when it is not a mapping at all."""
        if not isinstance(value, dict):
            self.add(path, f"expected {what} (a block of `key: value` lines), found "
                     f"{found(value)}.", f"write {what} as keys: {', '.join(spec)}.")
            return False
        for name in value:
            if name not in spec:
                close = closest(str(name), spec)
                hint = f"did you mean `{close}`? " if close else ""
                self.add((*path, name), f"unknown key `{name}` in {what}.",
                         f"{hint}allowed keys are: {', '.join(spec)}.")
        for name, fld in spec.items():
            here = (*path, name)
            if name not in value or value[name] is None:
                if fld.required:
                    self.add(here if name in value else path,
                             f"required key `{name}` is missing or empty in {what}.",
                             f"add `{name}:` with {fld.help}.")
                continue
            got = value[name]
            if not is_kind(got, fld.kind):
                self.add(here, f"expected {_type_name(fld.kind)}, found {found(got)}.",
                         f"set `{name}` to {fld.help}.")
                continue
            if isinstance(got, str) and not got.strip():
                self.add(here, f"`{name}` is empty.", f"write {fld.help}.")
                continue
            if fld.check and (msg := fld.check(got)):
                self.add(here, msg, f"set `{name}` to {fld.help}.")
        return True


def closest(name: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def id_check(value: str) -> str | None:
    if not ID_PATTERN.fullmatch(value):  # `match` with `$` let a trailing newline through
        return f"`{value}` is not a valid id."
    return None


def percent_check(value: float) -> str | None:
    if not 1 <= value <= 100:  # a percentage: 0.5 would mean "pass with half a per cent"
        return f"a pass mark of {value}% is outside 1–100%."
    return None


def minutes_check(value: int) -> str | None:
    if not 1 <= value <= 600:
        return f"{value} minutes is outside 1–600."
    return None



def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def rel_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
