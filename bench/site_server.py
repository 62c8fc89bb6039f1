"""Serve a built site on 127.0.0.1 the way a static host would: gzip for text, keep-alive, caching.

Static hosts (GitHub Pages, Netlify, Read the Docs) compress HTML, CSS, JavaScript, JSON and SVG
with gzip when the browser asks for it, and send ``Cache-Control: max-age=600``; this server does
the same, so the bytes the browser reports are the bytes a reader would download.

Map tiles are the one thing the book loads from another host. The bench has no network, so the
server rewrites the tile URL in the pages it serves to ``/__tiles__/...`` and answers those
requests with a blank 1x1 PNG (as the browser tests do). Tile requests are counted apart: they
are OpenStreetMap's cost, not the site's.
"""

from __future__ import annotations

import base64
import gzip
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

TILE_URL = "https://tile.openstreetmap.org/"
LOCAL_TILES = "/__tiles__/"
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
    "application/x-javascript",
)
MAX_AGE = 600  # seconds, as GitHub Pages sends

mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("font/woff2", ".woff2")


def _handler(root: Path, cache: dict):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 (http.server's naming)
            path = unquote(urlparse(self.path).path)
            if path.startswith(LOCAL_TILES):
                return self._send(200, "image/png", BLANK_PNG, gzipped=False)
            target = (root / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if root not in target.parents or not target.is_file():
                return self._send(404, "text/plain", b"not found", gzipped=False)
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            compress = wants_gzip and ctype.startswith(COMPRESSIBLE)
            key = (target, compress)
            if key not in cache:
                body = target.read_bytes()
                if target.suffix == ".html":
                    body = body.replace(TILE_URL.encode(), LOCAL_TILES.encode())
                cache[key] = gzip.compress(body, compresslevel=6, mtime=0) if compress else body
            if ctype.startswith("text/"):
                ctype += "; charset=utf-8"
            self._send(200, ctype, cache[key], gzipped=compress)

        def _send(self, status, ctype, body, gzipped):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.send_header("Vary", "Accept-Encoding")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser cancelled the request (Leaflet drops tiles it no longer needs)

        def log_message(self, *args):
            pass

    return Handler


class StaticSite:
    """``with StaticSite(folder) as site: site.url("book/intro.html")``"""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def __enter__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.root, {}))
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def url(self, page: str) -> str:
        return f"{self.origin}/{page}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
