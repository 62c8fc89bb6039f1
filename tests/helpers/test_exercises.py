"""baikonur.exercises: a worked solution's answer, folded in a notebook, as is in the book.

One output serves both: folded HTML for notebooks, and the answer as the book's own type, which
the site draws unfolded (baikonur_sphinx.book_outputs)."""

from __future__ import annotations

import IPython.display
import pytest

from baikonur.exercises import MIME, show_answer
from baikonur.tables import edited_table


@pytest.fixture
def shown(monkeypatch):
    objects = []
    monkeypatch.setattr(IPython.display, "display", lambda *o, **kw: objects.extend(o))
    return objects


def _solution():
    print("Baikonur's worst decade: the 1950s")
    import pandas as pd

    return edited_table(pd.DataFrame({"decade": ["1950s"], "rate": ["45.5"]}), {"rate": "Rate"})


def test_in_a_notebook_the_answer_is_folded(shown, capsys):
    show_answer(_solution)
    assert capsys.readouterr().out == ""  # nothing printed in plain view
    [bundle] = shown
    markup = bundle["text/html"]
    assert markup.startswith('<details class="bk-answer"><summary>Show the answer</summary>')
    assert markup.endswith("</details>")
    assert "Baikonur&#x27;s worst decade: the 1950s" in markup  # escaped, inside
    assert "<table" in markup and "45.5" in markup
    assert "1950s" not in bundle["text/plain"]


def test_in_the_book_the_answer_is_shown_as_the_solution_gives_it(shown):
    show_answer(_solution)  # the page folds the whole solution already
    [bundle] = shown
    answer = bundle[MIME]
    assert answer["printed"] == "Baikonur's worst decade: the 1950s\n"
    assert answer["html"].startswith("<") and "45.5" in answer["html"]
    assert "<details" not in answer["html"]


def test_a_solution_that_only_prints(shown):
    show_answer(lambda: print("<b>1957</b>"))
    [bundle] = shown
    assert "<pre>&lt;b&gt;1957&lt;/b&gt;</pre>" in bundle["text/html"]
    assert bundle[MIME] == {"printed": "<b>1957</b>\n", "html": ""}
