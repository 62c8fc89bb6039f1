"""``{go-live}``: one honest sentence on how to run the page's chapter live.

With a repository URL (``repository: url:`` in ``_config.yml``, or the Pages workflow's), the
page has launch buttons (Binder, Colab) and Live Code (Thebe): the sentence points at them and at
the repository. Without one the page has none of them, so the sentence promises none: it says how
to run the chapter on one's own machine (the README's "Learners": ``make lab``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import live_code


def _text(*parts) -> list[nodes.Node]:
    out = []
    for part in parts:
        if isinstance(part, tuple):  # ("code", text) or ("link", text, url)
            if part[0] == "code":
                out.append(nodes.literal(part[1], part[1]))
            else:
                out.append(nodes.reference(part[1], part[1], refuri=part[2]))
        else:
            out.append(nodes.Text(part))
    return out


def sentence(repository: str, thebe: bool) -> list[nodes.Node]:
    """The sentence's parts for a book with (or without) a repository URL."""
    if not repository:
        return _text("To run it live, get the book's repository on your computer, run ",
                     ("code", "make lab"), " in it and open this chapter in JupyterLab (the "
                     "repository's README, section \u201cLearners\u201d, has the steps).")
    live = (" or \u201cLive Code\u201d to run the cells in this page" if thebe else "")
    return _text("To run it live, open the launch menu at the top of the page (the rocket): "
                 "Binder or Colab open this notebook in a live session", live,
                 ". Or clone ", ("link", repository, repository), ", run ", ("code", "make lab"),
                 " and open this chapter in JupyterLab.")


class GoLive(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        options = self.config.html_theme_options or {}
        repository = options.get("repository_url") or ""
        thebe = bool(repository) and live_code.is_on(self.env.app)
        paragraph = nodes.paragraph("", "", *sentence(repository, thebe), classes=["bk-go-live"])
        return [paragraph]
