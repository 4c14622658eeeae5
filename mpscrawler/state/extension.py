"""The state as a Scrapy component: reached with `crawler.get_extension(State)`, wired to signals.

It decides what to fetch, versions records, keeps failures, and commits the run's records only
once every file holding them is finished and the run report is written.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Any, TypeVar

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from mpscrawler import urls
from mpscrawler.run import edition_path, run_id, write_failed
from mpscrawler.signals import page_failed
from mpscrawler.state import lock, rules
from mpscrawler.state.store import StateStore

logger = logging.getLogger(__name__)
T = TypeVar("T")


def plain(item: Any, adapter: ItemAdapter) -> dict[str, Any]:
    """The record as a dict, nested items too: a dataclass's in a third of itemadapter's time."""
    if is_dataclass(item) and not isinstance(item, type):
        return asdict(item)
    return adapter.asdict()


class InvalidRecord(DropItem):
    """A record dropped by validation: a failure of its URL, retried on the next runs."""


class State:
    """Extension owning the state store of one edition."""

    def __init__(self, crawler: Crawler, store: StateStore) -> None:
        self.crawler, self.store, self.stats = crawler, store, crawler.stats
        settings = crawler.settings
        self.full = settings.getbool("MPS_FULL")
        self.explicit = settings.getbool("MPS_EXPLICIT")
        self.retry_limit = settings.getint("MPS_RETRY_LIMIT")
        self.retry_later = settings.getint("MPS_RETRY_LATER")
        self.overlap = settings.getint("MPS_OVERLAP_PAGES")
        self.last_run = store.last_seen()
        self.cut_short = store.cut_short()  # the last run stopped early: catch up on this one
        self.reason = "finished"
        self.slots: list[tuple[str, int, bool]] = []
        self.broken = False  # a write to the state failed: the run keeps nothing
        crawler.signals.connect(self.page_failed, page_failed)
        crawler.signals.connect(self.item_dropped, signals.item_dropped)
        crawler.signals.connect(self.feed_slot_closed, signals.feed_slot_closed)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> State:
        """Open (and lock) the edition's store at `MPS_STATE_PATH`, unless the state is off."""
        if not crawler.settings.getbool("MPS_STATE_ENABLED"):
            raise NotConfigured("MPS_STATE_ENABLED is off")
        path = edition_path(crawler.settings, "MPS_STATE_PATH")
        lock.acquire(path)
        return cls(crawler, StateStore(path, run_id(crawler.settings)))

    def _write(self, action: Callable[..., T], *args: Any) -> T | None:
        """A write to the state; a failure is noted once and ends the run's writes (None).

        The run then keeps nothing (its records stay unknown and come out again next run);
        raising would fail again, with a traceback, at every record and page of the run.
        """
        if self.broken:
            return None
        try:
            return action(*args)
        except sqlite3.Error as error:
            self.broken = True
            write_failed(self.crawler, self.store.path, error)
            return None

    def wants(self, url: str, lastmod: str | None = None) -> bool:
        """Fetch this article? Yes unless known and not modified since (sitemap `lastmod`)."""
        ident = urls.article_id(url)
        known = self.store.known(ident) if ident else None
        wanted = rules.wants_article(known, lastmod, self.full)
        if not wanted:
            self.stats.inc_value("mps/skipped_known")
        return wanted

    def wants_sitemap(self, lastmod: str | None) -> bool:
        """Read a sitemap of an index? Not when its `lastmod` is a day before the last run."""
        wanted = rules.wants_sitemap(lastmod, self.last_run, self.full or bool(self.cut_short))
        if not wanted:
            self.stats.inc_value("mps/skipped_sitemaps")
        return wanted

    def retries(self) -> list[tuple[str, str]]:
        """(URL, kind) of failed pages to try again: every run up to `MPS_RETRY_LIMIT` runs,
        then once every `MPS_RETRY_LATER` seconds."""
        before = rules.since(self.retry_later)
        return self.store.retries(self.retry_limit, before)

    def succeeded(self, url: str) -> None:
        """A listing or sitemap read in full: its earlier failure is cleared."""
        self._write(self.store.succeeded, url)

    def version(self, item: Any) -> Any:
        """Version a record and hold it for the run; drop it unchanged or already in the run."""
        adapter = ItemAdapter(item)
        known = self.store.known(adapter["id"])
        record = plain(item, adapter)
        digest = rules.fields_digest(record)
        verdict = rules.judge(
            known, adapter["content_hash"], digest, adapter["crawled_at"], self.explicit
        )
        if not verdict.emit:
            self._write(self.store.touch, adapter["id"], adapter["url"], digest)
            self.stats.inc_value("mps/unchanged")
            raise DropItem(f"unchanged {adapter['id']}", log_level="DEBUG")
        versioned = {
            "version": verdict.version,
            "first_seen": verdict.first_seen,
            "updated": verdict.updated,
        }
        adapter.update(versioned)
        staged = self._write(self.store.stage, {**record, **versioned, "fields_hash": digest})
        if staged is None:
            self.stats.inc_value("mps/not_staged")
            raise DropItem(
                f"not kept, the state cannot be written: {adapter['id']}", log_level="DEBUG"
            )
        if not staged:
            self.stats.inc_value("mps/duplicates")
            raise DropItem(f"duplicate id {adapter['id']}")
        self.stats.inc_value(f"mps/{verdict.outcome}")
        return item

    def page_failed(self, url: str, reason: str, kind: str) -> None:
        """A page that gave no record (or a listing or sitemap that failed): kept for a retry."""
        self._write(self.store.fail, url, reason, kind)

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        """A record that failed validation is a failure of its page."""
        if isinstance(exception, InvalidRecord):
            url = response.url if response is not None else ItemAdapter(item)["url"]
            self._write(self.store.fail, url, str(exception), "article")

    def feed_slot_closed(self, slot: Any) -> None:
        """A run file closed: how many records it holds, and whether it is finished."""
        stored = getattr(slot.storage, "stored", None)
        if stored is None:  # a storage of Scrapy's: its failures are counted in the stats
            stored = not any(
                k.startswith("feedexport/failed_count") for k in self.stats.get_stats()
            )
        self.slots.append((slot.uri, slot.itemcount, bool(stored)))

    def kept(self) -> bool:
        """Every record of the run is in every finished file, and nothing failed to write."""
        staged = self.store.staged_count()
        if self.stats.get_value("mps/write_failed"):
            return False
        return (
            staged == 0
            or bool(self.slots)
            and all(stored and count == staged for _, count, stored in self.slots)
        )

    def not_kept(self) -> None:
        """The run keeps nothing: say how many records stay unknown (emitted again next run)."""
        unkept = self.store.staged_count() + (self.stats.get_value("mps/not_staged") or 0)
        self.stats.set_value("mps/state_committed", 0)
        self.stats.set_value("mps/unkept", unkept)
        logger.error(
            "%d records were not kept in a finished file (%s): they stay unknown and"
            " the next run emits them again",
            unkept,
            self.slots,
        )

    def spider_closed(self, reason: str) -> None:
        """How the run ended: `finished`, or stopped early (`shutdown`, `closespider_…`)."""
        self.reason = reason

    def engine_stopped(self) -> None:
        """The run is over: its records become known if they were kept; close the store."""
        try:
            if self.kept():
                committed = self._write(self.store.commit_run)
                self.stats.set_value("mps/state_committed", committed)
                self._write(self.store.ended, self.reason)
            else:
                self.not_kept()
            for key, value in self.store.counts().items():
                self.stats.set_value(f"mps/state/{key}", value)
        except sqlite3.Error as error:  # reading what is left of a state that failed
            write_failed(self.crawler, self.store.path, error)
        finally:
            self.store.close()
            lock.release(self.store.path)
