"""Learners in the browser: a self-check answered wrong and right on the static page,
from the keyboard; and every chapter in a real JupyterLab, run, one widget moved, its output
changed, and a self-check answered there too."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from book_site import HTML, TILE_HOSTS, Site, jupyter
from conftest import ROOT

from baikonur.book import chapter_notebooks, page_path, read_notebook

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

# Chapters, not the intro nor the evidence pages (``baikonur: evidence_for`` in their front
# matter), which carry a chapter's computed evidence and no exercises of their own.
CHAPTERS = sorted(
    p.stem
    for p in chapter_notebooks(ROOT)
    if p.stem != "intro" and not read_notebook(p).metadata.get("baikonur", {}).get("evidence_for")
)
assert CHAPTERS, "no chapter notebooks found through _toc.yml"
# How long JupyterLab may take to reach each state (open, kernel idle, every cell run) on a busy
# machine. The test waits for states, never for a fixed time: this is only the limit.
LAB_WAIT_MS = int(os.environ.get("LAB_WAIT_MS", "300000"))


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


def test_self_check_speaks_french_on_the_french_page(browser):
    """The French edition's self-check: its words, its feedback and a decimal comma."""
    page_path = HTML / "fr" / "book" / "baikonur-exists.html"
    assert page_path.is_file(), "run `make book` first (both editions)"
    with Site() as site:
        context = browser.new_context(viewport={"width": 390, "height": 900})
        outside, errors = [], []
        _local_only(context, {urlparse(site.origin).netloc}, outside)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto(site.base + "fr/book/baikonur-exists.html")
            box = page.locator("#bk-sc-exists-town-to-site-1-km")
            assert box.locator(".bk-selfcheck-tag").inner_text().lower() == "testez-vous"
            assert box.locator("button").inner_text() == "Vérifier"
            assert box.locator("summary").inner_text() == "Voir la réponse"
            feedback = box.locator(".bk-selfcheck-feedback")
            answer = float(box.get_attribute("data-answer"))
            field = box.get_by_label("Votre réponse (km)")
            field.focus()
            page.keyboard.type("douze")
            page.keyboard.press("Enter")
            assert feedback.inner_text().startswith("Tapez un nombre"), feedback.inner_text()
            field.fill(f"{answer - 25:.1f}".replace(".", ","))
            page.keyboard.press("Enter")
            assert feedback.get_attribute("data-result") == "wrong", feedback.inner_text()
            assert "trop faible" in feedback.inner_text()
            field.fill(f"{answer:.1f}".replace(".", ","))  # a decimal comma, the French way
            page.keyboard.press("Enter")
            assert feedback.get_attribute("data-result") == "right", feedback.inner_text()
            assert feedback.inner_text().startswith("\u2713 Juste.")

            choice = page.locator("#bk-sc-exists-nearest-to-site-1")
            result = choice.locator(".bk-selfcheck-feedback")
            choice.locator("button").focus()
            page.keyboard.press("Enter")
            assert result.inner_text() == "Choisissez d\u2019abord une des réponses."
        finally:
            context.close()
    assert not errors, errors
    assert not outside, f"requests to other hosts: {outside[:5]}"


# --- JupyterLab -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """`make lab`'s JupyterLab on 127.0.0.1, on a copy of book/ and data/ (JupyterLab saves)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("downloads"))
    # The chapters as the .ipynb the build gives readers (a learner may also open the .md with
    # jupytext: right-click > Open With > Notebook); the test drives JupyterLab's notebook view.
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "notebooks.py"),
            "to-ipynb",
            str(root / "book"),
            *[str(p) for p in chapter_notebooks(ROOT)],
        ],
        check=True,
        capture_output=True,
    )
    shutil.copytree(ROOT / "data", root / "data")
    for name in ("_toc.yml", "_config.yml"):  # a chapter checks its links against the toc
        shutil.copy2(ROOT / name, root / name)
    # Render every cell (JupyterLab draws only the visible ones by default), so the test sees all.
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    with jupyter(
        "jupyter-lab",
        root,
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.user_settings_dir={root / 'settings'}",
        log=root / "jupyterlab.log",
    ) as server:
        yield server


# The notebook on show (JupyterLab keeps other tabs in the page, hidden).
NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"

_OUTPUT_TEXT = """output => {
  const copy = output.cloneNode(true);
  copy.querySelectorAll('select, input, .widget-readout').forEach(e => e.remove());
  return copy.innerText;
}"""


def _has_widgets(slug: str) -> bool:
    notebook = read_notebook(page_path(ROOT, f"book/{slug}"))
    return any("widgets." in c.source for c in notebook.cells if c.cell_type == "code")


def _has_map(slug: str) -> bool:
    notebook = read_notebook(page_path(ROOT, f"book/{slug}"))
    return any("base_map(" in c.source for c in notebook.cells if c.cell_type == "code")


