"""The backfill's pure side against a real pywb (a Wayback implementation) on 127.0.0.1.

Skipped when pywb is not installed (`pip install pywb`). pywb answers `output=json` with one
JSON object a line and names its fields `url`, `mime`, `status`; its index is at
`/{collection}/cdx`, its playback at `/{collection}/{timestamp}id_/{original}`.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest

from mpscrawler.archive import cdx
from mpscrawler.archive.captures import group
from mpscrawler.archive.playback import fault, parse_playback, provenance, raw_url
from mpscrawler.snapshot import SITE
from tests.archive_scenario import legacy_pages
from tests.helpers import free_port, wait_for

pytest.importorskip("pywb")
warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

# Three articles, each captured under two URL variants at two times.
ARTICLES = legacy_pages()[:3]
VARIANTS = (("http://en.bocongan.gov.vn/{}", "2020-12-18T03:04:05Z"),
            ("https://en.mps.gov.vn/{}", "2021-01-02T03:04:05Z"))  # fmt: skip


def write_warc(path: Path) -> None:
    """A WARC of the articles' pages, plus one page that is not an article."""
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        pages = [(form.format(p), when, p) for p in ARTICLES for form, when in VARIANTS]
        pages.append(("http://en.bocongan.gov.vn/news-and-events.html", "2020-12-19T00:00:00Z",
                      "news-and-events.html"))  # fmt: skip
        for url, when, file in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            page = (SITE / file).read_bytes()
            # With its length given, warcio digests the page in place (no temporary file).
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(page), length=len(page),
                http_headers=headers, warc_headers_dict={"WARC-Date": when},
            )  # fmt: skip
            writer.write_record(record)


@pytest.fixture(scope="module")
def pywb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """pywb serving a collection `web` of the WARC; yields its base URL."""
    work = tmp_path_factory.mktemp("pywb")
    write_warc(work / "legacy.warc.gz")
    manager = [sys.executable, "-c", "from pywb.manager.manager import main; main()"]
    for args in (["init", "web"], ["add", "web", str(work / "legacy.warc.gz")]):
        subprocess.run([*manager, *args], cwd=work, check=True, capture_output=True)
    port = free_port()
    command = [sys.executable, "-c", "from pywb.apps.cli import wayback; wayback()",
               "-p", str(port), "-b", "127.0.0.1", "-d", str(work)]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, final URL and body of a GET."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.url, answer.read()


def test_pywb_index_gives_every_article_once_per_digest(pywb: str) -> None:
    found = []
    for url in cdx.query_urls(pywb, limit=100, cdx_path="/web/cdx"):
        page = cdx.parse_cdx(fetch(url)[2])
        assert page.resume_key is None  # pywb prints no resume key
        found += page.rows
    assert len(found) == len(ARTICLES) * len(VARIANTS)
    grouped = group(found)
    assert sorted(grouped) == sorted(f"en-{p.rsplit('-t', 1)[1][:-5]}" for p in ARTICLES)
    # Both variants hold the same bytes (one digest): only the earlier capture is kept.
    for captures in grouped.values():
        assert [c.timestamp for c in captures] == ["20201218030405"]
        assert captures[0].original.startswith("http://en.bocongan.gov.vn/")


def test_pywb_plays_back_the_archived_bytes(pywb: str) -> None:
    (first, *_) = cdx.query_urls(pywb, hosts=["en.mps.gov.vn"], cdx_path="/web/cdx")
    for captures in group(cdx.parse_cdx(fetch(first)[2]).rows).values():
        capture = captures[0]
        status, final, body = fetch(raw_url(capture, pywb))
        path = capture.original.split("gov.vn/", 1)[1]
        assert body == (SITE / path).read_bytes()
        assert parse_playback(final, pywb) == (capture.original, capture.timestamp, True)
        assert fault(capture, final, status, body, pywb) is None
        assert provenance(final, pywb)["url"] == "https://en.bocongan.gov.vn/" + path
