"""`WarcMiddleware` with a Scrapy crawler and fake responses."""

from __future__ import annotations

import asyncio
import errno
import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from mpscrawler import settings as project_settings
from mpscrawler.editions import EDITIONS
from mpscrawler.items import Article
from mpscrawler.warc import middleware as middleware_module
from mpscrawler.warc import writer as writer_module
from mpscrawler.warc.middleware import WarcMiddleware, exchange_of
from mpscrawler.warc.reader import read_capture, warc_files
from mpscrawler.workers.pool import WorkerLost
from tests.warc_helpers import CURRENT, LEGACY, LISTING, records

URL = "http://127.0.0.1:8800/news-events/mps-reviews-october-task-performance-t5276.html"


class PlainSpider(scrapy.Spider):
    """A spider without an `edition` attribute."""

    name = "plain"


class EditionSpider(scrapy.Spider):
    """A spider of the Vietnamese edition."""

    name = "mps_news"
    edition = "vi"


def middleware(
    tmp_path: Path, spidercls: type[scrapy.Spider] = EditionSpider, **settings: Any
) -> WarcMiddleware:
    """The middleware of a crawler whose WARCs go under tmp_path."""
    edition = getattr(spidercls, "edition", None)
    chosen = {"MPS_EDITION": getattr(edition, "name", edition)} if edition else {}
    # The project's WARC settings (their one owner), not its whole crawl set-up.
    project = {
        k: v
        for k, v in vars(project_settings).items()
        if k.startswith("MPS_WARC_") or k == "MPS_EDITION"
    }
    crawler = get_crawler(
        spidercls, {**project, "MPS_WARC_DIR": str(tmp_path), **chosen, **settings}
    )
    crawler.spider = spidercls.from_crawler(crawler)
    return WarcMiddleware.from_crawler(crawler)


def response(kind: str | None, body: bytes, url: str = URL, **headers: Any) -> HtmlResponse:
    """A response to a request of that `mps_kind`."""
    request = scrapy.Request(url, meta={"mps_kind": kind} if kind else {})
    headers = {"Content-Type": "text/html; charset=utf-8", **headers}
    return HtmlResponse(url, body=body, headers=headers, request=request)


def output(mw: WarcMiddleware, resp: Response, items: list[Any]) -> list[Any]:
    """What `process_spider_output` lets through for those callback results."""

    async def results() -> AsyncIterator[Any]:
        for item in items:
            yield item

    async def collect() -> list[Any]:
        return [item async for item in mw.process_spider_output(resp, results())]

    return asyncio.run(collect())


def article() -> Article:
    """A bare record."""
    return Article(
        id="en-5276",
        url=URL,
        edition="en",
        title="t",
        body="b",
        published_date="2020-10-30",
        layout="legacy",
    )


