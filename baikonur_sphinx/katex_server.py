"""A KaTeX render server that starts reliably on a busy machine (``katex_prerender``).

sphinxcontrib-katex starts ``node katex-server.js`` and connects to its Unix socket as soon as
the socket file exists. The file exists from the server's ``bind()``, before its ``listen()``:
on a loaded machine the connection can come in between, fail with ConnectionRefusedError, and
fail the build, leaving the node process behind (holding the build's stderr, so a caller that
captures the output waits for ever). This replaces that one step: it retries the connection
until sphinxcontrib-katex's own start-up timeout, and stops the node process if it gives up.
"""

from __future__ import annotations

import socket
import time
from subprocess import PIPE, Popen


def _start_server_process(cls, rundir, timeout):
    from sphinxcontrib import katex as sk

    socket_path = rundir / "katex.sock"
    process = Popen(cls.build_command(socket=socket_path), stdin=PIPE, stdout=PIPE, cwd=rundir)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"the KaTeX server (node) stopped with code {process.returncode}: "
                    f"is node installed? (katex_prerender needs it)"
                )
            if socket_path.is_socket():
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    with sk.socket_timeout(sock, max(deadline - time.monotonic(), 0.01)):
                        sock.connect(str(socket_path))
                    return process, sock
                except ConnectionRefusedError:
                    sock.close()  # bound but not listening yet: try again
                except socket.timeout:
                    sock.close()
                    raise cls.timeout_error(timeout)
            if time.monotonic() > deadline:
                raise cls.timeout_error(timeout)
            time.sleep(0.005)
    except BaseException:
        process.kill()
        process.wait()
        raise


def make_server_start_reliable() -> None:
    from sphinxcontrib import katex as sk

    sk.KaTeXServer.start_server_process = classmethod(_start_server_process)
    # node can take more than sphinxcontrib-katex's 5 s to start on a shared, busy machine.
    sk.STARTUP_TIMEOUT = max(sk.STARTUP_TIMEOUT, 60.0)
