"""The requests a crawl of one edition makes, where they may go, and what it keeps of failures.

The spider's callbacks are handed over explicitly (`Callbacks`); the state is reached with
`crawler.get_extension(State)`. Nothing here reads the spider back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from mpscrawler import urls
from mpscrawler.arguments import Arguments
from mpscrawler.parsers.nuxt import SectionFeed
from mpscrawler.signals import page_failed
from mpscrawler.state import State

# Articles before further listing and sitemap pages: the queue holds one page's worth of
# articles, not the archive's (memory flat with its size; measured with bench/e2e.py).
DISCOVERY = -1
logger = logging.getLogger(__name__)
Queue = tuple[tuple[str, int], ...]
RETRIED = frozenset({"article", "listing", "sitemap"})
# Twisted's reasons inside Scrapy's download errors: `[<twisted.python.failure.Failure
# twisted.internet.error.ConnectionLost: Connection to the other side was lost …>]`.
WRAPPED = re.compile(r"\[?<twisted\.python\.failure\.Failure (?:[\w.]+\.)?(\w+: [^>]*)>\]?")


def request_of(failure: Failure) -> scrapy.Request:
    """The request a failure passed to an errback belongs to (Scrapy sets it)."""
    request = getattr(failure, "request", None)
    assert isinstance(request, scrapy.Request)
    return request


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
        self.max_depth = settings.getint("MPS_MAX_SITEMAP_DEPTH")
        self.base = args.base_url if args.mirror else None
        self.state: State | None = None
        self.asked: set[str] = set()  # article ids requested this run
        self.sitemaps_asked: set[str] = set()  # sitemaps requested this run (canonical URLs)
        # Only the edition's hosts, or only the mirror, or the hosts of the URLs given: links,
        # sitemaps and redirects cannot steer the crawler anywhere else.
        given = [args.base_url, *args.urls] if args.mirror or args.urls else []
        given = [args.archive_url] if args.archive_url else given
        self.allowed_origins = sorted({urls.origin(u) for u in given})
        hosts = {urlsplit(u).hostname or "" for u in given}
        if not given:
            hosts = set(self.edition.hosts | self.edition.backends)
        self.allowed_domains = sorted(hosts)

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
            yield scrapy.Request(base + path, on.parse_feed, errback=on.quiet)
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

    def robots(self, named: list[str]) -> Iterator[scrapy.Request]:
        """The sitemaps robots.txt names (they must exist), or the guessed ones if it names none."""
        if named:
            yield from self.sitemaps([(url, 0) for url in named])
            return
        for path in self.edition.sitemaps:
            yield scrapy.Request(
                self.args.base_url + path, self.on.parse_feed, errback=self.on.quiet
            )

    def retry(self, url: str, kind: str) -> Iterator[scrapy.Request]:
        """A page that failed in an earlier run, asked for again."""
        if kind == "listing":
            yield self.listing(url, urls.page_number(url))
        elif kind == "sitemap":  # a sitemap that must exist: depth 1, as one of an index
            yield from self.sitemaps([(url, 1)])
        else:
            yield from self.article(url, force=True)

    def article(self, url: str, lastmod: str | None = None, force: bool = False) -> list[Any]:
        """The request of an article page, or none: off the edition, known, or asked already."""
        target = url if force else self.local(url)
        ident = urls.article_id(self.page_url(target))
        if not force and (not urls.is_article_url(target, self.edition) or not self.onsite(target)):
            return []
        if not force and (
            ident in self.asked or self.state and not self.state.wants(target, lastmod)
        ):
            return []
        self.asked.add(ident or target)
        meta = {"mps_kind": "article"}
        # Not dont_filter: that would also exempt its redirects from the offsite check.
        on = self.on
        return [scrapy.Request(target, on.parse_article, errback=on.fetch_failed, meta=meta)]

    def listing(self, url: str, page: int, stale: int = 0) -> scrapy.Request:
        """A listing page, canonicalised so pagers that repeat `Page=` cannot loop."""
        errback = self.on.quiet if page == 1 else self.on.listing_failed
        return scrapy.Request(
            self.local(urls.canonical_listing(url)),
            self.on.parse_listing,
            cb_kwargs={"page": page, "stale": stale},
            errback=errback,
            priority=DISCOVERY,
            meta={"mps_kind": "listing"},
        )

    def must_list(self, url: str, page: int) -> bool:
        """True for a listing page that must show articles: a further page, or a declared one."""
        declared = {self.local(self.args.base_url + path) for path in self.edition.listings}
        return page > 1 or url in declared

    def section(self, url: str) -> list[scrapy.Request]:
        """The first page of another listing of this edition."""
        target = self.local(url)
        if not self.onsite(target) or not urls.is_listing_url(target, self.edition):
            return []
        return [self.listing(target, page=1)]

    def feed(self, url: str) -> scrapy.Request:
        """A feed a feed index links."""
        return scrapy.Request(self.local(url), self.on.parse_feed, errback=self.on.quiet)

    def sitemaps(self, queue: list[tuple[str, int]]) -> Iterator[scrapy.Request]:
        """The first readable sitemap of `queue`, carrying the rest; the others are kept."""
        while queue:
            (url, depth), rest = queue[0], tuple(queue[1:])
            target = self.local(url)
            if depth > self.max_depth:
                self.crawler.stats.inc_value("mps/cut/sitemaps")
                self.failed(url, f"sitemap: deeper than {self.max_depth} indexes", kind="sitemap")
            elif not self.onsite(target):
                self.failed(url, "sitemap: off the edition's hosts", kind="sitemap")
            elif canonicalize_url(target) in self.sitemaps_asked:  # Scrapy would drop it, and
                logger.debug("sitemap asked already: %s", url)  # the rest of the queue with it
            else:
                self.sitemaps_asked.add(canonicalize_url(target))
                yield scrapy.Request(
                    target,
                    self.on.parse_feed,
                    cb_kwargs={"queue": rest, "depth": depth},
                    errback=self.on.sitemap_failed,
                    priority=DISCOVERY,
                    meta={"mps_kind": "listing", "mps_named": True},
                )
                return
            queue = list(rest)

    def sitemap_failed(
        self, url: str, reason: str, queue: Queue, named: bool, depth: int = 1
    ) -> Iterator[Any]:
        """A sitemap that failed: kept as a failure; the rest of its index is still read.

        Sitemaps that must exist (named by an index, or by robots.txt) count; a guessed
        `/sitemap.xml` or feed that is not there is only logged, and so is a sitemap robots.txt
        names that answers 404 ("names https://bocongan.gov.vn/sitemap.xml (never seen)",
        PORTAL.md): a sitemap of an index, or a listing that is not XML, is a failure.
        """
        if named and not (depth == 0 and reason == "HTTP 404"):
            self.failed(url, f"sitemap: {reason}", kind="sitemap")
        else:
            logger.info("not a sitemap or feed: %s: %s", url, reason)
        yield from self.sitemaps(list(queue))

    def wants_sitemap(self, lastmod: str | None) -> bool:
        """Read a sitemap of an index (modified since the last run, or no state)?"""
        return self.state is None or self.state.wants_sitemap(lastmod)

    def backend(
        self, feed: SectionFeed, page: int, prefix: str, max_pages: int | None
    ) -> list[scrapy.Request]:
        """One 0-based page of a section from the backend the payload names."""
        if max_pages is not None and page + 1 > max_pages:
            return []
        target = self.local(feed.page_url(page))
        if not self.onsite(target):
            return []
        return [
            scrapy.Request(
                target,
                self.on.parse_backend,
                errback=self.on.quiet,
                priority=DISCOVERY,
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

    @staticmethod
    def why(failure: Failure) -> str:
        """The reason of a failed request, for the logs and the state."""
        if failure.check(HttpError):
            return f"HTTP {failure.value.response.status}"
        message = WRAPPED.sub(r"\1", failure.getErrorMessage()).strip()
        doc = (failure.type.__doc__ or "").strip().splitlines()
        return f"{failure.type.__name__}: {message or (doc[0] if doc else 'no message')}"

    def local(self, url: str) -> str:
        """The edition's URLs point at the mirror when `base_url` names one."""
        return urls.rebase(url, self.base, self.edition.hosts | self.edition.backends)

    def page_url(self, url: str) -> str:
        """A fetched URL as the portal's own (the mirror's origin replaced)."""
        return urls.portal_url(url, self.base, self.edition)

    def onsite(self, url: str) -> bool:
        """Only http(s) on the allowed hosts (and ports, for a mirror)."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.username or parts.password:
            return False
        if self.allowed_origins:
            return urls.origin(url) in self.allowed_origins
        return (parts.hostname or "").lower() in self.allowed_domains

    def too_old(self, day: str | None) -> bool:
        """True when `since` is set and `day` is before it."""
        return bool(self.args.since and day and day < self.args.since.isoformat())
