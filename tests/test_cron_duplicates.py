"""Cron contract, duplicates (issue 10): an article reached twice at once comes out once.

URL variants of one article (a query string, another slug with the same id, a redirect to
it) fetched side by side from a slow server: the run file holds one line per id, whether the
variants are asked for by URL (`-a urls=`, each fetched) or found by the crawl (asked once).
"""

from __future__ import annotations

from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mpscrawler.snapshot import serve
from tests.helpers import records, run_files
from tests.portal import Portal, copy_site, crawl, send

A = "/article/minister-to-lam-works-with-tra-vinh-police-1555077600"
B = "/news-events/fire-police-department-rolls-out-new-working-plans-t6426.html"
VARIANTS = [
    A,
    A + "?utm_source=feed",
    A + "?from=home",
    "/article/another-slug-1555077600",  # the same id under another slug: redirected to A
    "/go/1555077600",  # a short link: redirected to A
    B,
    B + "?Page=1",
]
CONCURRENT = ["-s", "CONCURRENT_REQUESTS=8", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


class Slow(Portal):
    """The counting portal, slow, with two addresses that redirect to the article."""

    def __call__(self, request: BaseHTTPRequestHandler, path: Path | None) -> bool:
        """Count, wait, and redirect the aliases of A."""
        super().__call__(request, path)
        if request.path in ("/article/another-slug-1555077600", "/go/1555077600"):
            return send(request, 301, b"", {"Location": A + "?via=" + request.path[1:4]})
        return False


def ids(work: Path) -> Counter:
    """How often each id is in the run files of a work folder."""
    return Counter(r["id"] for f in run_files(work) for r in records(f))


def test_variants_asked_for_by_url_at_once_come_out_once(tmp_path: Path) -> None:
    portal = Slow(delay=0.5)
    with serve(hook=portal) as base_url:
        given = ",".join(base_url + v for v in VARIANTS)
        done = crawl(tmp_path, base_url, "-a", f"urls={given}", *CONCURRENT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert portal.total >= len(VARIANTS)  # each variant was fetched
    assert ids(tmp_path) == Counter({"en-1555077600": 1, "en-6426": 1})


def test_variants_found_by_the_crawl_at_once_come_out_once(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    index = site / "index.html"
    anchors = "".join(f'<a href="{v}">x</a>' for v in VARIANTS)
    index.write_text(index.read_text(encoding="utf-8").replace("</main>", anchors + "</main>"))
    portal = Slow(delay=0.2)
    with serve(site, hook=portal) as base_url:
        done = crawl(tmp_path / "work", base_url, *CONCURRENT)
    assert done.returncode == 0, done.stderr[-3000:]
    found = ids(tmp_path / "work")
    assert len(found) == 29 and set(found.values()) == {1}, found
