"""Rolling WARC files (ISO 28500, WARC/1.1, gzip per record) that readers only see finished.

A file is written as `.name.warc.gz.part` and renamed to `name.warc.gz` (fsynced first) when
it reaches the size limit or the crawl closes: a crash leaves only `.part` files behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

SUFFIX = ".warc.gz"
PART = ".part"
WARC_VERSION = "1.1"
Headers = list[tuple[str, str]]


@dataclass
class Exchange:
    """One HTTP request and its response, as the crawler saw them."""

    url: str
    status: int
    headers: Headers
    body: bytes
    method: str = "GET"
    request_headers: Headers = field(default_factory=list)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    ip_address: str | None = None
    protocol: str = "HTTP/1.1"


def part_path(path: Path) -> Path:
    """The name of a file being written: `.name.part` beside it."""
    return path.with_name(f".{path.name}{PART}")


def warc_date(moment: datetime) -> str:
    """WARC/1.1 date: UTC, to the microsecond, `Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def status_line(status: int) -> str:
    """`200 OK`; a code without a standard reason phrase stands alone."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class RollingWarcWriter:
    """Writes exchanges to `<root>/<subdir>/<prefix>-<start>-<serial>.warc.gz`, rolled by size."""

    def __init__(self, root: Path, subdir: str, prefix: str, max_size: int, info: dict[str, str]):
        self.root, self.directory = root, root / subdir
        self.prefix, self.max_size, self.info = prefix, max_size, info
        self.stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.serial = 0
        self.finished: list[str] = []
        self._file: IO[bytes] | None = None
        self._final = self._part = Path()
        self._writer: WARCWriter | None = None
        self._info_id = ""

    def write(self, exchange: Exchange) -> tuple[str, int]:
        """Write the response and request records; return (final file name, response offset)."""
        if self._file is None:
            self._open()
        assert self._file is not None and self._writer is not None
        offset = self._file.tell()
        response = self._response(exchange)
        self._writer.write_record(response)
        self._writer.write_record(self._request(exchange, response))
        name = self._name()
        if self._file.tell() >= self.max_size:
            self._finish()
        return name, offset

    def close(self) -> None:
        """Finish the open file, if any."""
        if self._file is not None:
            self._finish()

    def _name(self) -> str:
        """The open file's final name, relative to the root (`en/mps_news-…-00001.warc.gz`)."""
        return self._final.relative_to(self.root).as_posix()

    def _open(self) -> None:
        """Open the next free serial as a `.part` file and write its `warcinfo` record first."""
        self.directory.mkdir(parents=True, exist_ok=True)
        while self._file is None:
            self.serial += 1
            self._final = self.directory / f"{self.prefix}-{self.stamp}-{self.serial:05d}{SUFFIX}"
            self._part = part_path(self._final)
            if self._final.exists():
                continue
            try:
                self._file = self._part.open("xb")
            except FileExistsError:
                continue
        self._writer = WARCWriter(self._file, gzip=True, warc_version=WARC_VERSION)
        warcinfo = self._writer.create_warcinfo_record(self._final.name, self.info)
        self._info_id = warcinfo.rec_headers.get_header("WARC-Record-ID")
        self._writer.write_record(warcinfo)

    def _finish(self) -> None:
        """Flush and fsync the file, rename it into place, fsync the directory."""
        assert self._file is not None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = self._writer = None
        os.replace(self._part, self._final)
        directory = os.open(self._final.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        self.finished.append(self._name())

    def _response(self, exchange: Exchange) -> object:
        """The `response` record: status line, headers, body."""
        http = StatusAndHeaders(status_line(exchange.status), exchange.headers,
                                protocol=exchange.protocol)
        headers = {"WARC-Date": warc_date(exchange.fetched_at), "WARC-Warcinfo-ID": self._info_id}
        if exchange.ip_address:
            headers["WARC-IP-Address"] = exchange.ip_address
        assert self._writer is not None
        return self._writer.create_warc_record(
            exchange.url, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
            http_headers=http, warc_headers_dict=headers,
        )

    def _request(self, exchange: Exchange, response: object) -> object:
        """The `request` record, concurrent to its response."""
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = list(exchange.request_headers)
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        http = StatusAndHeaders(f"{exchange.method} {target} HTTP/1.1", headers,
                                is_http_request=True)
        rec_headers = response.rec_headers  # type: ignore[attr-defined]
        assert self._writer is not None
        return self._writer.create_warc_record(
            exchange.url, "request", http_headers=http, warc_headers_dict={
                "WARC-Date": rec_headers.get_header("WARC-Date"),
                "WARC-Concurrent-To": rec_headers.get_header("WARC-Record-ID"),
                "WARC-Warcinfo-ID": self._info_id,
            },
        )
