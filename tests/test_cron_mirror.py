"""Cron contract, mirror mode (issue 10): with `base_url` on 127.0.0.1 nothing else is fetched.

Page links, sitemap entries and redirects name the real portal hosts (`en.bocongan.gov.vn`,
its alias `en.mps.gov.vn`, the backend `api-portal.bocongan.gov.vn`) and the Vietnamese
edition: every request the crawler makes is one the mirror served (its own count against the
crawler's `downloader/request_count`), and every "Crawled (" line is a mirror URL.
"""

from __future__ import annotations

import json
import re
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mpscrawler.snapshot import serve
from tests.helpers import reports
from tests.portal import Portal, copy_site, crawl, send

TARGET = "/article/mps-reviews-task-performance-in-april-1557324000"
AWAY = [
    "https://en.bocongan.gov.vn" + TARGET,
    "https://en.mps.gov.vn/news-events/mps-reviews-october-task-performance-t5276.html",
    "https://api-portal.bocongan.gov.vn/api/articles?page=2",
    "https://en.bocongan.gov.vn:8443/article/a-port-of-the-portal-1557324001",
    "https://user@en.bocongan.gov.vn/article/user-info-1557324002",
    "https://bocongan.gov.vn/bai-viet/mot-bai-viet-1791199100",
]
# Mirror pages that redirect to the real portal.
REDIRECTS = {
    "/article/moved-1557324003": "https://en.bocongan.gov.vn" + TARGET,
    "/news-events/moved-t9998.html": AWAY[1],
    "/article/moved-by-port-1557324004": AWAY[3],
}
CRAWLED = re.compile(r"Crawled \(\d+\) <GET (\S+)>")
REFUSED = re.compile(r"failed: (\S+): fetch: IgnoreRequest: redirect offsite to (\S+)")


class Redirecting(Portal):
    """The counting portal, with pages that redirect away."""

    def __call__(self, request: BaseHTTPRequestHandler, path: Path | None) -> bool:
        """Count, then redirect the pages of `REDIRECTS`."""
        super().__call__(request, path)
        if request.path in REDIRECTS:
            return send(request, 301, b"", {"Location": REDIRECTS[request.path]})
        return False


def test_a_mirror_crawl_fetches_only_the_mirror(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    links = [*AWAY, *REDIRECTS]
    index = site / "index.html"
    anchors = "".join(f'<a href="{u}">x</a>' for u in links)
    index.write_text(index.read_text(encoding="utf-8").replace("</main>", anchors + "</main>"))
    sitemap = site / "sitemap.xml"
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in [*AWAY, *REDIRECTS])
    sitemap.write_text(sitemap.read_text().replace("</urlset>", locs + "</urlset>"))
    portal = Redirecting()
    with serve(site, hook=portal) as base_url:
        done = crawl(
            tmp_path / "work", base_url, "-s", "DOWNLOAD_TIMEOUT=2", "-s", "LOG_LEVEL=DEBUG"
        )
    assert done.returncode == 0, done.stderr[-3000:]
    crawled = CRAWLED.findall(done.stderr)
    assert len(crawled) > 40
    assert [u for u in crawled if not u.startswith(base_url + "/")] == []
    report = json.loads(reports(tmp_path / "work")[-1].read_text())
    refused = REFUSED.findall(done.stderr)  # the redirect's answer, dropped by the guard
    assert sorted(refused) == sorted((base_url + a, b) for a, b in REDIRECTS.items())
    assert report["requests"] == portal.total == len(crawled) + len(refused)
    assert report["download_errors"] == 0
    assert portal.requests["/article/moved-1557324003"] == 1
