"""What the spider does with a page that gives no record: count it, name it, keep it."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from mpscrawler.incremental import Incremental

MAX_NAMED_FAILURES = 200  # failures named in the run report (all are counted and kept)


class FailureKeeping:
    """Mixin of `MpsNewsSpider`: failures are logged, counted, named and kept for a retry."""

    crawler: Crawler
    incremental: Incremental | None

    def failed(self, url: str, reason: str) -> None:
        """A page fetched but giving no record."""
        self.crawler.stats.inc_value("mps/parse_failed")
        self.logger.warning("parse failed: %s: %s", url, reason)
        self.keep(url, f"parse: {reason}")

    def fetch_failed(self, failure: Failure) -> None:
        """An article that could not be fetched (after Scrapy's retries)."""
        url = failure.request.url
        http = failure.value.response.status if failure.check(HttpError) else None
        reason = f"HTTP {http}" if http else f"{failure.type.__name__}: {failure.getErrorMessage()}"
        self.crawler.stats.inc_value("mps/fetch_failed")
        self.logger.warning("fetch failed: %s: %s", url, reason)
        self.keep(url, f"fetch: {reason}")

    def listing_failed(self, failure: Failure) -> None:
        """A further page of a listing that could not be fetched: read again next run."""
        url = failure.request.url
        self.crawler.stats.inc_value("mps/listing_failed")
        self.logger.warning("listing failed: %s: %s", url, failure.getErrorMessage())
        if self.incremental:
            self.incremental.fail(url, f"listing: {failure.getErrorMessage()}", kind="listing")

    def keep(self, url: str, reason: str) -> None:
        """Name the failure in the run report and list it in the state for the next runs."""
        named = self.crawler.stats.get_value("mps/failures") or []
        if len(named) < MAX_NAMED_FAILURES:
            self.crawler.stats.set_value("mps/failures", [*named, {"url": url, "reason": reason}])
        if self.incremental:
            self.incremental.fail(url, reason)
