"""Pipelines: validate (with reasons), then version and deduplicate."""

from dataclasses import replace

import pytest
from scrapy.exceptions import DropItem

from mpscrawler.items import Article, Image
from mpscrawler.pipelines import ValidatePipeline, VersionPipeline
from tests.helpers import crawler

RECORD = Article(
    id="en-7564",
    url="http://en.bocongan.gov.vn/x-t7564.html",
    edition="en",
    layout="legacy",
    title="COMMIT\u2019s 14th SOM",
    body="MPS - One.\n\nTwo.",
    published_date="2020-12-17",
    images=[Image(url="http://en.bocongan.gov.vn/a.jpg", caption="Delegates at the event.")],
    content_hash="a" * 64,
    crawled_at="2026-11-28T00:00:00+00:00",
)


def validator() -> ValidatePipeline:
    return ValidatePipeline.from_crawler(crawler())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": None}, "missing: title"),
        ({"body": None, "published_date": None}, "missing: body, published_date"),
        ({"published_date": "17/12/2020"}, "bad published_date"),
        ({"published_at": "2020-12-17T01:00:00Z"}, "bad published_at"),
        ({"id": "7564"}, "bad id"),
        ({"byline": " "}, "empty text: byline"),
        ({"lead": "Co\u0302ng an"}, "not NFC: lead"),
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


def test_without_state_each_id_comes_out_once() -> None:
    pipeline = VersionPipeline.from_crawler(crawler(MPS_STATE_ENABLED=False))
    assert pipeline.state is None
    pipeline.process_item(RECORD)
    with pytest.raises(DropItem, match="duplicate id en-7564"):
        pipeline.process_item(replace(RECORD, url="https://en.bocongan.gov.vn/x-t7564.html"))
