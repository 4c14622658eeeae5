"""Re-parsing stored article pages equals parsing them afresh."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mpscrawler.items import Article
from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.snapshot import SITES
from mpscrawler.warc.reparse import ParseFailure, Progress, crawled_at, reparse
from mpscrawler.warc.writer import RollingWarcWriter
from tests.warc_helpers import LEGACY, LISTING, exchange, site_url

ARTICLES = sorted(
    p for d in ("en/article", "en/news-events", "vi/bai-viet") for p in (SITES / d).glob("*.html")
)
FETCHED = datetime(2026, 12, 1, 10, 15, 0, 250000, tzinfo=UTC)


def store(root: Path, pages: list[tuple[str, bytes]], max_size: int = 10**9) -> None:
    """Write the pages (and a listing, which re-parsing skips) as a crawl would."""
    w = RollingWarcWriter(root, "en", "mps_news", max_size, {})
    w.write(exchange("http://127.0.0.1:8800/news-and-events.html", LISTING.read_bytes()))
    for url, body in pages:
        w.write(dataclasses.replace(exchange(url, body), fetched_at=FETCHED))
    w.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_reparse_equals_parse_article_over_the_same_pages(tmp_path: Path, workers: int) -> None:
    pages = [(site_url(p), p.read_bytes()) for p in ARTICLES]
    store(tmp_path, pages, max_size=300_000)
    seen: list[int] = []
    got = list(reparse(root=tmp_path, workers=workers, chunk_size=3,
                       progress=lambda p: seen.append(p.pages), every=5))
    assert [g.url for g in got] == [parse_article(body, url).url for url, body in pages]
    for (url, body), record in zip(pages, got, strict=True):
        assert isinstance(record, Article)
        expected = parse_article(body, url)
        stamped = dataclasses.replace(record, warc_file=None, warc_offset=None, crawled_at=None)
        assert stamped == expected
        assert record.crawled_at == "2026-12-01T10:15:00+00:00"
        assert record.warc_file and record.warc_file.startswith("en/mps_news-")
        assert record.warc_offset is not None and record.warc_offset > 0
    assert len({r.warc_file for r in got}) > 1
    assert seen == [*range(5, len(pages) + 1, 5), len(pages)]


def test_pages_that_do_not_parse_come_out_as_failures_with_their_url(tmp_path: Path) -> None:
    url = "http://127.0.0.1:8800/news-events/broken-t101.html"
    cut = "http://127.0.0.1:8800/news-events/cut-t102.html"
    good = site_url(LEGACY)
    with pytest.raises(ParseError):
        parse_article(b"<html><body><p>nothing here</p></body></html>", url)
    store(tmp_path, [(url, b"<html><body><p>nothing here</p></body></html>"),
                     (cut, LEGACY.read_bytes()[:1500]), (good, LEGACY.read_bytes())])
    final: list[Progress] = []
    got = list(reparse(root=tmp_path, workers=2, progress=final.append, every=1000))
    assert [type(g) for g in got] == [ParseFailure, ParseFailure, Article]
    assert [(g.url, g.reason) for g in got[:2]] == [
        (url, "no article on the page"), (cut, "truncated page (no </html>)")
    ]
    assert all(g.warc_offset > 0 for g in got[:2])
    assert (final[-1].pages, final[-1].parsed, final[-1].failed) == (3, 1, 2)


def test_given_files_only_and_wayback_uris_kept(tmp_path: Path) -> None:
    wayback = "https://web.archive.org/web/20201217093000id_/" + site_url(LEGACY)
    store(tmp_path / "a", [(wayback, LEGACY.read_bytes())])
    store(tmp_path / "b", [(site_url(LEGACY), LEGACY.read_bytes())])
    (path,) = (tmp_path / "a").rglob("*.warc.gz")
    (record,) = reparse([path], root=tmp_path / "b", workers=1)
    assert isinstance(record, Article)
    assert record.warc_file == str(path) and record.id == "en-5276"


@pytest.mark.parametrize(("warc_date", "expected"), [
    ("2026-12-01T10:15:00.250000Z", "2026-12-01T10:15:00+00:00"),
    ("2020-12-17T09:30:00Z", "2020-12-17T09:30:00+00:00"),
    ("2020-12-17T16:30:00+07:00", "2020-12-17T09:30:00+00:00"),
    ("not a date", None),
])
def test_crawled_at_is_the_warc_date_in_utc_to_the_second(warc_date: str, expected: str) -> None:
    assert crawled_at(warc_date) == expected


def test_a_broken_file_gives_a_failure_where_it_breaks_and_the_next_file_follows(
    tmp_path: Path,
) -> None:
    pages = [(site_url(p), p.read_bytes()) for p in ARTICLES[:3]]
    store(tmp_path / "a", pages)
    store(tmp_path / "b", pages[:1])
    (broken,) = (tmp_path / "a").rglob("*.warc.gz")
    whole = broken.read_bytes()
    offsets = [r.warc_offset for r in reparse([broken], root=tmp_path, workers=1)]
    broken.write_bytes(whole[: offsets[2] + 5000])
    (other,) = (tmp_path / "b").rglob("*.warc.gz")
    got = list(reparse([broken, other], root=tmp_path, workers=2, chunk_size=2))
    assert [type(g) for g in got] == [Article, Article, ParseFailure, Article]
    failure = got[2]
    assert isinstance(failure, ParseFailure)
    assert (failure.url, failure.reason) == (pages[2][0], "WARC record cut short")
    assert (failure.warc_file, failure.warc_offset) == (broken.relative_to(tmp_path).as_posix(), offsets[2])


def test_page_url_gives_the_parser_the_portal_url_and_failures_keep_the_stored_one(
    tmp_path: Path,
) -> None:
    stored, broken = site_url(LEGACY), "http://127.0.0.1:8800/news-events/broken-t103.html"
    store(tmp_path, [(stored, LEGACY.read_bytes()), (broken, b"<html><body></body></html>")])

    def portal(url: str) -> str:
        return url.replace("http://127.0.0.1:8800", "https://en.bocongan.gov.vn")

    record, failure = reparse(root=tmp_path, workers=2, page_url=portal)
    assert isinstance(record, Article) and isinstance(failure, ParseFailure)
    expected = parse_article(LEGACY.read_bytes(), portal(stored))
    assert record.url == expected.url and record.url.startswith("https://en.bocongan.gov.vn/")
    assert parse_article(LEGACY.read_bytes(), stored).url == stored  # no canonical on the page
    assert failure.url == broken


def test_a_page_stored_in_utf16_reparses_like_its_utf8_bytes(tmp_path: Path) -> None:
    # The crawl takes a UTF-16 page with its BOM (test_hostile_charsets); so must reparse.
    page = SITES / "vi" / "bai-viet" / (
        "viet-nam-canada-thuc-day-hop-tac-an-ninh-thuc-thi-phap-luat-1790397583.html"
    )
    url = site_url(page)
    store(tmp_path, [(url, page.read_bytes().decode("utf-8").encode("utf-16"))])
    (got,) = reparse(root=tmp_path, workers=1)
    assert isinstance(got, Article), got
    assert (got.title, got.body) == (parse_article(page.read_bytes(), url).title,
                                     parse_article(page.read_bytes(), url).body)
