"""Self-checks: a quick question with feedback, in the static book, in JupyterLab and in Colab.

A chapter computes the right answer from its data, then shows the question as the last line of a
cell::

    from baikonur import selfcheck
    selfcheck.number("exists-kyzylorda-km", "How far is Kyzylorda from Site 31?",
                     answer=distance_km, tolerance=5, unit="km")
    selfcheck.choice("busy-worst-decade", "Which decade failed most?",
                     options=["1950s", "1960s", "1970s"], answer=worst_decade)

The output is one piece of HTML with its own small style and script, inline: nothing is loaded
from anywhere, so it works on a static page with no kernel (the book), in a notebook that runs
in JupyterLab, and in Colab (which shows each output in its own frame). It is a form: a
``fieldset`` with a ``legend`` (the question), radio buttons or a labelled text box, and a
"Check" button, all usable from the keyboard; the feedback is written into a ``role="status"``
region that screen readers announce. A "Show the answer" disclosure (``<details>``) gives the
answer even where scripts do not run.

The right answer is in the page (``data-answer``): a self-check is for learning, not an exam.

Every word a reader sees is in the build's language (:func:`baikonur.i18n.tr`), the feedback of
the script included: its messages are written into the box (``data-msg-*``) when the check is
shown, and a French box reads "51,6" as a number with a decimal comma (``data-decimal``).
"""

from __future__ import annotations

import html
import json
import math
import numbers
import re
from dataclasses import dataclass

from baikonur.i18n import NBSP, NNBSP, format_number, language, tr

KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_STYLE = """<style>
.bk-selfcheck{border:1px solid rgba(128,128,128,.45);border-left:.3rem solid #0072B2;
border-radius:.25rem;padding:.6rem .9rem;margin:1rem 0;max-width:42rem;color:inherit}
.bk-selfcheck fieldset{border:0;margin:0;padding:0;min-width:0}
.bk-selfcheck legend{float:none;width:auto;font-size:1rem;font-weight:600;padding:0;
margin:0 0 .5rem 0;line-height:1.4}
.bk-selfcheck-tag{display:block;font-size:.8rem;font-weight:600;text-transform:uppercase;
letter-spacing:.04em;opacity:.8}
.bk-selfcheck-option{display:flex;gap:.5rem;align-items:baseline;margin:.25rem 0}
.bk-selfcheck-option input{flex:none;width:1.05rem;height:1.05rem;margin:0}
.bk-selfcheck-number{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.bk-selfcheck-number input{width:9rem;padding:.3rem .5rem;font:inherit;color:inherit;
background:transparent;border:1px solid rgba(128,128,128,.8);border-radius:.25rem}
.bk-selfcheck button{margin-top:.6rem;padding:.35rem 1rem;font:inherit;color:inherit;
background:transparent;border:1px solid currentColor;border-radius:.25rem;cursor:pointer}
.bk-selfcheck button:focus-visible,.bk-selfcheck input:focus-visible,
.bk-selfcheck summary:focus-visible{outline:3px solid #0072B2;outline-offset:2px}
.bk-selfcheck-feedback{margin:.5rem 0 0 0}
.bk-selfcheck-feedback:empty{display:none}
.bk-selfcheck-feedback[data-result]{padding:.3rem .6rem;border-left:.3rem solid}
.bk-selfcheck-feedback[data-result=right]{border-color:#009E73}
.bk-selfcheck-feedback[data-result=wrong]{border-color:#D55E00}
.bk-selfcheck details{margin-top:.5rem;font-size:.9rem}
.bk-selfcheck summary{cursor:pointer}
</style>"""

