"""Pipelines: normalise, validate (with reasons), deduplicate."""

from dataclasses import replace

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from mpscrawler.items import Article, Image
from mpscrawler.pipelines import DedupePipeline, NormalizePipeline, ValidatePipeline
from mpscrawler.spiders.mps_news import MpsNewsSpider

RECORD = Article(
    id="en-7564",
    url="http://en.bocongan.gov.vn/x-t7564.html",
    edition="en",
    layout="legacy",
    title=" COMMIT\u2019s 14th\u00a0SOM ",
    body="MPS - One.\u200b\n\n\n Two. ",
    published_date="2020-12-17",
    images=[
        Image(url="http://en.bocongan.gov.vn/a.jpg", caption="Delegates\u00a0at the event.", alt="")
    ],
    byline="",
    tags=["", " x "],
)


def validator() -> ValidatePipeline:
    return ValidatePipeline.from_crawler(get_crawler(MpsNewsSpider))


def test_normalise_cleans_text_and_turns_empty_into_null() -> None:
    item = NormalizePipeline().process_item(replace(RECORD, images=[replace(RECORD.images[0])]))
    assert item.title == "COMMIT\u2019s 14th SOM"
    assert item.body == "MPS - One.\n\nTwo."
    assert item.byline is None
    assert item.tags == ["x"]
    assert item.images[0].caption == "Delegates at the event." and item.images[0].alt is None
    assert item.content_hash and len(item.content_hash) == 64


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": None}, "missing: title"),
        ({"body": None, "published_date": None}, "missing: body, published_date"),
        ({"published_date": "17/12/2020"}, "bad published_date"),
        ({"published_at": "2020-12-17T01:00:00Z"}, "bad published_at"),
        ({"id": "7564"}, "bad id"),
    ],
)
def test_validate_drops_with_reason(change: dict, reason: str) -> None:
    pipeline = validator()
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(replace(RECORD, **change))
    assert pipeline.stats.get_value(f"mps/dropped/{reason.split(':')[0]}") == 1


def test_validate_passes_a_good_record() -> None:
    good = replace(RECORD, published_at="2020-12-17T09:00:00+07:00")
    assert validator().process_item(good) is good


def test_dedupe_by_id() -> None:
    pipeline = DedupePipeline()
    pipeline.process_item(RECORD)
    with pytest.raises(DropItem, match="duplicate id en-7564"):
        pipeline.process_item(replace(RECORD, url="https://en.bocongan.gov.vn/x-t7564.html"))
