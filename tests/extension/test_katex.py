"""Math is rendered at build time by KaTeX's node server (baikonur_sphinx/katex_server.py)."""

from __future__ import annotations

import subprocess

from sphinxcontrib import katex as sk

from baikonur_sphinx import katex_server


def test_the_server_starts_retries_and_renders():
    katex_server.make_server_start_reliable()
    assert sk.KaTeXServer.start_server_process.__func__ is katex_server._start_server_process
    assert sk.STARTUP_TIMEOUT >= 60
    html = sk.render_latex(r"v = \omega r \cos\varphi", {})
    assert 'class="katex"' in html and "<math" in html, html[:200]


def test_no_server_left_behind_when_it_never_listens(tmp_path, monkeypatch):
    # A "server" that never creates its socket: the start gives up and stops it.
    katex_server.make_server_start_reliable()
    started = []

    class Recorded(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(katex_server, "Popen", Recorded)
    monkeypatch.setattr(
        sk.KaTeXServer,
        "build_command",
        classmethod(lambda cls, socket=None, port=None: ["sleep", "30"]),
    )
    try:
        sk.KaTeXServer.start_server_process(tmp_path, 0.5)
    except Exception as error:  # sphinxcontrib-katex's own timeout error
        assert "timeout" in str(error).lower() or "timed out" in str(error).lower(), error
    else:
        raise AssertionError("a server that never listens was taken as started")
    assert started and started[0].poll() is not None, "the server process was left running"


def test_a_server_that_dies_is_reported(tmp_path, monkeypatch):
    katex_server.make_server_start_reliable()
    monkeypatch.setattr(
        sk.KaTeXServer,
        "build_command",
        classmethod(lambda cls, socket=None, port=None: ["node", "-e", "process.exit(3)"]),
    )
    try:
        sk.KaTeXServer.start_server_process(tmp_path, 5.0)
    except RuntimeError as error:
        assert "stopped with code 3" in str(error)
    else:
        raise AssertionError("a server that exits at once was taken as started")
