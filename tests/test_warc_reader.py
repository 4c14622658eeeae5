"""Reading the HTML pages of WARCs in the forms other tools write them."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mpscrawler.snapshot import serve
from mpscrawler.warc.reader import WarcError, iter_captures, read_capture, warc_files
from mpscrawler.warc.writer import RollingWarcWriter
from tests.warc_helpers import CURRENT, LEGACY, LISTING, exchange, records

PAGE = LEGACY.read_bytes()
WAYBACK = "https://web.archive.org/web/20201217093000id_/http://en.bocongan.gov.vn/news-events/mps-reviews-october-task-performance-t5276.html"


def chunked(body: bytes, size: int = 1000) -> bytes:
    """`body` in HTTP/1.1 chunked transfer-encoding."""
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def raw_response(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    """An HTTP response as a tool stores it: status line, headers, payload as on the wire."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode() + body


def write(path: Path, records: list[tuple[str, str, bytes]], gzip: bool, version: str) -> None:
    """Write `(type, uri, raw block)` records the way warcio-based tools do."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip, warc_version=version)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "other/1.0"}))
        for kind, uri, block in records:
            record = writer.create_warc_record(uri, kind, payload=BytesIO(block), length=len(block))
            writer.write_record(record)


def revisit(path: Path, uri: str) -> None:
    """Append a `revisit` record (identical payload) to a gzipped file."""
    with path.open("ab") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_revisit_record(
            uri, "sha1:AAAA", uri, "2020-12-17T09:30:00Z", http_headers=http
        )
        writer.write_record(record)


def test_pywb_style_gzip_per_record_with_chunked_gzip_payload_is_decoded(tmp_path: Path) -> None:
    wire = chunked(gzip.compress(PAGE))
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
               ("Transfer-Encoding", "chunked")]
    path = tmp_path / "pywb.warc.gz"
    write(path, [("response", "http://en.bocongan.gov.vn/x-t5276.html",
                  raw_response("200 OK", headers, wire))], gzip=True, version="1.1")
    (capture,) = iter_captures(path)
    assert capture.html == PAGE
    assert capture.url == "http://en.bocongan.gov.vn/x-t5276.html"
    assert capture.content_type == "text/html; charset=utf-8"


def test_wget_style_uncompressed_warc_1_0_skips_all_but_html_responses(tmp_path: Path) -> None:
    html = [("Content-Type", "text/html")]
    path = tmp_path / "wget.warc"
    write(path, [
        ("request", "http://en.bocongan.gov.vn/", b"GET / HTTP/1.1\r\nHost: en.bocongan.gov.vn\r\n\r\n"),
        ("response", "http://en.bocongan.gov.vn/", raw_response("200 OK", html, LISTING.read_bytes())),
        ("response", "http://en.bocongan.gov.vn/logo.png", raw_response("200 OK", [("Content-Type", "image/png")], b"\x89PNG")),
        ("response", "http://en.bocongan.gov.vn/site.css", raw_response("200 OK", [("Content-Type", "text/css")], b"body{}")),
        ("response", "http://en.bocongan.gov.vn/gone", raw_response("404 Not Found", html, b"<html>gone</html>")),
        ("response", "http://en.bocongan.gov.vn/old", raw_response("301 Moved Permanently", html + [("Location", "/")], b"")),
        ("response", "http://en.bocongan.gov.vn/bare", raw_response("200 OK", [], b"\n<!DOCTYPE html><html>bare</html>")),
        ("response", "http://en.bocongan.gov.vn/blob", raw_response("200 OK", [], b"\x00\x01binary")),
        ("metadata", "http://en.bocongan.gov.vn/", b"outlink: http://x/\r\n"),
    ], gzip=False, version="1.0")
    found = list(iter_captures(path, "wget.warc"))
    assert [c.url for c in found] == ["http://en.bocongan.gov.vn/", "http://en.bocongan.gov.vn/bare"]
    assert found[0].html == LISTING.read_bytes() and found[0].warc_file == "wget.warc"
    assert found[0].fetched_at.endswith("Z")
    offsets = [o for kind, h, _, o in records(path) if kind == "response"]
    assert [c.offset for c in found] == [offsets[0], offsets[5]]
    for capture in found:
        assert read_capture(path, capture.offset, "wget.warc") == capture


def test_internet_archive_style_keeps_wayback_uris_and_skips_revisits(tmp_path: Path) -> None:
    path = tmp_path / "ia.warc.gz"
    write(path, [("response", WAYBACK, raw_response("200 OK", [("Content-Type", "text/html")], PAGE))],
          gzip=True, version="1.0")
    revisit(path, WAYBACK)
    (capture,) = iter_captures(path)
    assert capture.url == WAYBACK
    assert capture.html == PAGE
    assert [kind for kind, *_ in records(path)] == ["warcinfo", "response", "revisit"]


def test_directories_give_finished_warcs_only(tmp_path: Path) -> None:
    for name in ("en/a.warc.gz", "en/.b.warc.gz.part", "vi/c.warc", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    assert [p.relative_to(tmp_path).as_posix() for p in warc_files([tmp_path])] == [
        "en/a.warc.gz", "vi/c.warc"
    ]


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed")
def test_a_real_wget_warc_of_a_page_served_on_loopback(tmp_path: Path) -> None:
    with serve() as base_url:
        url = base_url + "/news-events/mps-reviews-october-task-performance-t5276.html"
        subprocess.run(
            ["wget", "--quiet", "--no-proxy", f"--warc-file={tmp_path / 'wget'}", "-O",
             str(tmp_path / "page.html"), url],
            check=True, timeout=60, cwd=tmp_path,
        )
    (capture,) = iter_captures(tmp_path / "wget.warc.gz")
    assert capture.url == url
    assert capture.html == PAGE
    assert read_capture(tmp_path / "wget.warc.gz", capture.offset) == capture


def three_pages(root: Path) -> tuple[Path, list[int]]:
    """A file of three era-C pages (ours), and the offsets of their responses."""
    w = RollingWarcWriter(root, "en", "mps_news", 10**9, {})
    where = [w.write(exchange(f"http://127.0.0.1/article/a-{1000000000 + i}", CURRENT.read_bytes()))
             for i in range(3)]
    w.close()
    return root / where[0][0], [offset for _, offset in where]


def test_a_record_cut_short_is_an_error_after_the_pages_before_it(tmp_path: Path) -> None:
    path, offsets = three_pages(tmp_path)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(path.read_bytes()[: offsets[2] + 20_000])  # inside the third page
    pages = iter_captures(cut, "cut.warc.gz")
    assert [next(pages).offset, next(pages).offset] == offsets[:2]
    with pytest.raises(WarcError, match="cut short") as error:
        next(pages)
    assert (error.value.offset, error.value.url) == (offsets[2], "http://127.0.0.1/article/a-1000000002")
    with pytest.raises(WarcError, match="cut short"):
        read_capture(cut, offsets[2])


def test_bytes_that_are_no_warc_are_an_error_where_they_start(tmp_path: Path) -> None:
    path, offsets = three_pages(tmp_path)
    data = path.read_bytes()
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[: offsets[1]] + b"<html>not a record</html>\r\n" + data[offsets[1] :])
    pages = iter_captures(bad)
    assert next(pages).offset == offsets[0]
    with pytest.raises(WarcError, match="unreadable WARC") as error:
        next(pages)
    assert error.value.offset == offsets[1]
