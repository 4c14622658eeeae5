"""Spider callbacks on built responses: what is requested next, nothing fetched."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse

from mpscrawler.ops.report import RunReport
from mpscrawler.spiders import articles as articles_module
from mpscrawler.spiders import listings as listings_module
from mpscrawler.spiders.mps_news import MpsNewsSpider
from mpscrawler.workers.pool import WorkerLost
from tests.helpers import crawler, outputs

LISTING = Path(__file__).resolve().parent / "fixtures" / "listing" / "current-vi-doi-ngoai"
SECTION = "https://bocongan.gov.vn/chuyen-muc/thong-tin-doi-ngoai-1751367399"
BACKEND = "https://api-portal.bocongan.gov.vn/backend-portal/articles/category-slug"


def spider(**arguments: str) -> MpsNewsSpider:
    """A spider of the Vietnamese edition bound to a test crawler (no state)."""
    chosen = {"edition": "vi", **arguments}
    return MpsNewsSpider.from_crawler(crawler(MPS_EDITION=chosen["edition"]), **chosen)


def section_page(crawler_spider: MpsNewsSpider) -> list[Request]:
    """Requests that the real category page leads to."""
    response = HtmlResponse(SECTION, body=(LISTING / "page.html").read_bytes(), encoding="utf-8")
    return outputs(crawler_spider.parse_listing(response, page=1))


def test_category_page_gives_its_ten_articles_and_the_backend_page_two() -> None:
    requests = section_page(spider())
    articles = [r.url for r in requests if "/bai-viet/" in r.url]
    backend = [r for r in requests if r.url.startswith(BACKEND)]
    assert len(articles) == 43  # ten cards, the sidebars' cards, each once
    assert [r.url for r in backend] == [
        f"{BACKEND}?category_slug=thong-tin-doi-ngoai-1751367399&page=1&size=10"
    ]
    assert backend[0].cb_kwargs["prefix"] == "https://bocongan.gov.vn/bai-viet/"


def test_backend_answer_as_expected_gives_articles_and_the_next_page() -> None:
    crawl = spider()
    request = next(r for r in section_page(crawl) if r.url.startswith(BACKEND))
    items = [
        {"slug": f"tin-{n}-179000000{n}", "publish_date": "2026-09-01T18:00:00Z"} for n in range(10)
    ]
    answer = TextResponse(request.url, body=json.dumps(items).encode(), encoding="utf-8")
    follow = list(request.callback(answer, **request.cb_kwargs))
    assert [r.url for r in follow[:2]] == [
        "https://bocongan.gov.vn/bai-viet/tin-0-1790000000",
        "https://bocongan.gov.vn/bai-viet/tin-1-1790000001",
    ]
    assert follow[-1].url.endswith("page=2&size=10")
    assert crawl.crawler.stats.get_value("mps/backend/pages") == 1


def test_backend_answer_not_as_expected_is_not_used() -> None:
    crawl = spider()
    request = next(r for r in section_page(crawl) if r.url.startswith(BACKEND))
    for body in (b"<html>challenge</html>", b'{"error": "forbidden"}', b'[{"slug": "no-id"}]'):
        answer = TextResponse(request.url, body=body, encoding="utf-8")
        assert list(request.callback(answer, **request.cb_kwargs)) == []
    assert crawl.crawler.stats.get_value("mps/backend/unexpected") == 3


def test_since_stops_the_backend_paging() -> None:
    crawl = spider(since="2026-09-15")
    request = next(r for r in section_page(crawl) if r.url.startswith(BACKEND))
    items = [
        {"slug": f"tin-{n}-179000000{n}", "publish_date": "2026-09-01T18:00:00Z"} for n in range(10)
    ]
    answer = TextResponse(request.url, body=json.dumps(items).encode(), encoding="utf-8")
    assert list(request.callback(answer, **request.cb_kwargs)) == []


def test_article_page_that_does_not_parse_is_counted_not_fatal() -> None:
    crawl = spider(edition="en")
    url = "https://en.bocongan.gov.vn/article/x-1769419716"
    challenge = HtmlResponse(url, body=b"<html><body><p>Request unsuccessful.</p></body></html>")
    assert outputs(crawl.parse_article(challenge)) == []
    image = Response(url, body=b"\xff\xd8\xff", headers={"Content-Type": "image/jpeg"})
    assert outputs(crawl.parse_article(image)) == []
    assert crawl.crawler.stats.get_value("mps/failed/parse") == 2
    report = crawl.crawler.get_extension(RunReport)
    reasons = [f["reason"] for f in report.failures]
    assert reasons == ["parse: no article on the page", "parse: not HTML (image/jpeg)"]


def test_a_page_cut_short_is_fetched_again() -> None:
    crawl = spider(edition="en")
    url = "https://en.bocongan.gov.vn/article/x-1769419716"
    cut = HtmlResponse(url, body=b"<html><body><h1>Title</h1><p>Half a pa", request=Request(url))
    (again,) = outputs(crawl.parse_article(cut))
    assert isinstance(again, Request) and again.url == url and again.meta["retry_times"] == 1


def losing(reason: str) -> Callable[..., Awaitable[Any]]:
    """A stand-in for `workers.pool.run` whose worker is always lost."""

    async def lost(*_: Any) -> Any:
        raise WorkerLost(reason)

    return lost


def test_an_article_whose_worker_was_lost_is_a_failure_kept_for_a_retry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(articles_module, "run", losing("worker: process ended (exit -9)"))
    crawl = spider(edition="en")
    url = "https://en.bocongan.gov.vn/article/x-1769419716"
    page = HtmlResponse(url, body=b"<html><body><h1>Title</h1><p>Text.</p></body></html>")
    assert outputs(crawl.parse_article(page)) == []
    report = crawl.crawler.get_extension(RunReport)
    assert [f["reason"] for f in report.failures] == ["parse: worker: process ended (exit -9)"]
    assert crawl.crawler.stats.get_value("mps/failed/parse") == 1


def test_a_listing_whose_worker_was_lost_is_a_listing_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(listings_module, "run", losing("worker: no answer in 60 s"))
    crawl = spider()
    response = HtmlResponse(SECTION, body=(LISTING / "page.html").read_bytes(), encoding="utf-8")
    assert outputs(crawl.parse_listing(response, page=2)) == []
    report = crawl.crawler.get_extension(RunReport)
    assert report.failures == [
        {"url": SECTION, "reason": "listing: worker: no answer in 60 s", "kind": "listing"}
    ]
