"""Serve the built book the way a static host would, under a sub-path, for the browser tests;
and run a Jupyter server (or JupyterLab) for the tests that need a kernel."""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
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
    none before `make book` (the tests that read them declare the ``built_book`` fixture, and
    fail with what to do: see conftest.py)."""
    if not (HTML / "index.html").is_file():
        return []
    return sorted(
        str(p.relative_to(HTML))
        for p in HTML.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(HTML).parts)
    )


def copy_repository(target: Path, *, caches: tuple[str, ...] = ()) -> Path:
    """A copy of the repository as git would check it out (tracked files, and new ones not
    ignored), with the npm packages linked in and the execution ``caches`` of `make book` (each
    a folder under the root, with what its kernels wrote) copied, so that only what a test
    changes runs again."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    for cache in caches:
        if (ROOT / cache).is_dir():
            shutil.copytree(ROOT / cache, target / cache)
    return target


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


@contextlib.contextmanager
def jupyter(command: str, root: Path, *options: str, log: Path, wait_s: float = 60):
    """``command`` (jupyter-server, jupyter-lab) of the tests' environment, on 127.0.0.1 at a
    free port, serving ``root``; yields its URL and token, and stops it at the end. If it does
    not answer within ``wait_s`` seconds, the error holds its log."""
    executable = Path(sys.executable).parent / command
    if not executable.is_file():
        raise RuntimeError(
            f"{command} is missing from the virtual environment: `make test` installs it "
            f"(requirements.txt, tests/requirements.txt)"
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    # A learner's environment: a French build in this test process (the extension's fixture
    # books) sets the variable that tells the kernels their language.
    from baikonur.i18n import LANG_ENV

    environment = {k: v for k, v in os.environ.items() if k != LANG_ENV}
    with open(log, "w") as output:
        server = subprocess.Popen(
            [
                str(executable),
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                *options,
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=root,
            env=environment,
        )
        try:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"{command} did not start:\n{log.read_text()}") from None
                    time.sleep(0.2)
            yield url, token
        finally:
            server.terminate()
            server.wait(timeout=30)
