"""The portal's URL patterns."""

import pytest

from mpscrawler import urls


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://en.bocongan.gov.vn/international-relations-cooperation/commits-14th-som-takes-place-in-hanoi-t7564.html",
            "en-7564",
        ),
        ("http://en.bocongan.gov.vn/news/top-stories/some-story-5732.html", "en-5732"),
        ("https://en.bocongan.gov.vn/article/seven-leaders-elected-1769419716", "en-1769419716"),
        ("https://en.mps.gov.vn/article/pickleball-open-concludes-1754444499", "en-1754444499"),
        ("https://bocongan.gov.vn/bai-viet/mo-rong-hop-tac-1791199100", "vi-1791199100"),
        ("https://bocongan.gov.vn/bai-viet/tin-cu-d12-t3456", "vi-3456"),
        (
            "https://web.archive.org/web/20201218000000/http://en.bocongan.gov.vn/news-events/x-t7290.html",
            "en-7290",
        ),
        ("http://127.0.0.1:8800/article/some-slug-1769419716", "en-1769419716"),
        ("http://127.0.0.1:8800/bai-viet/some-slug-1791199100", "vi-1791199100"),
        ("https://en.bocongan.gov.vn/news-and-events.html?Page=2", None),
        (
            "https://en.bocongan.gov.vn/category/international-relations-and-cooperation-1752394941",
            None,
        ),
    ],
)
def test_article_id(url: str, expected: str | None) -> None:
    assert urls.article_id(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Captured pager URLs repeat the parameter: the last value is the page shown.
        (
            "http://en.bocongan.gov.vn/news-and-events.html?Page=2&Page=3&Page=2&Page=4",
            "http://en.bocongan.gov.vn/news-and-events.html?Page=4",
        ),
        (
            "http://en.bocongan.gov.vn/news-and-events.html?Page=100&Page=99&Page=97&Page=98&Page=99",
            "http://en.bocongan.gov.vn/news-and-events.html?Page=99",
        ),
        (
            "http://en.bocongan.gov.vn/news-and-events.html?Page=1",
            "http://en.bocongan.gov.vn/news-and-events.html",
        ),
        (
            "https://en.bocongan.gov.vn/category/x-1752394941?page=2#top",
            "https://en.bocongan.gov.vn/category/x-1752394941?page=2",
        ),
        ("https://en.bocongan.gov.vn", "https://en.bocongan.gov.vn/"),
    ],
)
def test_canonical_listing(url: str, expected: str) -> None:
    assert urls.canonical_listing(url) == expected


def test_rebase_moves_portal_urls_only() -> None:
    mirror = "http://127.0.0.1:9000"
    assert (
        urls.rebase("https://bocongan.gov.vn/bai-viet/x-1791199100?a=1", mirror)
        == "http://127.0.0.1:9000/bai-viet/x-1791199100?a=1"
    )
    assert urls.rebase("https://example.org/x", mirror) == "https://example.org/x"
    assert urls.rebase("https://en.bocongan.gov.vn/", None) == "https://en.bocongan.gov.vn/"


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("https://en.bocongan.gov.vn/x-t1.html", None, "en"),
        ("https://bocongan.gov.vn/x", None, "vi"),
        ("http://127.0.0.1/bai-viet/x-1791199100", None, "vi"),
        ("http://127.0.0.1/news-events/x-t1.html", "vi", "vi"),
        ("http://127.0.0.1/news-events/x-t1.html", None, "en"),
    ],
)
def test_edition(url: str, language: str | None, expected: str) -> None:
    assert urls.edition(url, language).name == expected
