"""`scrapy crawl mps_news`: every article of the MPS portal, from sitemaps, feeds and listings."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response, TextResponse

from mpscrawler import urls
from mpscrawler.arguments import NAMES, parse_arguments
from mpscrawler.encoding import EMPTY, TRUNCATED, not_a_page, page_source
from mpscrawler.incremental import Incremental
from mpscrawler.items import Article
from mpscrawler.parsers import ParseError, parse_article, parse_listing
from mpscrawler.parsers.feeds import parse_feed, robots_sitemaps
from mpscrawler.parsers.nuxt import SectionFeed, backend_articles
from mpscrawler.spiders.failures import FailureKeeping
from mpscrawler.spiders.requests import PortalRequests

# Where discovery starts, in order of preference: sitemaps, feeds, then listings.
SITEMAPS = ("/robots.txt", "/sitemap.xml")
FEEDS = ("/rss.xml", "/feed")
LISTINGS = ("/", "/news-and-events.html", "/news.html")
Follow = Iterator[scrapy.Request]
TRANSIENT = (EMPTY, TRUNCATED)


class MpsNewsSpider(FailureKeeping, PortalRequests, scrapy.Spider):
    """Crawl listings, sitemaps and feeds of the portal (or a mirror) and parse every article."""

    name = "mps_news"
    incremental: Incremental | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = parse_arguments(**{k: kwargs.pop(k) for k in NAMES if k in kwargs})
        super().__init__(*args, **kwargs)
        # Only the portal's hosts, the mirror or the hosts of the URLs given: links, sitemaps
        # and redirects cannot steer the crawler anywhere else (OffsiteMiddleware).
        given = {urlsplit(u).hostname or "" for u in [self.args.base_url, *self.args.urls]}
        self.allowed_domains = sorted(urls.PORTAL_HOSTS | given)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Exactly the given URLs; or earlier failures, then sitemaps, feeds and listings."""
        self.incremental = Incremental.of(self.crawler)
        if self.args.urls:
            for url in self.args.urls:
                yield self.article(url, force=True)
            return
        for url, kind in self.incremental.retries() if self.incremental else []:
            retry = self.listing(url, urls.page_number(url)) if kind == "listing" else None
            yield retry or self.article(url, force=True)
        base = self.args.base_url
        yield scrapy.Request(base + SITEMAPS[0], callback=self.parse_robots, errback=self.quiet)
        for path in SITEMAPS[1:] + FEEDS:
            yield scrapy.Request(base + path, callback=self.parse_feed, errback=self.quiet)
        for path in LISTINGS:
            yield self.listing(base + path, page=1)

    def parse_robots(self, response: Response) -> Follow:
        """`Sitemap:` lines of robots.txt."""
        for url in robots_sitemaps(response.text, response.url):
            if self.web(url):
                yield scrapy.Request(self.local(url), callback=self.parse_feed, errback=self.quiet)

    def parse_feed(self, response: Response, queue: tuple[str, ...] = ()) -> Follow:
        """A sitemap or feed: its new or modified articles; then the next sitemap of its index.

        The sitemaps of an index are read one after the other, each once the articles of the
        one before are queued: the queue holds a sitemap's worth of requests, not the archive's.
        """
        try:
            entries = parse_feed(response.body, response.url)
        except ParseError as error:
            self.logger.info("not a feed: %s", error)
            entries = []
        for entry in entries:
            if (
                urls.is_article_url(entry.url)
                and not entry.is_sitemap
                and not self.too_old(entry.date)
            ):
                yield from self.maybe(self.article(entry.url, lastmod=entry.date))
        wanted = [e.url for e in entries if e.is_sitemap and self.web(e.url) and self.fresh(e.date)]
        queue = (*queue, *wanted)
        if queue:
            yield self.sitemap(queue[0], queue[1:])

    def parse_listing(self, response: Response, page: int, stale: int = 0) -> Follow:
        """A listing: new articles, its next page (unless too deep, too old or all known)."""
        if not isinstance(response, TextResponse):
            return
        listing = parse_listing(page_source(response), response.url)
        if self.incremental:
            self.incremental.store.succeeded(response.url)
        self.crawler.stats.inc_value("mps/listing_entries", len(listing.entries))
        wanted = [
            self.article(e.url) for e in listing.entries if not self.too_old(e.published_date)
        ]
        yield from self.maybe(*wanted)
        dated = [e.published_date for e in listing.entries if e.published_date]
        fresh = any(wanted) or not listing.entries
        stale = 0 if fresh else stale + 1
        stop = (bool(dated) and all(self.too_old(d) for d in dated)) or (
            self.incremental is not None and stale > self.incremental.overlap
        )
        # Pages this one had news on: every further page its pager shows, fetched side by side;
        # past known articles (the overlap), only the next one.
        further = listing.ahead or ([(page + 1, listing.next_url)] if listing.next_url else [])
        for number, url in [] if stop else further if fresh else further[:1]:
            if self.args.max_pages is None or number <= self.args.max_pages:
                yield self.listing(url, number, stale)
        feed = listing.section_feed
        deep = self.args.max_pages is not None and page >= self.args.max_pages
        if feed and page == 1 and feed.pages > 1 and not (stop or deep):
            yield self.backend(feed, 1, urljoin(response.url, urls.article_path(response.url)))
        here = urlsplit(response.url).hostname
        for url in listing.listings:
            if urlsplit(self.local(url)).hostname == here:  # one edition: no hop to the other host
                yield self.listing(url, page=1)

    def parse_backend(
        self, response: Response, feed: SectionFeed, page: int, prefix: str
    ) -> Follow:
        """One page of a section from the site's backend, used only when it answers as expected."""
        try:
            found = backend_articles(json.loads(response.text))
        except ValueError:
            found = []
        if not found:
            self.crawler.stats.inc_value("mps/backend/unexpected")
            self.logger.info("backend listing not as expected, not used: %s", response.url)
            return
        self.crawler.stats.inc_value("mps/backend/pages")
        wanted = [self.article(prefix + slug) for slug, day in found if not self.too_old(day)]
        yield from self.maybe(*wanted)
        deep = self.args.max_pages is not None and page + 1 >= self.args.max_pages
        if any(wanted) and page + 1 < feed.pages and not deep:
            yield self.backend(feed, page + 1, prefix)

    def parse_article(self, response: Response) -> Iterator[Article | scrapy.Request]:
        """One article page into one record; a page that does not parse is counted and kept."""
        problem = not_a_page(response)
        if problem in TRANSIENT:  # a page cut short or empty: fetch it again (Scrapy's retry)
            again = get_retry_request(response.request, spider=self, reason=problem)
            if again is not None:
                yield again
                return
        if problem:
            self.failed(response.url, problem)
            return
        try:
            article = parse_article(page_source(response), response.url)
        except ParseError as error:
            self.failed(response.url, error.reason)
            return
        self.crawler.stats.inc_value(f"mps/layout/{article.layout}")
        if self.too_old(article.published_date) and not self.args.urls:
            self.crawler.stats.inc_value("mps/skipped_before_since")
            return
        article.crawled_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        yield article
