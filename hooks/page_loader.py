"""Pages in docs/: front matter with lines, headings with their anchors, and the markers on
every page that is not a module."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify

from course_data import Heading
from markers import CITATION, EVIDENCE, blank_code, scan_markers
from problems import ID_HELP, Field, Problem, id_check, minutes_check, rel_path
from yaml_lines import Located, load_yaml, read_source

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
HEADING_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")

MODULE_FIELDS = {
    "module": Field(str, True, ID_HELP, id_check),
    "minutes": Field(int, False, "an override of the minutes the engine computes from the "
                     "text (leave it out to use the computed time), e.g. `45`", minutes_check),
    "minutes_reason": Field(str, False, "why `minutes:` differs from the computed time by "
                            "more than 25%, e.g. `the figures need close study`"),
    "objectives": Field(list, True, "a list of learning objectives, each starting with a "
                        "verb the learner can be assessed on"),
    "takeaways": Field(list, True, "a list of the key points to remember"),
}



@dataclass
class PageSource:
    """A module page split into front matter and body, with where the body starts."""

    rel: str
    src_uri: str
    meta: Located | None
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)


def read_page(path: Path, docs_dir: Path, root: Path) -> PageSource:
    rel = rel_path(path, root)
    src_uri = path.relative_to(docs_dir).as_posix()
    text, problems = read_source(path, rel)
    if text is None:
        return PageSource(rel, src_uri, None, "", 1, problems)
    m = FRONT_MATTER.match(text)
    if not m:
        return PageSource(rel, src_uri, None, text, 1)
    located, problems = load_yaml(m.group(1), rel, first_line=2)
    body_line = text[: m.end()].count("\n") + 1
    return PageSource(rel, src_uri, located, text[m.end():], body_line, problems)


def page_headings(body: str, first_line: int = 1) -> tuple[Heading, ...]:
    """ATX headings outside code fences, with the anchors MkDocs' toc will give them."""
    out: list[Heading] = []
    for line in blank_code(body, fenced_only=True).splitlines():
        if (h := HEADING.match(line)):
            text = h.group(2)
            explicit = HEADING_ID.search(text)
            text = HEADING_ID.sub("", text).strip() if explicit else text
            text = re.sub(r"\s*\{[^}]*\}\s*$", "", text)
            anchor = explicit.group(1) if explicit else slugify(_plain(text), "-")
            out.append(Heading(len(h.group(1)), text, anchor))
    return tuple(out)


def _plain(text: str) -> str:
    """Heading text as toc sees it, enough for anchors: drop Markdown emphasis and links."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)



def scan_other_pages(docs_dir: Path, root: Path, module_dir: Path,
                     references: Mapping[str, object]
                     ) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """Citations and evidence labels on every page that is not a module: they work, and an
    unknown key fails, everywhere."""
    cited_by_page: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        if path.parent == module_dir:
            continue
        text, unreadable = read_source(path, rel_path(path, root))
        problems += unreadable
        if text is None or "[" not in text:
            continue
        if not (CITATION.search(text) or EVIDENCE.search(text)):
            continue
        page = read_page(path, docs_dir, root)
        cited, found = scan_markers(page.body, page.body_line, page.rel, references)
        problems += found
        cited_by_page[page.src_uri] = tuple(cited)
    return cited_by_page, problems

