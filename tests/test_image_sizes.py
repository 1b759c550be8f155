"""Every local image gets its size in the page (hooks/image_sizes.py), so nothing moves when it
arrives."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import image_sizes


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def test_a_figure_gets_the_size_its_file_declares(tmp_path: Path) -> None:
    figures = tmp_path / "assets" / "figures"
    figures.mkdir(parents=True)
    (figures / "sized.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 1190" width="640" '
        'height="1190"><title>t</title></svg>', encoding="utf-8")
    (figures / "box only.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"\n viewBox="0 0 360.5 '
        '700"></svg>', encoding="utf-8")
    (figures / "photo.png").write_bytes(png(800, 600))
    html = ('<p><img alt="A" src="../../assets/figures/sized.svg" /></p>'
            '<p><img alt="B" src="../../assets/figures/box%20only.svg"></p>'
            '<p><img alt="C" src="../../assets/figures/photo.png" /></p>')
    out = image_sizes.with_sizes(html, "modules/01-x/", tmp_path)
    assert '<img alt="A" src="../../assets/figures/sized.svg" width="640" height="1190"/>' in out
    assert '<img alt="B" src="../../assets/figures/box%20only.svg" width="360" height="700">' \
        in out
    assert 'src="../../assets/figures/photo.png" width="800" height="600"/>' in out


def test_images_with_a_size_from_elsewhere_or_missing_are_left_as_written(
        tmp_path: Path) -> None:
    html = ('<img src="a.svg" width="10" height="10">'
            '<img src="https://example.org/b.svg">'
            '<img src="data:image/png;base64,AA">'
            '<img src="missing.svg">'
            '<img alt="no source">')
    assert image_sizes.with_sizes(html, "", tmp_path) == html
