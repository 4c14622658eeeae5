"""Pages to a worker through shared memory: copied into a mapped file, not written to a pipe.

Writing a 400 KB page into a pipe costs the crawl's thread 0.36 ms (the kernel allocates and
fills a pipe buffer page by page), and reading it costs the worker as much again; copying it
into memory both processes map costs 0.02 ms. The crawl writes each page into a ring of
shared memory (a Linux `memfd`, gone with the last process holding it) and sends only where
it lies; the worker copies it out as it reads the job. Jobs are read in their order and
answered in it, so an answer frees the room of every page sent up to its job. A page that
does not fit (the ring full of pages the worker has not read, or a page larger than the ring)
goes through the pipe as before, and so does every page where there is no `memfd`.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from collections import deque
from typing import NamedTuple, Self

SIZE = 16 << 20  # more than the scraper holds at once (SCRAPER_SLOT_MAX_ACTIVE_SIZE, 10 MB)


class Region(NamedTuple):
    """The room one job's page takes in the ring."""

    job: int
    start: int
    end: int


class Ring:
    """The crawl's side of a worker's shared memory: where each page goes, when it is free."""

    def __init__(self, fd: int, size: int) -> None:
        self.fd, self.size = fd, size
        self.map = mmap.mmap(fd, size)
        self.live: deque[Region] = deque()  # pages the worker may not have read, oldest first

    @classmethod
    def create(cls, size: int = SIZE) -> Self | None:
        """A ring of `size` bytes; None where there is no `memfd` or it cannot be had."""
        create = getattr(os, "memfd_create", None)
        if create is None:
            return None
        try:
            fd = create("mpscrawler-pages")
        except OSError:
            return None
        try:
            os.ftruncate(fd, size)
            return cls(fd, size)
        except OSError:  # no room for it (ENOSPC, ENOMEM), or it will not map
            os.close(fd)
            return None

    def put(self, job: int, page: bytes) -> tuple[int, int] | None:
        """Write `job`'s page into free room: (offset, length); None when it does not fit."""
        start = self._room(len(page))
        if start is None:
            return None
        self.map[start : start + len(page)] = page
        self.live.append(Region(job, start, start + len(page)))
        return start, len(page)

    def forget(self, job: int) -> None:
        """`job` was never sent: the room its page took is free again."""
        if self.live and self.live[-1].job == job:
            self.live.pop()

    def release(self, job: int) -> None:
        """The worker answered `job`: it has read every page sent up to it."""
        while self.live and self.live[0].job <= job:
            self.live.popleft()

    def close(self) -> None:
        """Unmap the ring and close its file (the worker's own mapping is its own)."""
        self.live.clear()
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.map.close()

    def _room(self, size: int) -> int | None:
        """Where `size` bytes fit after the newest page and before the oldest, or None."""
        if not self.live:
            return 0 if size <= self.size else None
        oldest, newest = self.live[0], self.live[-1]
        if newest.start >= oldest.start:  # the pages lie in order: room at the end, then at 0
            if self.size - newest.end >= size:
                return newest.end
            return 0 if oldest.start >= size else None
        return newest.end if oldest.start - newest.end >= size else None  # wrapped around


def mapped(fd: int) -> mmap.mmap:
    """The worker's side: the ring the crawl passed as file descriptor `fd`, mapped whole."""
    try:
        return mmap.mmap(fd, 0)
    finally:
        os.close(fd)
