"""An exercise's worked solution shows its answer folded, until the learner opens it.

A solution cell defines a function that computes the answer (and prints it, or returns a table),
and ends with ``show_answer(that_function)``. In a notebook (JupyterLab, Binder, Colab, VS Code)
*Run All* then runs every solution, as nbval does, but what a solution prints or returns appears
inside a folded ``<details>`` ("Show the answer"): a learner who wants to try first is not
handed the answer. On the book's pages the solution itself is folded (sphinx-exercise's
dropdown), so there the answer is shown as the function gives it, with nothing more to open: the
output carries both, the folded HTML for notebooks and the answer as JSON of the book's own type
(:data:`MIME`), which the site draws (``baikonur_sphinx.book_outputs``).
"""

from __future__ import annotations

import contextlib
import html
import io
from typing import Any, Callable

from .i18n import tr

__all__ = ["MIME", "answer_html", "show_answer"]


MIME = "application/vnd.baikonur.answer+json"


def _as_html(result: Any) -> str:
    """``result`` as the notebook would show it: its HTML if it has one, else its text."""
    if result is None:
        return ""
    to_html = getattr(result, "_repr_html_", None)
    markup = to_html() if callable(to_html) else None
    if markup:
        return markup
    return f"<pre>{html.escape(repr(result))}</pre>"


def answer_html(printed: str, result: Any) -> str:
    """What a solution printed and returned, folded under "Show the answer"."""
    body = (f"<pre>{html.escape(printed.rstrip())}</pre>" if printed.strip() else "") + _as_html(
        result
    )
    return (
        f'<details class="bk-answer"><summary>{html.escape(tr("Show the answer"))}</summary>'
        f"{body}</details>"
    )


def show_answer(solution: Callable[[], Any]) -> None:
    """Run ``solution`` and show its answer: folded in a notebook, as it is in the book."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = solution()
    from IPython.display import display

    display(
        {
            MIME: {"printed": printed.getvalue(), "html": _as_html(result)},
            "text/html": answer_html(printed.getvalue(), result),
            "text/plain": tr("Show the answer"),
        },
        raw=True,
    )
