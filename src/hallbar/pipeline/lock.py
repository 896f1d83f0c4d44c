"""One build at a time per project: `build/.lock`, held with filelock.

The OS releases the lock when its process ends, even by SIGKILL, so a crashed
build never blocks the next one. Who holds it (pid, machine, start) is written
next to it, in `build/.lock.owner`, for the message the second build shows.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import BuildLocked
from .runner import now_iso

LOCK = ".lock"
OWNER = ".lock.owner"


@contextmanager
def build_lock(build_dir: Path) -> Iterator[Path]:
    """Hold the project's build lock, or raise `BuildLocked` naming the holder."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path, owner = build_dir / LOCK, build_dir / OWNER
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            holder = owner.read_text(encoding="utf-8").strip()
        except OSError:
            holder = ""
        raise BuildLocked(
            f"Another hallbar build is running in this project ({holder or 'pid unknown'}). "
            f"Wait for it to finish, or stop that process; its lock ({path}) is released as soon as it ends."
        ) from None
    try:
        owner.write_text(f"pid {os.getpid()} on {platform.node()}, started {now_iso()}\n", encoding="utf-8")
        yield path
    finally:
        lock.release()
