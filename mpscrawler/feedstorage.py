"""Feed storage that never shows a half-written file: write aside, fsync, rename into place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, Any, Self

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.spiders import Spider

from mpscrawler.files import finish, part_path
from mpscrawler.run import run_id, write_failed


class AtomicFileFeedStorage(FileFeedStorage):
    """Like Scrapy's file storage, but readers only ever see finished files.

    A run killed at any moment (even `kill -9`) leaves at most a `.name.part` file, never a
    partial `name`; with `-o` (append) the old content is copied aside first, so the rename
    replaces the file with old + new lines at once. `stored` says whether the file was
    finished; a failure to write is noted with its path and error (the run keeps nothing).
    """

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.final = Path(self.path)
        self.part = part_path(self.final)
        self.crawler = crawler
        self.stored = False
        self.broken = False

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        """Built by the feed exporter."""
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        """Open the temporary file (with the old content first when appending).

        A file that cannot be opened is noted once and its records go nowhere (the run keeps
        nothing): raising would fail again, with a traceback, at every record of the run.
        """
        try:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            if self.write_mode == "ab" and self.final.exists():
                shutil.copyfile(self.final, self.part)
            return self.part.open(self.write_mode)
        except OSError as error:
            self._failed(error)
            self.broken = True
            return open(os.devnull, "wb")  # noqa: SIM115 (closed by `store`)

    def store(self, file: IO[bytes]) -> None:
        """Flush to disk, then rename into place (and make the rename durable)."""
        if self.broken:
            file.close()
            return
        try:
            finish(file, self.part, self.final)
        except OSError as error:
            self._failed(error)
            raise
        self.stored = True

    def _failed(self, error: OSError) -> None:
        """Note the failure for the run's verdict."""
        if self.crawler is not None:
            write_failed(self.crawler, self.final, error)


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Feed URI parameters plus `%(run)s` (the run id) and `%(edition)s`."""
    settings = spider.crawler.settings
    return {**params, "run": run_id(settings), "edition": settings.get("MPS_EDITION")}
