"""The framework's floor: fetch every page of the bench portal, extract nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy

from bench.portal import Portal


class BareSpider(scrapy.Spider):
    """`scrapy runspider bench/bare_spider.py -a base_url=… -a articles=N`."""

    name = "bare"

    def __init__(self, base_url: str, articles: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url, self.articles = base_url, int(articles)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The same pages the crawler reads, straight from the portal's own list."""
        for path in Portal(self.articles).urls():
            yield scrapy.Request(self.base_url + path, callback=self.nothing)

    def nothing(self, response: scrapy.http.Response) -> None:
        """Extract nothing."""
