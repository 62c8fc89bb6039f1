"""Publishing: what the built pages offer readers and learners, with and without the book's public
URLs; the GitHub Pages workflow (actionlint); CITATION.cff; what Binder needs.

The book's repository URL is not known yet, so ``make book`` builds without it. To check the
launch buttons, sitemap and Open Graph URLs, one extra build runs with placeholder URLs
(``PLACEHOLDER_*``, never published), on a copy of the repository to which the chapter template is
added as a chapter, exactly as CONTRIBUTING.md tells an author to do (the ``published`` fixture in
conftest.py, shared with test_live_code.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from sphinx.errors import ExtensionError

from baikonur.book import chapter_notebooks, page_path
from baikonur_sphinx.publishing import repository_url, site_url
from book_site import HTML, pages
from conftest import PLACEHOLDER_REPOSITORY, PLACEHOLDER_SITE, ROOT, TEMPLATE_AS_CHAPTER

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

PAGES = pages()
# index.html (and fr/index.html) only redirects to the first page (a meta refresh): it is not a
# page a reader sees.
READ_PAGES = [p for p in PAGES if Path(p).name != "index.html"]
# The chapters: the notebooks of _toc.yml (MyST .md or .ipynb), as pages.
NOTEBOOKS = {
    p.relative_to(ROOT).with_suffix(".html").as_posix(): p for p in chapter_notebooks(ROOT)
}
CHAPTERS = sorted(p for p in PAGES if p in NOTEBOOKS)


def read(page: str, root: Path = HTML) -> str:
    return (root / page).read_text(encoding="utf-8")


def meta(text: str, attribute: str, name: str) -> str | None:
    for tag in re.findall(r"<meta\b[^>]*>", text):
        if re.search(rf'\b{attribute}="{re.escape(name)}"', tag):
            found = re.search(r'\bcontent="([^"]*)"', tag)
            return found.group(1) if found else None
    return None


# --- the book as `make book` builds it: no public URL yet ------------------------------------


def test_every_chapter_is_a_page():
    assert CHAPTERS and "book/baikonur-exists.html" in CHAPTERS


@pytest.mark.parametrize(
    "page", [p for p in READ_PAGES if Path(p).name not in ("search.html", "genindex.html")]
)
def test_page_has_a_description_and_an_open_graph_card(page):
    text = read(page)
    description = meta(text, "name", "description")
    assert description and len(description) >= 60, f"{page}: meta description {description!r}"
    assert "{glue" not in description and "{cite" not in description
    assert meta(text, "property", "og:title")
    assert meta(text, "property", "og:description")
    assert meta(text, "property", "og:image").endswith("_static/social-card.png")
    assert (HTML / "_static" / "social-card.png").is_file()


@pytest.mark.parametrize("page", READ_PAGES)
def test_page_has_the_favicon(page):
    icon = re.search(r'<link rel="icon" href="([^"]+)"', read(page))
    assert icon and icon.group(1).endswith("_static/favicon.svg")
    assert (HTML / page).parent.joinpath(icon.group(1)).resolve().is_file()


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_offers_its_notebook_for_download(page):
    # The theme's source button for a .ipynb chapter, its notebook button for a MyST one.
    link = re.search(
        r'href="([^"]+\.ipynb)"[^>]*\bbtn-download-(?:source|notebook)-button', read(page)
    )
    assert link, f"{page}: no download button for the notebook"
    downloaded = (HTML / page).parent.joinpath(link.group(1)).resolve()
    source = NOTEBOOKS[page]
    if source.suffix == ".ipynb":
        assert downloaded.read_bytes() == source.read_bytes(), (
            "the download is the committed notebook"
        )
        return
    # A MyST chapter: the build writes its .ipynb for learners, without outputs: the chapter's
    # cells, made to run outside the repository (baikonur_sphinx.notebooks.learner_notebook).
    from baikonur_sphinx.notebooks import learner_notebook

    notebook = json.loads(downloaded.read_text(encoding="utf-8"))
    written = learner_notebook(source, "")  # this build has no repository URL
    assert [
        (c["cell_type"], "".join(c["source"]), c["metadata"].get("tags")) for c in notebook["cells"]
    ] == [(c.cell_type, c.source, c.metadata.get("tags")) for c in written.cells], (
        f"{page}: download != learner_notebook({source.name})"
    )
    text = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    for markup in ("{exercise}", "{dropdown}", "{solution-start}", "{solution-end}", "{go-live}"):
        assert markup not in text, f"{page}: the notebook has MyST {markup}, raw in Colab"
    assert "<repository URL>" not in json.dumps(notebook), f"{page}: a placeholder"
    assert not any(c.get("outputs") for c in notebook["cells"]), f"{page}: download has outputs"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_without_urls_no_launch_buttons_and_no_sitemap():
    text = read("book/baikonur-exists.html")
    assert "mybinder.org" not in text and "colab.research.google.com" not in text
    assert "launch-buttons" not in text
    assert not (HTML / "sitemap.xml").exists()


def test_without_a_repository_no_live_code_and_nothing_of_sphinx_thebe():
    # Jupyter Book always loads sphinx-thebe, whose config names a CDN and a sample repository;
    # live code (baikonur_sphinx/live_code.py) needs the repository, for Binder.
    for page in PAGES:
        text = read(page)
        for trace in (
            "unpkg.com",
            "sphinx-thebe",
            "x-thebe-config",
            "binder-examples",
            "live-code.js",
            "initThebe",
        ):
            assert trace not in text, f"{page}: {trace}"


def test_citations_link_to_the_list_on_their_own_page():
    # A source cited by two pages is in both lists; each citation must link to its own page's list.
    for page in PAGES:
        text = read(page)
        if 'class="citation-list"' not in text or page.endswith("bibliography.html"):
            continue
        targets = re.findall(r'\[<a class="reference internal" href="([^"]*)" title=', text)
        assert targets, page
        assert all(t.startswith("#") for t in targets), (
            f"{page}: citations to other pages {targets}"
        )


def test_glossary_terms_link_from_the_chapters():
    text = read("book/baikonur-exists.html")
    terms = re.findall(r'href="glossary.html#(term-[^"]+)"', text)
    assert {"term-Great-circle", "term-Site-31", "term-Soyuz-MS"} <= set(terms), terms
    glossary = read("book/glossary.html")
    for term in (
        "Kurs",
        "TORU",
        "NIIP-5",
        "GIK-5",
        "TLE",
        "SGP4",
        "Inclination",
        "Orbital-plane",
        "MSK",
        "UTC",
        "Soyuz-MS",
    ):
        assert f'id="term-{term}"' in glossary, term


# --- URLs: checked, never invented ----------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("", ""),
        ("https://github.com/owner/book", "https://github.com/owner/book"),
        (" https://github.com/owner/book.git/ ", "https://github.com/owner/book"),
    ],
)
def test_repository_url_is_read(value, expected, monkeypatch):
    monkeypatch.delenv("BAIKONUR_REPOSITORY_URL", raising=False)
    assert repository_url(value) == expected


def test_repository_url_from_the_environment_when_the_config_is_empty(monkeypatch):
    monkeypatch.setenv("BAIKONUR_REPOSITORY_URL", "https://github.com/from-env/book")
    assert repository_url("") == "https://github.com/from-env/book"
    assert (
        repository_url("https://github.com/from-config/book")
        == "https://github.com/from-config/book"
    )


@pytest.mark.parametrize(
    "value",
    ["github.com/owner/book", "https://gitlab.com/owner/book", "https://github.com/owner", "TODO"],
)
def test_bad_repository_url_is_named(value, monkeypatch):
    monkeypatch.delenv("BAIKONUR_REPOSITORY_URL", raising=False)
    with pytest.raises(
        ExtensionError,
        match=r"repository.url in _config.yml .* must be a GitHub "
        r"repository like https://github.com/<owner>/<name>.*" + re.escape(repr(value)),
    ):
        repository_url(value)


def test_site_url_ends_with_a_slash_and_bad_ones_are_named(monkeypatch):
    monkeypatch.delenv("BAIKONUR_SITE_URL", raising=False)
    assert site_url("https://owner.github.io/book") == "https://owner.github.io/book/"
    assert site_url("") == ""
    with pytest.raises(
        ExtensionError, match=r"html.baseurl .* must be the site's address.*'owner.github.io'"
    ):
        site_url("owner.github.io")


def test_config_keeps_the_urls_empty_until_the_book_is_public():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    # Filled in when the repository is public (CONTRIBUTING.md, "Publishing"); a wrong URL
    # would send learners to someone else's repository.
    url = config["repository"]["url"]
    assert url == "" or repository_url(url) == url
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert config["launch_buttons"]["thebe"] is True
    assert config["sphinx"]["recursive_update"] is True, (
        "without it html_theme_options replaces the theme options that carry the launch buttons"
    )


# --- the book with its public URLs (placeholders), and the template as a chapter --------------


def test_template_builds_as_a_chapter(published):
    text = re.sub(r"<[^>]+>", "", read(f"{TEMPLATE_AS_CHAPTER}.html", published))
    assert "Your question, as a reader would ask it?" in text
    assert re.search(r"of the \d+ famous launches in the book’s data,\s+\d+ left from", text)


def test_launch_buttons_open_the_chapter_on_binder_and_colab(published):
    text = read("book/baikonur-exists.html", published)
    owner_repo = PLACEHOLDER_REPOSITORY.removeprefix("https://github.com/")
    # Binder opens the chapter's own file (a MyST .md opens as a notebook through jupytext); Colab
    # opens notebooks from GitHub only: a MyST chapter's generated .ipynb, on the branch the Pages
    # workflow pushes them to (baikonur_sphinx/notebooks.py).
    source = page_path(ROOT, "book/baikonur-exists")
    binder = (
        f"https://mybinder.org/v2/gh/{owner_repo}/main?urlpath=lab/tree/"
        f"book/baikonur-exists{source.suffix}"
    )
    branch = "notebooks" if source.suffix == ".md" else "main"
    colab = (
        f"https://colab.research.google.com/github/{owner_repo}/blob/{branch}/"
        f"book/baikonur-exists.ipynb"
    )
    assert f'href="{binder}"' in text
    assert f'href="{colab}"' in text
    assert f'href="{PLACEHOLDER_REPOSITORY}"' in text, "repository button"
    assert f'href="{PLACEHOLDER_REPOSITORY}/issues/new?title=' in text, "issue button"
    assert "btn-download-source-button" in text
    # Pages that are not notebooks have nothing to launch.
    assert "mybinder.org" not in read("book/glossary.html", published)


def test_sitemap_lists_every_page_with_its_public_url(published):
    tree = ElementTree.parse(published / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    built = {
        str(p.relative_to(published))
        for p in published.rglob("*.html")
        if not str(p.relative_to(published)).startswith("_")
    }
    expected = {
        PLACEHOLDER_SITE + page for page in built - {"search.html", "genindex.html", "index.html"}
    }
    assert expected <= urls, sorted(expected - urls)
    assert all(url.startswith(PLACEHOLDER_SITE) for url in urls)


def test_open_graph_urls_are_absolute(published):
    text = read("book/baikonur-exists.html", published)
    assert meta(text, "property", "og:url") == PLACEHOLDER_SITE + "book/baikonur-exists.html"
    assert meta(text, "property", "og:image") == PLACEHOLDER_SITE + "_static/social-card.png"


def test_each_page_names_its_editions_with_absolute_urls(published):
    # hreflang alternates (baikonur_sphinx/translation.py): search engines need absolute URLs.
    text = (published / "book" / "baikonur-exists.html").read_text(encoding="utf-8")
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)" />', text)
    )
    assert alternates == {
        "en": PLACEHOLDER_SITE + "book/baikonur-exists.html",
        "x-default": PLACEHOLDER_SITE + "book/baikonur-exists.html",
        "fr": PLACEHOLDER_SITE + "fr/book/baikonur-exists.html",
    }


def test_published_build_still_loads_nothing_from_another_host(published):
    for page in published.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # The canonical link names the page's own public address, and the hreflang alternates
        # the page in each language (baikonur_sphinx/translation.py); they load nothing.
        text = re.sub(r'<link rel="(?:canonical|alternate)"[^>]*>', "", text)
        assert not re.findall(
            r"<(?:script|link)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]+\"", text
        ), page


# --- GitHub Pages workflow ------------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "actionlint"
    )
    if not found:
        raise RuntimeError(
            "actionlint is missing: `pip install -r tests/requirements.txt` (make test does it)"
        )
    return found


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow in .github/workflows"
    run = subprocess.run(
        [_actionlint(), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOWS[0].read_text().replace("timeout-minutes: 60", "timeout-minutes: soon")
    )
    run = subprocess.run(
        [_actionlint(), "-no-color", str(broken)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode != 0 and "timeout-minutes: soon" in run.stdout


def test_workflow_builds_deploys_and_runs_weekly():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    triggers = workflow[True]  # YAML reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", triggers["schedule"][0]["cron"]), "weekly"
    build = workflow["jobs"]["build"]
    assert any(step.get("run") == "bash .ci/run" for step in build["steps"])
    assert (
        "make test" in (ROOT / ".ci" / "run").read_text()
        and "-W" in (ROOT / "Makefile").read_text()
    )
    assert (
        build["env"]["BAIKONUR_REPOSITORY_URL"]
        == "${{ github.server_url }}/${{ github.repository }}"
    )
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "schedule" not in deploy["if"]
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")


# --- CITATION.cff ---------------------------------------------------------------------------


def test_citation_file_is_valid_cff():
    import jsonschema

    schema = json.loads(
        (ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json").read_text()
    )
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(citation)


def test_citation_agrees_with_the_project():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert citation["title"] == config["title"]
    assert citation["version"] == version
    assert citation.get("repository-code", "") == config["repository"]["url"], (
        "set CITATION.cff repository-code to _config.yml's repository.url (and back)"
    )


def test_schema_check_can_fail():
    import jsonschema

    schema = json.loads(
        (ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json").read_text()
    )
    with pytest.raises(jsonschema.ValidationError, match="'authors' is a required property"):
        jsonschema.Draft7Validator(schema).validate(
            {"cff-version": "1.2.0", "message": "m", "title": "t"}
        )


# --- what Binder reads ------------------------------------------------------------------------


def test_binder_files():
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    minimum = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert tuple(map(int, runtime.removeprefix("python-").split("."))) >= tuple(
        map(int, minimum.removeprefix(">=").split("."))
    )
    requirements = (ROOT / "requirements.txt").read_text()
    for test_only in ("pytest", "nbval", "playwright"):
        assert not re.search(rf"^{test_only}\b", requirements, re.M), f"{test_only} is test-only"


# --- every figure and map has a text alternative --------------------------------------------


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_figure_and_map_is_named_and_followed_by_its_text_summary(page):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(read(page), "html.parser")
    visuals = soup.select("div.bk-plotly") + soup.select("iframe.bk-map")
    for visual in visuals:
        name = visual.get("aria-label") or visual.get("title")
        assert name and len(name) > 10, (
            f"{page}: a figure or map without a name: {str(visual)[:120]}"
        )
        cell = visual.find_parent("div", class_="cell")
        summary = cell.find_next_sibling() if cell else None
        assert summary is not None and summary.name == "p" and len(summary.get_text()) > 40, (
            f"{page}: {name!r} must be followed by a sentence that says what it shows "
            f"(its text summary, read by those who cannot see it)"
        )
