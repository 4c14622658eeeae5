"""The requests a crawl of one edition makes, where they may go, and what it keeps of failures.

The spider's callbacks are handed over explicitly (`Callbacks`); the state is reached with
`crawler.get_extension(State)`. Nothing here reads the spider back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, Protocol

import scrapy
from scrapy.crawler import Crawler
from twisted.python.failure import Failure

from mpscrawler import urls
from mpscrawler.arguments import Arguments
from mpscrawler.crawl.shares import BACKEND, Shares
from mpscrawler.parsers.nuxt import SectionFeed
from mpscrawler.signals import page_failed
from mpscrawler.spiders.hosts import Hosts
from mpscrawler.spiders.sitemaps import Queue, Sitemaps
from mpscrawler.state import State

logger = logging.getLogger(__name__)
RETRIED = frozenset({"article", "listing", "sitemap"})


class Callbacks(Protocol):
    """The spider's callbacks that requests are made for."""

    def parse_article(self, response: Any) -> Any: ...  # noqa: D102
    def parse_listing(self, response: Any, page: int, stale: int = 0) -> Any: ...  # noqa: D102
    def parse_feed(self, response: Any, queue: Queue = (), depth: int = 0) -> Any: ...  # noqa: D102
    def parse_feed_index(self, response: Any) -> Any: ...  # noqa: D102
    def parse_robots(self, response: Any) -> Any: ...  # noqa: D102
    def robots_failed(self, failure: Failure) -> Any: ...  # noqa: D102
    def parse_backend(self, response: Any, feed: Any, page: int, prefix: str) -> Any: ...  # noqa: D102
    def fetch_failed(self, failure: Failure) -> Any: ...  # noqa: D102
    def listing_failed(self, failure: Failure) -> Any: ...  # noqa: D102
    def sitemap_failed(self, failure: Failure) -> Any: ...  # noqa: D102
    def quiet(self, failure: Failure) -> Any: ...  # noqa: D102


