"""When a chapter's notebook stops on an error, the build's console says what the error said.

myst-nb reports a failed execution only as "Executing notebook failed: CellExecutionError" and
writes the traceback to ``_build/html/reports/<page>.err.log``; the page's glued values are then
missing, so hundreds of "No key … in glue data" warnings follow. The message that says what is
wrong (a :class:`baikonur.data.DataError` names the file, the row, the field and what was
expected) is only in that report. myst-nb's own ``execution_show_tb`` would print the whole
traceback, cell source and colour codes included; this hook prints just the exception the cell
raised, as an error located on the page, as soon as the page is read and again in a summary when
the build finishes. The "No key … in glue data" warnings of a page whose notebook failed (and, in
a translated edition, "Glue reference … not found") follow from that one error: they are left
out rather than printed one by one.
"""

from __future__ import annotations

import logging as std_logging
import re
from collections import Counter
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

_ENV_KEY = "baikonur_notebook_errors"
_PENDING_GLUE = re.compile(r"^Glue reference '.*' not found in doc '([^']*)'")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# The line IPython ends a traceback with: the exception's (possibly dotted) name, then its message.
_EXCEPTION_LINE = re.compile(
    r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Warning)(?::|$)"
)


def exception_message(traceback: str) -> str:
    """The last exception of a notebook's execution traceback, as ``Name: message`` (a message
    over several lines kept whole), without colour codes."""
    lines = _ANSI.sub("", traceback).rstrip().splitlines()
    for index in range(len(lines) - 1, -1, -1):
        if _EXCEPTION_LINE.match(lines[index]):
            return "\n".join(line.rstrip() for line in lines[index:]).strip()
    return next((line.strip() for line in reversed(lines) if line.strip()), "")


class _GlueFallout(std_logging.Filter):
    """On the console's handlers: drops the missing-glue warnings of a page whose notebook
    failed (myst-nb warns "Executing notebook failed" first, while the page is being read), and
    counts them for the page's error."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        self.failed: set[str] = set()
        self.left_out: Counter[str] = Counter()

    def filter(self, record: std_logging.LogRecord) -> bool:
        # Sphinx holds a page's warnings back while it reads the page and prints them later,
        # when another page (or none) is being read: a record is judged the first time a handler
        # sees it, and the judgement travels with the record.
        if hasattr(record, "baikonur_left_out"):
            return not record.baikonur_left_out
        env = getattr(self.app, "env", None)
        docname = env.temp_data.get("docname") if env is not None else None
        message = str(record.msg)
        if docname is not None and message.startswith("Executing notebook failed"):
            self.failed.add(docname)
        # A translated paragraph's glue is looked up when the page is written, when no page is
        # being read: its warning names the page ("Glue reference 'n' not found in doc 'x'").
        pending = _PENDING_GLUE.search(message)
        docname = pending[1] if pending else docname
        record.baikonur_left_out = docname in self.failed and (
            "found in glue data" in message or pending is not None
        )
        if record.baikonur_left_out:
            self.left_out[docname] += 1
        return not record.baikonur_left_out


def _fallout(app: Sphinx) -> _GlueFallout | None:
    return getattr(app, "_baikonur_glue_fallout", None)


def _errors(env: BuildEnvironment) -> dict[str, str]:
    if not hasattr(env, _ENV_KEY):
        setattr(env, _ENV_KEY, {})
    return getattr(env, _ENV_KEY)


def report_failed_execution(app: Sphinx, doctree: Any) -> None:
    """After a page is read: if myst-nb ran its notebook and it failed, log the exception."""
    from myst_nb.sphinx_ import NbMetadataCollector

    env = app.env
    data = NbMetadataCollector.get_exec_data(env, env.docname) or {}
    if data.get("succeeded", True) or not data.get("traceback"):
        return
    message = exception_message(data["traceback"])
    _errors(env)[env.docname] = message
    fallout = _fallout(app)
    left_out = fallout.left_out[env.docname] if fallout else 0
    logger.error(
        "the notebook stopped on an error, so the page is incomplete%s:\n%s",
        f" ({left_out} missing glue value(s) on the page follow from it)" if left_out else "",
        message,
        location=env.docname,
        type="baikonur",
        subtype="notebook",
    )


def summarise_failed_executions(app: Sphinx, exception: Exception | None) -> None:
    """At the end of the build, below the glue warnings a failure causes: what stopped where."""
    errors = _errors(app.env)
    if not errors:
        return
    listed = "\n".join(
        f"  {app.env.doc2path(docname, False)}: {message}"
        for docname, message in sorted(errors.items())
    )
    logger.error(
        "%d page(s) stopped on an error when their notebook ran:\n%s",
        len(errors),
        listed,
        type="baikonur",
        subtype="notebook",
    )


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _errors(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    _errors(env).update({d: m for d, m in getattr(other, _ENV_KEY, {}).items() if d in docnames})


def setup(app: Sphinx) -> None:
    # Sphinx has set up its console handlers before extensions load; the filter goes first, so
    # that a dropped warning is not counted or turned into an error by the handlers' own filters.
    fallout = _GlueFallout(app)
    app._baikonur_glue_fallout = fallout
    for handler in std_logging.getLogger("sphinx").handlers:
        handler.filters.insert(0, fallout)
    app.connect("doctree-read", report_failed_execution)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", summarise_failed_executions)
