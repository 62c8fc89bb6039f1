"""Chapters written as MyST Markdown notebooks still reach readers as ``.ipynb``.

Authors edit ``book/<slug>.md`` (jupytext ``md:myst``), so that a prose edit diffs as prose. The
``.ipynb`` a reader downloads, and the one Colab opens, are generated from it, never committed:

* the download button: the build writes ``_sources/<page>.ipynb`` (the chapter as a notebook,
  without outputs, like the ``.md``), and the theme's button offers it;
* Colab opens notebooks from GitHub only, so the Pages workflow pushes the same generated
  notebooks to a branch of the repository (``baikonur_notebooks_branch``, "notebooks"; QuantEcon
  publishes its lectures' notebooks the same way), and the Colab button points there;
* Binder and JupyterLab open the ``.md`` itself as a notebook, through jupytext
  (``requirements.txt``; ``postBuild`` makes it the default viewer on Binder).

Chapters still written as ``.ipynb`` are left as they are (the theme offers them as they are).
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from baikonur.book import is_notebook

NOTEBOOKS_BRANCH = "notebooks"
_COLAB_BLOB = re.compile(r"(?P<head>/github/[^/]+/[^/]+/blob/)[^/]+/(?P<path>.+)\.(?:md|ipynb)$")


def _myst_notebook(app: Sphinx, pagename: str) -> Path | None:
    path = Path(app.env.doc2path(pagename))
    return path if path.suffix == ".md" and is_notebook(path) else None


def offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before the theme draws its download button (priority 501): the page has an .ipynb."""
    source = _myst_notebook(app, pagename)
    if source is None:
        return
    context["ipynb_source"] = f"{pagename}.ipynb"
    app.env.baikonur_myst_notebooks = {
        **getattr(app.env, "baikonur_myst_notebooks", {}),
        pagename: str(source),
    }


def colab_from_notebooks_branch(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """After the theme's launch buttons (priority 501): Colab opens the generated .ipynb."""
    if _myst_notebook(app, pagename) is None:
        return
    branch = app.config.baikonur_notebooks_branch
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            url = button.get("url", "")
            if "colab" in url:
                button["url"] = _COLAB_BLOB.sub(
                    lambda m: f"{m['head']}{branch}/{m['path']}.ipynb", url
                )


def write_notebooks(app: Sphinx, exception) -> None:
    """The downloadable .ipynb of every MyST chapter, written last (the theme copies the executed
    notebook to the same place when launch buttons are on; readers get the chapter as written)."""
    if exception is not None or app.builder.format != "html":
        return
    import jupytext
    import nbformat

    for pagename, source in getattr(app.env, "baikonur_myst_notebooks", {}).items():
        notebook = jupytext.read(source)
        notebook.metadata.pop("jupytext", None)
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)


def setup(app: Sphinx) -> None:
    app.add_config_value("baikonur_notebooks_branch", NOTEBOOKS_BRANCH, "html")
    app.connect("html-page-context", offer_notebook, priority=400)
    app.connect("html-page-context", colab_from_notebooks_branch, priority=600)
    app.connect("build-finished", write_notebooks)
