"""Listing and sitemap pages go before articles while the queue is short, after them beyond."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mpscrawler.spiders.mps_news import MpsNewsSpider
from mpscrawler.spiders.sitemaps import AHEAD, DISCOVERY, discovery_priority
from tests.helpers import crawler


class Queue:
    """A scheduler holding `n` requests."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n


def crawl(engine: Any) -> Any:
    """A crawler with that engine."""
    return SimpleNamespace(engine=engine)


@pytest.mark.parametrize(("queued", "expected"), [(0, AHEAD), (999, AHEAD), (1000, DISCOVERY)])
def test_discovery_runs_ahead_of_articles_only_while_few_are_queued(
    queued: int, expected: int
) -> None:
    assert discovery_priority(crawl(SimpleNamespace(scheduler=Queue(queued))), 1000) == expected


@pytest.mark.parametrize(
    "engine",
    [None, SimpleNamespace(), SimpleNamespace(scheduler=None), SimpleNamespace(scheduler=object())],
)
def test_without_a_queue_to_measure_discovery_waits_for_articles(engine: Any) -> None:
    assert discovery_priority(crawl(engine), 1000) == DISCOVERY


def test_the_crawls_listing_requests_take_it() -> None:
    spider = MpsNewsSpider.from_crawler(crawler(MPS_EDITION="en"), edition="en")
    spider.crawler.engine = SimpleNamespace(scheduler=Queue(5))  # type: ignore[assignment]
    assert spider.portal.listing("https://en.bocongan.gov.vn/news-events.html", 2).priority == AHEAD
    spider.crawler.engine = SimpleNamespace(scheduler=Queue(5000))  # type: ignore[assignment]
    assert (
        spider.portal.listing("https://en.bocongan.gov.vn/news-events.html", 2).priority
        == DISCOVERY
    )
