"""`Worker`: one worker process, the jobs it holds (answered in their order), the pages it keeps."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

from mpscrawler.workers.jobs import HEADER, KEPT, READY, pack, unpack, widen
from mpscrawler.workers.ring import Ring

Held = tuple[str, tuple[Any, ...], asyncio.Future[Any]]


class WorkerLost(Exception):
    """The worker process running a job ended before it answered."""


def widen_input(process: asyncio.subprocess.Process) -> None:
    """A worker's input pipe of `jobs.PIPE_SIZE` (`jobs.widen`)."""
    pipe = process.stdin.transport.get_extra_info("pipe") if process.stdin else None
    if pipe is not None:
        widen(pipe.fileno())


def peak_rss_mb(pid: int) -> float | None:
    """A process's peak resident memory (Linux's `VmHWM`), in MB; None where unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def settle(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    """Give a job's answer to its caller, unless it has one (or gave up waiting).

    An exception asyncio will not raise from a future (`StopIteration`), or a value that is
    no exception at all, becomes a `RuntimeError` naming it: the caller always gets an answer.
    """
    if future.done():
        return
    if ok:
        future.set_result(value)
    elif isinstance(value, Exception) and not isinstance(value, StopIteration):
        future.set_exception(value)
    else:
        future.set_exception(RuntimeError(f"worker: {value!r}"))


class Worker:
    """One worker process and the jobs it holds, oldest (the one it is running) first."""

    def __init__(
        self, process: asyncio.subprocess.Process, timeout: float, ring: Ring | None = None
    ) -> None:
        self.process, self.timeout, self.ring = process, timeout, ring
        self.pending: dict[int, Held] = {}
        self.ready = self.timed_out = self.garbled = False
        self.deadline: asyncio.TimerHandle | None = None
        # The pages the worker keeps, slot by slot as it does (`child.jobs`), held here too so
        # that `id()` names each while it is kept.
        self.kept: list[bytes | None] = [None] * KEPT
        self.slots: dict[int, int] = {}
        self.turn = 0

    def holds(self, page: Any) -> bool:
        """Whether the worker keeps this very page (the WARC job sent it, the parse follows)."""
        slot = self.slots.get(id(page))
        return slot is not None and self.kept[slot] is page

    def send(self, job: int, name: str, args: tuple[Any, ...]) -> asyncio.Future[Any]:
        """Queue a job on the worker's input; its answer comes in the future returned.

        A first argument of bytes (the page) goes into the worker's ring of shared memory
        (`ring.Ring`), else as the message's blob, and is kept by the worker: a later job on
        the same page names its slot instead. The message is packed before anything is noted,
        so a job that cannot be sent leaves none.
        """
        assert self.process.stdin is not None
        page = args[0] if args and isinstance(args[0], bytes) else None
        if page is None:
            head, raw = pack((job, name, args, None, None))
        else:
            kept = self.holds(page)
            slot = self.slots[id(page)] if kept else self.turn
            at = self.ring.put(job, page) if self.ring and page and not kept else None
            blob = None if kept or at else page
            try:
                head, raw = pack((job, name, args[1:], slot, at), blob)
            except Exception:
                if self.ring is not None:
                    self.ring.forget(job)
                raise
            if not kept:
                self._keep(page, slot)
        future = asyncio.get_running_loop().create_future()
        self.pending[job] = (name, args, future)
        self.process.stdin.write(head)
        self.process.stdin.write(raw)
        if self.deadline is None:  # a job is timed from its turn, not from the last one sent
            self._arm()
        return future

    async def answers(self) -> None:
        """Read answers until the worker's output ends (an unreadable one raises)."""
        assert self.process.stdout is not None
        output = self.process.stdout
        while header := await output.read(HEADER.size):
            header += await output.readexactly(HEADER.size - len(header))
            size, blob_size = HEADER.unpack(header)
            data, blob = await output.readexactly(size), await output.readexactly(blob_size)
            (job, ok, value), raw = unpack(data, blob)
            if job == READY:
                self.ready = True
            elif (held := self.pending.pop(job, None)) is not None:
                settle(held[2], ok, raw if raw is not None else value)
            if self.ring is not None:
                self.ring.release(job)
            self._arm()

    def release(self) -> list[Held]:
        """The jobs it still holds, oldest first; it holds none after, and is no longer timed."""
        held = list(self.pending.values())
        self.pending.clear()
        self._arm()
        return held

    def close(self) -> None:
        """Free what the crawl holds of an ended worker (its ring)."""
        if self.ring is not None:
            self.ring.close()
            self.ring = None

    def kill(self) -> None:
        """End the process now (it may have ended already)."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()

    def why(self) -> str:
        """Why the worker ended, as a failure's reason says it."""
        if self.timed_out:
            return f"worker: no answer in {self.timeout:g} s"
        if self.garbled:
            return "worker: an answer that could not be read"
        return f"worker: process ended (exit {self.process.returncode})"

    def _keep(self, page: bytes, slot: int) -> None:
        """Note the page in its slot, as the worker keeps it; the next page takes the next."""
        old = self.kept[slot]
        if old is not None:
            self.slots.pop(id(old), None)
        self.kept[slot], self.slots[id(page)] = page, slot
        self.turn = (slot + 1) % KEPT

    def _arm(self) -> None:
        """Time the job now running: the worker is killed if it does not answer in time."""
        if self.deadline is not None:
            self.deadline.cancel()
        self.deadline = None
        if self.pending and self.timeout > 0:
            self.deadline = asyncio.get_running_loop().call_later(self.timeout, self._expire)

    def _expire(self) -> None:
        """No answer in time: the job running never ends, and neither would the worker."""
        self.timed_out = True
        self.kill()
