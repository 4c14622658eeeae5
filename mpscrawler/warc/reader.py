"""Every HTML page of any WARC file: ours, pywb's, `wget --warc-file`'s, the Internet Archive's.

gzip per record or uncompressed, WARC/1.0 and 1.1; the stored HTTP payload is decoded
(chunked transfer-encoding, gzip content-encoding) by warcio's `content_stream()`. Only
`response` records with a 2xx HTML payload are pages: `revisit` records (no payload of their
own), requests, metadata and non-HTML responses are skipped. Target URIs are returned as given
(a Wayback `…/web/2020…id_/http://…` URI stays so).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

HTML_TYPES = ("text/html", "application/xhtml+xml")
SNIFF = (b"<!doctype html", b"<html")
PATTERNS = ("*.warc.gz", "*.warc")
BROKEN = (ArchiveLoadFailed, zlib.error, EOFError, ValueError)


class WarcError(Exception):
    """A WARC file that cannot be read on from `offset`: a record cut short, or not WARC."""

    def __init__(self, reason: str, warc_file: str, offset: int, url: str = "") -> None:
        super().__init__(f"{reason} ({warc_file} at {offset})")
        self.reason, self.warc_file, self.offset, self.url = reason, warc_file, offset, url


class Capture(NamedTuple):
    """One stored HTML page, and where its `response` record starts."""

    url: str
    html: bytes
    fetched_at: str
    """The capture's `WARC-Date`, as written (`2026-12-01T10:15:00.123456Z`)."""
    warc_file: str
    offset: int
    """Byte offset of the `response` record (its gzip member) in the file."""
    content_type: str | None = None
    """The HTTP `Content-Type` header, when the response had one."""


def warc_files(paths: Iterable[Path]) -> list[Path]:
    """The finished WARC files of the paths given (directories searched); `.part` files never."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for pattern in PATTERNS for p in path.rglob(pattern))
        else:
            found.append(path)
    return [p for p in found if not p.name.startswith(".")]


def iter_captures(path: Path, name: str | None = None) -> Iterator[Capture]:
    """Every HTML page of one WARC file; `name` is the `warc_file` to report (default: path).

    Raises `WarcError` where the file stops being readable, after the pages before that point.
    """
    name = name or str(path)
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                capture = _capture(record, name)
                if capture is not None:
                    yield _placed(capture, record, records.get_record_offset())
        except BROKEN as error:
            reason = " ".join(str(error).split())[:160]
            raise WarcError(f"unreadable WARC: {reason}", name, records.offset) from error


def _placed(capture: Capture, record: Any, offset: int) -> Capture:
    """The capture at its offset; `WarcError` when the record is shorter than it says."""
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise WarcError("WARC record cut short", capture.warc_file, offset, capture.url)
    return capture._replace(offset=offset)


def read_capture(path: Path, offset: int, name: str | None = None) -> Capture | None:
    """The page whose `response` record starts at `offset` (None if that is no HTML page)."""
    with path.open("rb") as stream:
        stream.seek(offset)
        return next(_from(stream, name or str(path), offset), None)


def _from(stream: IO[bytes], name: str, offset: int) -> Iterator[Capture]:
    """The capture of the first record of a stream."""
    for record in ArchiveIterator(stream):
        capture = _capture(record, name)
        if capture is not None:
            yield _placed(capture, record, offset)
        return


def _capture(record: Any, name: str) -> Capture | None:
    """A record as a capture (offset not yet known), or None when it is no HTML page."""
    if record.rec_type != "response" or not record.http_headers:
        return None
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    content_type = record.http_headers.get_header("Content-Type")
    if content_type and not is_html(content_type, b""):
        return None
    html = record.content_stream().read()
    if not is_html(content_type, html):
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    return Capture(url, html, headers.get_header("WARC-Date"), name, -1, content_type)


def is_html(content_type: str | None, body: bytes) -> bool:
    """An HTML media type; or, without one, a body that starts like an HTML document."""
    if content_type:
        return content_type.split(";")[0].strip().lower() in HTML_TYPES
    return body.lstrip()[:15].lower().startswith(SNIFF)
