"""The rules of incremental runs, as pure functions: what to fetch, how a record is versioned."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

# Fields of a record that say when, where from or as which version it was read, not what the
# page says: they never make a new version.
NOT_CONTENT = frozenset(
    {"crawled_at", "version", "first_seen", "updated", "source", "archive_url", "archived_at",
     "warc_file", "warc_offset", "content_hash"}
)  # fmt: skip


def now() -> str:
    """UTC now, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def since(seconds: int) -> str:
    """UTC `seconds` ago, as `now` writes it."""
    return (datetime.now(UTC) - timedelta(seconds=seconds)).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Known:
    """What the state holds of one article."""

    content_hash: str
    version: int
    first_seen: str
    last_seen: str
    fields_hash: str | None = None
    """Digest of every field the page gives (None for articles known before it was kept)."""


@dataclass(frozen=True)
class Verdict:
    """What becomes of a parsed record: emitted (with these versioning fields) or not."""

    outcome: str
    """`new`, `updated`, `unchanged` (not emitted) or `again` (asked for by URL, unchanged)."""
    version: int
    first_seen: str
    updated: str | None

    @property
    def emit(self) -> bool:
        """True when the record goes to the run file."""
        return self.outcome != "unchanged"


def fields_digest(record: Mapping[str, Any]) -> str:
    """sha256 of every field the page gives (not when or whence it was read)."""
    content = {k: v for k, v in record.items() if k not in NOT_CONTENT}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def judge(
    known: Known | None, content_hash: str, fields_hash: str, crawled_at: str, explicit: bool
) -> Verdict:
    """Version a record against what the state knows of its id.

    New: version 1. Changed text, or any other field the page gives (a better parser reading
    the same page): one more, `updated` now. Unchanged: not emitted, unless the page was
    asked for by URL (`urls=`), when it comes out as it is known.
    """
    if known is None:
        return Verdict("new", 1, crawled_at, None)
    changed = known.fields_hash is not None and known.fields_hash != fields_hash
    if known.content_hash != content_hash or changed:
        return Verdict("updated", known.version + 1, known.first_seen, crawled_at)
    return Verdict("again" if explicit else "unchanged", known.version, known.first_seen, None)


def wants_article(known: Known | None, lastmod: str | None, full: bool) -> bool:
    """Fetch an article? Unless known and not modified since (a sitemap `lastmod` day)."""
    if full or known is None:
        return True
    return bool(lastmod) and str(lastmod) > known.last_seen[:10]


def wants_sitemap(lastmod: str | None, last_run: str | None, full: bool) -> bool:
    """Read a sitemap of an index? Not when its `lastmod` is a day before the last run."""
    return full or not lastmod or not last_run or lastmod >= last_run[:10]
