"""`scrapy crawl mps_news`: every article of one edition of the MPS portal.

Discovery follows the edition's declaration (`mpscrawler/editions.py`): robots.txt and sitemaps,
feeds, the backend the Nuxt payload names, then the homepage, sections and legacy listings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from mpscrawler import urls
from mpscrawler.archive.captures import Capture
from mpscrawler.arguments import parse_arguments
from mpscrawler.crawl.shares import SITEMAPS
from mpscrawler.encoding import feed_body
from mpscrawler.items import Article
from mpscrawler.parsers import ParseError
from mpscrawler.parsers.feeds import feed_links, parse_feed, robots_sitemaps
from mpscrawler.parsers.nuxt import SectionFeed
from mpscrawler.spiders.articles import Articles
from mpscrawler.spiders.backfill import Backfill
from mpscrawler.spiders.failures import absent, discovery_kind, request_of, why
from mpscrawler.spiders.listings import Listings
from mpscrawler.spiders.portal import Portal

Follow = Iterator[scrapy.Request]


class MpsNewsSpider(scrapy.Spider):
    """Crawl sitemaps, feeds and listings of one edition (or its mirror); parse every article."""

    name = "mps_news"
    portal: Portal
    backfill: Backfill
    articles: Articles
    listings: Listings
    allowed_domains: list[str]
    allowed_origins: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = parse_arguments(**kwargs)
        super().__init__(*args)
        self.edition = self.args.edition

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Tell the crawl's components what the arguments chose (settings, spider priority)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        chosen: dict[str, Any] = {
            "MPS_EDITION": spider.args.edition.name,
            "MPS_FULL": spider.args.full,
            "MPS_EXPLICIT": bool(spider.args.urls),
        }
        if spider.args.archive_url:  # someone else's service: one request at a time, slowly
            delay = crawler.settings.getfloat("MPS_ARCHIVE_DELAY")
            chosen |= {"CONCURRENT_REQUESTS": 1, "DOWNLOAD_DELAY": delay}
        if not crawler.settings.frozen:
            crawler.settings.setdict(chosen, priority="spider")
        elif any(crawler.settings.get(k) != v for k, v in chosen.items() if k.startswith("MPS_")):
            raise ValueError(f"the crawler's settings disagree with the arguments: {chosen}")
        spider.portal = Portal(crawler, spider.args, on=spider)
        spider.backfill = Backfill(crawler, spider.args, on=spider)
        spider.articles = Articles(crawler, spider.portal, spider.backfill)
        spider.listings = Listings(crawler, spider.portal)
        spider.allowed_domains = spider.portal.hosts.allowed_domains
        spider.allowed_origins = spider.portal.hosts.allowed_origins
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Exactly the given URLs; or earlier failures, then the edition's discovery points."""
        requests = self.backfill.start() if self.args.archive_url else self.portal.start()
        for request in requests:
            yield request

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """Any page by its URL (`scrapy parse URL`): an article, a feed, or a listing.

        @url /news-events/mps-reviews-october-task-performance-t5276.html
        @returns items 1 1
        @returns requests 0 0
        @scrapes title body published_date
        """
        if urls.is_article_url(response.url):
            async for output in self.parse_article(response):
                yield output
            return
        if not isinstance(response, TextResponse) or response.url.endswith(".xml"):
            for request in self.parse_feed(response):
                yield request
            return
        async for request in self.parse_listing(response, page=urls.page_number(response.url)):
            yield request

    def parse_robots(self, response: Response) -> Follow:
        """`Sitemap:` lines of robots.txt: named, so they must exist (failures are kept)."""
        found = robots_sitemaps(response.text, response.url)
        self.portal.read(response.url)
        yield from self.portal.sitemaps.robots(found)

    def robots_failed(self, failure: Failure) -> Follow:
        """No robots.txt (the English host answers 404): the guessed sitemaps."""
        self.quiet(failure)
        yield from self.portal.sitemaps.robots([])

    def parse_feed(
        self, response: Response, queue: tuple[tuple[str, int], ...] = (), depth: int = 0
    ) -> Follow:
        """A sitemap or feed: its new or modified articles; then the next sitemap of its index.

        The sitemaps of an index are read one after the other, each once the articles of the
        one before are queued: the queue holds a sitemap's worth of requests, not the archive's.
        """
        named = bool(response.meta.get("mps_named"))
        source = response.meta.get("mps_source", SITEMAPS)  # a feed's own; else the sitemaps'
        try:
            entries = parse_feed(feed_body(response, self.max_size), response.url)
        except ValueError as error:  # ParseError, or a gzip body that would not inflate
            reason = error.reason if isinstance(error, ParseError) else str(error)
            yield from self.portal.sitemaps.failed(response.url, reason, queue, named, depth)
            return
        self.portal.read(response.url)
        entries = self.portal.sitemaps.bounded(response.url, entries)
        self.crawler.stats.inc_value("mps/feed_entries", sum(not e.is_sitemap for e in entries))
        for entry in entries:
            if not entry.is_sitemap and not self.portal.too_old(entry.date):
                yield from self.portal.article(entry.url, lastmod=entry.date, source=source)
        children = [
            (e.url, depth + 1)
            for e in entries
            if e.is_sitemap and self.portal.sitemaps.wants(e.date)
        ]
        yield from self.portal.sitemaps.read([*children, *queue])

    @property
    def max_size(self) -> int:
        """The most bytes a response may hold, inflated too (`DOWNLOAD_MAXSIZE`)."""
        return self.settings.getint("DOWNLOAD_MAXSIZE")

    def parse_feed_index(self, response: Response) -> Follow:
        """A page listing feeds (`/rss`): each feed it links."""
        pattern = self.edition.feed_links
        self.portal.read(response.url)
        if pattern is not None and isinstance(response, TextResponse):
            for url in feed_links(response.text, response.url, pattern):
                yield self.portal.feed(url)

    async def parse_listing(
        self, response: Response, page: int, stale: int = 0
    ) -> AsyncIterator[scrapy.Request]:
        """A listing: its new articles, its next pages (as the paging policy says), sections."""
        async for request in self.listings.page(response, page, stale):
            yield request

    def parse_backend(
        self, response: Response, feed: SectionFeed, page: int, prefix: str
    ) -> Follow:
        """One page of a section from the site's backend, used only when it answers as expected."""
        yield from self.listings.backend(response, feed, page, prefix)

    async def parse_article(self, response: Response) -> AsyncIterator[Article | scrapy.Request]:
        """One article page into one record; a page that does not parse is counted and kept.

        @url /article/minister-to-lam-works-with-tra-vinh-police-1555077600
        @returns items 1 1
        @scrapes title body published_date
        """
        async for output in self.articles.page(response, self):
            yield output

    def parse_cdx(self, response: Response, first: str, page: int) -> Follow:
        """A page of the archive's index: its captures kept, the next page or the captures."""
        yield from self.backfill.read_index(response.body, response.url, first, page)

    def cdx_failed(self, failure: Failure) -> Follow:
        """A page of the index that could not be fetched: a failure; the backfill goes on."""
        self.backfill.index_failed(request_of(failure).url, why(failure))
        yield from self.backfill.done()

    async def parse_capture(
        self, response: Response, captures: list[Capture]
    ) -> AsyncIterator[Article | scrapy.Request]:
        """An archived article: its record, with where and when the archive holds it."""
        async for output in self.articles.capture(response, captures):
            yield output

    def capture_failed(self, failure: Failure) -> Follow:
        """A capture that could not be fetched: the next capture of its article."""
        request = request_of(failure)
        yield from self.backfill.next_capture(request.cb_kwargs["captures"], why(failure), request)

    def fetch_failed(self, failure: Failure) -> None:
        """An article that could not be fetched (after Scrapy's retries)."""
        self.portal.failed(request_of(failure).url, f"fetch: {why(failure)}")

    def listing_failed(self, failure: Failure) -> None:
        """A further page of a listing that could not be fetched: read again next run."""
        reason = f"listing: {why(failure)}"
        self.portal.failed(request_of(failure).url, reason, kind="listing")

    def sitemap_failed(self, failure: Failure) -> Follow:
        """A sitemap that could not be fetched: kept for a retry; the index's others still read."""
        request = request_of(failure)
        queue, named = request.cb_kwargs.get("queue", ()), bool(request.meta.get("mps_named"))
        depth = request.cb_kwargs.get("depth", 0)
        reason = why(failure)
        yield from self.portal.sitemaps.failed(request.url, reason, queue, named, depth)

    def quiet(self, failure: Failure) -> None:
        """Discovery URLs the site may not have (404, 410) are expected: logged, not counted.

        Anything else (a 5xx, a timeout, a reset, a redirect off the site) is a page that exists
        and failed: a homepage or feed that answers 503 hides every article only it lists.
        """
        request = request_of(failure)
        if absent(failure):
            self.logger.debug("discovery: %s", failure.getErrorMessage())
            return
        kind = discovery_kind(request)
        self.portal.failed(request.url, f"{kind}: {why(failure)}", kind=kind)
