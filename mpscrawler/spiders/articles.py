"""Article pages into records: parsed under the portal's URL, cited when read from an archive."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import scrapy
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response, TextResponse

from mpscrawler import urls
from mpscrawler.archive.captures import Capture
from mpscrawler.archive.playback import cite, fault, parse_playback, provenance
from mpscrawler.encoding import EMPTY, TRUNCATED, not_a_page, page_source
from mpscrawler.items import Article
from mpscrawler.parsers import ParseError
from mpscrawler.spiders.backfill import Backfill
from mpscrawler.spiders.portal import Portal
from mpscrawler.workers.pool import WorkerLost, run

logger = logging.getLogger(__name__)
TRANSIENT = (EMPTY, TRUNCATED)
Out = AsyncIterator[Article | scrapy.Request]


class Articles:
    """What the spider does with an article page, from the portal, a mirror or an archive."""

    def __init__(self, crawler: Crawler, portal: Portal, backfill: Backfill) -> None:
        self.crawler, self.portal, self.backfill = crawler, portal, backfill

    async def page(self, response: Response, spider: scrapy.Spider) -> Out:
        """A page of the portal (or given by URL): its record, or a retry, or a failure."""
        problem = not_a_page(response)
        if problem in TRANSIENT:  # a page cut short or empty: fetch it again (Scrapy's retry)
            assert response.request is not None
            again = get_retry_request(response.request, spider=spider, reason=problem)
            if again is not None:
                yield again
                return
        if problem or not isinstance(response, TextResponse):
            self.portal.failed(response.url, f"parse: {problem}")
            return
        try:
            article = await self.parse(response, self.portal.hosts.page_url(response.url))
        except (ParseError, WorkerLost) as error:
            self.portal.failed(response.url, f"parse: {reason(error)}")
            return
        if urls.ARCHIVE.match(response.url):  # a capture given by URL: where the archive has it
            cite(article, provenance(response.url, urls.origin(response.url)))
        if self.portal.too_old(article.published_date) and not self.portal.args.urls:
            self.crawler.stats.inc_value("mps/skipped_before_since")
            return
        yield article

    async def capture(self, response: Response, captures: list[Capture]) -> Out:
        """An archived article: its record with where and when the archive holds it, or the
        next capture of the same article."""
        archive = self.backfill.archive
        problem = fault(captures[0], response.url, response.status, response.body, archive)
        if problem is None and isinstance(response, TextResponse):
            landed = parse_playback(response.url, archive)
            origin = provenance(response.url, archive)
            try:  # the page as it was captured: its relative links resolve against that URL
                article = await self.parse(response, landed.original if landed else origin["url"])
            except (ParseError, WorkerLost) as error:
                problem = reason(error)
            else:
                cite(article, origin)
                yield article
                return
        problem = problem or "not a page"
        for request in self.backfill.next_capture(captures, problem, response.request):
            yield request

    async def parse(self, response: TextResponse, page_url: str) -> Article:
        """The record of a page read under `page_url`; what the page says of itself that the
        record does not follow (a canonical URL naming another article) is logged and counted."""
        article, notes = await run(self.crawler, "article", page_source(response), page_url)
        for note in notes:
            self.crawler.stats.inc_value("mps/canonical_disagrees")
            logger.warning("%s: %s; the record keeps the URL fetched", response.url, note)
        self.crawler.stats.inc_value(f"mps/layout/{article.layout}")
        article.crawled_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        return article


def reason(error: ParseError | WorkerLost) -> str:
    """Why a page gave no record, as its failure says it."""
    return error.reason if isinstance(error, ParseError) else str(error)
