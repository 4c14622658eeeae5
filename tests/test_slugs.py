"""A page at an article's URL whose headline is not the one the URL names gives no record."""

from __future__ import annotations

import pytest

from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.parsers.slugs import names, slug_words
from mpscrawler.snapshot import SITE

LEGACY = "http://en.bocongan.gov.vn/news-events/mps-reviews-october-task-performance-t5276.html"
CURRENT = "https://bocongan.gov.vn/bai-viet/hop-tac-dao-tao-nghien-cuu-cong-nghe-an-ninh-voi-dai-hoc-concordia-1791199677"


@pytest.mark.parametrize(
    ("url", "headline", "named"),
    [
        (LEGACY, "MPS reviews October task performance", True),
        (LEGACY, "MPS reviews task performance in October 2020", True),  # edited, mostly kept
        (LEGACY, "Scheduled maintenance", False),
        (LEGACY, "Police forces ensure safety for WEF ASEAN 2018", False),
        (
            CURRENT,
            "Hợp tác đào tạo, nghiên cứu công nghệ an ninh với Đại học Concordia, Canada",
            True,
        ),
        (CURRENT, "Bộ Công an tổ chức hội nghị", False),
        ("https://web.archive.org/web/2020id_/" + LEGACY, "Scheduled maintenance", False),
        (
            "http://en.bocongan.gov.vn/news-events/x-t1.html",
            "Scheduled maintenance",
            True,
        ),  # names none
    ],
)
def test_a_headline_is_the_one_its_url_names(url: str, headline: str, named: bool) -> None:
    assert names(url, headline) is named


def test_slug_words_leave_out_the_id() -> None:
    assert slug_words(LEGACY) == ["mps", "reviews", "october", "task", "performance"]


def test_another_articles_page_at_an_articles_url_gives_no_record() -> None:
    other = SITE / "news-events" / "police-forces-ensure-safety-for-wef-asean-2018-t5168.html"
    with pytest.raises(ParseError, match="not the one its URL names"):
        parse_article(other.read_bytes(), LEGACY)
    maintenance = (
        "<html><head><title>Scheduled maintenance</title></head><body><h1>Scheduled maintenance</h1>"
        "<p>Monday, December 1, 2026</p><p>The portal is undergoing scheduled maintenance. We "
        "apologise for any inconvenience this may cause to our readers.</p></body></html>"
    )
    with pytest.raises(ParseError):
        parse_article(maintenance, LEGACY)
