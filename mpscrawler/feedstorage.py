"""Feed storage that never shows a half-written file: write aside, fsync, rename into place."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.spiders import Spider

PART = ".part"


def part_path(path: Path) -> Path:
    """The temporary name of a file being written: `.name.part` beside it."""
    return path.with_name(f".{path.name}{PART}")


class AtomicFileFeedStorage(FileFeedStorage):
    """Like Scrapy's file storage, but readers only ever see finished files.

    A run killed at any moment (even `kill -9`) leaves at most a `.name.part` file, never a
    partial `name`; with `-o` (append) the old content is copied aside first, so the rename
    replaces the file with old + new lines at once.
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.final = Path(self.path)
        self.part = part_path(self.final)

    def open(self, spider: Spider) -> IO[bytes]:
        """Open the temporary file (with the old content first when appending)."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        if self.write_mode == "ab" and self.final.exists():
            shutil.copyfile(self.final, self.part)
        return self.part.open(self.write_mode)

    def store(self, file: IO[bytes]) -> None:
        """Flush to disk, then rename into place (and make the rename durable)."""
        file.flush()
        os.fsync(file.fileno())
        file.close()
        os.replace(self.part, self.final)
        directory = os.open(self.final.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def run_id() -> str:
    """A run's id: its start, UTC, to the microsecond (`2026-11-28T21-12-56.123456Z`)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S.%fZ")


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Feed URI parameters plus `%(run)s`, the run id shared by the file, report and state."""
    return {**params, "run": spider.crawler.settings.get("MPS_RUN_ID") or run_id()}
