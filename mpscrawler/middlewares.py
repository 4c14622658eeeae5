"""Downloader middlewares: retries with backoff and `Retry-After`; redirects stay on the portal."""

from __future__ import annotations

import asyncio
import logging
import random
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from w3lib.url import safe_url_string

from mpscrawler import urls
from mpscrawler.origins import allowed, origins

logger = logging.getLogger(__name__)
SLOW_DOWN = frozenset({429, 503})
# delta-seconds: ASCII digits only (str.isdigit() also takes "²", which float() refuses).
DELTA = re.compile(r"[0-9]+")


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a `Retry-After` header: delta seconds or any HTTP date; None for junk."""
    text = (value.decode("latin-1") if isinstance(value, bytes) else value or "").strip()
    if DELTA.fullmatch(text):
        return float(text)
    when = http_date(text)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def http_date(text: str) -> datetime | None:
    """An HTTP date (IMF-fixdate, RFC 850, asctime), aware; a date without a zone is in UTC.

    RFC 9110 §5.6.7: HTTP dates are always UTC, asctime carries no zone and `-0000` means
    "no zone known" (`email.utils` returns both naive, and a naive date cannot be subtracted
    from an aware one).
    """
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def backoff(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with full jitter: up to base · 2^attempt, at most `cap` seconds."""
    return min(cap, base * 2**attempt) * random.uniform(0.5, 1.0)  # noqa: S311


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, each after a backoff; a 429/503 `Retry-After` sets the wait instead."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("MPS_RETRY_AFTER_MAX")
        self.base = settings.getfloat("MPS_RETRY_BACKOFF")

    # Scrapy (2.13+) awaits a middleware method that is a coroutine; the base class's are not.
    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Retry as Scrapy would, after waiting."""
        result = super().process_response(request, response)
        if isinstance(result, Request):
            asked = None
            if response.status in SLOW_DOWN:
                asked = retry_after_seconds(response.headers.get(b"Retry-After"))
                if asked is not None:
                    self.crawler.stats.inc_value("mps/retry_after")
            await self._wait(request, asked)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        """Retry a timeout or a dropped connection as Scrapy would, after a backoff."""
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(request, None)
        return result

    async def _wait(self, request: Request, asked: float | None) -> None:
        """Sleep for `Retry-After` (capped; 0 for a date past) or the backoff of this attempt."""
        attempt = request.meta.get("retry_times", 0)
        if asked is None:
            await asyncio.sleep(backoff(attempt, self.base, self.max_wait))
        elif asked > 0:
            await asyncio.sleep(min(asked, self.max_wait))


def redirect_target(request: Request, location: bytes) -> str:
    """The URL Scrapy's `RedirectMiddleware` follows for a `Location` (its very steps)."""
    target = safe_url_string(location)
    if location.startswith(b"//"):  # scheme-relative: every leading slash goes
        target = urlsplit(request.url).scheme + "://" + target.lstrip("/")
    return urljoin(request.url, target)


class RedirectGuardMiddleware:
    """A redirect off the allowed origins, back to a URL of its own chain, or from an article to
    a page that is no article, fails its request.

    Scrapy drops both at scheduling time (offsite check, duplicate filter), unseen by the
    spider: the page would be neither captured nor listed as failed. Its offsite check reads
    host names only; here the spider's `allowed_origins` (`scheme://host[:port]` or
    `host[:port]`, else `allowed_domains`) also pin the port of an origin that names one, and a
    URL with user-info (`http://user@host/`, `http://host:port@elsewhere/`) is never allowed.
    An article sent to the homepage (a deleted page) or a listing gives no record; followed,
    its redirect is dropped as a duplicate when the crawl asked for that page already, and the
    article would vanish without a failure.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        """Built by Scrapy."""
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        """Raise `IgnoreRequest` for a 3xx that leaves the allowed origins, loops, or takes an
        article to a page that is no article."""
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            self.check(request, redirect_target(request, location))
        return response

    def check(self, request: Request, target: str) -> None:
        """Raise `IgnoreRequest` when `request` sent to `target` leaves the allowed origins,
        loops, or takes an article to a page that is no article (a 3xx or a meta refresh)."""
        spider = self.crawler.spider
        entries = getattr(spider, "allowed_origins", None) or getattr(
            spider, "allowed_domains", None
        )
        if entries and not allowed(target, origins(entries)):
            self.crawler.stats.inc_value("mps/redirect_offsite")
            raise IgnoreRequest(f"redirect offsite to {target}")
        if target in {request.url, *request.meta.get("redirect_urls", [])}:
            self.crawler.stats.inc_value("mps/redirect_loop")
            raise IgnoreRequest(f"redirect loop back to {target}")
        if request.meta.get("mps_kind") == "article":
            self.article_moved(request.url, target)

    def article_moved(self, url: str, target: str) -> None:
        """An article sent to a page that is no article fails; one sent to another article is
        followed (its record is that article's, once) and said so in the log and the report."""
        own, landed = (urls.article_id(urls.original_url(u)) for u in (url, target))
        if own is None or own == landed:  # a short link given by `urls=` may land anywhere
            return
        if landed is None:
            self.crawler.stats.inc_value("mps/redirect_not_article")
            raise IgnoreRequest(f"redirect to {target}, not an article")
        self.crawler.stats.inc_value("mps/redirected_elsewhere")
        logger.warning("%s redirects to another article, %s (%s): no record of its own",
                       url, landed, target)  # fmt: skip
