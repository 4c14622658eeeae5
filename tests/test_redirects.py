"""Redirects stay on the allowed origins: another port of the same host, or user-info, is offsite.

The table pins `allowed`; the middleware is driven with a fake crawler and spider; two crawls
against servers on 127.0.0.1 show that such a redirect fails its request (kept as a failure,
never fetched) while a redirect within the origin is still followed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from mpscrawler.middlewares import RedirectGuardMiddleware
from mpscrawler.origins import allowed, origins
from mpscrawler.refresh import HeadMetaRefreshMiddleware
from mpscrawler.snapshot import serve
from tests.helpers import ENV, FAST, free_port, records, run_files, snapshot_ids
from tests.portal import Portal

ENTRIES = ["http://127.0.0.1:8800", "en.bocongan.gov.vn", "https://bocongan.gov.vn", "[::1]:9"]
TABLE = {
    "http://127.0.0.1:8800/article/a-1769419716": True,
    "https://127.0.0.1:8800/a": True,  # same host and port
    "http://127.0.0.1:8801/a": False,  # another port of the same host
    "http://127.0.0.1/a": False,  # port 80
    "http://127.0.0.1:80/a": False,
    "http://127.0.0.2:8800/a": False,
    "http://user@127.0.0.1:8800/a": False,  # user-info, always
    "http://user:secret@127.0.0.1:8800/a": False,
    "http://@127.0.0.1:8800/a": False,
    "http://127.0.0.1:8800@evil.example/a": False,  # host "evil.example", user "127.0.0.1"
    "http://127.0.0.1:8800\\@evil.example/a": False,
    "http://127.0.0.1:99999/a": False,  # no such port
    "http://127.0.0.1:x/a": False,
    "ftp://127.0.0.1:8800/a": False,
    "https://en.bocongan.gov.vn/article/a-1769419716": True,  # a bare domain: any port
    "https://en.bocongan.gov.vn:8443/a": True,
    "https://cdn.en.bocongan.gov.vn/a": True,  # and its subdomains, as `allowed_domains`
    "https://user@en.bocongan.gov.vn/a": False,
    "https://bocongan.gov.vn/bai-viet/a-1791199100": True,  # an origin: its web ports
    "http://bocongan.gov.vn/a": True,
    "https://bocongan.gov.vn:8443/a": False,
    "https://www.bocongan.gov.vn/a": False,  # an origin is one host
    "http://[::1]:9/a": True,
    "http://[::1]:10/a": False,
    "https://example.invalid/a": False,
    "/relative/a": False,
}


@pytest.mark.parametrize("url", list(TABLE))
def test_allowed_pins_ports_and_refuses_user_info(url: str) -> None:
    assert allowed(url, origins(ENTRIES)) is TABLE[url]


def test_bad_entries_are_left_out() -> None:
    assert origins(["", None, "  ", "http://h:99999", "http://"]) == []


def guard(**spider: object) -> tuple[RedirectGuardMiddleware, MemoryStatsCollector]:
    """The middleware on a crawler whose spider has the given attributes."""
    crawler = get_crawler()
    crawler.spider = SimpleNamespace(**spider)
    stats = MemoryStatsCollector(crawler)
    crawler.stats = stats
    return RedirectGuardMiddleware.from_crawler(crawler), stats


def redirect(location: str, url: str = "http://127.0.0.1:8800/news-events/a-t1.html") -> tuple:
    """A request and its 302 to `location`."""
    request = Request(url)
    return request, Response(url, status=302, headers={"Location": location}, request=request)


OFFSITE = [
    "http://127.0.0.1:8801/news-events/a-t1.html",
    "//127.0.0.1:8801/news-events/a-t1.html",
    "///127.0.0.1:8801/news-events/a-t1.html",  # Scrapy strips every leading slash
    "http://user@127.0.0.1:8800/news-events/a-t1.html",
    "http://127.0.0.1:8800@localhost:8800/news-events/a-t1.html",
]


@pytest.mark.parametrize("location", OFFSITE)
def test_a_redirect_off_the_origin_fails_its_request(location: str) -> None:
    middleware, stats = guard(
        allowed_origins=["http://127.0.0.1:8800"], allowed_domains=["127.0.0.1"]
    )
    with pytest.raises(IgnoreRequest, match="offsite"):
        middleware.process_response(*redirect(location))
    assert stats.get_value("mps/redirect_offsite") == 1


@pytest.mark.parametrize("location", ["/news-events/b-t2.html", "http://127.0.0.1:8800/b-t3.html"])
def test_a_redirect_within_the_origin_is_let_through(location: str) -> None:
    middleware, stats = guard(allowed_origins=["http://127.0.0.1:8800"])
    request, response = redirect(location)
    assert middleware.process_response(request, response) is response
    assert stats.get_value("mps/redirect_offsite") is None


def test_without_origins_the_allowed_domains_apply_and_user_info_still_fails() -> None:
    middleware, _ = guard(allowed_domains=["127.0.0.1"])
    request, response = redirect("http://127.0.0.1:8801/news-events/a-t1.html")
    assert middleware.process_response(request, response) is response, "host names only"
    with pytest.raises(IgnoreRequest, match="offsite"):
        middleware.process_response(*redirect("http://u@127.0.0.1:8800/news-events/a-t1.html"))


ARTICLE = "http://127.0.0.1:8800/news-events/mps-reviews-october-task-performance-t5276.html"


def refreshing(target: str, delay: int = 0, status: int = 200) -> tuple:
    """An article's request and a page whose `<meta http-equiv="refresh">` sends to `target`."""
    request = Request(ARTICLE, meta={"mps_kind": "article"})
    body = f'<html><head><meta http-equiv="refresh" content="{delay};url={target}"></head><body>'
    response = HtmlResponse(ARTICLE, status=status, body=body.encode(), encoding="utf-8")
    return request, response


