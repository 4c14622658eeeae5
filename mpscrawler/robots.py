"""robots.txt that cannot be read forbids its host, as RFC 9309 says; Scrapy allows everything.

RFC 9309 §2.3.1.4: "If the robots.txt file is unreachable due to server or network errors,
this means the robots.txt file is undefined and the crawler MUST assume complete disallow."
§2.3.1.3: a 4xx ("unavailable") allows everything, as Scrapy does: the English host answers
404 (PORTAL.md). The next run asks again, and the run that could not is unhealthy
(`robots.txt forbade N requests`).
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

logger = logging.getLogger(__name__)
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
ROBOTS_PATH = "/robots.txt"
# The meta key Scrapy's RobotsTxtMiddleware sets on its own robots.txt request.
ROBOTS_REQUEST = "dont_obey_robotstxt"


class UnreachableRobotsMiddleware:
    """Scrapy's robots.txt request, answered 5xx after retries or not at all: disallow all.

    Enable it in `DOWNLOADER_MIDDLEWARES` below the retry middleware (550), so it sees the
    last answer, and above Scrapy's `RobotsTxtMiddleware` (100), which reads what it returns.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnreachableRobotsMiddleware:
        """Built by Scrapy."""
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        """A server error instead of robots.txt reads as `Disallow: /`."""
        if response.status >= 500 and self._robots(request):
            return self._disallow(request, f"HTTP {response.status}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> Response | None:
        """No answer at all (reset, timeout, refused) reads as `Disallow: /`."""
        if self._robots(request) and not isinstance(exception, IgnoreRequest):
            return self._disallow(request, f"{type(exception).__name__}: {exception}")
        return None

    @staticmethod
    def _robots(request: Request) -> bool:
        """Scrapy's own robots.txt request (the spider's, for `Sitemap:` lines, is another)."""
        return bool(request.meta.get(ROBOTS_REQUEST)) and request.url.endswith(ROBOTS_PATH)

    def _disallow(self, request: Request, why: str) -> Response:
        """The answer robots.txt stands for: the host is off limits for this run."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("mps/robots_unreachable")
        logger.warning("robots.txt unreachable (%s), the host is off limits: %s", why, request.url)
        return Response(request.url, status=200, body=DISALLOW_ALL, request=request)
