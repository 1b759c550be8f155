"""Every page of the built course: those its sitemap.xml lists, and the 404 page."""

from __future__ import annotations

import functools
import urllib.request
from xml.etree import ElementTree

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@functools.cache
def built_pages(base: str) -> tuple[str, ...]:
    """Absolute URLs of the pages served under `base` (the course_url fixture)."""
    with urllib.request.urlopen(base + "sitemap.xml", timeout=10) as response:
        root = ElementTree.fromstring(response.read())
    urls = [(loc.text or "").strip() for loc in root.iter(f"{SITEMAP}loc")]
    strays = [u for u in urls if not u.startswith(base)]
    assert urls and not strays, f"sitemap.xml lists pages outside {base}: {strays or 'none'}"
    return (*urls, base + "404.html")
