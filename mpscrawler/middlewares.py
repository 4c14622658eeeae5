"""Downloader middleware: retries that honour the portal's `Retry-After`."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings

SLOW_DOWN = frozenset({429, 503})


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a `Retry-After` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    if text.strip().isdigit():
        return float(text.strip())
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Like Scrapy's retry middleware, but a 429/503 `Retry-After` first slows the host's slot."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("MPS_RETRY_AFTER_MAX", 300)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        """Honour `Retry-After`, then retry as usual."""
        if response.status in SLOW_DOWN and not request.meta.get("dont_retry"):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait:
                self._slow_down(request, min(wait, self.max_wait))
        return super().process_response(request, response)

    def _slow_down(self, request: Request, seconds: float) -> None:
        """Raise the download delay of the request's slot to at least `seconds`."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, seconds)
            self.crawler.stats.inc_value("mps/retry_after")
