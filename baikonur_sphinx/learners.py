"""``{go-live}``: one honest sentence on how to run the page's chapter live.

With a repository URL (``repository: url:`` in ``_config.yml``, or the Pages workflow's), the
page has launch buttons (Binder, Colab) and Live Code (Thebe): the sentence points at them and at
the repository. Without one the page has none of them, so the sentence promises none: it says how
to run the chapter on one's own machine (the README's "Learners": ``make lab``).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from baikonur.i18n import tr

from . import live_code


_FIELD = re.compile(r"\{(\w+)\}")


def _nodes(template: str, fields: dict) -> list[nodes.Node]:
    """``template``'s text with each ``{field}`` replaced by its node (code or link)."""
    out, at = [], 0
    for match in _FIELD.finditer(template):
        out.append(nodes.Text(template[at:match.start()]))
        out.append(fields[match.group(1)])
        at = match.end()
    out.append(nodes.Text(template[at:]))
    return out


def sentence(repository: str, thebe: bool, lang: str | None = None) -> list[nodes.Node]:
    """The sentence's parts for a book with (or without) a repository URL, in ``lang``."""
    fields = {"make_lab": nodes.literal("make lab", "make lab")}
    if not repository:
        return _nodes(tr("To run it live, get the book's repository on your computer, run "
                         "{make_lab} in it and open this chapter in JupyterLab (the repository's "
                         "README, section \u201cLearners\u201d, has the steps).", lang=lang), fields)
    fields["repository"] = nodes.reference(repository, repository, refuri=repository)
    fields["live"] = nodes.Text(tr(" or \u201cLive Code\u201d to run the cells in this page",
                                   lang=lang) if thebe else "")
    return _nodes(tr("To run it live, open the launch menu at the top of the page (the rocket): "
                     "Binder or Colab open this notebook in a live session{live}. Or clone "
                     "{repository}, run {make_lab} and open this chapter in JupyterLab.",
                     lang=lang), fields)


class GoLive(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        options = self.config.html_theme_options or {}
        repository = options.get("repository_url") or ""
        thebe = bool(repository) and live_code.is_on(self.env.app)
        paragraph = nodes.paragraph("", "", *sentence(repository, thebe, self.config.language or None), classes=["bk-go-live"])
        return [paragraph]
