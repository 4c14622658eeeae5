"""Meta refresh: Scrapy's redirects, decided without decoding a page that has none."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from mpscrawler.refresh import SCAN, HeadMetaRefreshMiddleware
from mpscrawler.spiders.mps_news import MpsNewsSpider

URL = "https://en.bocongan.gov.vn/news-events/a-t5276.html"
BODY = "<p>Bộ Công an</p>" * 30_000  # a current page's size, non-ASCII text throughout


def middleware() -> HeadMetaRefreshMiddleware:
    """The middleware as the project enables it."""
    crawler = get_crawler(MpsNewsSpider, settings_dict={"METAREFRESH_ENABLED": True})
    return HeadMetaRefreshMiddleware.from_crawler(crawler)


def page(head: str, body: str = BODY) -> HtmlResponse:
    """A UTF-8 page with `head` in its `<head>`."""
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return HtmlResponse(URL, body=html.encode(), encoding="utf-8", request=Request(URL))


def test_a_page_without_a_refresh_is_passed_on_undecoded() -> None:
    response = page("<title>Bộ Công an</title>")
    assert middleware().process_response(response.request, response) is response
    assert response._cached_ubody is None  # Scrapy's middleware decodes all 510 KB of it


@pytest.mark.parametrize(
    ("head", "target"),
    [
        ('<meta http-equiv="refresh" content="0; url=/news-events/b-t5277.html">', "b-t5277"),
        ("<META HTTP-EQUIV=Refresh CONTENT='0;URL=b-t5277.html'>", "b-t5277"),
        # the tag after 4,000 Vietnamese characters (12,000 bytes): within Scrapy's 4,096
        (
            "<title>" + "ộ" * 4000 + '</title><meta http-equiv="refresh" content="0;url=c.html">',
            "c",
        ),
    ],
)
def test_a_refresh_in_the_head_redirects_as_scrapy_does(head: str, target: str) -> None:
    response = page(head)
    redirected = middleware().process_response(response.request, response)
    assert isinstance(redirected, Request)
    assert redirected.url.startswith("https://en.bocongan.gov.vn/news-events/" + target)


def test_a_refresh_past_scrapys_head_is_ignored_as_scrapy_ignores_it() -> None:
    late = "<title>" + "a" * SCAN + '</title><meta http-equiv="refresh" content="0;url=c.html">'
    response = page(late)
    assert middleware().process_response(response.request, response) is response


@pytest.mark.parametrize("ignore", [[], ["script", "noscript"]])
@pytest.mark.parametrize(
    "head",
    [
        '<script>"<meta http-equiv=refresh content=0;url=x.html>"</script>',
        '<noscript><meta http-equiv="refresh" content="0;url=x.html"></noscript>',
        '<meta http-equiv="refresh" content="5">',  # no URL: no redirect
        '<base href="https://bocongan.gov.vn/"><meta http-equiv="refresh" content="0;url=x">',
        '<meta http-equiv="refresh" content="900;url=x.html">',  # past METAREFRESH_MAXDELAY
    ],
)
def test_every_head_is_decided_as_scrapy_decides(head: str, ignore: list[str]) -> None:
    settings = {"METAREFRESH_ENABLED": True, "METAREFRESH_IGNORE_TAGS": ignore}
    crawler = get_crawler(MpsNewsSpider, settings_dict=settings)
    ours = HeadMetaRefreshMiddleware.from_crawler(crawler)
    scrapys = MetaRefreshMiddleware.from_crawler(crawler)
    mine, theirs = page(head), page(head)
    got = ours.process_response(mine.request, mine)
    expected = scrapys.process_response(theirs.request, theirs)
    assert type(got) is type(expected)
    assert got.url == expected.url


def test_other_responses_are_scrapys() -> None:
    response = Response(URL, body=b"\xff\xd8\xff", request=Request(URL))
    assert middleware().process_response(response.request, response) is response


def test_a_small_page_with_a_stray_byte_is_decided_as_scrapy_decides() -> None:
    html = b'<html><head><meta http-equiv="refresh" content="0;url=b.html"></head>\xff</html>'
    crawler = get_crawler(MpsNewsSpider, settings_dict={"METAREFRESH_ENABLED": True})
    got = []
    for cls in (HeadMetaRefreshMiddleware, MetaRefreshMiddleware):
        response = HtmlResponse(URL, body=html, encoding="utf-8", request=Request(URL))
        got.append(cls.from_crawler(crawler).process_response(response.request, response))
    assert isinstance(got[0], Request) and got[0].url == got[1].url
