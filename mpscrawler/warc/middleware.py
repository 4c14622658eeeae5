"""`WarcMiddleware`: every article and listing response the spider parses, kept as WARC.

Enable it in `SPIDER_MIDDLEWARES` after Scrapy's `HttpErrorMiddleware` (50), e.g. at 100, so
only the responses that reach a callback are kept. Requests opt in with
`meta["mps_kind"] = "article" | "listing"`; the location of the stored response is put in
`response.meta["mps_warc"]` as `(warc_file, offset)` and stamped on the items the callback
yields (`warc_file`, `warc_offset`). In a crawl with worker processes (`workers.pool`) the
records are made (digests, deflate) in a worker, before the callback runs; only the append
to the file is done here. No fault of the WARC side costs a page: it is parsed unstored.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from mpscrawler.warc.records import Exchange, Headers
from mpscrawler.warc.writer import RollingWarcWriter
from mpscrawler.workers.pool import WorkerLost, in_asyncio, run

logger = logging.getLogger(__name__)
KINDS = frozenset({"article", "listing"})
META_KIND = "mps_kind"
META_LOCATION = "mps_warc"
# Where headers true only of the wire are kept (pywb's prefix for original headers).
ORIGINAL = "X-Archive-Orig-"
CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


def software() -> str:
    """`mpscrawler/<version>` of the installed package."""
    try:
        return f"mpscrawler/{version('mpscrawler')}"
    except PackageNotFoundError:
        return "mpscrawler"


def plain_headers(headers: Any) -> Headers:
    """Scrapy's headers as `(name, value)` text pairs, a repeated header once per value."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def stored_headers(headers: Any, body: bytes) -> Headers:
    """The response headers as they fit the stored body.

    Scrapy's HttpCompressionMiddleware has already decoded a gzip/deflate/br/zstd body and
    removed its Content-Encoding header; it leaves the header only for an encoding it could not
    decode, and then the body is still so encoded: whatever Content-Encoding is left is true of
    the stored bytes. The body is de-chunked too: Transfer-Encoding, and a Content-Length that
    differs from the stored length, are kept under `X-Archive-Orig-` names.
    """
    length = str(len(body))
    out: Headers = []
    for name, value in plain_headers(headers):
        key = name.lower()
        wire_only = key == "transfer-encoding" or key == "content-length" and value != length
        if key != "content-length" or wire_only:
            out.append((ORIGINAL + name, value) if wire_only else (name, value))
    return [*out, ("Content-Length", length)]


def exchange_of(response: Response) -> Exchange:
    """The request and response as they are to be stored."""
    request = response.request
    assert request is not None
    return Exchange(
        url=response.url,
        status=response.status,
        headers=stored_headers(response.headers, response.body),
        body=response.body,
        method=request.method,
        request_headers=plain_headers(request.headers),
        ip_address=str(response.ip_address) if response.ip_address else None,
        protocol=response.protocol or "HTTP/1.1",
    )


class WarcMiddleware:
    """Write article and listing responses to rolling WARC files; stamp their items."""

    def __init__(self, crawler: Crawler, root: Path, max_size: int) -> None:
        self.crawler, self.root, self.max_size = crawler, root, max_size
        self.writer: RollingWarcWriter | None = None
        self.storing: dict[Response, asyncio.Task[None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        """Built from `MPS_WARC_*`; `NotConfigured` when `MPS_WARC_ENABLED` is off."""
        settings = crawler.settings
        if not settings.getbool("MPS_WARC_ENABLED"):
            raise NotConfigured("MPS_WARC_ENABLED is off")
        root = Path(settings.get("MPS_WARC_DIR"))
        middleware = cls(crawler, root, settings.getint("MPS_WARC_MAX_SIZE"))
        crawler.signals.connect(middleware.finish, signal=signals.spider_closed)
        crawler.signals.connect(middleware.close, signal=signals.engine_stopped)
        return middleware

    def process_spider_input(self, response: Response) -> None:
        """Store an article or listing response and note where."""
        request = response.request
        if request is None:
            return
        # A retry or a followed request copies the meta: an old location is not this page's.
        request.meta.pop(META_LOCATION, None)
        if request.meta.get(META_KIND) not in KINDS:
            return
        exchange = exchange_of(response)
        if not in_asyncio():  # out of a crawl's loop (a test, a tool): stored at once
            self._store(request, exchange)
            return
        task = asyncio.ensure_future(self._make_and_store(request, exchange))
        self.storing[response] = task
        task.add_done_callback(lambda _: self.storing.pop(response, None))

    async def _make_and_store(self, request: Request, exchange: Exchange) -> None:
        """The exchange's records made by a worker (here when it is lost), then stored."""
        made = None
        try:
            info_id = self._writer().info_id()
            bare = dataclasses.replace(exchange, body=b"")
            made = info_id, await run(self.crawler, "records", exchange.body, bare, info_id)
        except (OSError, WorkerLost):  # no file to write (said below), or made here instead
            pass
        except Exception as error:  # a worker's stand-in error: made here instead
            logger.error("WARC records of %s not made by the worker: %r", exchange.url, error)
        self._store(request, exchange, made)

    def _store(
        self, request: Request, exchange: Exchange, made: tuple[str, bytes] | None = None
    ) -> None:
        """Write the records and note where; a full disk must not cost the page."""
        stats = self.crawler.stats
        assert stats is not None
        try:
            request.meta[META_LOCATION] = self._writer().write(exchange, made)
        except Exception as error:  # a full disk, or a bug: the page is parsed unstored
            logger.error("not stored as WARC: %s (%s)", exchange.url, error)
            stats.inc_value("mps/warc/failed")
            return
        stats.inc_value("mps/warc/records")

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """Items of a stored response get `warc_file` and `warc_offset`."""
        storing = self.storing.get(response) if response is not None else None
        if storing is not None:
            await storing
        request = response.request if response is not None else None
        location = request.meta.get(META_LOCATION) if request is not None else None
        async for item in result:
            if location and not isinstance(item, Request):
                stamp(item, location)
            yield item

    async def finish(self) -> None:
        """Store what is still being made, then finish the open WARC file."""
        if self.storing:
            await asyncio.gather(*self.storing.values(), return_exceptions=True)
        self.close()

    def close(self) -> None:
        """Finish the open WARC file (idempotent: both close signals end with it)."""
        if self.writer is not None:
            self.writer.close()

    def _writer(self) -> RollingWarcWriter:
        """The writer, opened on first use under the spider's edition."""
        if self.writer is None:
            spider = self.crawler.spider
            name = getattr(spider, "name", None) or "mpscrawler"
            subdir = self.crawler.settings.get("MPS_EDITION")
            self.writer = RollingWarcWriter(self.root, subdir, name, self.max_size, self._info())
        return self.writer

    def _info(self) -> dict[str, str]:
        """The `warcinfo` fields: the crawler, its version, its manners."""
        settings = self.crawler.settings
        return {
            "software": software(),
            "format": "WARC File Format 1.1",
            "conformsTo": CONFORMS_TO,
            "http-header-user-agent": settings.get("USER_AGENT") or "",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "operator": settings.get("MPS_CONTACT_URL") or "",
        }


def stamp(item: Any, location: tuple[str, int]) -> None:
    """Set `warc_file` and `warc_offset` on an item that has (or may take) those fields."""
    adapter = ItemAdapter(item)
    if isinstance(item, dict) or "warc_file" in adapter.field_names():
        adapter["warc_file"], adapter["warc_offset"] = location
