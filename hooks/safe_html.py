"""Which raw HTML a question may hold, decided by a maintained sanitizer (nh3, Rust's ammonia).

Markdown is the authoring language. Inside it an educator may use a few inline tags that
Markdown has no syntax for: sub- and superscripts, emphasis, line breaks, abbreviations with a
title, code. Anything else that a browser would read as HTML (a script, an image, an event
handler, a tag that would swallow text such as `a<b and b>c`) is a problem naming the
question, so nothing from a bank ever reaches a learner's browser as markup. Code spans and
fenced code are text and are not checked (the rule in `markers.outside_code`).
"""

from __future__ import annotations

import html
import re

import nh3

from markers import outside_code

ALLOWED_TAGS = frozenset({"sub", "sup", "em", "strong", "br", "abbr", "code"})
ALLOWED_ATTRIBUTES = {"abbr": {"title"}}
TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A Markdown link or image whose address names a scheme: `[x](javascript:…)`.
LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):")
ALLOWED_TEXT = ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS)) + ' (with title="…" on <abbr>)'


def _clean(text: str) -> str:
    return nh3.clean(text, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


def disallowed_html(text: str) -> list[str]:
    """The pieces of `text` that the sanitizer would remove, or [] when it keeps everything."""
    if "<" not in text and "](" not in text:
        return []  # nothing a browser could read as markup or a link: most text
    pieces: list[str] = []

    def check(part: str) -> str:
        if html.unescape(_clean(part)) != html.unescape(part):
            pieces.extend(m.group(0) for m in TAG.finditer(part)
                          if html.unescape(_clean(m.group(0))) != html.unescape(m.group(0)))
            if not pieces:
                pieces.append(part.strip()[:40])
        return part

    def check_links(part: str) -> str:
        pieces.extend(f"{m.group(1)}:" for m in LINK_SCHEME.finditer(part)
                      if m.group(1).lower() not in URL_SCHEMES)
        return part

    outside_code(text, check)
    outside_code(text, check_links)
    return list(dict.fromkeys(pieces))
