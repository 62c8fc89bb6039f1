"""Live code (Thebe): installed from npm without its dependencies, served by the site itself, and
running every chapter's cells on a real Jupyter kernel from the published page.

Binder cannot be reached here, so the browser test starts a Jupyter server on 127.0.0.1 (in the
copy of the repository that the ``published`` fixture builds) and adds one more Thebe
configuration to the page that points Thebe at it instead of Binder. Everything else is what a
reader gets: the theme's "Live Code" button, the book's live-code.js, Thebe from _static/vendor/.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from baikonur.book import chapter_notebooks
from baikonur_sphinx import npm_prebuilt
from book_site import HTML, TILE_HOSTS, Site, jupyter
from conftest import PLACEHOLDER_REPOSITORY, ROOT

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

_CONFIG = re.compile(r'<script type="text/x-thebe-config">(.*?)</script>', re.S)
_LOADER = re.compile(r"<script\b[^>]*\bsrc=\"[^\"]*live-code\.js[^\"]*\"[^>]*>")


def chapters(html: Path = HTML) -> list[str]:
    """The chapter pages (notebooks of the repository) of a build."""
    notebooks = {
        p.relative_to(ROOT).with_suffix(".html").as_posix() for p in chapter_notebooks(ROOT)
    }
    # A page that shows no code cell (the intro shows only its figure) has no Live Code.
    return sorted(
        str(p.relative_to(html))
        for p in (html / "book").glob("*.html")
        if str(p.relative_to(html)) in notebooks
        and 'class="cell_input' in p.read_text(encoding="utf-8")
    )


# --- Thebe from npm, without its dependencies (baikonur_sphinx/npm_prebuilt.py) ---------------


def _tarball(tmp_path: Path, files: dict[str, bytes], version="1.2.3") -> Path:
    tarball = tmp_path / "pkg.tgz"
    files = {
        "package/package.json": json.dumps({"name": "pkg", "version": version}).encode(),
        **files,
    }
    with tarfile.open(tarball, "w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return tarball


def test_prebuilt_unpacks_only_the_pinned_folders(tmp_path):
    tarball = _tarball(
        tmp_path,
        {
            "package/lib/index.js": b"bundle",
            "package/lib/index.js.map": b"map",
            "package/src/index.ts": b"source",
        },
    )
    pin = {"version": "1.2.3", "integrity": npm_prebuilt.integrity(tarball), "files": ["lib"]}
    target = tmp_path / "node_modules" / "pkg"
    npm_prebuilt.unpack(tarball, target, "pkg", pin)
    assert (target / "lib" / "index.js").read_bytes() == b"bundle"
    assert not (target / "lib" / "index.js.map").exists(), "source maps are left out"
    assert not (target / "src").exists(), "only the pinned folders"
    assert npm_prebuilt.is_installed(tmp_path / "node_modules", "pkg", pin)
    assert not npm_prebuilt.is_installed(
        tmp_path / "node_modules", "pkg", {**pin, "version": "1.2.4"}
    )


def test_prebuilt_refuses_a_tarball_that_is_not_the_pinned_one(tmp_path):
    tarball = _tarball(tmp_path, {"package/lib/index.js": b"something else"})
    pin = {"version": "1.2.3", "integrity": "sha512-" + "A" * 86 + "==", "files": ["lib"]}
    with pytest.raises(
        npm_prebuilt.PrebuiltError,
        match=r"pkg@1\.2\.3: the tarball's integrity is sha512-.*but package\.json pins sha512-AAA",
    ):
        npm_prebuilt.unpack(tarball, tmp_path / "out", "pkg", pin)
    assert not (tmp_path / "out" / "package.json").exists()


@pytest.mark.parametrize(
    "pin, message",
    [
        ({"version": "1"}, r'"prebuiltOnly" > "pkg" needs integrity, files'),
        ({"version": "1", "integrity": "sha1-x", "files": ["lib"]}, r"integrity must be sha512-"),
        ({"version": "1", "integrity": "sha512-x", "files": "lib"}, r"files must be a list"),
    ],
)
def test_prebuilt_names_what_is_wrong_with_a_pin(tmp_path, pin, message):
    manifest = tmp_path / "package.json"
    manifest.write_text(json.dumps({"prebuiltOnly": {"pkg": pin}}))
    with pytest.raises(npm_prebuilt.PrebuiltError, match=message):
        npm_prebuilt.pins(manifest)


def test_thebe_is_installed_as_pinned():
    pin = npm_prebuilt.pins(ROOT / "package.json")["thebe"]
    assert npm_prebuilt.is_installed(ROOT / "node_modules", "thebe", pin), (
        "node_modules/thebe is not the pinned Thebe: run `make book`"
    )
    assert (ROOT / "node_modules" / "thebe" / "lib" / "index.js").stat().st_size > 500_000


# --- the published pages --------------------------------------------------------------------


def test_each_chapter_has_live_code_configured_for_binder(published):
    owner_repo = PLACEHOLDER_REPOSITORY.removeprefix("https://github.com/")
    found = chapters(published)
    assert "book/baikonur-exists.html" in found and len(found) >= 5
    for page in found:
        text = (published / page).read_text(encoding="utf-8")
        configs = _CONFIG.findall(text)
        assert len(configs) == 1, f"{page}: {len(configs)} Thebe configurations"
        config = json.loads(configs[0])
        assert config["binderOptions"]["repo"] == owner_repo, page
        assert config["binderOptions"]["ref"] == "main", page
        assert config["useBinder"] is True and config["requestKernel"] is True, page
        # Where the helpers find ../data/, as on Binder's JupyterLab.
        assert config["kernelOptions"] == {"name": "python3", "path": "book"}, page
        assert "initThebeSBT()" in text, f"{page}: no Live Code button"
        loader = _LOADER.search(text)
        assert loader, f"{page}: live-code.js is not loaded"
        # Every URL the loader and Thebe use is a file of the site.
        urls = dict(re.findall(r'\b(data-[\w-]+)="([^"]*)"', loader.group(0)))
        for attribute in ("data-thebe", "data-thebe-css", "data-requirejs", "data-mathjax-bridge"):
            assert (published / page).parent.joinpath(urls[attribute]).resolve().is_file(), (
                f"{page}: {attribute}={urls[attribute]} is not in the site"
            )
        mathjax = (published / page).parent.joinpath(config["mathjaxUrl"]).resolve()
        assert mathjax.is_file(), f"{page}: mathjaxUrl {config['mathjaxUrl']}"
        assert "unpkg.com" not in text and "sphinx-thebe" not in text, page
    for page in ("book/glossary.html", "book/bibliography.html"):
        assert "x-thebe-config" not in (published / page).read_text(encoding="utf-8"), page


def test_thebe_chunks_are_served_without_source_maps(published):
    lib = published / "_static" / "vendor" / "thebe" / "lib"
    assert (lib / "index.js").is_file() and len(list(lib.glob("*.index.js"))) > 50
    assert not list(lib.glob("*.map"))
    # Live outputs' LaTeX is typeset with the site's KaTeX (static/thebe-mathjax2.js).
    for part in ("katex.min.js", "contrib/auto-render.min.js", "katex.min.css"):
        assert (published / "_static" / "vendor" / "katex" / part).is_file(), part
    assert (published / "_static" / "vendor" / "leaflet" / "dist" / "leaflet.js").is_file()


# --- in the browser, on a real kernel -------------------------------------------------------


@pytest.fixture(scope="module")
def jupyter_server(published):
    """A Jupyter server on 127.0.0.1, at the root of the published repository copy."""
    repository = published.parent.parent
    with jupyter(
        "jupyter-server",
        repository,
        "--ServerApp.allow_origin=*",
        log=repository / "jupyter-server.log",
        wait_s=30,
    ) as server:
        yield server


_USE_LOCAL_SERVER = """([url, token]) => {
  const config = document.createElement("script");
  config.type = "text/x-thebe-config";
  config.textContent = JSON.stringify(
    {useBinder: false, serverSettings: {baseUrl: url, token: token, appendToken: true}});
  document.body.appendChild(config);
}"""
_ALL_RUN = (
    "() => window.thebe.notebook.cells.every(cell => cell.executionCount != null && !cell.isBusy)"
)


@pytest.mark.parametrize("page_path", chapters())
def test_live_code_runs_the_chapter_on_a_kernel(published, jupyter_server, browser, page_path):
    server_url, token = jupyter_server
    with Site(published) as site:
        # The page's Content-Security-Policy lets Live Code connect to Binder only
        # (baikonur_sphinx/security.py); here the kernel is a local server, so it is set aside.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        errors, outside = [], []
        local = {urlparse(site.origin).netloc, urlparse(server_url).netloc}

        def route(route):
            host = urlparse(route.request.url).netloc
            if host in local or route.request.url.startswith(("data:", "about:", "blob:")):
                route.continue_()
            elif host.endswith(TILE_HOSTS):
                route.fulfill(status=204)
            else:
                outside.append(route.request.url)
                route.fulfill(status=204)

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        try:
            page.goto(site.base + page_path)
            thebe_requests = []
            page.on("request", lambda r: "/thebe/" in r.url and thebe_requests.append(r.url))
            static_figures = page.locator("div.bk-plotly").count()
            page.evaluate(_USE_LOCAL_SERVER, [server_url, token])
            # The reader's way in: the launch menu, then "Live Code".
            page.locator(".dropdown-launch-buttons button").first.click()
            page.get_by_role("button", name="Live Code").click()
            status = page.locator(".thebe-launch-button")
            page.wait_for_function(
                "() => document.querySelector('.thebe-launch-button')?.dataset.state === 'ready'",
                timeout=120_000,
            )
            assert "kernel ready" in status.inner_text()
            assert thebe_requests and all(
                url.startswith(site.base + "_static/vendor/thebe/") for url in thebe_requests
            )
            cells = page.locator(".thebe-cell")
            shown = page.locator("div.cell .cell_input").count()
            assert cells.count() == shown, f"{cells.count()} live cells for {shown} code cells"
            # "run all" runs the chapter top to bottom on the kernel. Every cell's button does it;
            # the first may be inside a folded cell (the reader opens it first), so it is pressed
            # without being shown.
            page.locator(".thebe-runall-button").first.dispatch_event("click")
            page.wait_for_function(_ALL_RUN, timeout=180_000)
            failures = page.locator(
                "[data-mime-type='application/vnd.jupyter.error'], "
                "[data-mime-type='application/vnd.jupyter.stderr']"
            )
            assert failures.count() == 0, failures.all_inner_texts()[:3]
            # Outputs came back: tables, maps or figures, not just the code.
            assert page.locator(".thebe-output .jp-OutputArea-output").count() > 0
            # Each Plotly figure the page shows is drawn again from the kernel's output.
            page.wait_for_function(
                "n => document.querySelectorAll('.thebe-output div.bk-plotly-drawn svg.main-svg')"
                ".length >= n",
                arg=static_figures,
                timeout=60_000,
            )
        finally:
            context.close()
        assert not errors, errors
        assert not outside, f"requests to other hosts: {sorted(set(outside))[:5]}"
