"""Cron contract, sitemaps (issue 10): a sitemap of an index that fails is a failure, not the end.

The snapshot's sitemap becomes an index of three; the middle one is missing (404), off the
portal, or not XML, or the index itself is not XML. The others are read, the failure is kept
(kind `sitemap`) with its reason, and the next run asks for it again.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mpscrawler.snapshot import serve
from tests.portal import Portal, copy_site, crawl

LOC = re.compile(r"<url>.*?</url>", re.S)
ORIGIN = "https://en.bocongan.gov.vn"
PARTS = ("one", "two", "three")


def sitemap_index(site: Path, middle: str) -> dict[str, str]:
    """Split the snapshot's sitemap into three under an index; `middle` names the second."""
    text = (site / "sitemap.xml").read_text()
    entries = LOC.findall(text)
    third = len(entries) // 3 + 1
    (site / "sitemaps").mkdir()
    for number, name in enumerate(PARTS):
        chunk = "\n".join(entries[number * third : (number + 1) * third])
        (site / "sitemaps" / f"{name}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{chunk}\n</urlset>\n'
        )
    children = [f"{ORIGIN}/sitemaps/one.xml", middle, f"{ORIGIN}/sitemaps/three.xml"]
    listed = "".join(
        f"<sitemap><loc>{url}</loc><lastmod>2020-01-01</lastmod></sitemap>\n" for url in children
    )
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex'
        f' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{listed}</sitemapindex>\n'
    )
    return {name: (site / "sitemaps" / f"{name}.xml").read_text() for name in PARTS}


def failures(work: Path) -> dict[str, tuple[str, int, str]]:
    """Failed URLs of the state: url -> (reason, attempts, kind)."""
    with closing(sqlite3.connect(work / "output/state/mps_news-en.sqlite3")) as db:
        rows = db.execute("SELECT url, reason, attempts, kind FROM failures").fetchall()
    return {url: (reason, attempts, kind) for url, reason, attempts, kind in rows}


NOT_XML = b"<html><body><h1>Maintenance</h1><p>Back soon.</p></body></html>"
CASES = {
    # middle child URL, what is done to its file, the failure kept (URL, reason)
    "404": (f"{ORIGIN}/sitemaps/two.xml", "delete", "/sitemaps/two.xml", "sitemap: HTTP 404"),
    "offsite": (
        "https://example.org/sitemaps/two.xml",
        "keep",
        "https://example.org/sitemaps/two.xml",
        "sitemap: off the edition's hosts",
    ),
    "not xml": (f"{ORIGIN}/sitemaps/two.xml", "garble", "/sitemaps/two.xml", "sitemap: "),
}


@pytest.mark.parametrize("case", CASES)
def test_a_failing_sitemap_of_an_index_is_kept_and_the_others_are_read(
    tmp_path: Path, case: str
) -> None:
    middle, action, failed, reason = CASES[case]
    site = copy_site(tmp_path / "site")
    parts = sitemap_index(site, middle)
    two = site / "sitemaps" / "two.xml"
    if action == "delete":
        two.unlink()
    elif action == "garble":
        two.write_bytes(NOT_XML)
    portal = Portal()
    with serve(site, hook=portal) as base_url:
        first = crawl(tmp_path / "work", base_url)
        assert first.returncode == 0, first.stderr[-3000:]
        assert portal.requests["/sitemaps/one.xml"] == 1
        assert portal.requests["/sitemaps/three.xml"] == 1, "the index's last sitemap was read"
        url = failed if failed.startswith("https:") else base_url + failed
        kept = failures(tmp_path / "work")
        assert kept[url][0].startswith(reason) and kept[url][1:] == (1, "sitemap"), kept
        assert kept[url][0] != "sitemap: " and len(kept) == 1, kept
        two.write_text(parts["two"])  # mended: the next run reads it (the others are not due)
        second = crawl(tmp_path / "work", base_url)
    assert second.returncode == 0, second.stderr[-3000:]
    assert portal.requests["/sitemaps/one.xml"] == 1  # lastmod before the last run: not due
    if case == "offsite":
        assert failures(tmp_path / "work")[url][1:] == (2, "sitemap")
        assert portal.requests["/sitemaps/two.xml"] == 0
    else:
        assert portal.requests["/sitemaps/two.xml"] == 2
        assert failures(tmp_path / "work") == {}


def test_a_sitemap_index_that_is_not_xml_is_a_failure_retried(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    (site / "sitemap.xml").write_bytes(NOT_XML)  # robots.txt names it: it must be there
    with serve(site) as base_url:
        first = crawl(tmp_path / "work", base_url)
        kept = failures(tmp_path / "work")
        assert kept[f"{base_url}/sitemap.xml"][1:] == (1, "sitemap"), kept
        crawl(tmp_path / "work", base_url)
        assert failures(tmp_path / "work")[f"{base_url}/sitemap.xml"][1:] == (2, "sitemap")
    assert first.returncode == 0


def test_a_sitemap_listed_twice_does_not_end_its_index(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    sitemap_index(site, f"{ORIGIN}/sitemaps/one.xml")  # one, one again, three
    portal = Portal()
    with serve(site, hook=portal) as base_url:
        done = crawl(tmp_path / "work", base_url)
    assert done.returncode == 0, done.stderr[-3000:]
    assert portal.requests["/sitemaps/one.xml"] == 1
    assert portal.requests["/sitemaps/three.xml"] == 1, "the index's last sitemap was read"