# Binds every self-check of the document that is not bound yet (so repeating it is harmless).
_SCRIPT = """<script>
(function () {
  function parse(text, decimal) {
    var clean = String(text).replace(/[\\s\\u00a0\\u2009\\u202f]/g, "").replace(/\\u2212/g, "-");
    // English: commas separate thousands; French: the comma is the decimal point.
    clean = decimal === "," ? clean.replace(/,/g, ".") : clean.replace(/,/g, "");
    return /^[-+]?(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?$/i.test(clean) ? parseFloat(clean) : NaN;
  }
  function check(box) {
    var feedback = box.querySelector(".bk-selfcheck-feedback");
    var data = box.dataset, right = false, result = "", message = "";
    if (data.kind === "choice") {
      var picked = box.querySelector("input[type=radio]:checked");
      if (!picked) { message = data.msgChoose; }
      else {
        right = picked.value === data.answer;
        result = right ? "right" : "wrong";
        message = right ? data.msgRight : data.msgTryAnother;
      }
    } else {
      var value = parse(box.querySelector("input").value, data.decimal);
      var answer = parseFloat(data.answer), tolerance = parseFloat(data.tolerance);
      if (isNaN(value)) { message = data.msgNotANumber; }
      else if (Math.abs(value - answer) <= tolerance) {
        right = true; result = "right"; message = data.msgRight;
      }
      else { result = "wrong"; message = value > answer ? data.msgTooHigh : data.msgTooLow; }
    }
    if (right && data.explain) { message += " " + data.explain; }
    if (result) { feedback.dataset.result = result; } else { delete feedback.dataset.result; }
    feedback.textContent = (result === "right" ? "\\u2713 " : result === "wrong" ? "\\u2717 " : "")
                           + message;
  }
  var boxes = document.querySelectorAll(".bk-selfcheck:not([data-bound])");
  for (var i = 0; i < boxes.length; i++) {
    (function (box) {
      box.setAttribute("data-bound", "");
      box.querySelector("form").addEventListener("submit", function (event) {
        event.preventDefault();
        check(box);
      });
    })(boxes[i]);
  }
})();
</script>"""


@dataclass(frozen=True)
class SelfCheck:
    """One question; shown by Jupyter (``_repr_html_``) as an interactive form."""

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

    def _html_body(self) -> str:
        e = html.escape
        box_id = f"bk-sc-{self.key}"
        attributes = {
            "class": "bk-selfcheck",
            "id": box_id,
            "data-key": self.key,
            "data-kind": self.kind,
            "data-answer": str(self.answer),
            "data-explain": self.explain,
        }
        if self.kind == "number":
            attributes["data-tolerance"] = repr(float(self.tolerance))
            attributes["data-answer"] = repr(float(self.answer))
        attributes.update(self._messages())
        opening = " ".join(f'{name}="{e(value)}"' for name, value in attributes.items())
        if self.kind == "choice":
            controls = "".join(
                f'<div class="bk-selfcheck-option"><input type="radio" name="{box_id}" '
                f'id="{box_id}-{i}" value="{e(option)}"><label for="{box_id}-{i}">{e(option)}'
                f"</label></div>"
                for i, option in enumerate(self.options)
            )
        else:
            label = (
                e(tr("Your answer ({unit})", unit=self.unit)) if self.unit else e(tr("Your answer"))
            )
            controls = (
                f'<div class="bk-selfcheck-number"><label for="{box_id}-input">{label}'
                f'</label><input type="text" inputmode="decimal" autocomplete="off" '
                f'id="{box_id}-input"></div>'
            )
            if self.tolerance:
                within = _with_unit(self._number(self.tolerance), self.unit)
                controls += (
                    f'<p class="bk-selfcheck-within">'
                    f"{e(tr('Within {within} counts as right.', within=within))}</p>"
                )
        reveal = e(self.answer_text) + (f". {e(self.explain)}" if self.explain else "")
        return (
            f"<div {opening}>"
            f'<form class="bk-selfcheck-form" novalidate><fieldset>'
            f'<legend><span class="bk-selfcheck-tag">{e(tr("Check yourself"))}</span>'
            f"{e(self.question)}</legend>{controls}"
            f'<button type="submit">{e(tr("Check"))}</button></fieldset></form>'
            f'<p class="bk-selfcheck-feedback" role="status" aria-live="polite"></p>'
            f"<details><summary>{e(tr('Show the answer'))}</summary><p>{reveal}</p>"
            f"</details></div>"
        )

    def _repr_html_(self) -> str:
        return _STYLE + self._html_body() + _SCRIPT

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

    def to_json(self) -> str:
        """What the check expects, for tests and tools."""
        return json.dumps(
            {"key": self.key, "kind": self.kind, "answer": self.answer, "tolerance": self.tolerance}
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
