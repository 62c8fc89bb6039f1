"""What an executed chapter shows: its glued values and its self-checks' right answers, and
whether each right answer is a value the chapter glues (and so states in its prose). Shared by the
self-check tests and the author-path test."""

from __future__ import annotations

import ast
import re

import pytest

from baikonur.selfcheck import MIME as SELFCHECK_MIME


def glued_value(text: str):
    number = re.fullmatch(r"np\.\w+\((.*)\)", text)
    try:
        return ast.literal_eval(number.group(1) if number else text)
    except (ValueError, SyntaxError):  # a rich object (Markdown, HTML): not compared here
        return text


def glue_and_checks(notebook) -> tuple[dict, dict]:
    """An executed notebook's glued values, by key, and its self-checks' right answers."""
    glue, checks = {}, {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get("application/papermill.record/text/plain")
            if name and text is not None:
                glue[name] = glued_value(text)
            check = output.get("data", {}).get(SELFCHECK_MIME)
            if check:
                answer = check["answer"]
                checks[check["key"]] = float(answer) if check["kind"] == "number" else answer
    return glue, checks


def agrees(answer, value) -> bool:
    if isinstance(answer, float):
        try:
            return answer == pytest.approx(float(value), abs=1e-9)
        except (TypeError, ValueError):
            return False
    return answer == str(value)


def unglued_answers(slug: str, glue: dict, checks: dict, others: dict) -> list[str]:
    """Self-checks whose right answer is no value the chapter glues (nor one computed here)."""
    return [
        f"book/{slug}.md: self-check {key!r} expects {answer!r}, which no value the chapter "
        'glues equals: glue the value the prose states (glue("key", value, display=False)), '
        "from the same computation as the self-check's answer"
        for key, answer in checks.items()
        if key not in others and not any(agrees(answer, value) for value in glue.values())
    ]
