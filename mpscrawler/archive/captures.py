"""One capture of a legacy article in a web archive, and the order in which captures are tried.

Preference: for each article, captures of the bare URL (no query string) come first, the
earliest first; query-string variants (`?utm_…`, a print view) come last, also earliest first.
Why the earliest and not the latest:
- it is stable: the archive keeps adding captures, but never earlier ones, so a second
  backfill picks the same capture and emits nothing new (the latest would change on each
  run, and with it the view counter "Lượt xem: 69" and the content hash);
- it is the article as published, in the layout of its own era (banner or not) that the
  parsers know; late captures of a legacy URL (2025–) are the likeliest to be the current
  site's answer, a CDN challenge or a "not found" page served with status 200;
- captures with the same digest are the same bytes: only the first of them is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from mpscrawler.editions import EN

# What the legacy English site was is declared once, in `editions.EN`.
CANONICAL_HOST = EN.host
LEGACY_HOSTS = EN.hosts
TIMESTAMP = re.compile(r"^\d{14}$")


def legacy_number(url: str) -> str | None:
    """The portal's id in a legacy English article URL (`7564`), else None."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "Invalid IPv6 URL": a stray `[` in the host
        return None
    if (parts.hostname or "").lower() not in LEGACY_HOSTS:
        return None
    return EN.article_number(parts.path, legacy=True)


def canonical_url(url: str) -> str:
    """`https://en.bocongan.gov.vn{path}`: alias host, scheme, port, query and fragment dropped."""
    # https: PORTAL.md, "The current site is HTTPS only (HSTS)"; era-B URLs were "`http` or
    # `https`"; the portal crawl's base URL is https. One form per article, whatever the capture.
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = CANONICAL_HOST if host in LEGACY_HOSTS else host
    return urlunsplit(("https", host, parts.path, "", ""))


def archived_at(timestamp: str) -> str:
    """A 14-digit archive timestamp (UTC) as ISO 8601: `2020-12-18T03:04:05+00:00`."""
    if not TIMESTAMP.match(timestamp):
        raise ValueError(f"not a 14-digit timestamp: {timestamp!r}")
    return datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC).isoformat()


@dataclass(frozen=True)
class Capture:
    """One row of the archive's index: a capture of one URL at one time."""

    urlkey: str
    """SURT key of the URL (`vn,gov,bocongan,en)/news-events/…`): http and https share it."""
    timestamp: str
    """Capture time, UTC, `YYYYMMDDhhmmss`."""
    original: str
    """The URL as the archive fetched it (scheme, host, port and query as they were)."""
    mimetype: str | None = None
    status: int | None = None
    """HTTP status the portal answered (None for `-`, as on revisit records)."""
    digest: str | None = None
    """Hash of the archived bytes: two captures with one digest are the same page."""
    length: int | None = None

    @property
    def article_id(self) -> str | None:
        """Stable record id of the article (`en-7564`), None for a URL that is not one."""
        number = legacy_number(self.original)
        return f"en-{number}" if number else None

    @property
    def canonical_url(self) -> str:
        """The article's portal URL in the records' form."""
        return canonical_url(self.original)

    @property
    def archived_at(self) -> str:
        """Capture time as ISO 8601 UTC."""
        return archived_at(self.timestamp)


def preference(capture: Capture) -> tuple[bool, str, bool, str]:
    """Sort key: bare URL first, then earliest, then the canonical host, then the URL."""
    parts = urlsplit(capture.original)
    alias = (parts.hostname or "").lower() != CANONICAL_HOST
    return (bool(parts.query), capture.timestamp, alias, capture.original)


def group(captures: Iterable[Capture]) -> dict[str, list[Capture]]:
    """Captures by article id, in preference order, one per digest; non-articles left out."""
    grouped: dict[str, list[Capture]] = {}
    for capture in sorted((c for c in captures if c.article_id), key=preference):
        kept = grouped.setdefault(str(capture.article_id), [])
        if capture.digest is None or all(c.digest != capture.digest for c in kept):
            kept.append(capture)
    return dict(sorted(grouped.items(), key=lambda item: int(item[0].split("-")[1])))