def test_items_of_a_stored_response_are_stamped_with_its_location(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    resp = response("article", LEGACY.read_bytes())
    mw.process_spider_input(resp)
    warc_file, offset = resp.meta["mps_warc"]
    follow = scrapy.Request("http://127.0.0.1:8800/next")
    got = output(mw, resp, [article(), {"id": "en-1"}, follow])
    assert (got[0].warc_file, got[0].warc_offset) == (warc_file, offset)
    assert (got[1]["warc_file"], got[1]["warc_offset"]) == (warc_file, offset)
    assert got[2] is follow and "warc_file" not in follow.meta
    mw.close()
    assert warc_file.startswith("vi/mps_news-") and warc_file.endswith("-00001.warc.gz")
    capture = read_capture(tmp_path / warc_file, offset, warc_file)
    assert capture is not None and capture.url == URL and capture.html == LEGACY.read_bytes()
    kind, _, info, _ = records(tmp_path / warc_file)[0]
    assert kind == "warcinfo"
    assert f"software: mpscrawler/{version('mpscrawler')}\r\n".encode() in info


def test_only_article_and_listing_responses_are_stored(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    kinds = ["listing", None, "feed", "article"]
    resps = [response(k, LISTING.read_bytes(), url=f"{URL}?{i}") for i, k in enumerate(kinds)]
    for resp in resps:
        mw.process_spider_input(resp)
    assert ["mps_warc" in r.meta for r in resps] == [True, False, False, True]
    assert output(mw, resps[1], [article()])[0].warc_file is None
    mw.close()
    (path,) = warc_files([tmp_path])
    responses = [h["WARC-Target-URI"] for kind, h, _, _ in records(path) if kind == "response"]
    assert responses == [f"{URL}?0", f"{URL}?3"]
    assert mw.crawler.stats.get_value("mps/warc/records") == 2


def test_a_body_scrapy_decoded_reads_back_equal_with_headers_that_fit(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    body = CURRENT.read_bytes()
    wire = gzip.compress(body)
    request = scrapy.Request(URL, meta={"mps_kind": "article"})
    raw = HtmlResponse(
        URL,
        body=wire,
        request=request,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Content-Encoding": "gzip",
            "Content-Length": str(len(wire)),
            "Transfer-Encoding": "chunked",
        },
    )
    decoded = HttpCompressionMiddleware.from_crawler(mw.crawler).process_response(request, raw)
    assert isinstance(decoded, Response) and decoded.body == body
    mw.process_spider_input(decoded)
    mw.close()
    warc_file, offset = decoded.meta["mps_warc"]
    capture = read_capture(tmp_path / warc_file, offset)
    assert capture is not None and capture.html == body
    with (tmp_path / warc_file).open("rb") as stream:
        stream.seek(offset)
        http = next(iter(ArchiveIterator(stream))).http_headers
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("Content-Length") == str(len(body))
    assert http.get_header("X-Archive-Orig-Content-Length") == str(len(wire))
    assert http.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"


class DeclaredEditionSpider(scrapy.Spider):
    """A spider whose edition is the declared `Edition`, as `mps_news` has it."""

    name = "mps_news"
    edition = EDITIONS["vi"]


def test_the_crawls_edition_names_the_folder(tmp_path: Path) -> None:
    mw = middleware(tmp_path, DeclaredEditionSpider, MPS_EDITION="vi")
    resp = response("listing", LISTING.read_bytes())
    mw.process_spider_input(resp)
    assert resp.meta["mps_warc"][0].startswith("vi/mps_news-")


def test_edition_defaults_to_the_projects(tmp_path: Path) -> None:
    mw = middleware(tmp_path, PlainSpider, MPS_WARC_MAX_SIZE=1)
    for i in range(2):
        mw.process_spider_input(response("listing", LISTING.read_bytes(), url=f"{URL}?{i}"))
    names = [p.relative_to(tmp_path).as_posix() for p in warc_files([tmp_path])]
    assert len(names) == 2 and all(n.startswith("en/plain-") for n in names)


@pytest.mark.parametrize("signal", [signals.spider_closed, signals.engine_stopped])
def test_close_signals_finish_the_open_file(tmp_path: Path, signal: object) -> None:
    mw = middleware(tmp_path)
    mw.process_spider_input(response("article", LEGACY.read_bytes()))
    assert warc_files([tmp_path]) == []
    asyncio.run(mw.crawler.signals.send_catch_log_async(signal, spider=mw.crawler.spider))
    assert len(warc_files([tmp_path])) == 1
    assert not [p for p in tmp_path.rglob(".*")]


def test_disabled_setting_is_not_configured(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        middleware(tmp_path, MPS_WARC_ENABLED=False)


SPIDER = """
import scrapy


class TwoPages(scrapy.Spider):
    name = "mps_news"
    edition = "en"
    custom_settings = {
        "SPIDER_MIDDLEWARES": {"mpscrawler.warc.middleware.WarcMiddleware": 100},
        "ROBOTSTXT_OBEY": False,
    }

    async def start(self):
        yield scrapy.Request(self.base + "/news-and-events.html", meta={"mps_kind": "listing"})

    def parse(self, response):
        yield {"url": response.url, "size": len(response.body)}
        if response.url.endswith("events.html"):
            yield response.follow("/news-events/x-t5276.html", meta={"mps_kind": "article"})
"""


class GzipChunked(BaseHTTPRequestHandler):
    """Serves the legacy page gzip-encoded, in chunks, whatever the path."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        """The page, as a server that compresses and streams it sends it."""
        wire = gzip.compress(LEGACY.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        pieces = [wire[i : i + 4096] for i in range(0, len(wire), 4096)] + [b""]
        self.wfile.write(b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces))

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def test_a_real_scrapy_crawl_stores_pages_and_stamps_items(tmp_path: Path) -> None:
    (tmp_path / "spider.py").write_text(SPIDER)
    server = ThreadingHTTPServer(("127.0.0.1", 0), GzipChunked)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                "spider.py",
                "-a",
                f"base={base}",
                "-O",
                "items.jsonl",
                "-s",
                "MPS_WARC_ENABLED=1",
                "-s",
                "MPS_WARC_DIR=warc",
                "-s",
                f"MPS_WARC_MAX_SIZE={project_settings.MPS_WARC_MAX_SIZE}",
                "-s",
                "MPS_EDITION=en",
                "-s",
                "LOG_LEVEL=INFO",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"},
        )
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr and "Deprecat" not in done.stderr, done.stderr
    items = [json.loads(line) for line in (tmp_path / "items.jsonl").read_text().splitlines()]
    assert len(items) == 2
    assert not list(tmp_path.rglob(".*.part"))
    for item in items:
        capture = read_capture(tmp_path / "warc" / item["warc_file"], item["warc_offset"])
        assert capture is not None and capture.url == item["url"]
        assert capture.html == LEGACY.read_bytes() and item["size"] == len(capture.html)


def full_disk(fd: int, data: bytes) -> None:
    """A write that finds the disk full."""
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_write_leaves_the_page_to_be_parsed_unstamped_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    mw = middleware(tmp_path)
    monkeypatch.setattr(writer_module, "write_all", full_disk)
    resp = response("article", LEGACY.read_bytes())
    mw.process_spider_input(resp)
    assert "mps_warc" not in resp.meta
    assert output(mw, resp, [article()])[0].warc_file is None
    assert mw.crawler.stats.get_value("mps/warc/failed") == 1
    assert f"not stored as WARC: {URL}" in caplog.text


def test_a_location_copied_with_the_meta_is_not_taken_for_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mw = middleware(tmp_path)
    first = response("article", LEGACY.read_bytes()[:1000])
    mw.process_spider_input(first)
    assert "mps_warc" in first.meta
    monkeypatch.setattr(writer_module, "write_all", full_disk)
    retry = first.request.replace(dont_filter=True)  # as get_retry_request makes it
    again = HtmlResponse(
        URL, body=LEGACY.read_bytes(), request=retry, headers={"Content-Type": "text/html"}
    )
    followed = response(None, LISTING.read_bytes())
    followed.request.meta["mps_warc"] = first.meta["mps_warc"]
    for resp in (again, followed):
        mw.process_spider_input(resp)
        assert "mps_warc" not in resp.meta
        assert output(mw, resp, [article()])[0].warc_file is None


def test_records_are_made_in_the_crawl_when_in_a_loop(tmp_path: Path) -> None:
    mw = middleware(tmp_path)
    resp = response("article", LEGACY.read_bytes())

    async def crawl() -> list[Any]:
        mw.process_spider_input(resp)
        assert "mps_warc" not in resp.meta  # made in a task: stored before the callback runs
        return [item async for item in mw.process_spider_output(resp, one(article()))]

    (item,) = asyncio.run(crawl())
    asyncio.run(mw.finish())
    assert (item.warc_file, item.warc_offset) == resp.meta["mps_warc"]
    capture = read_capture(tmp_path / item.warc_file, item.warc_offset)
    assert capture is not None and capture.html == LEGACY.read_bytes()
    assert mw.storing == {}


@pytest.mark.parametrize(
    "error",
    [WorkerLost("worker: process ended (exit -9)"), RuntimeError("TwoArgs: a stand-in")],
)
def test_records_a_worker_did_not_make_are_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    async def failing(*_: Any) -> bytes:
        raise error

    monkeypatch.setattr(middleware_module, "run", failing)
    mw = middleware(tmp_path)
    (item,) = through(mw, response("article", LEGACY.read_bytes()))
    capture = read_capture(tmp_path / item.warc_file, item.warc_offset)
    assert capture is not None and capture.html == LEGACY.read_bytes()
    assert mw.crawler.stats.get_value("mps/warc/records") == 1


def test_records_made_for_a_file_since_rolled_over_are_made_again(tmp_path: Path) -> None:
    mw = middleware(tmp_path, MPS_WARC_MAX_SIZE=1)
    first, second = (response("article", LEGACY.read_bytes(), url=f"{URL}?{i}") for i in (1, 2))
    writer = mw._writer()
    made_for_first_file = writer.info_id(), b"not records"
    writer.write(exchange_of(first))  # fills the first file: it rolls over
    location = writer.write(exchange_of(second), made_for_first_file)
    writer.close()
    capture = read_capture(tmp_path / location[0], location[1])
    assert capture is not None and capture.url == f"{URL}?2"


async def one(item: Any) -> AsyncIterator[Any]:
    """A callback's output of one item."""
    yield item


def through(mw: WarcMiddleware, resp: Response) -> list[Any]:
    """A response through the middleware in an event loop, as a crawl passes it, then closed."""

    async def crawl() -> list[Any]:
        mw.process_spider_input(resp)
        return [item async for item in mw.process_spider_output(resp, one(article()))]

    items = asyncio.run(crawl())
    asyncio.run(mw.finish())
    return items


def test_a_writer_that_fails_otherwise_costs_no_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mw = middleware(tmp_path)

    def bug(*_: Any) -> tuple[str, int]:
        raise ValueError("a bug in the writer")

    monkeypatch.setattr(mw._writer(), "write", bug)
    resp = response("article", LEGACY.read_bytes())
    (item,) = through(mw, resp)
    assert item.warc_file is None and "mps_warc" not in resp.meta
    assert mw.crawler.stats.get_value("mps/warc/failed") == 1
