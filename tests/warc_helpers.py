"""What the WARC tests share: exchanges of the snapshot's pages, a look at a file's records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from mpscrawler.snapshot import SITE, SITES
from mpscrawler.warc.records import Exchange

HTML = [("Content-Type", "text/html; charset=utf-8")]
LISTING = SITE / "news-and-events.html"
LEGACY = SITE / "news-events" / "mps-reviews-october-task-performance-t5276.html"
CURRENT = SITE / "article" / "mps-reviews-task-performance-in-april-1557324000.html"


def exchange(url: str, body: bytes, headers: list[tuple[str, str]] | None = None) -> Exchange:
    """A 200 HTML exchange of `body` at `url`."""
    return Exchange(url=url, status=200, headers=headers or HTML, body=body,
                    request_headers=[("User-Agent", "mpscrawler-test")])


def records(path: Path) -> list[tuple[str, Any, bytes, int]]:
    """(type, WARC headers, decoded payload, offset) of every record of a file."""
    found = []
    with path.open("rb") as stream:
        it = ArchiveIterator(stream)
        for record in it:
            payload = record.content_stream().read()
            found.append((record.rec_type, record.rec_headers, payload, it.get_record_offset()))
    return found


def site_url(page: Path) -> str:
    """The URL the snapshot serves a page at (era-C pages have no `.html`)."""
    path = "/" + page.relative_to(SITES).as_posix().split("/", 1)[1]
    if path.startswith(("/article/", "/bai-viet/")):
        path = path.removesuffix(".html")
    return "http://127.0.0.1:8800" + path
