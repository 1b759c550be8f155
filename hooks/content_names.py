"""Names that change whenever the content does, for the files the build writes for browsers.

A page and the files it links are then always of one build, even from a cache that keeps files
for as long as it likes: a new build's page asks for new names, and never gets an old file.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath


def content_named(path: str, text: str) -> str:
    """`assets/x.js` -> `assets/x.<first 12 hex digits of the text's SHA-256>.js`."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = PurePosixPath(path)
    return str(name.with_name(f"{name.stem}.{digest}{name.suffix}"))
