"""Serve the built book the way a static host would, under a sub-path, for the browser tests."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
# GitHub Pages serves a project site under /<repository>/: test with a sub-path too.
SUB_PATH = "/baikonur-explained/"
# Map tile servers: the one outside host a page may ask for (the tests answer for them).
TILE_HOSTS = ("tile.openstreetmap.org",)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "Chromium is not installed: run `apt-get install chromium` (.ci/run does it)"
    )


def pages() -> list[str]:
    """Every HTML page of the book, relative to the site root: English, and French under fr/;
    none before `make book` (the tests that read them are marked ``build``, and fail with what to
    do: see conftest.py)."""
    if not (HTML / "index.html").is_file():
        return []
    return sorted(
        str(p.relative_to(HTML))
        for p in HTML.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(HTML).parts)
    )


class _SubPathHandler(SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, *args):  # keep test output quiet
        pass


class Site:
    """The book on http://127.0.0.1:<free port>/baikonur-explained/ in a background thread
    (the book of `make book`, or another build's HTML folder)."""

    def __init__(self, html: Path = HTML):
        self.html = html

    def __enter__(self):
        handler = functools.partial(_SubPathHandler, directory=str(self.html))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.base = self.origin + SUB_PATH
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
