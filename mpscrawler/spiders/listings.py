"""Listing pages into requests: their new articles, further pages as the paging policy says."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from mpscrawler.crawl.paging import PageView, Policy, next_pages
from mpscrawler.crawl.shares import BACKEND
from mpscrawler.encoding import not_a_page, page_source
from mpscrawler.parsers.nuxt import SectionFeed, backend_articles
from mpscrawler.spiders.portal import Portal
from mpscrawler.workers.pool import WorkerLost, run

logger = logging.getLogger(__name__)
Follow = Iterator[scrapy.Request]


class Listings:
    """What the spider does with a listing page, and with a page of the site's backend."""

    def __init__(self, crawler: Crawler, portal: Portal) -> None:
        self.crawler, self.portal, self.args = crawler, portal, portal.args

    async def page(
        self, response: Response, page: int, stale: int = 0
    ) -> AsyncIterator[scrapy.Request]:
        """A listing: its new articles, its next pages (as the paging policy says), sections.

        A page that must list articles (a further page its pager linked, or a listing the
        edition declares) and shows none is a challenge, login or maintenance page served
        with 200: a failure, read again next run, never taken for the end of the listing.
        """
        portal = self.portal
        listing = None
        if isinstance(response, TextResponse):
            try:
                listing = await run(self.crawler, "listing", page_source(response), response.url)
            except WorkerLost as error:
                portal.failed(response.url, f"listing: {error}", kind="listing")
                return
        if not (listing and listing.entries) and portal.must_list(response.url, page):
            kind = "no article on the page" if listing else not_a_page(response)
            portal.failed(response.url, f"listing: {kind}", kind="listing")
            return
        if listing is None:
            return
        portal.read(response.url)
        self.crawler.stats.inc_value("mps/listing_entries", len(listing.entries))
        wanted = [e for e in listing.entries if not portal.too_old(e.published_date)]
        source = portal.listing_source(response.url)
        requests = [r for e in wanted for r in portal.article(e.url, source=source)]
        for request in requests:
            yield request
        further = listing.ahead or ([(page + 1, listing.next_url)] if listing.next_url else [])
        dates = [e.published_date for e in listing.entries if e.published_date]
        paging = next_pages(PageView(page, len(requests), dates, further), stale, self.policy())
        self.crawler.stats.inc_value("mps/cut/listing_pages", paging.cut)
        for number, url in paging.pages:
            yield portal.listing(url, number, paging.stale)
        feed = listing.section_feed
        later = []
        if feed and page == 1 and feed.pages > 1 and requests:
            prefix = urljoin(response.url, portal.edition.section_articles)
            later += portal.backend(feed, 1, prefix, self.args.max_pages)
        for url in listing.listings:
            later += portal.section(url)
        for request in later:
            yield request

    def backend(self, response: Response, feed: SectionFeed, page: int, prefix: str) -> Follow:
        """One page of a section from the site's backend, used only when it answers as expected."""
        try:
            found = backend_articles(json.loads(response.text))
        except ValueError:
            found = []
        if not found:
            self.crawler.stats.inc_value("mps/backend/unexpected")
            logger.info("backend listing not as expected, not used: %s", response.url)
            return
        self.crawler.stats.inc_value("mps/backend/pages")
        wanted = [prefix + slug for slug, day in found if not self.portal.too_old(day)]
        requests = [r for url in wanted for r in self.portal.article(url, source=BACKEND)]
        yield from requests
        if requests and page + 1 < feed.pages:
            yield from self.portal.backend(feed, page + 1, prefix, self.args.max_pages)

    def policy(self) -> Policy:
        """The paging limits of this run."""
        since = self.args.since.isoformat() if self.args.since else None
        return Policy(since, self.args.max_pages, self.portal.overlap, self.portal.bound)
