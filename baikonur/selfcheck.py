"""Self-checks: a quick question with feedback, in the static book, in JupyterLab and in Colab.

A chapter computes the right answer from its data, then shows the question as the last line of a
cell::

    from baikonur import selfcheck
    selfcheck.number("exists-kyzylorda-km", "How far is Kyzylorda from Site 31?",
                     answer=distance_km, tolerance=5, unit="km")
    selfcheck.choice("busy-worst-decade", "Which decade failed most?",
                     options=["1950s", "1960s", "1970s"], answer=worst_decade)

The output is the check as JSON of the book's own type (:data:`MIME`), which the site draws with
its stylesheet and script (``static/selfcheck.css``, ``static/selfcheck.js``) linked once per
page, and an HTML fallback that carries both inline for notebooks: JupyterLab, and Colab (which
shows each output in its own frame). Nothing is loaded from anywhere else, so it works offline.

It is a form: a ``fieldset`` with a ``legend`` (the question), radio buttons or a labelled text
box, and a "Check" button, all usable from the keyboard; the feedback is written into a
``role="status"`` region that screen readers announce. A "Show the answer" disclosure
(``<details>``) gives the answer even where scripts do not run.

The right answer is in the page (``data-answer``): a self-check is for learning, not an exam.

Every word a reader sees is in the build's language (:func:`baikonur.i18n.tr`), the feedback of
the script included: its messages are written into the box (``data-msg-*``) when the check is
shown, and a French box reads "51,6" as a number with a decimal comma (``data-decimal``).
"""

from __future__ import annotations

import html
import math
import numbers
import re
from dataclasses import dataclass
from pathlib import Path

from baikonur.i18n import NBSP, NNBSP, format_number, language, tr

KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The self-check's own type: the site draws it (baikonur_sphinx.book_outputs) with the shared
#: stylesheet and script of ``static/`` once per page; JupyterLab and Colab, which do not know
#: it, show the ``text/html`` fallback, which carries both inline.
MIME = "application/vnd.baikonur.selfcheck+json"
STATIC = Path(__file__).parent / "static"
STYLESHEET, SCRIPT = "selfcheck.css", "selfcheck.js"


@dataclass(frozen=True)
class SelfCheck:
    """One question; shown by Jupyter (``_repr_mimebundle_``) as an interactive form."""

    key: str
    question: str
    kind: str  # "choice" or "number"
    answer: str | float
    options: tuple[str, ...] = ()
    tolerance: float = 0.0
    unit: str = ""
    decimals: int = 0
    explain: str = ""
    grouping: bool = True  # thousands separators ("1,546"); not for a year ("1961")

    @property
    def answer_text(self) -> str:
        """The right answer as a reader reads it ("1,234 km", "the 1960s"; "1 234 km" in French)."""
        if self.kind == "choice":
            return str(self.answer)
        return _with_unit(self._number(self.answer), self.unit)

    def _number(self, value: float) -> str:
        """A number the edition's way: "1,546.5" (en), "1 546,5" (fr); "1961" without grouping."""
        return format_number(value, self.decimals, grouping=self.grouping)

    @staticmethod
    def _messages() -> dict[str, str]:
        """The feedback the script writes, in the build's language (``data-msg-*``)."""
        return {
            "data-msg-choose": tr("Choose one of the answers first."),
            "data-msg-right": tr("Right."),
            "data-msg-try-another": tr("Not quite: try another answer."),
            "data-msg-not-a-number": tr(
                "Type a number, such as {example}.",
                example=format_number(1234.5, 1, grouping=False),
            ),
            "data-msg-too-high": tr("Not quite: your answer is too high."),
            "data-msg-too-low": tr("Not quite: your answer is too low."),
            "data-decimal": "," if language() == "fr" else ".",
        }

    def data(self) -> dict:
        """The check as JSON (the :data:`MIME` output): every word in the build's language."""
        if self.unit:
            label = tr("Your answer ({unit})", unit=self.unit)
        else:
            label = tr("Your answer")
        within = ""
        if self.kind == "number" and self.tolerance:
            within = tr(
                "Within {within} counts as right.",
                within=_with_unit(self._number(self.tolerance), self.unit),
            )
        number = self.kind == "number"
        return {
            "key": self.key,
            "kind": self.kind,
            "question": self.question,
            "options": list(self.options),
            "answer": repr(float(self.answer)) if number else str(self.answer),
            "tolerance": repr(float(self.tolerance)) if number else None,
            "explain": self.explain,
            "answer_text": self.answer_text,
            "words": {
                "tag": tr("Check yourself"),
                "label": label,
                "within": within,
                "check": tr("Check"),
                "show": tr("Show the answer"),
            },
            "messages": self._messages(),
        }

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {MIME: self.data(), "text/html": self._repr_html_(), "text/plain": repr(self)}

    def _repr_html_(self) -> str:
        """The form with its stylesheet and script inline (JupyterLab, Colab: no site around)."""
        style = (STATIC / STYLESHEET).read_text(encoding="utf-8")
        script = (STATIC / SCRIPT).read_text(encoding="utf-8")
        return f"<style>{style}</style>{form_html(self.data())}<script>{script}</script>"

    def __repr__(self) -> str:
        if self.kind == "choice":
            return tr(
                "Check yourself: {question} ({options})",
                question=self.question,
                options=" / ".join(self.options),
            )
        return tr(
            "Check yourself: {question} ({options})",
            question=self.question,
            options=self.unit or tr("a number"),
        )


