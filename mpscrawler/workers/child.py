"""`python -m mpscrawler.workers.child PID [FD]`: a worker process; jobs on stdin, answers on
stdout, pages in the ring of shared memory passed as file descriptor `FD` (`ring.Ring`).

Each message in is `(job id, job name, arguments)`; each out is `(job id, True, value)` or
`(job id, False, exception)`, in the order the jobs came. It ends at the end of its input
(the crawl closed the pipe, or died), and on Linux with the crawl's process (`PID`) too.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import signal
import sys
from typing import IO, Any

from mpscrawler.files import write_all
from mpscrawler.workers.jobs import HEADER, JOBS, KEPT, PIPE_SIZE, READY, pack, unpack, widen
from mpscrawler.workers.ring import mapped

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def answer(job: int, name: str, args: tuple[Any, ...]) -> tuple[bytes, bytes]:
    """The packed answer to one job: its value, or the exception it raised.

    An exception that would not unpickle in the crawl (its constructor wants other
    arguments) goes as a `RuntimeError` naming it.
    """
    try:
        value = JOBS[name](*args)
    except Exception as error:  # the crawl decides what a failed job means
        try:
            head, raw = pack((job, False, error))
            unpack(head[HEADER.size :], raw)
        except Exception:  # noqa: BLE001 - whatever pickling it raised, the stand-in goes
            return pack((job, False, RuntimeError(f"{type(error).__name__}: {error}")))
        return head, raw
    return pack((job, True, None), value) if isinstance(value, bytes) else pack((job, True, value))


def jobs(source: IO[bytes], ring: mmap.mmap | None = None) -> Any:
    """Each job read from `source`, as `(id, name, arguments)`, until `source` ends.

    A page comes with its job, or lies in `ring` where the job says (copied out at once: the
    crawl reuses the room once this job is answered). It is kept in the slot the job names;
    a job naming a slot without a page takes the one kept there.
    """
    kept: list[bytes | None] = [None] * KEPT
    while len(header := source.read(HEADER.size)) == HEADER.size:
        size, blob_size = HEADER.unpack(header)
        (job, name, rest, slot, at), blob = unpack(source.read(size), source.read(blob_size))
        if at is not None and ring is not None:
            blob = ring[at[0] : at[0] + at[1]]
        if slot is not None:
            if blob is None:
                blob = kept[slot]
            kept[slot] = blob
        yield job, name, rest if blob is None else (blob, *rest)


def main() -> None:
    """Serve the crawl on stdin/stdout; anything printed goes to stderr, not into the answers."""
    if sys.platform.startswith("linux"):  # a job that never ends must not outlive the crawl
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != int(sys.argv[1]):  # the crawl died before the line above
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    sink = os.dup(1)
    os.dup2(2, 1)
    widen(sink)
    sys.stdout = sys.stderr
    ring = mapped(int(sys.argv[2])) if len(sys.argv) > 2 else None
    write_all(sink, *pack((READY, True, None)))
    with os.fdopen(0, "rb", buffering=PIPE_SIZE) as source:
        for job, name, args in jobs(source, ring):
            write_all(sink, *answer(job, name, args))


if __name__ == "__main__":
    main()
