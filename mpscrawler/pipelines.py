"""Item pipelines, one job each: validate; then version (each id once a run).

Text is final when it leaves the parser (`parse_article` cleans every field and computes
`content_hash`); these only check and decide.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from mpscrawler.editions import EDITIONS
from mpscrawler.items import REQUIRED
from mpscrawler.state import InvalidRecord, State

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HANOI_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
ID = re.compile(rf"^(?:{'|'.join(EDITIONS)})-\d+$")


class ValidatePipeline:
    """Drop, with its reason logged and counted, a record missing a required field or malformed."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        """Built by Scrapy."""
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        """Return the item, or raise `InvalidRecord(reason)`."""
        adapter = ItemAdapter(item)
        reason = problem(adapter)
        if reason:
            self.stats.inc_value(f"mps/dropped/{reason.split(':')[0]}")
            raise InvalidRecord(f"{reason} ({adapter.get('url')})")
        return item


def problem(adapter: ItemAdapter) -> str | None:
    """The first thing wrong with a record, or None."""
    missing = [name for name in REQUIRED if adapter.get(name) in (None, "", [])]
    if missing:
        return f"missing: {', '.join(missing)}"
    checks = {
        "bad id": (ID, adapter.get("id")),
        "bad published_date": (DATE, adapter.get("published_date")),
        "bad published_at": (HANOI_TIME, adapter.get("published_at")),
    }
    wrong = [name for name, (form, value) in checks.items() if value and not form.match(value)]
    if wrong:
        return f"{wrong[0]}: "
    text = [(n, v) for n, v in adapter.items() if isinstance(v, str)]
    empty = [n for n, v in text if not v.strip()]
    if empty:
        return f"empty text: {empty[0]} (a missing value is null)"
    odd = [n for n, v in text if not unicodedata.is_normalized("NFC", v)]
    return f"not NFC: {odd[0]}" if odd else None


class VersionPipeline:
    """Emit each id once a run: with the state, only new and changed records, versioned."""

    def __init__(self, state: State | None) -> None:
        self.state = state
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> VersionPipeline:
        """The state when it is on (its staging then holds the run's ids)."""
        return cls(crawler.get_extension(State))

    def process_item(self, item: Any) -> Any:
        """Return the item (versioned), or raise `DropItem`: unchanged, or its id already out."""
        if self.state is not None:
            return self.state.version(item)
        ident = ItemAdapter(item)["id"]
        if ident in self.seen:
            raise DropItem(f"duplicate id {ident}")
        self.seen.add(ident)
        return item