def _exercise_count(slug: str) -> int:
    notebook = read_notebook(page_path(ROOT, f"book/{slug}"))
    return sum("{exercise}" in c.source for c in notebook.cells if c.cell_type == "markdown")


def _exercises_are_folded_and_answer_free(page, slug: str) -> None:
    """After Run All: each exercise shows its title, its hint folded; each solution's output is
    one folded "Show the answer" and nothing else in view (no answer printed)."""
    count = _exercise_count(slug)
    assert count, f"{slug}: no exercise"
    exercises = page.evaluate(
        """() => [...document.querySelectorAll(NB + ' .jp-MarkdownCell .jp-RenderedMarkdown')]
          .filter(m => /^Exercise \\d+: /.test(m.querySelector('strong')?.innerText || ''))
          .map(m => ({
            title: m.querySelector('strong').innerText,
            shown: m.querySelector('strong').getBoundingClientRect().height > 0,
            hints: [...m.querySelectorAll('details')].map(d => ({
              open: d.open, summary: d.querySelector('summary').innerText,
              text: d.innerText.trim()})),
            raw: /\\{(exercise|dropdown|solution-start|solution-end|go-live)\\}/.test(m.innerText),
          }))"""
    )
    assert len(exercises) == count, f"{slug}: {len(exercises)} exercises rendered of {count}"
    for exercise in exercises:
        assert exercise["shown"] and not exercise["raw"], exercise
        assert exercise["hints"], f"{slug}: {exercise['title']} has no folded hint"
        for hint in exercise["hints"]:
            # Folded: only the summary is rendered (innerText leaves out what is not).
            assert not hint["open"] and hint["text"] == hint["summary"], hint
    raw = page.locator(NB + " .jp-RenderedMarkdown", has_text=re.compile(r"\{(solution-|go-live)"))
    assert raw.count() == 0, f"{slug}: raw MyST: {raw.all_inner_texts()[:1]}"
    solutions = page.evaluate(
        """() => [...document.querySelectorAll(NB + ' .jp-CodeCell')]
          .filter(c => (c.querySelector('.jp-Cell-inputWrapper')?.innerText || '')
            .includes('@title Solution'))
          .map(c => [...c.querySelectorAll('.jp-OutputArea-output')]
            .map(o => o.innerText.trim()))"""
    )
    assert len(solutions) == count, f"{slug}: {len(solutions)} solution cells of {count}"
    for outputs in solutions:
        # The answer is folded under its summary: nothing else of the output is in view.
        assert outputs == ["Show the answer"], f"{slug}: a solution shows {outputs}"


def _maps_draw_offline(page, slug: str) -> None:
    """Each folium map draws its vector base (SVG paths) with every outside request blocked."""
    frames = page.locator(NB + " .jp-OutputArea-output iframe")
    assert frames.count(), f"{slug}: no map frame"
    for index in range(frames.count()):
        frame = frames.nth(index)
        frame.scroll_into_view_if_needed()
        inside = frame.content_frame
        try:
            inside.locator(".leaflet-container").wait_for(timeout=60_000)
            page.wait_for_function(
                "f => f.contentDocument.querySelectorAll('.leaflet-pane svg path').length >= 10",
                arg=frame.element_handle(),
                timeout=60_000,
            )
        except PlaywrightTimeout:
            raise AssertionError(
                f"{slug}: map {index + 1} drew no vector base offline "
                f"({inside.locator('.leaflet-pane svg path').count()} shapes)"
            ) from None
        assert "Trusted" not in frame.evaluate("f => f.parentElement.innerText")


_KERNEL_IDLE = "() => /\\| Idle/.test(document.querySelector('#jp-main-statusbar')?.innerText)"
_CELLS_STARTED = (
    "() => [...document.querySelectorAll(NB + ' .jp-InputPrompt')]"
    ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"
)
_RUN_ALL = ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel"


def _run_all_cells(page, slug: str) -> None:
    """Run › Run All Cells, as a learner would, once the kernel is idle. Each step waits for the
    state it needs; if JupyterLab was not ready (the item disabled, or a dialog asking which
    kernel to use), the menu is closed and the step taken again, until LAB_WAIT_MS."""
    deadline = time.monotonic() + LAB_WAIT_MS / 1000
    while True:
        assert time.monotonic() < deadline, f"{slug}: JupyterLab never ran the cells"
        page.wait_for_function(_KERNEL_IDLE)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.wait_for()
        item = page.locator(_RUN_ALL, has_text="Run All Cells").first
        if item.count():
            item.click()
            page.wait_for_function(
                f"() => ({_CELLS_STARTED})() || !!document.querySelector('.jp-Dialog')"
            )
            if not page.locator(".jp-Dialog").count():
                return
            page.locator(".jp-Dialog .jp-mod-accept").first.click()
            page.locator(".jp-Dialog").first.wait_for(state="detached")
            if page.evaluate(_CELLS_STARTED):
                return
        else:
            page.keyboard.press("Escape")
            page.locator(".lm-Menu").first.wait_for(state="detached")


