"""`make bench`: what the book costs its authors, learners and readers, against a baseline.

Run from the repository root with the book's virtualenv (``make bench`` does it). Steps:

1. copy the working tree (tracked and new files) into ``bench/out/book`` and build it cold
   (no jupyter-cache), then again after a prose-only edit of the first notebook;
2. run each notebook of the table of contents in a fresh kernel (nbclient), ``--runs`` times;
3. build the baseline in the same run: the same configuration, theme and extensions, with a table
   of contents of one page of text (``bench/out/baseline``): the theme's own cost;
4. serve both sites gzipped on 127.0.0.1 (``site_server.py``) and load every page in Chromium
   through Playwright: bytes transferred, requests, time to load and to all figures drawn;
   read each page's figure and map payloads from the HTML;
5. Lighthouse (``bench/node_modules``, the system Chromium), desktop and mobile presets, median of
   ``--runs`` runs per page and preset;
6. time ``make test`` in the working tree (skip with ``--skip-make-test``);
7. write ``bench/RESULTS.md``: the tables, each budget met or missed, and why a page misses.

Pages and notebooks are found from ``_toc.yml`` and the built site, never listed here.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path


BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))

from baikonur import book as book_files  # noqa: E402
from book_site import CHROMIUM_ARGS, chromium_path  # noqa: E402
from site_server import LOCAL_TILES, StaticSite  # noqa: E402

VENV_BIN = Path(sys.executable).parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = ("desktop", "mobile")

KB, MB = 1000, 1000 * 1000
BUDGET = {
    "notebook_s": 5.0,
    "cold_build_s": 120.0,
    "rebuild_s": 15.0,
    # Whole page within about 3x the theme-only baseline; mobile performance >= 90.
    "page_gzip": 900 * KB,
    "figure_payload": 150 * KB,
    # Elements in the page's document once loaded (as Lighthouse's DOM-size audit counts them;
    # tests/site/test_dom_size.py counts the built HTML the same way).
    "dom_elements": 5_000,
    "lighthouse": {
        "desktop": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 95},
        "mobile": {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 95},
    },
}
BASELINE_PAGE = "book/bench-baseline"
BASELINE_TEXT = """# A page of text

This page is the bench's baseline: the book's theme, configuration and extensions around a few
paragraphs of plain text, with no figure, map, table or code. Whatever a chapter page costs beyond
this page is the chapter's own cost.

## A section

The cosmodrome lies in the steppe of Kazakhstan, beside the railway halt of Tyuratam. The words
here only give the page a realistic length and shape: two headings, a list, a few paragraphs.

- a first item of a short list;
- a second item;
- a third item.

## Another section

A closing paragraph, so that the page has a table of contents on the right-hand side, like the
chapters, and the theme draws every part of its layout.
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- discovering the book -------------------------------------------------------------------


def toc_files(root: Path) -> list[str]:
    """Every document of ``_toc.yml`` in order (without suffix), root first."""
    return book_files.toc_files(root / "_toc.yml", unique=True)


def toc_notebooks(root: Path) -> list[Path]:
    """The chapters (notebooks of ``_toc.yml``), MyST ``.md`` or ``.ipynb``."""
    return book_files.chapter_notebooks(root)


def site_pages(site: Path, root: Path) -> list[str]:
    """The book's pages in the built site: the table of contents' order, then any other page
    (Sphinx's generated genindex/search pages and redirect stubs are not the book's pages)."""
    in_toc = [f"{doc}.html" for doc in toc_files(root) if (site / f"{doc}.html").is_file()]
    others = sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")
        and p.name not in ("genindex.html", "search.html")
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:2000]
    )
    return in_toc + [p for p in others if p not in in_toc]


# --- building ------------------------------------------------------------------------------


