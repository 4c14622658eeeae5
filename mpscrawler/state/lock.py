"""One run at a time per state: an advisory lock beside the state file, released by the kernel
when its holder dies, so a crash never leaves it stuck."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from mpscrawler.state.store import StateStore

LOCKED_EXIT = 75  # EX_TEMPFAIL: cron may simply try again next time
_HELD: dict[Path, IO[str]] = {}  # locks this process holds: taking one again is a no-op


class Locked(RuntimeError):
    """Another process holds the lock of this state."""

    def __init__(self, holder: str) -> None:
        super().__init__(f"another run is going ({holder}); not starting")
        self.holder = holder


def lock_path(state: Path) -> Path:
    """The lock of a state file: `<state>.lock`. The lock belongs to the state, not a setting."""
    return state.with_name(state.name + ".lock")


def acquire(state: Path) -> None:
    """Hold the lock of `state` until `release` or the process ends; raise `Locked` if taken."""
    path = lock_path(state).resolve()
    if path in _HELD:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise Locked(holder) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    _HELD[path] = handle


def release(state: Path) -> None:
    """Let go of the lock of `state`, if this process holds it."""
    handle = _HELD.pop(lock_path(state).resolve(), None)
    if handle is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@contextmanager
def opened(state: Path, run: str) -> Iterator[StateStore]:
    """The state store, locked for the block (a command outside a crawl); `Locked` if taken."""
    acquire(state)
    try:
        store = StateStore(state, run)
        try:
            yield store
        finally:
            store.close()
    finally:
        release(state)
