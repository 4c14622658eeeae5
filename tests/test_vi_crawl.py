"""End to end on the Vietnamese mirror: `scrapy crawl mps_news` over loopback, every field checked."""

from __future__ import annotations

import json
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mpscrawler.snapshot import serve
from tests.fixtures.build_site_vi import ROOT
from tests.fixtures.vi_sources import LISTING_PATH, PORTAL
from tests.helpers import CRAWL, ENV, FAST, records, snapshot_ids
from tests.vi_expected import FIELDS, FURNITURE
from tests.vi_expected import records as expected_records


def crawl(
    tmp_path: Path, *args: str, home: bytes | None = None
) -> tuple[list[dict], str, int, dict[str, Any], list[str]]:
    """Serve the mirror (`home` as its `/`), crawl it in a process of its own.

    Returns the records, the log, the exit status, the run report and every request served.
    """
    hits: list[str] = []

    def count(handler: BaseHTTPRequestHandler, path: Path | None) -> bool:
        hits.append(handler.path)  # every request the mirror answers
        if home is None or handler.path != "/":
            return False
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(home)))
        handler.end_headers()
        handler.wfile.write(home)
        return True

    out = tmp_path / "vi.jsonl"
    with serve(ROOT, hook=count) as base:
        command = [*CRAWL, *(a.replace("{base}", base) for a in args), *FAST]
        command += ["-s", f"MPS_STATE_PATH={tmp_path}/state.sqlite3"]
        command += ["-s", f"MPS_LOCK_PATH={tmp_path}/lock"]
        command += ["-s", f"MPS_REPORT_DIR={tmp_path}/reports", "-O", str(out)]
        done = subprocess.run(
            command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300
        )
    reports = sorted((tmp_path / "reports" / "mps_news").glob("*.json"))
    report = json.loads(reports[-1].read_text()) if reports else {}
    found = records(out) if out.exists() else []
    return found, done.stderr, done.returncode, report, hits


def check(found: list[dict], log: str, status: int, report: dict, hits: list[str]) -> None:
    """Every article of the mirror once, every field right, no request but to the mirror."""
    assert status == 0, log[-3000:]
    ids = [r["id"] for r in found]
    assert sorted(ids) == sorted(snapshot_ids(ROOT)), "every article of the mirror, once"
    want = expected_records()
    for record in found:
        path = record["url"].removeprefix(PORTAL)
        for name in FIELDS:
            if name != "section_url":
                assert record[name] == want[path][name], f"{record['id']}: field {name!r}"
        # The host of section_url is the fetched page's (the mirror), a known fault with its
        # own xfail case in test_vi_site.py; its path must be the section's.
        section = want[path]["section_url"]
        got = record["section_url"] and urlsplit(record["section_url"]).path
        assert got == (section and section.removeprefix(PORTAL)), f"{record['id']}: section_url"
        for snippet in FURNITURE:
            assert snippet not in record["body"], f"{record['id']}: {snippet!r} in body"
    # Each request the crawler counted was one the mirror answered: none went elsewhere.
    assert report["requests"] == len(hits), (report["requests"], hits)
    assert report["download_errors"] == 0 and report["failures"] == []
    assert "parse failed" not in log


@pytest.mark.xfail(strict=True, reason="edition=vi lands with the spider redesign")
def test_the_vietnamese_edition_is_crawled_whole(tmp_path: Path) -> None:
    # Today `-a edition=vi` is not one of the spider's arguments: Scrapy sets it as an
    # attribute, the English discovery (/rss.xml, /feed, /news-and-events.html…) finds nothing
    # on this mirror, and the run ends with no record at all.
    check(*crawl(tmp_path, "-a", "edition=vi", "-a", "base_url={base}"))


def test_a_crawl_from_the_section_listing_finds_every_article(tmp_path: Path) -> None:
    """Today's discovery, given the listing as the homepage (the real one was never kept)."""
    home = (ROOT / (LISTING_PATH.lstrip("/") + ".html")).read_bytes()
    found, log, status, report, hits = crawl(tmp_path, "-a", "base_url={base}", home=home)
    check(found, log, status, report, hits)
    assert "/api/rss/34.xml" not in hits  # the English discovery never reads the feed


def test_every_article_page_of_the_mirror_crawls_right(tmp_path: Path) -> None:
    """`urls=` (no discovery): the Vietnamese pages go through the whole pipeline today."""
    urls = ",".join("{base}" + path for path in expected_records())
    check(*crawl(tmp_path, "-a", f"urls={urls}"))
