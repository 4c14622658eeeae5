"""The requests the spider makes: listings, backend pages, articles; where they may go."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import scrapy
from twisted.python.failure import Failure

from mpscrawler import urls
from mpscrawler.arguments import Arguments
from mpscrawler.incremental import Incremental
from mpscrawler.parsers.nuxt import SectionFeed

# Articles before further listing and sitemap pages: the queue holds one page's worth of
# articles, not the archive's (memory flat with its size; measured with bench/e2e.py).
DISCOVERY = -1


class PortalRequests:
    """Mixin of `MpsNewsSpider`: builds requests, kept on the portal (or its mirror)."""

    args: Arguments
    incremental: Incremental | None

    def listing(self, url: str, page: int, stale: int = 0) -> scrapy.Request:
        """Request of a listing page, canonicalised so pagers that repeat `Page=` cannot loop."""
        target = self.local(urls.canonical_listing(url))
        kwargs = {"page": page, "stale": stale}
        errback = self.quiet if page == 1 else self.listing_failed
        callback = self.parse_listing
        return scrapy.Request(
            target, callback, cb_kwargs=kwargs, errback=errback, priority=DISCOVERY
        )

    def backend(self, feed: SectionFeed, page: int, prefix: str) -> scrapy.Request:
        """Request of one 0-based page of a section from the backend the payload names."""
        kwargs = {"feed": feed, "page": page, "prefix": prefix}
        callback = self.parse_backend
        return scrapy.Request(
            self.local(feed.page_url(page)),
            callback,
            cb_kwargs=kwargs,
            errback=self.quiet,
            priority=DISCOVERY,
        )

    def sitemap(self, url: str, queue: tuple[str, ...]) -> scrapy.Request:
        """Request of a sitemap of an index, with the ones still to read after it."""
        callback = self.parse_feed
        return scrapy.Request(
            self.local(url),
            callback,
            cb_kwargs={"queue": queue},
            errback=self.quiet,
            priority=DISCOVERY,
        )

    def article(
        self, url: str, lastmod: str | None = None, force: bool = False
    ) -> scrapy.Request | None:
        """Request of an article page; None when the state knows it unchanged."""
        target = self.local(url) if not force else url
        if not self.web(target):
            return None
        if not force and self.incremental and not self.incremental.wants(target, lastmod):
            return None
        # Not dont_filter: that would also exempt its redirects from the offsite check.
        callback, errback = self.parse_article, self.fetch_failed
        return scrapy.Request(target, callback, errback=errback)

    def fresh(self, lastmod: str | None) -> bool:
        """A sitemap of an index worth reading (modified since the last run, or no state)."""
        return not self.incremental or self.incremental.wants_sitemap(lastmod)

    @staticmethod
    def maybe(*requests: scrapy.Request | None) -> Iterator[scrapy.Request]:
        """The requests that are not None."""
        yield from (r for r in requests if r is not None)

    def local(self, url: str) -> str:
        """Portal URLs point at the mirror when `base_url` names one."""
        return urls.rebase(url, self.args.base_url if self.args.mirror else None)

    @staticmethod
    def web(url: str) -> bool:
        """Only http(s): a page cannot point the crawler at `file:`, `ftp:`, `data:`."""
        return urlsplit(url).scheme in {"http", "https"}

    def too_old(self, day: str | None) -> bool:
        """True when `since` is set and `day` is before it."""
        return bool(self.args.since and day and day < self.args.since.isoformat())

    def quiet(self, failure: Failure) -> None:
        """Discovery URLs the site may not have (404) are expected: logged, not counted."""
        self.logger.debug("discovery: %s", failure.getErrorMessage())
