"""Files readers only ever see whole: written aside, flushed to disk, renamed into place."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def part_path(path: Path) -> Path:
    """The name of a file being written: `.name.part` beside it."""
    return path.with_name(f".{path.name}.part")


def write_all(fd: int, *parts: bytes) -> None:
    """Write every byte of the parts, in order (`os.writev` may write fewer than asked)."""
    views = [memoryview(part) for part in parts if part]
    while views:
        written = os.writev(fd, views)
        while views and written >= len(views[0]):
            written -= len(views.pop(0))
        if views:
            views[0] = views[0][written:]


def sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def finish(file: IO[bytes] | IO[str], part: Path, final: Path) -> None:
    """Flush and fsync an open `.part` file, close it and rename it to `final`."""
    file.flush()
    os.fsync(file.fileno())
    file.close()
    os.replace(part, final)
    sync_directory(final.parent)


@contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write `path` through a `.part` file; on any error the old file stays as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = part_path(path)
    encoding = None if "b" in mode else "utf-8"
    handle = part.open(mode, encoding=encoding)
    try:
        yield handle
    except BaseException:
        handle.close()
        part.unlink(missing_ok=True)
        raise
    finish(handle, part, path)


def write_atomic(path: Path, text: str) -> None:
    """Write a small text file whole."""
    with atomic_open(path) as handle:
        handle.write(text)
