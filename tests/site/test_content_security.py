"""Defence in depth: every page and map document carries a Content-Security-Policy that runs only
the site's own scripts (baikonur_sphinx/security.py), maps run in a sandbox, and the pages still
work under it (no script, style or request of the site's own is blocked)."""

from __future__ import annotations

import re

import pytest

from baikonur_sphinx.security import (
    META_START,
    THEME_HANDLERS,
    safe_json_blocks,
    script_hashes,
    with_policy,
)
from book_site import HTML, Site, pages
from test_hostile_data import is_redirect, visit

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

_POLICY = re.compile(re.escape(META_START) + r'([^"]*)">')
MAP_DOCUMENTS = sorted(str(p.relative_to(HTML)) for p in HTML.glob("**/_static/maps/*.html"))


def directives(document: str) -> dict[str, list[str]]:
    found = _POLICY.search(document)
    assert found, "no Content-Security-Policy meta element"
    return {
        name: sources
        for name, *sources in (part.split() for part in found.group(1).split(";") if part.strip())
    }


@pytest.mark.parametrize("path", pages() + MAP_DOCUMENTS)
def test_each_page_allows_only_its_own_scripts(path):
    document = (HTML / path).read_text(encoding="utf-8")
    policy = directives(document)
    head = document[: document.lower().find("</head>")]
    assert head.find(META_START) < min(
        (i for i in (head.find("<script"), head.find("<link")) if i >= 0), default=len(head)
    ), f"{path}: the policy comes after a script or stylesheet (it would not cover them)"
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
    assert [s for s in scripts if not s.startswith("'sha256-")] in (
        ["'self'"],
        ["'self'", "'unsafe-hashes'"],
    ), scripts
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    # The theme's handlers only ('unsafe-hashes' with their hashes): any other would not run.
    outside_scripts = re.sub(r"<script\b.*?</script>", "", document, flags=re.S)
    handlers = set(re.findall(r"\son[a-z]+\s*=\s*\"([^\"]*)\"", outside_scripts))
    assert handlers <= set(THEME_HANDLERS), f"{path}: handlers {handlers - set(THEME_HANDLERS)}"


def test_scripts_in_a_page_body_get_no_hash():
    """A script that reached the body (where notebook outputs and data go) does not run, even
    one with the same text as a script of the theme."""
    template_script = "<script>document.documentElement.dataset.mode = 'dark';</script>"
    page = (
        f'<html><head><meta charset="utf-8">{template_script}</head><body>'
        f"<main>{template_script}<script>bk()</script></main></body></html>"
    )
    body = page[page.index("<main>") :]
    policy = with_policy(page, untrusted=set(script_hashes(body)))
    assert script_hashes("<script>bk()</script>")[0] not in policy
    assert script_hashes(template_script)[0] not in policy
    assert policy.index("Content-Security-Policy") < policy.index("<script>")


@pytest.mark.parametrize("path", [p for p in pages() if "bk-map" in (HTML / p).read_text()])
def test_maps_load_in_a_sandbox(path):
    frames = re.findall(r"<iframe\b[^>]*\bclass=\"bk-map\"[^>]*>", (HTML / path).read_text())
    assert frames
    for frame in frames:
        assert 'sandbox="allow-scripts"' in frame, frame[:200]


def test_map_documents_allow_their_tile_hosts_only_for_images():
    assert MAP_DOCUMENTS, "no map documents in the build"
    for path in MAP_DOCUMENTS:
        policy = directives((HTML / path).read_text(encoding="utf-8"))
        assert "https://tile.openstreetmap.org" in policy["img-src"], (path, policy["img-src"])
        assert policy["connect-src"] == ["'self'"], (path, policy["connect-src"])


@pytest.fixture(scope="module")
def site():
    with Site() as running:
        yield running


@pytest.mark.parametrize(
    "page_path",
    [p for p in pages() if not p.startswith(("genindex", "fr/genindex")) and not is_redirect(p)],
)
def test_pages_work_under_their_policy(browser, site, page_path):
    """Figures and maps draw (and maps' layer controls answer) with nothing blocked."""
    blocked: list[str] = []
    found = visit(browser, site, page_path, blocked)
    assert not blocked, f"{page_path}: {blocked[:5]}"
    if page_path.startswith(("book/", "fr/book/")):
        assert found["sections"], f"{page_path}: no sections"


def test_json_data_blocks_cannot_end_or_comment_out_the_page():
    """myst-nb's widget state escapes only "</": "<!--<script>" in a widget's options (data)
    hid the rest of the page; the build writes every "<" in a JSON block as \\u003c."""
    import json

    block = (
        '<script type="application/vnd.jupyter.widget-state+json">{"o": "<\\/script><!--<script>"}'
    )
    page = f"<p>before</p>{block}</script><p>after</p>"
    safe = safe_json_blocks(page)
    body = re.search(r"json\">(.*?)</script>", safe).group(1)
    assert "<" not in body and json.loads(body) == {"o": "</script><!--<script>"}
    assert safe.endswith("</script><p>after</p>")
