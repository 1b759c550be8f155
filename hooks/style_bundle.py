"""Join stylesheets into one file, at build time: Material's palette and the course's own.

Two stylesheets then block the first paint (Material's main one and this), not three or more.
The joined file lives in another folder than its parts, so a part may not hold what depends on
where it lives or must come first: relative `url(…)`s and `@import`. The build fails on either,
naming the file and line.
"""

from __future__ import annotations

import re

SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*")
RELATIVE_URL = re.compile(r"""url\(\s*(?!["']?(?:data:|[a-z][a-z0-9+.-]*:|/|#))""", re.I)
IMPORT = re.compile(r"@import\b", re.I)


class StyleError(Exception):
    """A stylesheet that cannot be joined; the message names the file and line."""


def check(label: str, text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if IMPORT.search(line):
            raise StyleError(f"{label}:{number}: `@import` cannot be joined into the course "
                             "stylesheet (it must come first in a file). Fix: add the imported "
                             "stylesheet to `extra_css` in mkdocs.yml instead.")
        if RELATIVE_URL.search(line):
            raise StyleError(f"{label}:{number}: a relative `url(…)` would point elsewhere once "
                             "the stylesheets are joined into assets/stylesheets/. Fix: inline "
                             "the image (a data: URL or an SVG in the page), or use an absolute "
                             "URL.")


def without_comments(text: str) -> str:
    """`text` less its comments and blank lines: the joined stylesheet blocks the first paint,
    and course.css's comments (for editors) were a third of its compressed size. A `/*` inside
    a quoted string is text, not a comment, and stays."""
    out: list[str] = []
    i, quote = 0, ""
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                out.append(text[i:i + 2])
                i += 2
                continue
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
            continue
        out.append(char)
        i += 1
    return "\n".join(line.rstrip() for line in "".join(out).splitlines() if line.strip())


def join(parts: list[tuple[str, str]]) -> str:
    """`parts` are (label, text) in cascade order; each is checked, then labelled."""
    out = ["/* Joined by hooks/style_bundle.py at every build: edit the parts, not this file. */"]
    for label, text in parts:
        check(label, text)
        out.append(f"/* ---- {label} ---- */\n{without_comments(SOURCE_MAP.sub('', text))}\n")
    return "\n".join(out)
