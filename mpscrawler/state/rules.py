"""The rules of incremental runs, as pure functions: what to fetch, how a record is versioned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


def now() -> str:
    """UTC now, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Known:
    """What the state holds of one article."""

    content_hash: str
    version: int
    first_seen: str
    last_seen: str


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


def judge(known: Known | None, content_hash: str, crawled_at: str, explicit: bool) -> Verdict:
    """Version a record against what the state knows of its id.

    New: version 1. Changed text: one more, `updated` now. Unchanged: not emitted, unless
    the page was asked for by URL (`urls=`), when it comes out as it is known.
    """
    if known is None:
        return Verdict("new", 1, crawled_at, None)
    if known.content_hash != content_hash:
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
