"""A worker process with faults to inject: `python -m tests.worker_faults PID`.

The project's worker (`mpscrawler.workers.child`) with more jobs: one that kills its process,
one that never ends, one that prints, one that echoes, and three whose answers cannot come
back as they are (a `StopIteration`, an exception that does not unpickle, a poisoned value).
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


def stop() -> None:
    """An exception asyncio will not set on a future."""
    raise StopIteration("done early")


class TwoArgs(Exception):
    """An exception that does not unpickle: its constructor wants two arguments."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason} ({url})")


def odd() -> None:
    """A job raising an exception that cannot cross back as itself."""
    raise TwoArgs("odd", "https://en.bocongan.gov.vn/")


class Poison:
    """A value that pickles in the worker and cannot be unpickled in the crawl."""

    def __reduce__(self) -> tuple[type[int], tuple[str]]:
        return int, ("not a number",)


def poison() -> Poison:
    """An answer the crawl cannot read."""
    return Poison()


JOBS.update(
    {"crash": crash, "hang": hang, "chatty": chatty, "echo": echo, "stop": stop, "odd": odd}
    | {"poison": poison}
)

if __name__ == "__main__":
    child.main()
