"""The seed article (`texts/seed-article.txt`, the page as it reads) comes out exactly."""

from __future__ import annotations

from pathlib import Path

from mpscrawler.parsers import parse_article
from mpscrawler.snapshot import SITE
from tests.fixtures.site_texts import SEED_URL

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGE = (
    SITE
    / "international-relations-cooperation"
    / "commits-14th-som-takes-place-in-hanoi-t7564.html"
)
# PORTAL.md: the caption "Delegates at the event." bound to its photo; byline "Linh Chi".
CAPTION = "Delegates at the event."


def seed_lines() -> list[str]:
    """The seed text's lines: banner, title, date, lead, paragraphs, caption, byline, "Search"."""
    text = (FIXTURES / "texts" / "seed-article.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_seed_article_is_exact() -> None:
    lines = seed_lines()
    banner, title, day, *text, byline, search = lines
    assert (banner, search) == (
        "Ministry of Public Security Portal is under construction",
        "Search",
    )
    paragraphs = [line for line in text if line != CAPTION]
    record = parse_article(PAGE.read_text(encoding="utf-8"), SEED_URL)
    assert record.id == "en-7564"
    assert record.url == SEED_URL
    assert record.title == title == "COMMIT’s 14th SOM takes place in Hanoi"
    assert record.published_raw == day == "December, 17 2020"
    assert record.published_date == "2020-12-17"
    assert record.lead == paragraphs[0] and record.lead.startswith("MPS - ")
    assert record.body.split("\n\n") == paragraphs and len(paragraphs) == 7
    assert [(image.caption, image.url.endswith(".jpg")) for image in record.images] == [
        (CAPTION, True)
    ]
    assert record.captions == [CAPTION]
    assert (record.byline, record.byline_raw) == ("Linh Chi", byline) == ("Linh Chi", "by Linh Chi")
    for field in (record.title, record.lead, record.body, record.byline):
        assert "Search" not in field and banner not in field
