"""Sitemaps, feeds and robots.txt, read without trusting the XML."""

from pathlib import Path

import pytest

from mpscrawler.parsers import ParseError
from mpscrawler.parsers.feeds import parse_feed, robots_sitemaps

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"


def test_real_rss_feed_gives_article_links_with_hanoi_dates() -> None:
    entries = parse_feed(
        (FEEDS / "rss-34.xml").read_bytes(), "https://bocongan.gov.vn/api/rss/34.xml"
    )
    assert len(entries) == 10
    first = entries[0]
    assert (
        first.url
        == "https://bocongan.gov.vn/bai-viet/cu-the-hoa-hop-tac-dao-tao-nghien-cuu-cong-nghe-an-ninh-voi-dai-hoc-concordia-1791199677"
    )
    assert (
        first.title == "Hợp tác đào tạo, nghiên cứu công nghệ an ninh với Đại học Concordia, Canada"
    )
    assert first.date == "2026-10-05"
    assert (
        first.summary
        == "Chiều ngày 5/10/2026, tại Hà Nội, Đại tướng Lương Tam Quang, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an đã có buổi làm việc với Giáo sư Graham Carr, Hiệu trưởng Trường Đại học Concordia, Canada."
    )


def test_robots_sitemap_lines() -> None:
    text = (FEEDS / "robots-vi.txt").read_text()
    assert robots_sitemaps(text, "https://bocongan.gov.vn/robots.txt") == [
        "https://bocongan.gov.vn/sitemap.xml"
    ]


def test_sitemap_and_index() -> None:
    xml = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://en.bocongan.gov.vn/article/a-1769419716</loc><lastmod>2026-01-22T18:00:00Z</lastmod></url>
    <url><loc>https://en.bocongan.gov.vn/article/b-1769419717</loc></url></urlset>"""
    entries = parse_feed(xml, "https://en.bocongan.gov.vn/sitemap.xml")
    assert [(e.url[-12:], e.date, e.is_sitemap) for e in entries] == [
        ("a-1769419716", "2026-01-23", False),
        ("b-1769419717", None, False),
    ]
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>/sitemap-1.xml</loc></sitemap></sitemapindex>"""
    assert parse_feed(index, "https://en.bocongan.gov.vn/sitemap.xml")[0].is_sitemap


@pytest.mark.parametrize(
    "xml",
    [
        # Billion laughs and an external entity: refused, never expanded or fetched.
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><urlset>&b;</urlset>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><link>&x;</link></item></channel></rss>',
        b"<html><body>not a feed</body></html>",
        b"",
    ],
)
def test_hostile_or_wrong_xml_raises_parse_error(xml: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(xml, "https://en.bocongan.gov.vn/sitemap.xml")


def test_a_description_that_is_only_a_url_is_read_without_a_warning() -> None:
    rss = b"""<rss><channel><item><title>t</title><link>https://bocongan.gov.vn/bai-viet/a-1791199677</link>
    <description>https://bocongan.gov.vn/bai-viet/a-1791199677</description></item></channel></rss>"""
    (entry,) = parse_feed(rss, "https://bocongan.gov.vn/api/rss/34.xml")
    assert entry.summary == "https://bocongan.gov.vn/bai-viet/a-1791199677"


def test_a_feed_cut_off_mid_item_is_not_taken_as_read() -> None:
    whole = (FEEDS / "rss-34.xml").read_bytes()
    url = "https://bocongan.gov.vn/api/rss/34.xml"
    assert len(parse_feed(whole + b"\n<!-- cached 2026-12-01 -->\n<?cache hit?>\n", url)) == 10
    with pytest.raises(ParseError, match="cut off: no </rss> at its end"):
        parse_feed(whole[: len(whole) // 2], url)
