"""Markdown extension: abbreviations a keyboard can reach.

docs/javascripts/abbreviations.js shows an `<abbr>`'s expansion on hover, on tap and on focus;
but an `<abbr>` is not focusable, so neither a keyboard nor a tap could reach one. This adds
`tabindex="0"` to every abbreviation the `abbr` extension creates (it must come after it in
`markdown_extensions`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class FocusableAbbr(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for abbr in root.iter("abbr"):
            abbr.set("tabindex", "0")


class FocusableAbbrExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Priority below the abbr extension's (7): runs after it has made the elements.
        md.treeprocessors.register(FocusableAbbr(md), "focusable_abbr", 6)


def makeExtension(**kwargs: object) -> FocusableAbbrExtension:  # noqa: N802 (Markdown's API)
    return FocusableAbbrExtension(**kwargs)
