"""Preview or release: a course whose settings still hold `[EDUCATOR: …]` placeholders is a
preview. Pure: settings in, the placeholders found out.

A preview builds, so educators can read it, but nothing in it may pass for a provider's
statement: every page says it is a preview, placeholders are never printed, and the
certificate certifies nothing. A release build refuses while any placeholder remains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

PLACEHOLDER = re.compile(r"\[EDUCATOR:[^\]]*\]")


KeyPath = tuple[str | int, ...]


def placeholders(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every (key path, placeholder text) in a settings value, depth first."""
    if isinstance(value, str):
        for m in PLACEHOLDER.finditer(value):
            yield path, m.group(0)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from placeholders(v, (*path, str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from placeholders(v, (*path, i))


def without_placeholders(value: Any) -> Any:
    """The value as learners may see it: a text holding a placeholder becomes None (shown as
    "not yet set" or left out); a faculty entry whose name is not yet set is dropped."""
    if isinstance(value, str):
        return None if PLACEHOLDER.search(value) else value
    if isinstance(value, dict):
        return {k: without_placeholders(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [without_placeholders(v) for v in value]
        return [v for v in items if not (isinstance(v, dict) and v.get("name") is None)]
    return value