class Portal:
    """One edition (or its mirror) as the crawl sees it: its requests, hosts and memory."""

    def __init__(self, crawler: Crawler, args: Arguments, on: Callbacks) -> None:
        self.crawler, self.args, self.edition, self.on = crawler, args, args.edition, on
        settings = crawler.settings
        self.overlap = settings.getint("MPS_OVERLAP_PAGES")
        self.bound = settings.getint("MPS_MAX_LISTING_PAGES")
        self.state: State | None = None
        self.asked: set[str] = set()  # article ids requested this run
        self.shares = Shares()  # the priority of each source's next request
        self.sitemaps = Sitemaps(self)
        self.hosts = Hosts.of(args)

    def start(self) -> Iterator[scrapy.Request]:
        """The run's first requests: the given URLs; or retries, then the discovery points."""
        on, self.state = self.on, self.crawler.get_extension(State)
        self.catch_up()
        if self.args.urls:
            self.crawler.stats.set_value("mps/explicit", True)
            for url in self.args.urls:
                yield from self.article(url, force=True)
            return
        for url, kind in self.state.retries() if self.state else []:
            if kind in RETRIED:  # an archive's failures are listed again by the next backfill
                yield from self.retry(url, kind)
        base, edition = self.args.base_url, self.edition
        # The sitemaps robots.txt names, or else the guessed ones: one request each (a guess
        # fetched first would make robots.txt's named, failure-kept request a duplicate).
        yield scrapy.Request(base + edition.robots, on.parse_robots, errback=on.robots_failed)
        for path in edition.feeds:
            yield self.feed(base + path)
        for path in edition.feed_indexes:
            yield scrapy.Request(base + path, on.parse_feed_index, errback=on.quiet)
        for path in edition.listings:
            yield self.listing(base + path, page=1)

    def catch_up(self) -> None:
        """After a run that stopped early, read every listing to its end (not only to the first
        page of known articles): what that run queued and never read lies behind them."""
        reason = self.state.cut_short if self.state else None
        if reason:
            self.overlap = self.bound
            self.crawler.stats.set_value("mps/catching_up", reason)
            logger.info("the last run stopped early (%s): listings are read to their end", reason)

    def retry(self, url: str, kind: str) -> Iterator[scrapy.Request]:
        """A page that failed in an earlier run, asked for again."""
        if kind == "listing":
            yield self.listing(url, urls.page_number(url))
        elif kind == "sitemap":  # a sitemap that must exist: depth 1, as one of an index
            yield from self.sitemaps.read([(url, 1)])
        else:
            yield from self.article(url, force=True)

    def article(
        self, url: str, lastmod: str | None = None, force: bool = False, source: str | None = None
    ) -> list[Any]:
        """The request of an article page, or none: off the edition, known, or asked already.

        `source` names what found it (a listing, a feed, `SITEMAPS`, `BACKEND`): its share of
        the queue.
        """
        target = url if force else self.hosts.local(url)
        ident = urls.article_id(self.hosts.page_url(target))
        if not force and not self._wanted(target, ident, lastmod):
            return []
        self.asked.add(ident or target)
        meta = {"mps_kind": "article"}
        # Not dont_filter: that would also exempt its redirects from the offsite check.
        on, priority = self.on, self.shares.article(source) if source else 0
        return [
            scrapy.Request(
                target, on.parse_article, errback=on.fetch_failed, meta=meta, priority=priority
            )
        ]

    def _wanted(self, target: str, ident: str | None, lastmod: str | None) -> bool:
        """An article of this edition, on its hosts, not asked already, and new or changed."""
        if not urls.is_article_url(target, self.edition) or not self.hosts.onsite(target):
            return False
        if ident in self.asked:  # before the state: its `wants` counts the known it skips
            return False
        return self.state is None or self.state.wants(target, lastmod)

    def listing(self, url: str, page: int, stale: int = 0) -> scrapy.Request:
        """A listing page, canonicalised so pagers that repeat `Page=` cannot loop."""
        errback = self.on.quiet if page == 1 else self.on.listing_failed
        target = self.hosts.local(urls.canonical_listing(url))
        return scrapy.Request(
            target,
            self.on.parse_listing,
            cb_kwargs={"page": page, "stale": stale},
            errback=errback,
            priority=self.shares.discovery(self.listing_source(target)),
            meta={"mps_kind": "listing"},
        )

    def listing_source(self, url: str) -> str:
        """The source a listing page's articles count for: the listing, whatever the page."""
        return urls.first_page(self.hosts.local(urls.canonical_listing(url)))

    def must_list(self, url: str, page: int) -> bool:
        """True for a listing page that must show articles: a further page, or a declared one."""
        declared = {self.hosts.local(self.args.base_url + path) for path in self.edition.listings}
        return page > 1 or url in declared

    def section(self, url: str) -> list[scrapy.Request]:
        """The first page of another listing of this edition."""
        target = self.hosts.local(url)
        if not self.hosts.onsite(target) or not urls.is_listing_url(target, self.edition):
            return []
        return [self.listing(target, page=1)]

    def feed(self, url: str) -> scrapy.Request:
        """A feed (RSS, Atom) the edition declares or a feed index links: a source of its own."""
        target = self.hosts.local(url)
        return scrapy.Request(
            target,
            self.on.parse_feed,
            errback=self.on.quiet,
            priority=self.shares.discovery(target),
            meta={"mps_source": target},
        )

    def backend(
        self, feed: SectionFeed, page: int, prefix: str, max_pages: int | None
    ) -> list[scrapy.Request]:
        """One 0-based page of a section from the backend the payload names."""
        if max_pages is not None and page + 1 > max_pages:
            return []
        target = self.hosts.local(feed.page_url(page))
        if not self.hosts.onsite(target):
            return []
        return [
            scrapy.Request(
                target,
                self.on.parse_backend,
                errback=self.on.quiet,
                priority=self.shares.discovery(BACKEND),
                cb_kwargs={"feed": feed, "page": page, "prefix": prefix},
            )
        ]

    def read(self, url: str) -> None:
        """A listing or sitemap read in full: its earlier failure, if any, is cleared."""
        if self.state:
            self.state.succeeded(url)

    def failed(self, url: str, reason: str, kind: str = "article") -> None:
        """A page that gave nothing: logged, counted, named in the report, kept for a retry."""
        logger.warning("failed: %s: %s", url, reason)
        self.crawler.signals.send_catch_log(page_failed, url=url, reason=reason, kind=kind)

    def too_old(self, day: str | None) -> bool:
        """True when `since` is set and `day` is before it."""
        return bool(self.args.since and day and day < self.args.since.isoformat())
