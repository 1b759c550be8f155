"""Render the engine's Jinja templates (hooks/templates/): HTML escaped, Markdown not."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    # Markdown templates carry educators' Markdown through untouched; HTML ones escape it.
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def front_matter(data: dict[str, Any]) -> str:
    """A page's YAML front matter, written by a serializer: a title holding quotes, colons
    or `#` stays one string, never broken YAML."""
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n"


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def macro(template: str, name: str) -> Any:
    """A macro from an HTML template, for small inline pieces such as a citation mark."""
    return getattr(environment().get_template(template).module, name)
