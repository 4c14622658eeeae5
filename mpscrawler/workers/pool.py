"""`Workers`: the crawl's worker processes, reached with `crawler.get_extension(Workers)`.

A job goes to the worker with the fewest waiting and is answered in its turn. A worker that
ends while it holds jobs (killed, crashed, or silent past `MPS_WORKER_TIMEOUT`) fails only
the job it was running, with `WorkerLost` (its page is counted and kept for a retry, as any
page that does not parse); the jobs queued behind it go to a new worker. A worker that cannot
start leaves the crawl to do its jobs itself: slower, nothing lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import itertools
import logging
import os
import sys
from pathlib import Path
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from mpscrawler.workers.jobs import HEADER, JOBS, KEPT, READY, pack, unpack

logger = logging.getLogger(__name__)
CHILD = "mpscrawler.workers.child"
PIPE_SIZE = 1 << 20


def in_asyncio() -> bool:
    """Whether this runs in an asyncio loop (the asyncio reactor's): workers need one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def widen(process: asyncio.subprocess.Process) -> None:
    """A worker's input of a megabyte (Linux; 64 KB by default): a page goes in one write."""
    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    pipe = process.stdin.transport.get_extra_info("pipe") if process.stdin else None
    if size is not None and pipe is not None:
        with contextlib.suppress(OSError):  # past /proc/sys/fs/pipe-max-size
            fcntl.fcntl(pipe.fileno(), size, PIPE_SIZE)


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


class WorkerLost(Exception):
    """The worker process running a job ended before it answered."""


class Worker:
    """One worker process and the jobs it holds, oldest (the one it is running) first."""

    def __init__(self, process: asyncio.subprocess.Process, timeout: float) -> None:
        self.process, self.timeout = process, timeout
        self.pending: dict[int, tuple[str, tuple[Any, ...], asyncio.Future[Any]]] = {}
        self.ready = self.timed_out = False
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

        A first argument of bytes (the page) is written as the message's blob, from itself,
        and kept by the worker: a later job on the same page names its slot instead.
        """
        assert self.process.stdin is not None
        future = asyncio.get_running_loop().create_future()
        self.pending[job] = (name, args, future)
        if args and isinstance(args[0], bytes):
            slot = self._slot(args[0])
            blob = None if self._sent(args[0], slot) else args[0]
            head, raw = pack((job, name, args[1:], slot), blob)
        else:
            head, raw = pack((job, name, args, None))
        self.process.stdin.write(head)
        self.process.stdin.write(raw)
        if self.deadline is None:  # a job is timed from its turn, not from the last one sent
            self._arm()
        return future

    async def answers(self) -> None:
        """Read answers until the worker's output ends."""
        assert self.process.stdout is not None
        output = self.process.stdout
        while header := await output.read(HEADER.size):
            header += await output.readexactly(HEADER.size - len(header))
            size, blob_size = HEADER.unpack(header)
            data, blob = await output.readexactly(size), await output.readexactly(blob_size)
            (job, ok, value), raw = unpack(data, blob)
            if job == READY:
                self.ready = True
            elif (held := self.pending.pop(job, None)) is not None and not held[2].done():
                future = held[2]
                future.set_result(
                    raw if raw is not None else value
                ) if ok else future.set_exception(value)
            self._arm()

    def _slot(self, page: bytes) -> int:
        """The slot of a page: the one it is kept in, else the next in turn."""
        if self.holds(page):
            return self.slots[id(page)]
        slot, self.turn = self.turn, (self.turn + 1) % KEPT
        return slot

    def _sent(self, page: bytes, slot: int) -> bool:
        """Whether the worker has the page in its slot already; else it is kept there now."""
        if self.kept[slot] is page:
            return True
        old = self.kept[slot]
        if old is not None:
            self.slots.pop(id(old), None)
        self.kept[slot], self.slots[id(page)] = page, slot
        return False

    def _arm(self) -> None:
        """Time the job now running: the worker is killed if it does not answer in time."""
        if self.deadline is not None:
            self.deadline.cancel()
        self.deadline = None
        if self.pending and self.timeout > 0:
            self.deadline = asyncio.get_running_loop().call_later(self.timeout, self._kill)

    def _kill(self) -> None:
        """No answer in time: the job running never ends, and neither would the worker."""
        self.timed_out = True
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            self.process.kill()

    def why(self) -> str:
        """Why the worker ended, as a failure's reason says it."""
        if self.timed_out:
            return f"worker: no answer in {self.timeout:g} s"
        return f"worker: process ended (exit {self.process.returncode})"


class Workers:
    """Run jobs in `MPS_WORKERS` processes started at first use, or here when none can run."""

    child = CHILD
    """The module a worker runs (`python -m`)."""

    def __init__(self, crawler: Crawler, processes: int, timeout: float) -> None:
        self.crawler, self.processes, self.timeout = crawler, processes, timeout
        self.workers: list[Worker] = []
        self.readers: set[asyncio.Task[None]] = set()
        self.ids = itertools.count(READY + 1)
        self.unavailable = self.closed = False
        self._starting: asyncio.Task[Worker | None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built from `MPS_WORKERS`; `NotConfigured` at 0."""
        settings = crawler.settings
        processes = settings.getint("MPS_WORKERS")
        if processes < 1:
            raise NotConfigured("MPS_WORKERS is 0")
        workers = cls(crawler, processes, settings.getfloat("MPS_WORKER_TIMEOUT"))
        crawler.signals.connect(workers.close, signal=signals.engine_stopped)
        return workers

    async def run(self, name: str, *args: Any) -> Any:
        """The answer of job `name` to `args` (its exception raised), or `WorkerLost`."""
        here = self.unavailable or self.closed or not in_asyncio()
        holder = next((w for w in self.workers if args and w.holds(args[0])), None)
        worker = None if here else holder or await self._worker()
        if worker is None:
            return JOBS[name](*args)
        return await worker.send(next(self.ids), name, args)

    async def close(self) -> None:
        """End every worker: its input closed, it exits; one that does not is killed."""
        self.closed = True
        for worker in self.workers:
            assert worker.process.stdin is not None
            peak = peak_rss_mb(worker.process.pid)
            if peak is not None:
                assert self.crawler.stats is not None
                self.crawler.stats.max_value("mps/workers/peak_rss_mb", peak)
            worker.process.stdin.close()
        for worker in list(self.workers):
            try:
                await asyncio.wait_for(worker.process.wait(), 10)
            except TimeoutError:
                worker.process.kill()
        if self.readers:
            await asyncio.gather(*self.readers)

    async def _worker(self) -> Worker | None:
        """The worker with the fewest jobs waiting; a new one while there are fewer than asked."""
        idle = min(self.workers, key=lambda w: len(w.pending), default=None)
        if idle is not None and (not idle.pending or len(self.workers) >= self.processes):
            return idle
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start())
        starting = self._starting
        started = await starting
        if self._starting is starting:
            self._starting = None
        return started

    async def _start(self) -> Worker | None:
        """A new worker process (its answers read as they come); None when it cannot start."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.child, str(os.getpid()),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
            )  # fmt: skip
        except OSError as error:
            self._give_up(f"cannot start ({error})")
            return None
        widen(process)
        worker = Worker(process, self.timeout)
        self.workers.append(worker)
        reader = asyncio.ensure_future(self._serve(worker))
        self.readers.add(reader)
        reader.add_done_callback(self.readers.discard)
        self._count("started")
        return worker

    async def _serve(self, worker: Worker) -> None:
        """Read a worker's answers; when it ends, settle the jobs it still held."""
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            await worker.answers()
        await worker.process.wait()
        self.workers.remove(worker)
        held = list(worker.pending.values())
        worker.pending.clear()
        worker._arm()
        if not held:
            return
        if not worker.ready:  # it never ran a job: it cannot start here (see its stderr)
            self._give_up(f"ended before it was ready (exit {worker.process.returncode})")
        else:
            self._count("lost")
            logger.error("%s; its job failed, %d behind it go on", worker.why(), len(held) - 1)
            held[0][2].set_exception(WorkerLost(worker.why()))
            held = held[1:]
        for name, args, future in held:
            asyncio.ensure_future(self._again(name, args, future))

    async def _again(self, name: str, args: tuple[Any, ...], future: asyncio.Future[Any]) -> None:
        """A job whose worker ended before its turn, run again."""
        try:
            future.set_result(await self.run(name, *args))
        except Exception as error:  # the job's own failure, for its caller
            future.set_exception(error)

    def _give_up(self, why: str) -> None:
        """No worker can run: the crawl does the jobs itself from now on."""
        self.unavailable = True
        self._count("unavailable")
        logger.error("worker process %s: the crawl parses in its own process", why)

    def _count(self, what: str) -> None:
        """`mps/workers/<what>` in the crawl's stats."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"mps/workers/{what}")


async def run(crawler: Crawler, name: str, *args: Any) -> Any:
    """Job `name` in the crawl's workers, or here when it has none (`MPS_WORKERS` 0)."""
    workers = crawler.get_extension(Workers)
    if workers is None:
        return JOBS[name](*args)
    return await workers.run(name, *args)
