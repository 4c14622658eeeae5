"""A progress line at a fixed interval (`MPS_PROGRESS_INTERVAL`, seconds) during a long crawl."""

from __future__ import annotations

import logging
import time
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)


class Progress:
    """Extension: pages fetched, articles emitted, failures, queue and what is left, as it goes."""

    # The final summary stays the run report's (`mpscrawler.ops.report`).

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler, self.interval = crawler, interval
        self.started = time.monotonic()
        self.task: Any = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Off when `MPS_PROGRESS_INTERVAL` is 0."""
        interval = crawler.settings.getfloat("MPS_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("MPS_PROGRESS_INTERVAL is 0")
        return cls(crawler, interval)

    def spider_opened(self) -> None:
        """Start the clock; the first line comes after one interval."""
        self.started = time.monotonic()
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        """Stop logging."""
        if self.task is not None and self.task.running:
            self.task.stop()

    def log(self) -> None:
        """One line of progress."""
        logger.info("%s", line(self.numbers(), time.monotonic() - self.started))

    def numbers(self) -> dict[str, int]:
        """Pages fetched, articles emitted, pages failed, requests queued (and downloading)."""
        stats = self.crawler.stats.get_stats()
        failed = sum(v for k, v in stats.items() if k.startswith("mps/failed/"))
        return {
            "pages": stats.get("response_received_count", 0),
            "articles": stats.get("item_scraped_count", 0),
            "failed": failed,
            "queued": self.queued(stats),
        }

    def queued(self, stats: dict[str, Any]) -> int:
        """Requests waiting in the scheduler, plus those being downloaded."""
        engine = self.crawler.engine
        scheduler = getattr(engine, "scheduler", None)
        if scheduler is not None and hasattr(scheduler, "__len__"):
            waiting = len(scheduler)
        else:  # a scheduler that cannot tell: what went in and has not come out
            waiting = stats.get("scheduler/enqueued", 0) - stats.get("scheduler/dequeued", 0)
        active = getattr(getattr(engine, "downloader", None), "active", ())
        return max(waiting, 0) + len(active)


def line(numbers: dict[str, int], elapsed: float) -> str:
    """`progress: 120 pages fetched (2.0/s), 80 articles, 1 failed; 35 queued, left ≥ 35 …`."""
    # What is left is at least the queue: sitemaps and listings not yet read add to it.
    rate = numbers["pages"] / elapsed if elapsed > 0 else 0.0
    left = f"~{numbers['queued'] / rate:.0f} s at this rate" if rate else "unknown time"
    return (
        f"progress: {numbers['pages']} pages fetched ({rate:.1f}/s), {numbers['articles']}"
        f" articles, {numbers['failed']} failed; {numbers['queued']} queued, left"
        f" ≥ {numbers['queued']} pages, {left}"
    )
