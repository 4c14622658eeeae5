"""Item pipelines, one job each: normalise, validate, deduplicate, version."""

from __future__ import annotations

import re
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from mpscrawler.incremental import Incremental, InvalidRecord
from mpscrawler.text import clean, clean_paragraphs, content_hash

PARAGRAPH_FIELDS = frozenset({"body"})
REQUIRED = ["id", "url", "title", "body", "published_date"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HANOI_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
ID = re.compile(r"^(en|vi)-\d+$")


def normalise(value: Any, name: str = "") -> Any:
    """NFC, spaces collapsed, zero-width removed, empty as None; lists and images inside too."""
    if isinstance(value, str):
        return clean_paragraphs(value) if name in PARAGRAPH_FIELDS else clean(value)
    if isinstance(value, list):
        items = [normalise(v) for v in value]
        return [v for v in items if v is not None]
    if hasattr(value, "__dataclass_fields__"):
        for key in value.__dataclass_fields__:
            setattr(value, key, normalise(getattr(value, key), key))
    return value


class NormalizePipeline:
    """Normalise every text field and recompute the content hash from the normalised text."""

    def process_item(self, item: Any) -> Any:
        """Return the item with normalised fields."""
        adapter = ItemAdapter(item)
        for name in adapter.field_names():
            adapter[name] = normalise(adapter.get(name), name)
        adapter["content_hash"] = content_hash(adapter.get("title"), adapter.get("body"))
        return item


class ValidatePipeline:
    """Drop, with its reason logged and counted, a record missing a required field or malformed."""

    def __init__(self, required: list[str], stats: StatsCollector) -> None:
        self.required, self.stats = required, stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        """Required fields from `MPS_REQUIRED_FIELDS` (default: id, url, title, body, date)."""
        return cls(crawler.settings.getlist("MPS_REQUIRED_FIELDS", REQUIRED), crawler.stats)

    def process_item(self, item: Any) -> Any:
        """Return the item, or raise `DropItem(reason)`."""
        adapter = ItemAdapter(item)
        reason = problem(adapter, self.required)
        if reason:
            self.stats.inc_value(f"mps/dropped/{reason.split(':')[0]}")
            raise InvalidRecord(f"{reason} ({adapter.get('url')})")
        return item


def problem(adapter: ItemAdapter, required: list[str]) -> str | None:
    """The first thing wrong with a record, or None."""
    missing = [name for name in required if adapter.get(name) in (None, "", [])]
    if missing:
        return f"missing: {', '.join(missing)}"
    checks = {
        "bad id": (ID, adapter.get("id")),
        "bad published_date": (DATE, adapter.get("published_date")),
        "bad published_at": (HANOI_TIME, adapter.get("published_at")),
    }
    wrong = (name for name, (form, value) in checks.items() if value and not form.match(value))
    return next((f"{name}: " for name in wrong), None)


class DedupePipeline:
    """Drop a second record of the same `id` within a run.

    With the state store on, the ids of the run are its staged records, on disk: memory stays
    flat however many articles a run holds. Without it, a set in memory.
    """

    def __init__(self, incremental: Incremental | None = None) -> None:
        self.incremental = incremental
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        """Use the state store when there is one."""
        return cls(Incremental.of(crawler))

    def process_item(self, item: Any) -> Any:
        """Return the item the first time its id is seen."""
        ident = ItemAdapter(item)["id"]
        if self.incremental is not None:
            if self.incremental.store.staged(ident):
                raise DropItem(f"duplicate id {ident}")
            return item
        if ident in self.seen:
            raise DropItem(f"duplicate id {ident}")
        self.seen.add(ident)
        return item


class VersionPipeline:
    """Emit only new records and changed ones (with their version); needs the state store."""

    def __init__(self, incremental: Incremental) -> None:
        self.incremental = incremental

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> VersionPipeline:
        """Off when the state store is off."""
        incremental = Incremental.of(crawler)
        if incremental is None:
            raise NotConfigured("no state store")
        return cls(incremental)

    def process_item(self, item: Any) -> Any:
        """Return the item versioned, or raise `DropItem` when unchanged."""
        return self.incremental.judge(item)
