"""Incremental runs: what to fetch, which records are new or changed, and when they count."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Response
from scrapy.spiders import Spider

from mpscrawler import urls
from mpscrawler.state import StateStore, now

STAGED = ("id", "url", "content_hash", "version", "published_date", "first_seen")


class InvalidRecord(DropItem):
    """A record dropped by validation: a failure of its URL, retried on the next runs."""


class Incremental:
    """Extension owning the state store: skip known pages, version records, commit at finish."""

    def __init__(self, crawler: Crawler, store: StateStore) -> None:
        self.crawler, self.store = crawler, store
        self.full = False
        self.explicit = False
        self.since_last_run = store.last_seen()
        self.retry_limit = crawler.settings.getint("MPS_RETRY_LIMIT", 5)
        self.overlap = crawler.settings.getint("MPS_OVERLAP_PAGES", 0)
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signals.item_dropped)
        crawler.signals.connect(self.feed_exporter_closed, signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Incremental:
        """Open the store at `MPS_STATE_PATH` unless `MPS_STATE_ENABLED` is off."""
        if not crawler.settings.getbool("MPS_STATE_ENABLED", True):
            raise NotConfigured("MPS_STATE_ENABLED is off")
        run = crawler.settings.get("MPS_RUN_ID") or now()
        return cls(crawler, StateStore(crawler.settings.get("MPS_STATE_PATH"), run))

    @staticmethod
    def of(crawler: Crawler) -> Incremental | None:
        """The crawl's `Incremental` extension, or None when it is off."""
        return next((e for e in crawler.extensions.middlewares if isinstance(e, Incremental)), None)

    def spider_opened(self, spider: Spider) -> None:
        """`-a full=1` re-fetches everything; `-a urls=` pages are emitted even if unchanged."""
        args = getattr(spider, "args", None)
        self.full = bool(getattr(args, "full", False))
        self.explicit = bool(getattr(args, "urls", None))

    def wants(self, url: str, lastmod: str | None = None) -> bool:
        """Fetch this article? Yes unless known and not modified since (sitemap `lastmod`)."""
        ident = urls.article_id(url)
        known = self.store.known(ident) if ident and not self.full else None
        if known is None or (lastmod and lastmod > known.last_seen[:10]):
            return True
        self.crawler.stats.inc_value("mps/skipped_known")
        return False

    def wants_sitemap(self, lastmod: str | None) -> bool:
        """Read a sitemap of an index? Not when its `lastmod` is a day before the last run."""
        if self.full or not lastmod or not self.since_last_run:
            return True
        if lastmod < self.since_last_run[:10]:
            self.crawler.stats.inc_value("mps/skipped_sitemaps")
            return False
        return True

    def judge(self, item: Any) -> Any:
        """Version a parsed record: new, changed (version + 1) or unchanged (dropped)."""
        adapter = ItemAdapter(item)
        known = self.store.known(adapter["id"])
        if known and known.content_hash == adapter["content_hash"] and self.explicit:
            adapter.update(version=known.version, first_seen=known.first_seen, updated=None)
            return item
        if known and known.content_hash == adapter["content_hash"]:
            self.store.touch(adapter["id"])
            self.store.succeeded(adapter["url"])
            self.crawler.stats.inc_value("mps/unchanged")
            raise DropItem(f"unchanged {adapter['id']}", log_level="DEBUG")
        adapter["version"] = known.version + 1 if known else 1
        adapter["first_seen"] = known.first_seen if known else adapter["crawled_at"]
        adapter["updated"] = adapter["crawled_at"] if known else None
        self.crawler.stats.inc_value("mps/updated" if known else "mps/new")
        return item

    def item_scraped(self, item: Any, response: Response) -> None:
        """A record on its way to the file: staged until the file is finished."""
        adapter = ItemAdapter(item)
        self.store.stage({name: adapter.get(name) for name in STAGED}, response.url)

    def fail(self, url: str, reason: str, kind: str = "article") -> None:
        """A page that gave no record (or a listing page that failed): kept for the next runs."""
        self.store.fail(url, reason, kind)

    def retries(self) -> list[tuple[str, str]]:
        """(URL, kind) of failed pages still worth another try."""
        return list(self.store.retries(self.retry_limit))

    def item_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        """A record that failed validation is a failure of its page."""
        if isinstance(exception, InvalidRecord):
            self.fail(
                response.url if response is not None else ItemAdapter(item)["url"], str(exception)
            )

    def feed_exporter_closed(self) -> None:
        """The run's files are finished: its records become known, unless a file failed."""
        failed = any(
            k.startswith("feedexport/failed_count") for k in self.crawler.stats.get_stats()
        )
        if failed:
            self.crawler.stats.set_value("mps/state_committed", 0)
        else:
            self.crawler.stats.set_value("mps/state_committed", self.store.commit_run())
        for key, value in self.store.counts().items():
            self.crawler.stats.set_value(f"mps/state/{key}", value)

    def engine_stopped(self) -> None:
        """Close the database."""
        self.store.close()
