"""baikonur.exercises: a worked solution's answer, folded in a notebook, as is in the book."""

from __future__ import annotations

import IPython.display
import pytest

from baikonur.claims_html import BOOK_BUILD_ENV
from baikonur.exercises import show_answer
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


def test_in_a_notebook_the_answer_is_folded(monkeypatch, shown, capsys):
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    show_answer(_solution)
    assert capsys.readouterr().out == ""  # nothing printed in plain view
    [bundle] = shown
    markup = bundle["text/html"]
    assert markup.startswith('<details class="bk-answer"><summary>Show the answer</summary>')
    assert markup.endswith("</details>")
    assert "Baikonur&#x27;s worst decade: the 1950s" in markup  # escaped, inside
    assert "<table" in markup and "45.5" in markup
    assert "1950s" not in bundle["text/plain"]


def test_in_the_book_the_answer_is_shown_as_the_solution_gives_it(monkeypatch, shown, capsys):
    monkeypatch.setenv(BOOK_BUILD_ENV, "1")  # the page folds the whole solution already
    show_answer(_solution)
    assert capsys.readouterr().out == "Baikonur's worst decade: the 1950s\n"
    [table] = shown
    assert "45.5" in table._repr_html_()


def test_a_solution_that_only_prints(monkeypatch, shown):
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    show_answer(lambda: print("<b>1957</b>"))
    [bundle] = shown
    assert "<pre>&lt;b&gt;1957&lt;/b&gt;</pre>" in bundle["text/html"]
