"""A static server that behaves like a real static host: gzip, caching headers, keep-alive.

One server, one listener per site (each site at the root of its own port, as on a real host:
Material's instant navigation, the sitemap and a service worker's scope all assume that):

    with serve_sites({"stock": dir_a, "course": dir_b}, ports) as urls:
        urls["course"]  # "http://127.0.0.1:PORT/"

What it sends, and why:
- **gzip** (level 6) for text types when the request accepts it, with `Vary: Accept-Encoding`,
  as GitHub Pages, Netlify or nginx with `gzip on` do. Images are sent as they are.
- **`Cache-Control: max-age=600`** (GitHub Pages' default: a file is fresh for 10 minutes, so
  a second page view within that time takes shared CSS and JS from the browser's cache without
  asking) **and `ETag` + `Last-Modified`** (after the 10 minutes the browser revalidates and
  gets `304 Not Modified` with no body). Both together are what a real static host sends.
- **HTTP/1.1 with keep-alive**, so that connections are reused as a browser reuses them with a
  real host (HTTP/1.0, one connection per file, would charge every file a new connection in
  Lighthouse's simulation).
- `404.html` with status 404 for a missing file, a redirect for a folder without its slash.

Also runnable by hand: `.venv/bin/python tests/bench/gzip_server.py SITE_DIR --port 8001`.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import hashlib
import http.server
import mimetypes
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

CACHE_CONTROL = "max-age=600"
GZIP_LEVEL = 6
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
              "image/svg+xml", "application/manifest+json", "text/javascript")
EXTRA_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
               ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml",
               ".xml": "application/xml", ".woff2": "font/woff2"}


@dataclass(frozen=True)
class Body:
    data: bytes
    gz: bytes | None  # None: not a text type, always sent as it is
    etag: str
    last_modified: str
    content_type: str


@dataclass
class Hit:
    site: str
    path: str
    status: int
    bytes_sent: int  # the body as sent (gzip-compressed when it was), headers not counted


@dataclass
class Log:
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)


@functools.lru_cache(maxsize=4096)
def load(path: Path, mtime_ns: int, size: int) -> Body:
    """A file's body, its gzip variant and validators (cached until the file changes)."""
    data = path.read_bytes()
    guessed, encoding = mimetypes.guess_type(path.name)
    ctype = "application/gzip" if encoding else \
        EXTRA_TYPES.get(path.suffix) or guessed or "application/octet-stream"
    if ctype.startswith("text/") or ctype == "application/javascript":
        ctype += "; charset=utf-8"
    gz = gzip.compress(data, GZIP_LEVEL, mtime=0) if ctype.startswith(TEXT_TYPES) else None
    etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
    modified = email.utils.formatdate(mtime_ns / 1e9, usegmt=True)
    return Body(data, gz, etag, modified, ctype)


class GzipHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every response carries a Content-Length
    server_version = "bench-static/1"

    def __init__(self, *args: object, root: Path, site: str, log: Log, **kwargs: object) -> None:
        self.root = root
        self.site = site
        self.hits = log
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass

    def do_HEAD(self) -> None:  # noqa: N802 (stdlib name)
        self.respond(head=True)

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        self.respond(head=False)

    def resolve(self, url_path: str) -> tuple[Path | None, str | None]:
        """The file for a URL path, or a redirect target for a folder without its slash."""
        rel = urllib.parse.unquote(url_path).lstrip("/")
        target = (self.root / rel).resolve()
        if self.root not in (target, *target.parents):
            return None, None
        if target.is_dir():
            if not url_path.endswith("/"):
                return None, url_path + "/"
            target = target / "index.html"
        return (target if target.is_file() else None), None

    def respond(self, head: bool) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        path, redirect = self.resolve(url_path)
        if redirect:
            self.send_bytes(301, b"", extra={"Location": redirect}, head=head)
            return
        status = 200
        if path is None:
            status, path = 404, self.root / "404.html"
            if not path.is_file():
                self.send_bytes(404, b"Not found\n", extra={"Content-Type": "text/plain"},
                                head=head)
                return
        stat = path.stat()
        body = load(path, stat.st_mtime_ns, stat.st_size)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        use_gz = body.gz is not None and accepts_gzip
        etag = f'W/{body.etag}' if use_gz else body.etag  # one validator per representation
        headers = {"Content-Type": body.content_type, "Cache-Control": CACHE_CONTROL,
                   "ETag": etag, "Last-Modified": body.last_modified}
        if body.gz is not None:
            headers["Vary"] = "Accept-Encoding"
        if status == 200 and self.not_modified(body, etag):
            self.send_bytes(304, b"", extra=headers, head=True)
            return
        if use_gz:
            headers["Content-Encoding"] = "gzip"
        self.send_bytes(status, body.gz if use_gz and body.gz is not None else body.data,
                        extra=headers, head=head)

    def not_modified(self, body: Body, etag: str) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = {t.strip().removeprefix("W/") for t in match.split(",")}
            return "*" in tags or etag.removeprefix("W/") in tags
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return email.utils.parsedate_to_datetime(since) >= \
                    email.utils.parsedate_to_datetime(body.last_modified)
            except (TypeError, ValueError):
                return False
        return False

    def send_bytes(self, status: int, data: bytes, extra: dict[str, str], head: bool) -> None:
        self.send_response(status)
        for key, value in extra.items():
            self.send_header(key, value)
        if status != 304:  # a 304 has no body, by definition
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(data)
        self.hits.add(Hit(self.site, self.path, status, 0 if head or status == 304
                          else len(data)))


@contextmanager
def serve_sites(sites: dict[str, Path], ports: dict[str, int],
                log: Log | None = None) -> Iterator[dict[str, str]]:
    """Serve each site at the root of its own loopback port; yields each site's base URL."""
    log = log if log is not None else Log()
    servers = []
    try:
        for name, root in sites.items():
            handler = functools.partial(GzipHandler, root=root.resolve(), site=name, log=log)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", ports[name]), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
        yield {name: f"http://127.0.0.1:{ports[name]}/" for name in sites}
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    with serve_sites({"site": args.site}, {"site": args.port}) as urls:
        print(f"Serving {args.site} on {urls['site']} (Ctrl-C stops)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
