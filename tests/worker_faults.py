"""A worker process with faults to inject: `python -m tests.worker_faults PID`.

The project's worker (`mpscrawler.workers.child`) with four more jobs: one that kills its
process, one that never ends, one that prints on the answers' pipe, one that echoes.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from mpscrawler.workers import child
from mpscrawler.workers.jobs import JOBS


def crash() -> None:
    """The worker dies as a segfault in C would kill it."""
    os.kill(os.getpid(), signal.SIGSEGV)


def hang() -> None:
    """A page that never finishes parsing."""
    while True:
        time.sleep(60)


def chatty(text: str) -> str:
    """A job that prints (a library's stray output) before it answers."""
    print("stray output of a library", text)
    sys.stdout.flush()
    return text


def echo(value: object) -> object:
    """The value given."""
    return value


JOBS.update({"crash": crash, "hang": hang, "chatty": chatty, "echo": echo})

if __name__ == "__main__":
    child.main()
