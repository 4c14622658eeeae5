"""The ring of shared memory pages go to a worker through: no page overwritten before it is read."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from mpscrawler.workers import ring as ring_module
from mpscrawler.workers.ring import Ring


def ring(size: int) -> Ring:
    """A ring, or a skip where there is no memfd."""
    made = Ring.create(size)
    if made is None:
        pytest.skip("no memfd here")
    return made


def test_a_page_is_where_the_ring_says() -> None:
    shared = ring(1000)
    at = shared.put(1, b"x" * 300)
    assert at == (0, 300)
    assert shared.map[0:300] == b"x" * 300
    assert shared.put(2, b"y" * 300) == (300, 300)
    shared.close()


def test_a_full_ring_takes_nothing_until_the_worker_answers() -> None:
    shared = ring(1000)
    assert shared.put(1, b"a" * 600) == (0, 600)
    assert shared.put(2, b"b" * 500) is None  # 400 left at the end, nothing before
    shared.release(1)
    assert shared.put(3, b"c" * 500) == (0, 500)  # the ring is empty again: from 0
    assert shared.put(4, b"d" * 400) == (500, 400)
    assert shared.put(5, b"e" * 200) is None  # 100 at the end, none before the oldest
    shared.release(3)
    assert shared.put(6, b"f" * 200) == (0, 200)  # wrapped: before the oldest, page 4
    assert shared.put(7, b"g" * 301) is None  # 300 between page 6 and page 4
    assert shared.put(8, b"h" * 300) == (200, 300)
    shared.close()


def test_a_page_larger_than_the_ring_does_not_go_in() -> None:
    shared = ring(1000)
    assert shared.put(1, b"x" * 1001) is None
    assert shared.put(2, b"x" * 1000) == (0, 1000)
    shared.close()


@pytest.mark.parametrize("seed", range(20))
def test_no_page_is_overwritten_before_its_job_is_answered(seed: int) -> None:
    """Random pages sent and answered in order, as a worker does: each reads back whole."""
    chance = random.Random(seed)
    shared = ring(10_000)
    waiting: list[tuple[int, bytes, tuple[int, int]]] = []
    for job in range(1, 400):
        page = bytes([chance.randrange(256)]) * chance.randrange(1, 4000)
        at = shared.put(job, page)
        if at is not None:
            waiting.append((job, page, at))
        if waiting and chance.random() < 0.5:  # the worker reads and answers the oldest jobs
            answered = waiting[: chance.randrange(1, len(waiting) + 1)]
            for _, sent, (start, size) in answered:
                assert shared.map[start : start + size] == sent
            shared.release(answered[-1][0])
            del waiting[: len(answered)]
    for _, sent, (start, size) in waiting:
        assert shared.map[start : start + size] == sent
    shared.close()


def test_a_page_never_sent_gives_its_room_back() -> None:
    shared = ring(1000)
    assert shared.put(1, b"x" * 600) == (0, 600)
    shared.forget(1)  # its message could not be packed
    assert not shared.live
    assert shared.put(2, b"y" * 1000) == (0, 1000)
    shared.close()


def test_a_ring_that_cannot_be_had_leaves_no_file_open(monkeypatch: pytest.MonkeyPatch) -> None:
    ring(10).close()  # skips where there is no memfd

    def no_room(fd: int, size: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ring_module.os, "ftruncate", no_room)
    before = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").exists() else None
    assert Ring.create(1 << 20) is None
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before
