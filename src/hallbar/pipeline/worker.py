"""The worker side of a run: its process environment, its log file, and dying with the build.

A worker process (local pool or Dask) prepares the environment the kernel
inherits, sends its own and the kernel's output to the run's log, and a
local worker ends when the build process ends, even if that is killed.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path


def prepare_environment() -> None:
    """Environment for papermill and the kernel it starts (idempotent; runs in the worker)."""
    env = os.environ
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger warns about frozen modules otherwise
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    # The kernelspec (python3) resolves to this interpreter: jupyter_client replaces a bare 'python'
    # with sys.executable; put the venv's bin and share/jupyter first for anything else.
    bindir = str(Path(sys.executable).parent)
    path = env.get("PATH", "")
    if path.split(os.pathsep)[0] != bindir:
        env["PATH"] = bindir + os.pathsep + path if path else bindir
    share = str(Path(sys.prefix) / "share" / "jupyter")
    jp = env.get("JUPYTER_PATH", "")
    if share not in jp.split(os.pathsep):
        env["JUPYTER_PATH"] = share + (os.pathsep + jp if jp else "")


def init_worker(parent_pid: int) -> None:
    """ProcessPoolExecutor initializer: die with the build, leave Ctrl-C to the build process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_environment()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except Exception:  # pragma: no cover - fall back to polling below
            pass
    if os.getppid() != parent_pid:  # the build died before we got here
        os._exit(1)

    def watch() -> None:  # portable fallback (and belt and braces on Linux)
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="hallbar-parent-watch", daemon=True).start()


class RunLog(logging.Handler):
    """A logger's records (papermill's, with the cells' outputs) into the run's log file."""

    def __init__(self, fh):
        super().__init__(logging.INFO)
        self.fh = fh
        self.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.fh.write(self.format(record) + "\n")
            self.fh.flush()
        except Exception:  # pragma: no cover - logging must never break a run
            pass


@contextmanager
def fds_to(path: Path):
    """Send this process's stdout/stderr file descriptors (and so the kernel's, which inherits them) to the run log."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    saved = []
    try:
        for target in (1, 2):
            try:
                saved.append((target, os.dup(target)))
                os.dup2(fd, target)
            except OSError:  # no such descriptor (e.g. a service without stdio)
                pass
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        for target, copy in saved:
            os.dup2(copy, target)
            os.close(copy)
        os.close(fd)