def form_html(check: dict) -> str:
    """The form of one check (:meth:`SelfCheck.data`): the same markup in the book and in a
    notebook; the script of ``static/`` binds it."""
    e = html.escape
    box_id = f"bk-sc-{check['key']}"
    words = check["words"]
    attributes = {
        "class": "bk-selfcheck",
        "id": box_id,
        "data-key": check["key"],
        "data-kind": check["kind"],
        "data-answer": check["answer"],
        "data-explain": check["explain"],
    }
    if check["kind"] == "number":
        attributes["data-tolerance"] = check["tolerance"]
    attributes.update(check["messages"])
    opening = " ".join(f'{name}="{e(str(value))}"' for name, value in attributes.items())
    if check["kind"] == "choice":
        controls = "".join(
            f'<div class="bk-selfcheck-option"><input type="radio" name="{box_id}" '
            f'id="{box_id}-{i}" value="{e(option)}"><label for="{box_id}-{i}">{e(option)}'
            f"</label></div>"
            for i, option in enumerate(check["options"])
        )
    else:
        controls = (
            f'<div class="bk-selfcheck-number"><label for="{box_id}-input">{e(words["label"])}'
            f'</label><input type="text" inputmode="decimal" autocomplete="off" '
            f'id="{box_id}-input"></div>'
        )
        if words["within"]:
            controls += f'<p class="bk-selfcheck-within">{e(words["within"])}</p>'
    reveal = e(check["answer_text"]) + (f". {e(check['explain'])}" if check["explain"] else "")
    return (
        f"<div {opening}>"
        f'<form class="bk-selfcheck-form" novalidate><fieldset>'
        f'<legend><span class="bk-selfcheck-tag">{e(words["tag"])}</span>'
        f"{e(check['question'])}</legend>{controls}"
        f'<button type="submit">{e(words["check"])}</button></fieldset></form>'
        f'<p class="bk-selfcheck-feedback" role="status" aria-live="polite"></p>'
        f"<details><summary>{e(words['show'])}</summary><p>{reveal}</p>"
        f"</details></div>"
    )


def _with_unit(number: str, unit: str) -> str:
    """ "34 km", "465 m/s", but "16%" and "51.6°" (house style); in French "34 km" with a no-break
    space, "16 %" with a narrow one, "51,6°"."""
    if not unit:
        return number
    if language() == "fr":
        return (
            f"{number}{unit}" if unit == "°" else f"{number}{NNBSP if unit == '%' else NBSP}{unit}"
        )
    return f"{number}{unit}" if unit in ("%", "°") else f"{number} {unit}"


def _check_common(key: str, question: str, explain: str) -> None:
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise ValueError(
            f"self-check key {key!r}: expected lower-case words joined by hyphens, "
            "such as 'exists-kyzylorda-km'"
        )
    if not isinstance(question, str) or not question.strip():
        raise ValueError(f"self-check {key!r}: the question is empty")
    if not isinstance(explain, str):
        raise ValueError(f"self-check {key!r}: explain must be text, not {type(explain).__name__}")


def choice(key: str, question: str, options, answer, *, explain: str = "") -> SelfCheck:
    """A multiple-choice question: ``answer`` must be one of ``options`` (compared as text)."""
    _check_common(key, question, explain)
    options = tuple(str(option) for option in options)
    if len(options) < 2:
        raise ValueError(f"self-check {key!r}: give at least two options, got {len(options)}")
    if len(set(options)) != len(options):
        raise ValueError(f"self-check {key!r}: options repeat: {list(options)}")
    if str(answer) not in options:
        raise ValueError(
            f"self-check {key!r}: the right answer {answer!r} is not one of the "
            f"options {list(options)}"
        )
    return SelfCheck(key, question, "choice", str(answer), options=options, explain=explain)


def number(
    key: str,
    question: str,
    answer: float,
    tolerance: float,
    *,
    unit: str = "",
    decimals: int = 0,
    explain: str = "",
    grouping: bool = True,
) -> SelfCheck:
    """A question whose answer is a number; any answer within ``tolerance`` of it is right.

    ``grouping=False`` writes the answer without thousands separators (a year: "1961").
    """
    _check_common(key, question, explain)
    for name, value in (("answer", answer), ("tolerance", tolerance)):
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Real)
            or not math.isfinite(float(value))
        ):
            raise ValueError(f"self-check {key!r}: {name} must be a finite number, got {value!r}")
    if tolerance < 0:
        raise ValueError(f"self-check {key!r}: tolerance must be zero or more, got {tolerance!r}")
    if not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"self-check {key!r}: decimals must be a whole number >= 0")
    return SelfCheck(
        key,
        question,
        "number",
        float(answer),
        tolerance=float(tolerance),
        unit=unit,
        decimals=decimals,
        explain=explain,
        grouping=bool(grouping),
    )
