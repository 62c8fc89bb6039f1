"""Learners in the browser (issue 15): a self-check answered wrong and right on the static page,
from the keyboard; and every chapter in a real JupyterLab, run, one widget moved, its output
changed, and a self-check answered there too."""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from book_site import HTML, TILE_HOSTS, Site
from conftest import ROOT

CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("*.ipynb"))


def _local_only(context, allowed: set[str], outside: list[str]):
    def route(route):
        host = urlparse(route.request.url).netloc
        if host in allowed or route.request.url.startswith(("data:", "about:", "blob:")):
            route.continue_()
        else:
            if not host.endswith(TILE_HOSTS):
                outside.append(route.request.url)
            route.abort()
    context.route("**/*", route)


def test_self_check_gives_feedback_on_the_static_page_from_the_keyboard(browser):
    assert (HTML / "book" / "baikonur-exists.html").is_file(), "run `make book` first"
    with Site() as site:
        context = browser.new_context(viewport={"width": 390, "height": 900})
        outside, errors = [], []
        _local_only(context, {urlparse(site.origin).netloc}, outside)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto(site.base + "book/baikonur-exists.html")
            box = page.locator("#bk-sc-exists-town-to-site-1-km")
            feedback = box.locator(".bk-selfcheck-feedback")
            assert feedback.get_attribute("role") == "status"
            assert feedback.get_attribute("aria-live") == "polite"
            answer = float(box.get_attribute("data-answer"))
            field = box.get_by_label("Your answer (km)")
            field.focus()
            page.keyboard.type(f"{answer + 25:.0f}")
            page.keyboard.press("Enter")  # submits the form, as the Check button does
            assert feedback.get_attribute("data-result") == "wrong", feedback.inner_text()
            assert "too high" in feedback.inner_text()
            field.fill(f"{answer:,.1f}")  # thousands separators are fine
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent") == "Check"
            page.keyboard.press("Enter")
            assert feedback.get_attribute("data-result") == "right", feedback.inner_text()
            assert feedback.inner_text().startswith("\u2713 Right.")

            choice = page.locator("#bk-sc-exists-nearest-to-site-1")
            right = choice.get_attribute("data-answer")
            result = choice.locator(".bk-selfcheck-feedback")
            choice.locator("input[type=radio]").first.focus()
            page.keyboard.press("Space")
            radios = choice.locator("input[type=radio]")
            wrong_seen = False
            for _ in range(radios.count()):  # arrows move the choice within the group
                if choice.locator("input:checked").get_attribute("value") != right:
                    wrong_seen = True
                    break
                page.keyboard.press("ArrowDown")
            assert wrong_seen
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            assert result.get_attribute("data-result") == "wrong", result.inner_text()
            radios.first.focus()
            for _ in range(radios.count() + 1):
                if choice.locator("input:checked").get_attribute("value") == right:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            assert result.get_attribute("data-result") == "right", result.inner_text()
        finally:
            context.close()
    assert not errors, errors
    assert not outside, f"requests to other hosts: {outside[:5]}"


# --- JupyterLab -----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """`make lab`'s JupyterLab on 127.0.0.1, on a copy of book/ and data/ (JupyterLab saves)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("downloads"))
    shutil.copytree(ROOT / "data", root / "data")
    executable = Path(sys.executable).parent / "jupyter-lab"
    assert executable.is_file(), "JupyterLab is missing from .venv: `make book` installs it " \
                                 "(requirements.txt)"
    port, token = _free_port(), secrets.token_hex(16)
    # Render every cell (JupyterLab draws only the visible ones by default), so the test sees all.
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    log = open(root / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [str(executable), "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         f"--LabApp.user_settings_dir={root / 'settings'}"],
        stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (root / "jupyterlab.log").read_text()
                time.sleep(0.2)
        else:
            raise RuntimeError((root / "jupyterlab.log").read_text())
        yield url, token
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


_OUTPUT_TEXT = """output => {
  const copy = output.cloneNode(true);
  copy.querySelectorAll('select, input, .widget-readout').forEach(e => e.remove());
  return copy.innerText;
}"""


def _has_widgets(slug: str) -> bool:
    notebook = nbformat.read(ROOT / "book" / f"{slug}.ipynb", as_version=4)
    return any("widgets." in c.source for c in notebook.cells if c.cell_type == "code")


@pytest.mark.skip(reason="unfinished (issue 15): in this test's JupyterLab, 'Run All Cells' "
                         "does not bring every prompt to [n] within 5 minutes; not yet debugged")
@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_runs_in_jupyterlab_and_its_widget_responds(jupyterlab, browser, slug):
    url, token = jupyterlab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside, errors = [], []
    _local_only(context, {urlparse(url).netloc}, outside)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{url}/lab/tree/book/{slug}.ipynb?token={token}")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
        page.wait_for_function(
            "() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status"
            " === 'idle'", timeout=120_000)
        notebook = nbformat.read(ROOT / "book" / f"{slug}.ipynb", as_version=4)
        expected = sum(c.cell_type == "code" for c in notebook.cells)
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-Notebook .jp-CodeCell').length === n",
            arg=expected, timeout=120_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        # Every code cell has run: no "[*]" or empty prompt left.
        page.wait_for_function(
            """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                 .every(p => /\\[\\d+\\]/.test(p.textContent))""", timeout=300_000)
        failures = page.locator("[data-mime-type='application/vnd.jupyter.error']")
        assert failures.count() == 0, failures.all_inner_texts()[:2]

        # A self-check works in JupyterLab too (its script ran: the output is trusted).
        check = page.locator(".bk-selfcheck[data-bound][data-kind=number]").first
        check.scroll_into_view_if_needed()
        answer = float(check.get_attribute("data-answer"))
        check.locator("input").fill(repr(answer))
        check.locator("button").click()
        assert check.locator(".bk-selfcheck-feedback").get_attribute("data-result") == "right"

        if not _has_widgets(slug):
            pytest.skip(f"{slug} has no widget (its self-check was answered)")
        output = page.locator(".jp-OutputArea-output:has(.jupyter-widgets select), "
                              ".jp-OutputArea-output:has(.jupyter-widgets .noUi-handle)").first
        output.scroll_into_view_if_needed()
        before = output.evaluate(_OUTPUT_TEXT)
        select = output.locator("select").first
        if select.count():
            options = select.locator("option").evaluate_all("os => os.map(o => o.value)")
            current = select.evaluate("s => [...s.selectedOptions].map(o => o.value)")
            other = next(v for v in reversed(options) if v not in current)
            select.select_option(other)
        else:
            output.locator(".noUi-handle").first.focus()
            for _ in range(20):
                page.keyboard.press("ArrowRight")
        page.wait_for_function(f"([o, b]) => ({_OUTPUT_TEXT})(o) !== b",
                               arg=[output.element_handle(), before], timeout=60_000)
    finally:
        context.close()
    assert not errors, errors
