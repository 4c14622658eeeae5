"""Rolling WARC files (ISO 28500, WARC/1.1, gzip per record) that readers only see finished.

A file is written as `.name.warc.gz.part` and renamed to `name.warc.gz` (fsynced first) when
it reaches the size limit or the crawl closes: a crash leaves only `.part` files behind. A
failed write (a full disk) is cut off the file again, so every offset handed out stays true.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from mpscrawler.files import part_path, sync_directory, write_all
from mpscrawler.warc.records import Exchange, RecordMaker

SUFFIX = ".warc.gz"


class RollingWarcWriter:
    """Writes exchanges to `<root>/<subdir>/<prefix>-<start>-<serial>.warc.gz`, rolled by size."""

    def __init__(self, root: Path, subdir: str, prefix: str, max_size: int, info: dict[str, str]):
        self.root, self.directory = root, root / subdir
        self.prefix, self.max_size, self.info = prefix, max_size, info
        self.stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.serial = 0
        self.finished: list[str] = []
        self.records = RecordMaker()
        self._fd: int | None = None
        self._size = 0
        self._final = self._part = Path()
        self._info_id = ""

    def info_id(self) -> str:
        """The `WARC-Record-ID` of the open file's `warcinfo` (a file is opened if none is)."""
        if self._fd is None:
            self._open()
        return self._info_id

    def write(self, exchange: Exchange, made: tuple[str, bytes] | None = None) -> tuple[str, int]:
        """Write the response and request records; return (final file name, response offset).

        `made` is the records already made (by a worker) for the `warcinfo` id it names; they
        are made again here if the file has rolled over since.
        """
        info_id = self.info_id()
        offset, name = self._size, self._name()
        if made is None or made[0] != info_id:
            made = info_id, self.records.exchange(exchange, info_id)
        self._append(made[1])
        if self._size >= self.max_size:
            self._finish()
        return name, offset

    def close(self) -> None:
        """Finish the open file, if any."""
        if self._fd is not None:
            self._finish()

    def _name(self) -> str:
        """The open file's final name, relative to the root (`en/mps_news-…-00001.warc.gz`)."""
        return self._final.relative_to(self.root).as_posix()

    def _append(self, data: bytes) -> None:
        """Add whole records to the file; on failure cut the file back to where they began."""
        assert self._fd is not None
        try:
            write_all(self._fd, data)
        except OSError:
            os.ftruncate(self._fd, self._size)
            os.lseek(self._fd, self._size, os.SEEK_SET)
            raise
        self._size += len(data)

    def _open(self) -> None:
        """Open the next free serial as a `.part` file and write its `warcinfo` record first."""
        self.directory.mkdir(parents=True, exist_ok=True)
        while self._fd is None:
            self.serial += 1
            self._final = self.directory / f"{self.prefix}-{self.stamp}-{self.serial:05d}{SUFFIX}"
            self._part = part_path(self._final)
            if self._final.exists():
                continue
            try:
                self._fd = os.open(self._part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
        self._size = 0
        self._info_id, warcinfo = self.records.warcinfo(self._final.name, self.info)
        try:
            self._append(warcinfo)
        except OSError:  # a file without its warcinfo first is no file: start again next time
            os.close(self._fd)
            self._fd = None
            self._part.unlink()
            raise

    def _finish(self) -> None:
        """Fsync the file, rename it into place, fsync the directory."""
        assert self._fd is not None
        fd, self._fd = self._fd, None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(self._part, self._final)
        sync_directory(self._final.parent)
        self.finished.append(self._name())
