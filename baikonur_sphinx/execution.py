"""An execution cache that tells the truth, and each edition's own downloads.

myst-nb's cache (jupyter-cache) matches a notebook by its own cells only: a chapter whose data
file, helper module, bibliography or catalog changed was taken from the cache, stale. And what a
notebook writes as it runs (its downloads, :mod:`baikonur.downloads`) is not cached at all: with
both editions' kernels writing ``book/downloads``, an edition taken from the cache published what
the other edition's kernel wrote last.

Here, for each edition's build:

* **The inputs are what the notebooks read.** Each kernel the build starts records the files of
  the book it opens (a Python audit hook, installed by an IPython startup file of the build's own
  ``IPYTHONDIR``): reads and writes, under the book's folder. After a notebook has run, its reads
  (with their SHA-256) and its writes are kept beside the cache (:data:`RECORD`). Before the next
  build reads any page, each cached notebook is checked: if a file it read changed or is gone, or a
  file it wrote is gone, its cache entry is removed, so it runs again. Nothing is listed by hand: a
  chapter that starts reading a new file has it as an input from its next run. A cached notebook
  with no record (a cache from before this) runs again too.
* **Each edition's kernel writes its own downloads**: into ``downloads/`` inside the edition's
  execution cache (``BAIKONUR_DOWNLOADS``, read by :func:`baikonur.downloads.save_download`), kept
  and cleared with the executions that wrote them. A chapter links a download as it always did,
  ``{download}`Launches (CSV) <downloads/how-busy/launches.csv>```; :class:`EditionDownloads`
  points such links at the edition's folder, so Sphinx copies the edition's own file.

Pages are read one after another (the book is built without ``-j``): what the kernels recorded
while a page was read belongs to that page. A parallel build records nothing, so the notebooks it
ran have no record and run again in the next build (slower, never stale).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from baikonur.downloads import DOWNLOADS, DOWNLOADS_ENV

logger = logging.getLogger(__name__)

#: Beside the cache's own files: what each cached notebook read and wrote.
RECORD = "baikonur-inputs.json"
#: The kernels' traces: the folder they write to, and the book's folder (only files under it).
TRACE_DIR_ENV = "BAIKONUR_TRACE_DIR"
TRACE_ROOT_ENV = "BAIKONUR_TRACE_ROOT"
#: Variables the build sets for its kernels, and unsets when it ends.
_KERNEL_ENV = (DOWNLOADS_ENV, TRACE_DIR_ENV, TRACE_ROOT_ENV, "IPYTHONDIR")

# Runs in every kernel the build starts (IPython runs startup files before any cell). It must
# never fail the kernel: every error is swallowed.
_STARTUP = """\
# Written by baikonur_sphinx.execution: the files of the book this kernel opens, for the
# build's execution cache (which reruns a notebook when a file it read changes).
def _baikonur_trace():
    import os
    import sys

    folder = os.environ.get("{trace_dir}")
    root = os.environ.get("{trace_root}")
    if not folder or not root:
        return
    log = os.path.join(folder, "%d.tsv" % os.getpid())
    seen = set()
    busy = []
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def hook(event, args):
        if event != "open" or busy:
            return
        busy.append(1)
        try:
            name, mode, flags = (tuple(args) + (None, None))[:3]
            if isinstance(name, int):
                return
            full = os.path.abspath(os.fsdecode(name))
            if not full.startswith(root + os.sep):
                return
            if isinstance(mode, str):
                kind = "w" if any(c in mode for c in "wax+") else "r"
            else:
                kind = "w" if (flags or 0) & writing else "r"
            if (kind, full) in seen:
                return
            seen.add((kind, full))
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, ("%s\\t%s\\n" % (kind, full)).encode("utf-8", "surrogateescape"))
            finally:
                os.close(fd)
        except Exception:
            pass
        finally:
            busy.clear()

    sys.addaudithook(hook)


_baikonur_trace()
del _baikonur_trace
""".format(trace_dir=TRACE_DIR_ENV, trace_root=TRACE_ROOT_ENV)


def cache_path(app: Sphinx) -> Path | None:
    """The edition's jupyter-cache folder (as myst-nb resolved it), or None when notebooks are not
    executed through a cache."""
    config = getattr(app.env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache":
        return None
    return Path(config.execution_cache_path).resolve()


def _work_dir(app: Sphinx) -> Path:
    """Where the build keeps its kernels' IPython profile and traces (not part of the site)."""
    return Path(app.doctreedir).parent / ".baikonur-execution"


