"""`Workers`: the crawl's worker processes, reached with `crawler.get_extension(Workers)`.

A job goes to the worker with the fewest waiting and is answered in its turn. A worker that
ends while it holds jobs (killed, crashed, or silent past `MPS_WORKER_TIMEOUT`) fails only
the job it was running, with `WorkerLost` (its page is counted and kept for a retry, as any
page that does not parse); the jobs queued behind it go to a new worker. So does a worker
whose answer cannot be read (it is stopped). A worker that cannot start leaves the crawl to
do its jobs itself: slower, nothing lost. Every job gets an answer, closing included.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import sys
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from mpscrawler.workers.jobs import JOBS, READY
from mpscrawler.workers.ring import SIZE, Ring
from mpscrawler.workers.worker import Worker, WorkerLost, peak_rss_mb, settle, widen_input

logger = logging.getLogger(__name__)
CHILD = "mpscrawler.workers.child"
__all__ = ["Workers", "WorkerLost", "in_asyncio", "run"]


def in_asyncio() -> bool:
    """Whether this runs in an asyncio loop (the asyncio reactor's): workers need one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Workers:
    """Run jobs in `MPS_WORKERS` processes started at first use, or here when none can run."""

    child = CHILD
    """The module a worker runs (`python -m`)."""
    ring_size = SIZE
    """Bytes of shared memory each worker's pages go through (0: every page by its pipe)."""

    def __init__(self, crawler: Crawler, processes: int, timeout: float) -> None:
        self.crawler, self.processes, self.timeout = crawler, processes, timeout
        self.workers: list[Worker] = []
        self.readers: set[asyncio.Task[Any]] = set()  # answers read, jobs run again
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
        if worker is None or self.closed:  # none can run, or the crawl closed meanwhile
            return JOBS[name](*args)
        return await worker.send(next(self.ids), name, args)

    async def close(self) -> None:
        """End every worker: its input closed, it exits; one that does not is killed."""
        self.closed = True
        if self._starting is not None:  # a worker on its way is closed with the others
            await asyncio.gather(self._starting, return_exceptions=True)
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
                worker.kill()
        if self.readers:
            await asyncio.gather(*self.readers, return_exceptions=True)

    async def _worker(self) -> Worker | None:
        """The worker with the fewest jobs waiting; a new one while there are fewer than asked."""
        idle = min(self.workers, key=lambda w: len(w.pending), default=None)
        if idle is not None and (not idle.pending or len(self.workers) >= self.processes):
            return idle
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start())
        starting = self._starting
        try:
            return await starting
        finally:
            if self._starting is starting:
                self._starting = None

    async def _start(self) -> Worker | None:
        """A new worker process (its answers read as they come); None when it cannot start."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        ring = Ring.create(self.ring_size) if self.ring_size > 0 else None
        passed = [str(ring.fd)] if ring else []
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.child, str(os.getpid()), *passed,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
                pass_fds=[ring.fd] if ring else [],
            )  # fmt: skip
        except Exception as error:  # no fork, no such file, no memory: the crawl does it all
            if ring is not None:
                ring.close()
            self._give_up(f"cannot start ({error})")
            return None
        widen_input(process)
        worker = Worker(process, self.timeout, ring)
        self.workers.append(worker)
        self._later(self._serve(worker))
        self._count("started")
        return worker

    async def _serve(self, worker: Worker) -> None:
        """Read a worker's answers; when it ends, settle the jobs it still held."""
        try:
            await worker.answers()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # it ended mid-answer
        except Exception as error:  # an answer that cannot be read: its pipe is no longer trusted
            logger.error("worker: an answer that could not be read (%r): it is stopped", error)
            worker.garbled = True
            worker.kill()
        await worker.process.wait()
        self.workers.remove(worker)
        held = worker.release()
        worker.close()
        if not held:
            return
        if not worker.ready:  # it never ran a job: it cannot start here (see its stderr)
            self._give_up(f"ended before it was ready (exit {worker.process.returncode})")
        else:
            self._count("lost")
            logger.error("%s; its job failed, %d behind it go on", worker.why(), len(held) - 1)
            settle(held[0][2], False, WorkerLost(worker.why()))
            held = held[1:]
        for name, args, future in held:
            self._later(self._again(name, args, future))

    async def _again(self, name: str, args: tuple[Any, ...], future: asyncio.Future[Any]) -> None:
        """A job whose worker ended before its turn, run again."""
        try:
            answer = await self.run(name, *args)
        except Exception as error:  # the job's own failure, for its caller
            settle(future, False, error)
        else:
            settle(future, True, answer)

    def _later(self, job: Any) -> None:
        """Run a coroutine as a task the reader set holds until it ends (closing awaits it)."""
        task = asyncio.ensure_future(job)
        self.readers.add(task)
        task.add_done_callback(self.readers.discard)

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
