"""One run at a time: an advisory lock the kernel releases when its holder dies."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCKED_EXIT = 75  # EX_TEMPFAIL: cron may simply try again next time


@contextmanager
def run_lock(path: str | Path) -> Iterator[str | None]:
    """Hold the lock for the block; yields None when held, else who holds it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        yield holder
        return
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield None
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
