"""Every source of articles (the sitemaps, each listing, the backend) advances at the same pace."""

from __future__ import annotations

from collections import Counter

import scrapy
from scrapy.http import XmlResponse
from scrapy.pqueues import ScrapyPriorityQueue
from scrapy.squeues import LifoMemoryQueue

from mpscrawler.crawl.shares import BATCH, LEVELS, SITEMAPS, Shares
from mpscrawler.spiders.mps_news import MpsNewsSpider
from tests.helpers import crawler

SITE = "https://en.bocongan.gov.vn"
LISTING = f"{SITE}/news-events.html"


def test_a_sources_articles_step_down_a_level_a_batch_at_a_time() -> None:
    shares = Shares(batch=3)
    assert [shares.article("a") for _ in range(7)] == [0, 0, 0, -1, -1, -1, -2]
    assert shares.discovery("a") == -1  # above the level its next articles take
    assert shares.article("b") == 0 and shares.discovery("b") == 1  # each source its own count


def test_levels_stop_at_the_deepest() -> None:
    """Scrapy's disk queue keeps a file open per priority: a 50,000-URL sitemap takes 31."""
    shares = Shares()
    priorities = {shares.article("sitemaps") for _ in range(50_000)}
    assert priorities == set(range(-LEVELS, 1))
    assert shares.discovery("sitemaps") == -LEVELS + 1


def test_a_listings_next_page_goes_before_a_sitemaps_later_articles() -> None:
    spider = MpsNewsSpider.from_crawler(crawler(MPS_EDITION="en"), edition="en")
    portal = spider.portal
    mapped = [
        portal.article(f"{SITE}/article/a-{1700000000 + n}", source=SITEMAPS) for n in range(1000)
    ]
    (page,) = portal.section(LISTING)
    found = portal.article(f"{SITE}/article/b-1600000000", source=portal.listing_source(LISTING))
    assert found[0].priority == 0  # the listing's first article: level 0, as the sitemap's first
    assert page.priority > mapped[BATCH][0].priority  # before the sitemap's second hundred
    further = portal.listing(f"{LISTING}?page=2", 2)
    assert portal.listing_source(further.url) == portal.listing_source(LISTING)
    assert further.priority == 1  # the listing asked for one article: still on its first level


def test_the_queue_serves_a_sitemap_and_a_listing_side_by_side() -> None:
    """Scrapy's own queue, fed as a crawl feeds it: a sitemap of 1,000 articles, then a listing
    whose every page names 7 articles and the next page; the first 400 fetched are of both."""
    spider = MpsNewsSpider.from_crawler(crawler(MPS_EDITION="en"), edition="en")
    portal = spider.portal
    queue = ScrapyPriorityQueue.from_crawler(spider.crawler, LifoMemoryQueue, "")
    for n in range(1000):
        queue.push(portal.article(f"{SITE}/article/a-{1700000000 + n}", source=SITEMAPS)[0])
    queue.push(portal.listing(LISTING, 1))
    fetched: Counter[str] = Counter()
    while sum(fetched.values()) < 400:
        request = queue.pop()
        assert isinstance(request, scrapy.Request)
        if request.meta["mps_kind"] == "listing":  # the page "read": its articles, its next page
            page = request.cb_kwargs["page"]
            source = portal.listing_source(request.url)
            for n in range(7):
                ident = 1600000000 + page * 10 + n
                queue.push(portal.article(f"{SITE}/article/b-{ident}", source=source)[0])
            queue.push(portal.listing(f"{LISTING}?page={page + 1}", page + 1))
        else:
            fetched["listing" if "/b-" in request.url else "sitemap"] += 1
    assert fetched["listing"] >= 150 and fetched["sitemap"] >= 150


def test_a_feed_is_a_source_of_its_own() -> None:
    """An RSS feed read after a large sitemap: its newest articles do not queue behind it."""
    spider = MpsNewsSpider.from_crawler(crawler(MPS_EDITION="en"), edition="en")
    portal = spider.portal
    for n in range(1000):
        portal.article(f"{SITE}/article/a-{1700000000 + n}", source=SITEMAPS)
    request = portal.feed(f"{SITE}/rss.xml")
    assert request.priority == 1
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item>'
        b"<link>https://en.bocongan.gov.vn/article/newest-1700009999</link>"
        b"</item></channel></rss>"
    )
    (article,) = spider.parse_feed(XmlResponse(request.url, body=rss, request=request))
    assert isinstance(article, scrapy.Request) and article.url.endswith("-1700009999")
    assert article.priority == 0
