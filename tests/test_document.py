"""Building the tree: bytes in any charset the portal may send."""

from __future__ import annotations

import pytest

from mpscrawler.parsers import ParseError
from mpscrawler.parsers.document import load

TEXT = "Bộ trưởng Lương Tam Quang’s “visit”"


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><p>{TEXT}</p></body></html>".encode(),  # UTF-8, no charset anywhere
        b"\xef\xbb\xbf" + f"<html><body><p>{TEXT}</p></body></html>".encode(),  # BOM
        f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT}</p></body></html>'.encode(),
        f"<html><body><p>{TEXT}</p></body></html>",  # already text
    ],
)
def test_utf8_comes_out_right_whatever_is_declared(page: bytes | str) -> None:
    assert load(page, "http://x/").findtext(".//p") == TEXT


def test_bytes_in_another_declared_charset_are_read_with_it() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>café “naïve”</p></body></html>'
    assert load(page.encode("windows-1252"), "http://x/").findtext(".//p") == "café “naïve”"


@pytest.mark.parametrize("page", [b"", b"   \n", ""])
def test_empty_pages_are_refused(page: bytes | str) -> None:
    with pytest.raises(ParseError, match="empty page"):
        load(page, "http://x/")


def test_a_page_in_an_unknown_markup_with_a_vietnamese_date_line() -> None:
    from mpscrawler.parsers import parse_article

    page = """<html lang="vi"><body><div class="khung"><h1>Tiêu đề bài viết</h1>
    <div>17 tháng 12 năm 2020</div>
    <div>Đoạn mở đầu của bài viết, đủ dài để là một đoạn văn thật sự của bài báo này.</div>
    <div>Đoạn thứ hai của bài viết, cũng là văn bản của bài báo, không phải trang trí.</div>
    </div></body></html>"""
    record = parse_article(page, "https://bocongan.gov.vn/bai-viet/tieu-de-d1-t9999")
    assert (record.layout, record.id, record.published_date) == (
        "fallback",
        "vi-9999",
        "2020-12-17",
    )
    assert record.published_raw == "17 tháng 12 năm 2020"
    assert record.body.count("\n\n") == 1 and record.title == "Tiêu đề bài viết"


def test_a_legacy_breadcrumb_gives_the_section_and_stays_out_of_the_text() -> None:
    from mpscrawler.parsers import parse_article

    page = """<html><body><div class="breadcrumb"><a href="/">Home</a> › <a href="/news-events.html">News &amp; Events</a></div>
    <h1>COMMIT’s 14th SOM takes place in Hanoi</h1><p>December, 17 2020</p>
    <p>MPS - The 14th Senior Officials Meeting took place on December 16 in Hanoi.</p>
    <p>The event saw the presence of many delegates from the member countries.</p><p>by Linh Chi</p></body></html>"""
    record = parse_article(
        page, "http://en.bocongan.gov.vn/news-events/commits-14th-som-t7564.html"
    )
    assert (record.section, record.section_url) == (
        "News & Events",
        "http://en.bocongan.gov.vn/news-events.html",
    )
    assert "Home" not in record.body and record.byline == "Linh Chi"
