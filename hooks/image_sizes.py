"""Give every image in a page its width and height, read from the image file at build time.

A browser that knows an image's size keeps its place before the image arrives; one that does not
lays the page out again when it does, and everything below moves (Lighthouse found the module 1
figure doing this: "media element lacking an explicit size"). Educators write
`![description](../assets/figures/x.svg)` as before; the size comes from the SVG's own `width`
and `height` (or its `viewBox`), or a PNG's header. Images with a size already, or from
elsewhere, are left as written.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

IMG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'\ssrc="([^"]+)"')
SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
NUMBER = r"([0-9]+(?:\.[0-9]+)?)"


def svg_size(text: str) -> tuple[int, int] | None:
    root = SVG_ROOT.search(text)
    if root is None:
        return None
    tag = root.group(0)
    width = re.search(rf'\swidth="{NUMBER}(?:px)?"', tag)
    height = re.search(rf'\sheight="{NUMBER}(?:px)?"', tag)
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = re.search(rf'\sviewBox="[-0-9.]+[\s,]+[-0-9.]+[\s,]+{NUMBER}[\s,]+{NUMBER}"', tag)
    return (round(float(box.group(1))), round(float(box.group(2)))) if box else None


def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def size_of(path: Path) -> tuple[int, int] | None:
    if not path.is_file():
        return None
    if path.suffix.lower() == ".svg":
        return svg_size(path.read_text(encoding="utf-8", errors="replace"))
    if path.suffix.lower() == ".png":
        return png_size(path.read_bytes()[:24])
    return None


def with_sizes(html: str, page_url: str, docs_dir: Path) -> str:
    """`html` (a page's content, its links already relative to `page_url`) with a width and
    height on each local image that has none."""

    def sized(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = SRC.search(tag)
        if src is None or re.search(r"\s(width|height)=", tag):
            return tag
        where = urlsplit(urljoin("/" + page_url, src.group(1)))
        if where.scheme or where.netloc:
            return tag
        size = size_of(docs_dir / unquote(where.path).lstrip("/"))
        if size is None:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'

    return IMG.sub(sized, html)
