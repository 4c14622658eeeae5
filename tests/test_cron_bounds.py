"""Cron contract, unbounded work (issue 10): a pager or sitemap chain without end still ends.

A server makes `/news.html?Page=N` up as it is asked: empty pages, the same articles again, or
ever new (made-up) article links, each page linking one more; and a chain of sitemap indexes,
each naming the next. The crawl ends, and what a bound cut is counted in the report.
"""

from __future__ import annotations

import json
import re
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from mpscrawler.snapshot import serve
from tests.helpers import reports
from tests.portal import Portal, crawl, send

REAL = [
    "/news-events/fire-police-department-rolls-out-new-working-plans-t6426.html",
    "/news-events/mps-reviews-october-task-performance-t5276.html",
]
PAGE = re.compile(r"^/news\.html(?:\?Page=(\d+))?$")
CHAIN = re.compile(r"^/chain/(\d+)\.xml$")


def listing(number: int, links: list[str]) -> bytes:
    """A legacy listing page: its articles and a pager to the next page."""
    items = "".join(
        f'<div class="news-item"><div class="date">January, 10 2020</div>'
        f'<h3><a href="{link}">Article {n}</a></h3></div>'
        for n, link in enumerate(links)
    )
    pager = f'<div class="paging"><a href="/news.html?Page={number + 1}">{number + 1}</a></div>'
    return f"<html><body><div class='list'>{items}</div>{pager}</body></html>".encode()


class Endless(Portal):
    """The snapshot, with a listing that never ends and a chain of sitemap indexes."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def __call__(self, request: BaseHTTPRequestHandler, path: Path | None) -> bool:
        """Count; answer the endless listing and the chain, the rest from the snapshot."""
        super().__call__(request, path)
        page, chain = PAGE.match(request.path), CHAIN.match(request.path)
        if page and self.kind != "chain":
            number = int(page[1] or 1)
            links = {
                "empty": [],
                "same": REAL,
                "new": [
                    f"/news-events/made-up-{number}-{k}-t{90000 + number * 10 + k}.html"
                    for k in range(3)
                ],
            }[self.kind]
            return send(request, 200, listing(number, links))
        if chain or request.path == "/sitemap.xml" and self.kind == "chain":
            number = int(chain[1]) + 1 if chain else 1
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns='
                '"http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>'
                f"https://en.bocongan.gov.vn/chain/{number}.xml</loc></sitemap></sitemapindex>"
            )
            return send(request, 200, body.encode(), {"Content-Type": "application/xml"})
        return False

    def pages(self) -> int:
        """Pages of the endless listing served."""
        return sum(n for path, n in self.requests.items() if PAGE.match(path))


def run(work: Path, portal: Endless, *extra: str) -> dict:
    """One crawl of the endless portal; its report (and the log's summary, as `summary`)."""
    with serve(hook=portal) as base_url:
        done = crawl(work, base_url, "-s", "MPS_MAX_LISTING_PAGES=8", *extra)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(reports(work)[-1].read_text())
    return {**report, "summary": done.stderr.split("mps_news en run ")[-1].splitlines()[0]}


@pytest.mark.parametrize(("kind", "pages"), [("empty", 1), ("same", 2)])
def test_a_pager_showing_nothing_new_ends_at_once(tmp_path: Path, kind: str, pages: int) -> None:
    portal = Endless(kind)
    report = run(tmp_path, portal)
    assert portal.pages() <= pages
    assert report["cut"] == {}


def test_a_pager_with_ever_new_articles_ends_at_the_bound_and_says_so(tmp_path: Path) -> None:
    portal = Endless("new")
    report = run(tmp_path, portal)
    assert portal.pages() == 8
    assert report["cut"] == {"listing_pages": 1}
    assert report["summary"].endswith("; cut by a bound: {'listing_pages': 1}")
    assert report["failed"]["fetch"] == 8 * 3  # the made-up articles: 404, each a failure


def test_a_chain_of_sitemap_indexes_ends_at_the_depth_and_says_so(tmp_path: Path) -> None:
    portal = Endless("chain")
    report = run(tmp_path, portal, "-s", "MPS_MAX_SITEMAP_DEPTH=3")
    assert [portal.requests[f"/chain/{n}.xml"] for n in range(1, 5)] == [1, 1, 1, 0]
    assert report["cut"] == {"sitemaps": 1}
    assert report["summary"].endswith("; cut by a bound: {'sitemaps': 1}")
    cut = [f for f in report["failures"] if f["kind"] == "sitemap"]
    assert [f["reason"] for f in cut] == ["sitemap: deeper than 3 indexes"]
