"""`scrapy crawl mps_news`: every article of the MPS portal, from sitemaps, feeds and listings."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from mpscrawler import urls
from mpscrawler.arguments import NAMES, parse_arguments
from mpscrawler.items import Article
from mpscrawler.parsers import ParseError, parse_article, parse_listing
from mpscrawler.parsers.feeds import parse_feed, robots_sitemaps
from mpscrawler.parsers.nuxt import SectionFeed, backend_articles

# Where discovery starts, in order of preference: sitemaps, feeds, then listings.
SITEMAPS = ("/robots.txt", "/sitemap.xml")
FEEDS = ("/rss.xml", "/feed")
LISTINGS = ("/", "/news-and-events.html", "/news.html")


class MpsNewsSpider(scrapy.Spider):
    """Crawl listings, sitemaps and feeds of the portal (or a mirror) and parse every article."""

    name = "mps_news"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = parse_arguments(**{k: kwargs.pop(k) for k in NAMES if k in kwargs})
        super().__init__(*args, **kwargs)
        host = urlsplit(self.args.base_url).hostname or ""
        self.allowed_domains = None if self.args.urls else sorted(urls.PORTAL_HOSTS | {host})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Exactly the given URLs, or the site's sitemaps, feeds and listings."""
        if self.args.urls:
            for url in self.args.urls:
                yield scrapy.Request(url, callback=self.parse_article, dont_filter=True)
            return
        base = self.args.base_url
        for path in SITEMAPS + FEEDS:
            callback = self.parse_robots if path == "/robots.txt" else self.parse_feed
            yield scrapy.Request(base + path, callback=callback, errback=self.quiet)
        for path in LISTINGS:
            yield self.listing(base + path, page=1)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """`Sitemap:` lines of robots.txt."""
        for url in robots_sitemaps(response.text, response.url):
            yield scrapy.Request(self.local(url), callback=self.parse_feed, errback=self.quiet)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap (index) or RSS feed: its articles, and its nested sitemaps."""
        try:
            entries = parse_feed(response.body, response.url)
        except ParseError as error:
            self.logger.info("not a feed: %s", error)
            return
        for entry in entries:
            if entry.is_sitemap:
                yield scrapy.Request(self.local(entry.url), callback=self.parse_feed)
            elif urls.is_article_url(entry.url) and not self.too_old(entry.published_date):
                yield self.article(entry.url)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        """A listing: its articles, its next page (unless too deep or too old), other listings."""
        listing = parse_listing(response.text, response.url)
        for entry in listing.entries:
            if not self.too_old(entry.published_date):
                yield self.article(entry.url)
        dated = [e.published_date for e in listing.entries if e.published_date]
        exhausted = bool(dated) and all(self.too_old(d) for d in dated)
        deep = self.args.max_pages is not None and page >= self.args.max_pages
        if listing.next_url and not (exhausted or deep):
            yield self.listing(listing.next_url, page + 1)
        feed = listing.section_feed
        if feed and page == 1 and feed.pages > 1 and not (exhausted or deep):
            yield self.backend(feed, 1, urljoin(response.url, urls.article_path(response.url)))
        here = urlsplit(response.url).hostname
        for url in listing.listings:
            if urlsplit(self.local(url)).hostname == here:  # one edition: no hop to the other host
                yield self.listing(url, page=1)

    def parse_backend(
        self, response: Response, feed: SectionFeed, page: int, prefix: str
    ) -> Iterator[scrapy.Request]:
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
        fresh = [slug for slug, day in found if not self.too_old(day)]
        for slug in fresh:
            yield self.article(prefix + slug)
        deep = self.args.max_pages is not None and page + 1 >= self.args.max_pages
        if fresh and page + 1 < feed.pages and not deep:
            yield self.backend(feed, page + 1, prefix)

    def parse_article(self, response: Response) -> Iterator[Article]:
        """One article page into one record; a page that does not parse is counted and logged."""
        if not isinstance(response, TextResponse):
            self.failed(response.url, "not a text page")
            return
        try:
            article = parse_article(response.text, response.url)
        except ParseError as error:
            self.failed(response.url, error.reason)
            return
        self.crawler.stats.inc_value(f"mps/layout/{article.layout}")
        if self.too_old(article.published_date) and not self.args.urls:
            self.crawler.stats.inc_value("mps/skipped_before_since")
            return
        article.crawled_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        yield article

    def failed(self, url: str, reason: str) -> None:
        """Count and log a page that gave no record."""
        self.crawler.stats.inc_value("mps/parse_failed")
        self.logger.warning("parse failed: %s: %s", url, reason)

    def listing(self, url: str, page: int) -> scrapy.Request:
        """Request of a listing page, canonicalised so pagers that repeat `Page=` cannot loop."""
        target = self.local(urls.canonical_listing(url))
        return scrapy.Request(
            target, callback=self.parse_listing, cb_kwargs={"page": page}, errback=self.quiet
        )

    def backend(self, feed: SectionFeed, page: int, prefix: str) -> scrapy.Request:
        """Request of one 0-based page of a section from the backend the payload names."""
        return scrapy.Request(
            self.local(feed.page_url(page)),
            callback=self.parse_backend,
            cb_kwargs={"feed": feed, "page": page, "prefix": prefix},
            errback=self.quiet,
        )

    def article(self, url: str) -> scrapy.Request:
        """Request of an article page."""
        return scrapy.Request(self.local(url), callback=self.parse_article)

    def local(self, url: str) -> str:
        """Portal URLs point at the mirror when `base_url` names one."""
        return urls.rebase(url, self.args.base_url if self.args.mirror else None)

    def too_old(self, day: str | None) -> bool:
        """True when `since` is set and `day` is before it."""
        return bool(self.args.since and day and day < self.args.since.isoformat())

    def quiet(self, failure: Failure) -> None:
        """Discovery URLs the site may not have (404) are expected: logged, not counted."""
        self.logger.debug("discovery: %s", failure.getErrorMessage())