def refresher() -> HeadMetaRefreshMiddleware:
    """The meta-refresh middleware on a crawler whose redirect guard allows the mirror."""
    middleware, _ = guard(allowed_origins=["http://127.0.0.1:8800"])
    refresh = HeadMetaRefreshMiddleware.from_crawler(middleware.crawler)
    refresh.guard = middleware  # what `_engine_started` finds in a crawl
    return refresh


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://evil.invalid/x", "offsite"),
        ("/", "not an article"),
        (ARTICLE, "loop"),
    ],
    ids=["offsite", "home", "itself"],
)
def test_a_meta_refresh_is_guarded_as_a_redirect(target: str, reason: str) -> None:
    middleware = refresher()
    with pytest.raises(IgnoreRequest, match=reason):
        middleware.process_response(*refreshing(target))


def test_a_refresh_scrapy_follows_on_an_error_page_is_guarded_too() -> None:
    middleware = refresher()
    with pytest.raises(IgnoreRequest, match="not an article"):
        middleware.process_response(*refreshing("/", delay=5, status=404))


def test_a_refresh_too_slow_for_scrapy_to_follow_is_let_through() -> None:
    middleware = refresher()
    request, response = refreshing("/", delay=1800)  # METAREFRESH_MAXDELAY: 100 s
    assert middleware.process_response(request, response) is response


def test_a_page_without_a_refresh_is_let_through() -> None:
    middleware = refresher()
    request = Request(ARTICLE, meta={"mps_kind": "article"})
    response = HtmlResponse(ARTICLE, body=b"<html><body><p>MPS - text</p>", request=request)
    assert middleware.process_response(request, response) is response


# --- end to end: a mirror on one port redirects to another port, or to user-info -----------

# The spider of the crawl: `mps_news` with `allowed_origins` when it has none of its own (the
# origins of the URLs given, and the portal's hosts).
SPIDER = """
from urllib.parse import urlsplit

from mpscrawler import urls
from mpscrawler.spiders.mps_news import MpsNewsSpider


class OriginsSpider(MpsNewsSpider):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(self, "allowed_origins", None):
            given = {"{0.scheme}://{0.netloc}".format(urlsplit(u)) for u in self.args.urls}
            self.allowed_origins = [*sorted(given), *sorted(urls.PORTAL_HOSTS)]
"""


def crawl(work: Path, urls: list[str]) -> tuple[set[str], dict, str]:
    """A run of `OriginsSpider` over `urls`: ids captured, its report, its log."""
    (work / "spider.py").write_text(SPIDER)
    (work / "urls.txt").write_text("".join(u + "\n" for u in urls))
    command = [sys.executable, "-m", "scrapy", "runspider", "spider.py", "-a", "urls_file=urls.txt"]
    done = subprocess.run(
        [*command, *FAST], cwd=work, env=ENV, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    captured = {r["id"] for f in run_files(work) for r in records(f)}
    report = json.loads(
        next((work / "output" / "reports" / "mps_news" / "en").glob("*.json")).read_text()
    )
    return captured, report, done.stderr


def test_redirects_to_another_port_or_with_user_info_are_offsite(tmp_path: Path) -> None:
    ids = sorted(snapshot_ids().items())
    (_, port_moved), (_, user_moved), (_, at_moved), (_, moved), (kept, target) = ids[:5]
    here, elsewhere = free_port(), Portal()
    offsite = {
        port_moved: "http://127.0.0.1:{other}" + port_moved,
        user_moved: f"http://user@127.0.0.1:{here}{user_moved}",
        at_moved: f"http://127.0.0.1:{here}@localhost:{here}{at_moved}",
    }
    with serve(hook=elsewhere) as other:
        script = {
            p: [f"redirect:{u.format(other=other.rsplit(':', 1)[1])}"] * 4
            for p, u in offsite.items()
        }
        portal = Portal(script={**script, moved: [f"redirect:{target}"]})
        with serve(hook=portal, port=here) as base_url:
            captured, report, log = crawl(tmp_path, [base_url + p for p in [*offsite, moved]])
    assert captured == {kept}, "only the page moved within the origin is captured"
    assert elsewhere.total == 0, "nothing was asked of the other port"
    assert all(portal.requests[p] == 1 for p in offsite), "no user-info request came back here"
    failed = {urlsplit(f["url"]).path: f["reason"] for f in report["failures"]}
    assert all("offsite" in failed[p] for p in offsite), failed