def copy_worktree(target: Path) -> None:
    """The files git knows (tracked or new, not ignored), and the installed npm packages."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    if target.exists():
        shutil.rmtree(target)
    for name in filter(None, listed):
        if name.startswith("bench/") or not (ROOT / name).is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")


def build(book: Path, *, all_pages: bool) -> tuple[float, str]:
    command = [str(VENV_BIN / "jupyter-book"), "build", str(book), "-W", "-n", "--keep-going"]
    if all_pages:
        command.insert(3, "--all")
    start = time.perf_counter()
    done = subprocess.run(command, cwd=book, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build of {book} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return elapsed, done.stdout + done.stderr


def prose_only_edit(notebook: Path) -> None:
    """Add a sentence to the notebook's first markdown cell (jupyter-cache ignores markdown)."""
    import jupytext

    nb = book_files.read_notebook(notebook)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += "\n\nA sentence the bench adds to time a prose-only rebuild."
    if notebook.suffix == ".md":
        jupytext.write(nb, notebook, fmt="md:myst")
    else:
        notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def make_baseline(book: Path, target: Path) -> None:
    """The same project with one page of text as its whole table of contents."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        book, target, symlinks=True, ignore=shutil.ignore_patterns("_build", "*.ipynb", "downloads")
    )
    # One page only: the book's other pages leave book/ (the build checks that book/ and
    # _toc.yml list the same pages).
    for page in (target / "book").glob("*.md"):
        page.unlink()
    (target / f"{BASELINE_PAGE}.md").write_text(BASELINE_TEXT, encoding="utf-8")
    (target / "_toc.yml").write_text(f"format: jb-book\nroot: {BASELINE_PAGE}\n", encoding="utf-8")


def time_notebooks(book: Path, runs: int) -> list[dict]:
    from nbclient import NotebookClient

    results = []
    for notebook in toc_notebooks(book):
        starts, executions = [], []
        for _ in range(runs):
            nb = book_files.read_notebook(notebook)
            client = NotebookClient(
                nb,
                timeout=600,
                kernel_name="python3",
                resources={"metadata": {"path": str(notebook.parent)}},
            )
            t0 = time.perf_counter()
            with client.setup_kernel():
                t1 = time.perf_counter()
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                t2 = time.perf_counter()
            starts.append(t1 - t0)
            executions.append(t2 - t1)
        results.append(
            {
                "notebook": str(notebook.relative_to(book)),
                "kernel_start_s": statistics.median(starts),
                "execution_s": statistics.median(executions),
                "runs": [round(x, 2) for x in executions],
            }
        )
        log(f"{notebook.name}: executes in {results[-1]['execution_s']:.1f} s")
    return results


# --- payloads in the HTML ------------------------------------------------------------------

_FIGURE = re.compile(
    r'<div class="bk-plotly"[^>]*aria-label="([^"]*)"[^>]*>'
    r'<script type="application/json" class="bk-plotly-json">(.*?)</script>',
    re.S,
)
_MAP = re.compile(r'<iframe title="([^"]*)"[^>]*data-src="([^"]*)"', re.S)


def payloads(page_html: str, folder: Path) -> list[dict]:
    """Each figure's JSON (embedded in the page) and each map's document (a file of the site the
    iframe loads near the screen), in bytes, raw and gzipped."""
    found = []
    for kind, pattern in (("figure", _FIGURE), ("map", _MAP)):
        for title, content in pattern.findall(page_html):
            data = (
                (folder / html_lib.unescape(content)).read_bytes()
                if kind == "map"
                else content.encode()
            )
            found.append(
                {
                    "kind": kind,
                    "title": html_lib.unescape(title),
                    "bytes": len(data),
                    "gzip": len(gzip.compress(data, 6)),
                }
            )
    return found


# --- in the browser ------------------------------------------------------------------------


class Visit:
    """One first visit of a page (fresh browser context: empty cache), scrolled to every figure."""

    def __init__(self, browser, url: str, width: int = 1280):
        self.requests = []
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.in_flight = set()
        self.context.on("request", lambda r: self.in_flight.add(r))
        self.context.on("requestfinished", self._finished)
        self.context.on("requestfailed", self._finished)
        self.page = self.context.new_page()
        self.page.goto(url, wait_until="load")

    def _finished(self, request):
        self.in_flight.discard(request)
        self.requests.append(request)

    def settle(self, quiet_ms=500, timeout_ms=20_000):
        quiet = waited = 0
        while quiet < quiet_ms and waited < timeout_ms:
            self.page.wait_for_timeout(100)
            waited += 100
            quiet = quiet + 100 if not self.in_flight else 0

    def draw_everything(self) -> None:
        figures = self.page.locator("div.bk-plotly")
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            figure.locator("svg.main-svg").first.wait_for(state="attached", timeout=30_000)
        # Maps start as they near the screen (static/lazy-maps.js moves data-src to src).
        frames = self.page.locator("iframe.bk-map")
        for index in range(frames.count()):
            frames.nth(index).scroll_into_view_if_needed()
            frame = frames.nth(index).content_frame
            frame.locator("path.leaflet-interactive").first.wait_for(
                state="attached", timeout=30_000
            )

    def transfer(self, requests) -> dict:
        site = [r for r in requests if LOCAL_TILES not in r.url and not r.url.startswith("data:")]
        sizes = [r.sizes() for r in site]
        total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
        scripts = [
            r.url.split("?")[0]
            for r, s in zip(site, sizes)
            if r.resource_type == "script" and s["responseBodySize"] > 0
        ]
        return {
            "bytes": total,
            "requests": len(site),
            "scripts": scripts,
            "tiles": sum(LOCAL_TILES in r.url for r in requests),
        }

    def close(self):
        self.context.close()


def library_duplicates(scripts: list[str]) -> list[str]:
    """Libraries whose code was downloaded twice: the same file twice, or two plotly.js bundles."""
    dupes = sorted({s.rsplit("/", 1)[-1] for s in scripts if scripts.count(s) > 1})
    plotly = sorted({s for s in scripts if re.search(r"/plotly[^/]*\.min\.js$", s)})
    if len(plotly) > 1:
        dupes.append("plotly.js (" + ", ".join(p.rsplit("/", 1)[-1] for p in plotly) + ")")
    return dupes


DOM_ELEMENTS = "document.getElementsByTagName('*').length"


def measure_page(browser, url: str, runs: int) -> dict:
    loads, drawn, first = [], [], None
    for _ in range(runs):
        visit = Visit(browser, url)
        try:
            at_load = list(visit.requests)
            load_ms = visit.page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd"
            )
            dom_load = visit.page.evaluate(DOM_ELEMENTS)
            visit.draw_everything()
            drawn_ms = visit.page.evaluate("performance.now()")
            dom_drawn = visit.page.evaluate(DOM_ELEMENTS)
            visit.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            visit.settle()
            if first is None:
                whole = visit.transfer(visit.requests)
                first = {
                    "load": visit.transfer(at_load),
                    "whole": whole,
                    "duplicates": library_duplicates(whole["scripts"]),
                    # Counts, not timings: the same on every run.
                    "dom": {"load": dom_load, "drawn": dom_drawn},
                }
            loads.append(load_ms)
            drawn.append(drawn_ms)
        finally:
            visit.close()
    return {**first, "load_ms": statistics.median(loads), "drawn_ms": statistics.median(drawn)}


# --- Lighthouse ----------------------------------------------------------------------------


def lighthouse(url: str, preset: str, report: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url} ({preset}):\n{done.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def lighthouse_summary(reports: list[dict], preset: str) -> dict:
    scores = {
        c: statistics.median(round(r["categories"][c]["score"] * 100) for r in reports)
        for c in CATEGORIES
    }
    # Why a category misses its budget: its failing audits, from the median-performance run.
    ordered = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
    report = ordered[len(ordered) // 2]
    reasons = {}
    for category in CATEGORIES:
        if scores[category] >= BUDGET["lighthouse"][preset][category]:
            continue
        failing = []
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 0.9:
                shown = audit.get("displayValue") or ""
                failing.append(f"{audit['id']}" + (f" {shown}" if shown else ""))
        if category == "performance":
            # What kept the main thread busy (Lighthouse's bootup-time): names the libraries.
            busy = [
                item
                for item in report["audits"]["bootup-time"].get("details", {}).get("items", [])
                if item["url"] != "Unattributable"
            ][:3]
            failing.append(
                "main thread: "
                + ", ".join(
                    f"{item['url'].split('?')[0].rsplit('/', 1)[-1]} {item['total'] / 1000:.1f} s"
                    for item in busy
                )
            )
        reasons[category] = failing
    metrics = {
        m: report["audits"][m].get("displayValue", "")
        for m in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
    }
    return {"scores": scores, "reasons": reasons, "metrics": metrics}


# --- the report ----------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / KB:,.0f} KB"


def mark(ok: bool) -> str:
    return "ok" if ok else "**MISS**"


def write_results(path: Path, r: dict) -> None:
    b = BUDGET
    lines = [
        "# Bench results",
        "",
        f"Written by `make bench` on {r['date']} ({r['machine']}; {r['runs']} run(s) per "
        f"timing and per Lighthouse preset, median shown; Chromium {r['chromium']}, "
        f"Lighthouse {r['lighthouse_version']}). Timings come from a shared machine and vary "
        f"from run to run; bytes and counts do not.",
        "",
        "The **baseline** is built in the same run: the book's configuration, theme and "
        "extensions around one page of text (`bench/bench.py`, `BASELINE_TEXT`). A page's "
        "ratio is its cost over the baseline's.",
        "",
        "## Authors and learners",
        "",
        "| what | measured | budget | |",
        "|---|---:|---:|---|",
        f"| cold full build (no jupyter-cache, every notebook executed) | {r['cold_build_s']:.0f} s"
        f" | ≤ {b['cold_build_s']:.0f} s | {mark(r['cold_build_s'] <= b['cold_build_s'])} |",
        f"| rebuild after a prose-only edit of `{r['edited']}` "
        f"({r['reexecuted']} notebook(s) re-executed) | {r['rebuild_s']:.0f} s | "
        f"≤ {b['rebuild_s']:.0f} s | {mark(r['rebuild_s'] <= b['rebuild_s'])} |",
        f"| baseline build (one page of text) | {r['baseline_build_s']:.0f} s | | |",
        "| notebooks executed during the cold build (myst-nb's own timing) | "
        + ", ".join(f"{x:.1f} s" for x in r["build_executions_s"])
        + " | | |",
    ]
    for nb in r["notebooks"]:
        lines.append(
            f"| `{nb['notebook']}` executes (fresh kernel; kernel start "
            f"{nb['kernel_start_s']:.1f} s not counted) | {nb['execution_s']:.1f} s | "
            f"≤ {b['notebook_s']:.0f} s | {mark(nb['execution_s'] <= b['notebook_s'])} |"
        )
    if r.get("make_test_s") is not None:
        outcome = r["make_test_summary"] if r["make_test_ok"] else "**FAILED**"
        lines.append(
            f"| `make test` in the working tree (jupyter-cache warm; {outcome}) | "
            f"{r['make_test_s'] / 60:.1f} min | < 20 min | "
            f"{mark(r['make_test_ok'] and r['make_test_s'] < 20 * 60)} |"
        )
    else:
        lines.append("| `make test` | not run (`--skip-make-test`) | < 20 min | |")

    base = r["baseline"]
    lines += [
        "",
        "## Readers: page weight and speed (first visit, empty cache, 1280 × 900)",
        "",
        "Bytes are what the browser received (headers included), gzipped as a static host "
        "serves them (`bench/site_server.py`). *At load*: what the page fetches before its load "
        "event; *whole page*: after scrolling to every figure and map. Map tiles are answered "
        "locally with a blank image and not counted (they come from OpenStreetMap). Payload: the "
        "largest figure JSON or map document embedded in the page (raw bytes; gzip in brackets). "
        "*Drawn*: every Plotly figure and map drawn, scrolling straight to each.",
        "",
        "| page | at load | whole page | × baseline | requests | library twice | largest payload "
        "| DOM elements (load / drawn) | load | drawn | |",
        "|---|---:|---:|---:|---:|---|---|---:|---:|---:|---|",
    ]
    for page in [*r["pages"], base]:
        w = page["browser"]["whole"]["bytes"]
        biggest = max(page["payloads"], key=lambda p: p["bytes"], default=None)
        big = (
            f"{kb(biggest['bytes'])} ({kb(biggest['gzip'])}) {biggest['kind']}"
            if biggest
            else "none"
        )
        dupes = ", ".join(page["browser"]["duplicates"]) or "none"
        ok = (
            w <= b["page_gzip"]
            and not page["browser"]["duplicates"]
            and (not biggest or biggest["bytes"] <= b["figure_payload"])
            and page["browser"]["dom"]["load"] <= b["dom_elements"]
        )
        dom = page["browser"]["dom"]
        lines.append(
            f"| {page['name']} | {kb(page['browser']['load']['bytes'])} | {kb(w)} | "
            f"{w / base['browser']['whole']['bytes']:.1f} | {page['browser']['whole']['requests']}"
            f" | {dupes} | {big} | {dom['load']:,} / {dom['drawn']:,} | "
            f"{page['browser']['load_ms']:,.0f} ms | "
            f"{page['browser']['drawn_ms']:,.0f} ms | {mark(ok)} |"
        )
    lines += [
        "",
        f"Budgets: whole page ≤ {b['page_gzip'] / MB:.1f} MB gzipped, no library "
        f"downloaded twice, no payload over {b['figure_payload'] / KB:.0f} KB, at most "
        f"{b['dom_elements']:,} DOM elements at load (drawn: after every figure is drawn).",
        "",
    ]

    lines += [
        "## Lighthouse (median of the runs)",
        "",
        "| page | preset | performance | accessibility | best practices | SEO | FCP | LCP | TBT |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in [*r["pages"], base]:
        for preset in PRESETS:
            lh = page["lighthouse"][preset]
            cells = []
            for category in CATEGORIES:
                score = lh["scores"][category]
                goal = b["lighthouse"][preset][category]
                cells.append(f"{score:.0f}" if score >= goal else f"**{score:.0f}**")
            m = lh["metrics"]
            lines.append(
                f"| {page['name']} | {preset} | "
                + " | ".join(cells)
                + f" | {m['first-contentful-paint']} | {m['largest-contentful-paint']} | "
                f"{m['total-blocking-time']} |"
            )
    goals = "; ".join(
        f"{p}: " + ", ".join(f"{c} ≥ {v}" for c, v in b["lighthouse"][p].items()) for p in PRESETS
    )
    lines += ["", f"Budgets ({goals}); a score in bold misses its budget.", ""]

    lines += ["## What misses its budget, and why", ""]
    misses = []
    for nb in r["notebooks"]:
        if nb["execution_s"] > b["notebook_s"]:
            misses.append(f"- `{nb['notebook']}` executes in {nb['execution_s']:.1f} s.")
    for key, label in (("cold_build_s", "cold build"), ("rebuild_s", "prose-only rebuild")):
        if r[key] > b[key]:
            misses.append(f"- {label}: {r[key]:.0f} s.")
    for page in r["pages"]:
        whole = page["browser"]["whole"]["bytes"]
        if whole > b["page_gzip"]:
            misses.append(f"- {page['name']}: {kb(whole)} transferred.")
        if page["browser"]["dom"]["load"] > b["dom_elements"]:
            misses.append(
                f"- {page['name']}: {page['browser']['dom']['load']:,} DOM elements at load."
            )
        for dupe in page["browser"]["duplicates"]:
            misses.append(f"- {page['name']}: {dupe} downloaded twice.")
        for p in page["payloads"]:
            if p["bytes"] > b["figure_payload"]:
                misses.append(
                    f'- {page["name"]}: {p["kind"]} "{p["title"]}" embeds '
                    f"{kb(p['bytes'])} ({kb(p['gzip'])} gzipped)."
                )
        maps = [f'"{p["title"]}"' for p in page["payloads"] if p["kind"] == "map"]
        for preset in PRESETS:
            for category, audits in page["lighthouse"][preset]["reasons"].items():
                line = (
                    f"- {page['name']}, Lighthouse {preset} {category} "
                    f"{page['lighthouse'][preset]['scores'][category]:.0f}: failing "
                    f"audits: {', '.join(audits) or 'none above weight 0'}."
                )
                if category == "performance" and maps and any("leaflet" in a for a in audits):
                    line += f" Leaflet runs in each map's frame: {', '.join(maps)}."
                misses.append(line)
    lines += misses or ["Nothing: every page and notebook is within budget."]
    lines += ["", "Raw Lighthouse reports and measurements: `bench/out/` (not committed).", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs per timing and per Lighthouse preset (median reported; default 3)",
    )
    parser.add_argument("--skip-make-test", action="store_true", help="do not time `make test`")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make bench` (it installs bench/package.json)")
    OUT.mkdir(exist_ok=True)
    results: dict = {
        "runs": args.runs,
        "date": datetime.now(timezone.utc).strftime("%d %B %Y %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}",
    }

    book, baseline = OUT / "book", OUT / "baseline"
    original_env = dict(os.environ)  # `make test` runs in the working tree, as a developer's would
    log("copying the working tree into bench/out/book")
    copy_worktree(book)
    # The builds and kernels import the copy's helpers and build extension, not the working
    # tree's (which the virtualenv has installed in editable mode).
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(book), os.environ.get("PYTHONPATH")])
    )
    log("cold build")
    results["cold_build_s"], output = build(book, all_pages=True)
    # myst-nb logs each execution ("Executed notebook in 1.23 seconds"): a cross-check of step 2.
    results["build_executions_s"] = [
        float(x) for x in re.findall(r"Executed notebook in ([\d.]+) seconds", output)
    ]
    edited = toc_notebooks(book)[0]
    prose_only_edit(edited)
    log("rebuild after a prose-only edit")
    results["rebuild_s"], output = build(book, all_pages=False)
    results["edited"] = str(edited.relative_to(book))
    results["reexecuted"] = len(re.findall(r"Executed notebook in", output))
    log(f"notebooks, {args.runs} run(s) each")
    results["notebooks"] = time_notebooks(book, args.runs)
    log("baseline build")
    make_baseline(book, baseline)
    results["baseline_build_s"], _ = build(baseline, all_pages=True)

    from playwright.sync_api import sync_playwright

    pages = [
        {"name": p, "site": book / "_build" / "html", "path": p}
        for p in site_pages(book / "_build" / "html", book)
    ]
    base = {
        "name": "baseline (one page of text)",
        "site": baseline / "_build" / "html",
        "path": f"{BASELINE_PAGE}.html",
    }
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        results["chromium"] = chromium.version
        for page in [*pages, base]:
            page_file = page["site"] / page["path"]
            page["payloads"] = payloads(page_file.read_text(encoding="utf-8"), page_file.parent)
            with StaticSite(page["site"]) as site:
                log(f"browser: {page['path']}")
                page["browser"] = measure_page(chromium, site.url(page["path"]), args.runs)
        chromium.close()

    results["lighthouse_version"] = json.loads(
        (BENCH / "node_modules" / "lighthouse" / "package.json").read_text()
    )["version"]
    reports = OUT / "lighthouse"
    reports.mkdir(exist_ok=True)
    for page in [*pages, base]:
        page["lighthouse"] = {}
        with StaticSite(page["site"]) as site:
            for preset in PRESETS:
                runs = []
                for run in range(args.runs):
                    log(f"lighthouse {preset} {run + 1}/{args.runs}: {page['path']}")
                    slug = re.sub(r"\W+", "-", page["name"]).strip("-")
                    runs.append(
                        lighthouse(
                            site.url(page["path"]),
                            preset,
                            reports / f"{slug}.{preset}.{run + 1}.json",
                        )
                    )
                page["lighthouse"][preset] = lighthouse_summary(runs, preset)

    results["make_test_s"] = None
    if not args.skip_make_test:
        log("make test")
        start = time.perf_counter()
        done = subprocess.run(
            ["make", "test"], cwd=ROOT, capture_output=True, text=True, env=original_env
        )
        results["make_test_s"] = time.perf_counter() - start
        results["make_test_ok"] = done.returncode == 0
        summary = re.findall(r"^=+ (.*(?:passed|failed).*) =+$", done.stdout, re.M)
        results["make_test_summary"] = summary[-1] if summary else ""
        if done.returncode != 0:
            log(f"make test FAILED:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")

    for page in [*pages, base]:
        page.pop("site")
        for key in ("load", "whole"):
            page["browser"][key].pop("scripts", None)
    results["pages"], results["baseline"] = pages, base
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    write_results(args.output, results)
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