# Known failure, open: in the long headlines notebook one solution cell shows no output in
# JupyterLab, though the same notebook run with nbconvert has every answer folded (perhaps
# JupyterLab's windowed rendering of cells far down the page).
_HEADLINES_KNOWN = pytest.mark.xfail(
    reason="a solution's output not seen in JupyterLab", strict=False
)


@pytest.mark.parametrize(
    "slug",
    [
        pytest.param(s, marks=_HEADLINES_KNOWN) if s == "checking-the-headlines" else s
        for s in CHAPTERS
    ],
)
def test_chapter_runs_in_jupyterlab_and_its_widget_responds(jupyterlab, browser, slug):
    url, token = jupyterlab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Every click and wait below waits for a state (an element there and enabled, a prompt
    # numbered), up to LAB_WAIT_MS, instead of Playwright's 30 s default.
    context.set_default_timeout(LAB_WAIT_MS)
    outside, errors = [], []
    _local_only(context, {urlparse(url).netloc}, outside)
    context.add_init_script(f"window.NB = {json.dumps(NB)};")
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # A workspace of its own: only this chapter open (JupyterLab restores open tabs).
        page.goto(f"{url}/lab/workspaces/{slug}/tree/book/{slug}.ipynb?reset&token={token}")
        page.locator(NB + " .jp-Cell").first.wait_for()
        notebook = read_notebook(page_path(ROOT, f"book/{slug}"))
        expected = sum(c.cell_type == "code" for c in notebook.cells)
        try:
            page.wait_for_function(
                "n => document.querySelectorAll(NB + ' .jp-CodeCell').length === n", arg=expected
            )
        except PlaywrightTimeout:
            shown = page.locator(NB + " .jp-CodeCell").count()
            raise AssertionError(
                f"{slug}: JupyterLab shows {shown} of {expected} code cells"
            ) from None
        _run_all_cells(page, slug)
        # Every code cell has run: no "[*]" left, the last cell numbered, the kernel idle.
        # (Collapsed cells, the solutions and self-checks, show no prompt.)
        _STATE = (
            "() => [...document.querySelectorAll(NB + ' .jp-CodeCell .jp-InputPrompt')]"
            ".map(p => p.textContent.trim()).join(' ')"
        )
        try:
            page.wait_for_function(
                """() => {
              const prompts = [...document.querySelectorAll(
                NB + ' .jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
              // JupyterLab shows a traceback as stderr: an error stops "Run All".
              if ([...document.querySelectorAll(NB + " [data-mime-type$='stderr'], "
                    + NB + " [data-mime-type$='error']")]
                  .some(o => /Error|Traceback/.test(o.innerText))) return true;
              return prompts.every(t => t === '' || /^\\[\\d+\\]:?$/.test(t))
                && /^\\[\\d+\\]/.test(prompts.filter(t => t !== '').pop())
                && /\\| Idle/.test(document.querySelector('#jp-main-statusbar')?.innerText);
            }""",
            )
        except PlaywrightTimeout:
            raise AssertionError(
                f"{slug}: the chapter did not finish running in JupyterLab; "
                f"prompts: {page.evaluate(_STATE)}"
            ) from None
        failures = page.locator(
            f"{NB} [data-mime-type$='stderr'], {NB} [data-mime-type$='error']",
            has_text=re.compile("Error|Traceback"),
        )
        assert failures.count() == 0, f"{slug}: {failures.all_inner_texts()[:1]}"

        _exercises_are_folded_and_answer_free(page, slug)
        if _has_map(slug):
            _maps_draw_offline(page, slug)

        # A self-check works in JupyterLab too (its script ran: the output is trusted).
        check = page.locator(NB + " .bk-selfcheck[data-bound][data-kind=number]").first
        check.scroll_into_view_if_needed()
        answer = float(check.get_attribute("data-answer"))
        check.locator("input").fill(repr(answer))
        check.locator("button").click()
        assert check.locator(".bk-selfcheck-feedback").get_attribute("data-result") == "right"

        if not _has_widgets(slug):
            return  # its self-check was answered: nothing more to move
        output = page.locator(
            f"{NB} .jp-OutputArea-output:has(.jupyter-widgets select), "
            f"{NB} .jp-OutputArea-output:has(.jupyter-widgets .noUi-handle)"
        ).first
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
        page.wait_for_function(
            f"([o, b]) => ({_OUTPUT_TEXT})(o) !== b",
            arg=[output.element_handle(), before],
            timeout=60_000,
        )
    finally:
        context.close()
    # Every request to another host was blocked; none may be needed (map tiles are off at first).
    assert not errors, errors
    assert not outside, f"{slug}: requests to other hosts: {outside[:5]}"