def downloads_dir(app: Sphinx) -> Path:
    """The edition's downloads: with its cached executions, or beside its doctrees."""
    cache = cache_path(app)
    if cache is not None:
        return cache / "downloads"
    return Path(app.doctreedir).parent / "downloads"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_record(cache: Path) -> dict:
    try:
        record = json.loads((cache / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _save_record(cache: Path, record: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / RECORD).write_text(
        json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def _why_stale(entry: dict | None, root: Path, downloads: Path) -> str | None:
    """Why a cached notebook must run again (a file named), or None if its inputs are as read."""
    if not isinstance(entry, dict):
        return "no record of the files it read"
    for name, digest in sorted(entry.get("reads", {}).items()):
        path = root / name
        if not path.is_file():
            return f"{name} is gone"
        if _sha256(path) != digest:
            return f"{name} changed"
    for name in sorted(entry.get("writes", [])):
        if not (downloads / name).is_file():
            return f"the file it wrote, {name}, is gone"
    return None


def _docname_of(uri: str, root: Path, recorded: set[str]) -> str | None:
    """The page a cache entry was executed for: its notebook is in this book, or in another copy
    of it (a cache copied with the book), then the recorded page whose path it ends with."""
    path = Path(uri).with_suffix("")
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    matches = [doc for doc in recorded if path.as_posix().endswith("/" + doc)]
    return max(matches, key=len) if matches else None


def check_cache(app: Sphinx) -> None:
    """Before any page is read: drop the cached executions whose inputs changed; set the kernels'
    environment (the edition's downloads folder, the trace)."""
    root = Path(app.srcdir).resolve()
    downloads = downloads_dir(app)
    cache = cache_path(app)
    if cache is None:
        # Every notebook runs (or none does): the folder holds this build's files only.
        shutil.rmtree(downloads, ignore_errors=True)
    elif (cache / "global.db").is_file():
        from jupyter_cache import get_cache

        record = _load_record(cache)
        jupyter_cache = get_cache(str(cache))
        kept = {}
        for entry in jupyter_cache.list_cache_records():
            doc = _docname_of(entry.uri, root, set(record))
            why = _why_stale(record.get(doc) if doc else None, root, downloads)
            if why is None:
                kept[doc] = record[doc]
                continue
            logger.info(f"[execution] {doc or entry.uri}: runs again ({why})")
            jupyter_cache.remove_cache(entry.pk)
        _save_record(cache, kept)
    work = _work_dir(app)
    shutil.rmtree(work, ignore_errors=True)
    startup = work / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-baikonur-trace.py").write_text(_STARTUP, encoding="utf-8")
    (work / "traces").mkdir()
    downloads.mkdir(parents=True, exist_ok=True)
    app._baikonur_kernel_env = {name: os.environ.get(name) for name in _KERNEL_ENV}
    os.environ.update(
        {
            DOWNLOADS_ENV: str(downloads),
            TRACE_DIR_ENV: str(work / "traces"),
            TRACE_ROOT_ENV: str(root),
            "IPYTHONDIR": str(work / "ipython"),
        }
    )


def _source_of(path: Path) -> Path:
    """A module's compiled file stands for its source (Python opens the .pyc, not the .py)."""
    if path.parent.name == "__pycache__" and path.suffix == ".pyc":
        source = path.parent.parent / (path.name.split(".", 1)[0] + ".py")
        if source.is_file():
            return source
    return path


def record_reads(app: Sphinx, doctree: nodes.document) -> None:
    """After a page is read (and its notebook run, if it ran): what its kernel read and wrote."""
    cache = cache_path(app)
    traces = _work_dir(app) / "traces"
    logs = sorted(traces.glob("*.tsv")) if traces.is_dir() else []
    if cache is None or not logs:
        return  # taken from the cache (its record stands), or not a notebook
    if app.parallel > 1:
        return  # the traces of pages read side by side cannot be told apart (see above)
    root = Path(app.srcdir).resolve()
    downloads = downloads_dir(app).resolve()
    skip = {"node_modules", "_build"}
    reads, writes = {}, set()
    for log in logs:
        for line in log.read_text(encoding="utf-8", errors="surrogateescape").splitlines():
            kind, _, name = line.partition("\t")
            path = Path(name)
            if kind == "w":
                if path.is_relative_to(downloads):
                    writes.add(path.relative_to(downloads).as_posix())
                continue
            path = _source_of(path)
            if not path.is_relative_to(root):
                continue
            relative = path.relative_to(root)
            # Not the book's files: the environment, build output, hidden folders (the cache).
            if skip & set(relative.parts) or any(p.startswith(".") for p in relative.parts):
                continue
            if path.is_file():
                reads[relative.as_posix()] = _sha256(path)
        log.unlink()
    record = _load_record(cache)
    record[app.env.docname] = {"reads": reads, "writes": sorted(writes)}
    _save_record(cache, record)


class EditionDownloads(SphinxTransform):
    """``{download}`… <downloads/…>``` links the file this edition's kernel wrote.

    A chapter's kernel runs in the chapter's folder and writes ``downloads/…`` there when a
    learner runs it; in the book build it writes into the edition's folder (``check_cache``).
    """

    # After Sphinx's i18n transforms (a translated paragraph's link is the one that counts), and
    # before the download collector, which runs at doctree-read.
    default_priority = 800

    def apply(self, **kwargs) -> None:
        prefix = DOWNLOADS.as_posix() + "/"
        folder = Path(os.environ.get(DOWNLOADS_ENV) or downloads_dir(self.app))
        relative = os.path.relpath(folder, self.app.srcdir).replace(os.sep, "/")
        for node in self.document.findall(addnodes.download_reference):
            target = node.get("reftarget", "")
            if target.startswith(prefix):
                node["reftarget"] = f"/{relative}/{target[len(prefix) :]}"


def restore_environment(app: Sphinx, exception) -> None:
    """Kernels started after this build (a test's own, a learner's) are not the build's."""
    for name, value in getattr(app, "_baikonur_kernel_env", {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def setup(app: Sphinx) -> None:
    """Called by baikonur_sphinx.setup."""
    # After myst-nb's (500), which resolves the cache's folder.
    app.connect("builder-inited", check_cache, priority=600)
    # Before Sphinx's download collector (500), after the page's notebook has run.
    app.connect("doctree-read", record_reads, priority=400)
    app.add_transform(EditionDownloads)
    app.connect("build-finished", restore_environment)


__all__ = ["cache_path", "downloads_dir", "setup"]
