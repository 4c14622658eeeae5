"""Playback URLs of a Wayback-style archive (`/web/{timestamp}[id_]/{original}`) and their answers.

`archive_url` is the archive's base (`https://web.archive.org`, or any service speaking the same
protocol, a path prefix allowed); `collection` is the path segment before the timestamp (`web`
on the Wayback Machine, the collection's name on pywb).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from mpscrawler.archive.captures import Capture, canonical_url, legacy_number
from mpscrawler.archive.captures import archived_at as iso_time
from mpscrawler.items import Article
from mpscrawler.urls import CAPTURE_STAMP

DEFAULT_ARCHIVE = "https://web.archive.org"
# After the collection: `/{timestamp}{modifier}/{original}`, the grammar `urls` owns.
PLAYBACK = re.compile(rf"^/{CAPTURE_STAMP}/(?P<url>.+)$")
# Proxies and the archive's own links sometimes fold `http://` to `http:/`.
SCHEME = re.compile(r"^(?P<scheme>https?):/+", re.IGNORECASE)
# How far from the end the closing tag of a whole page must be.
TAIL = 4096
# The CDN's block page, archived with status 200 in place of the article: Imperva (formerly
# Incapsula, PORTAL.md "behind the Imperva CDN") answers "Request unsuccessful. Incapsula
# incident ID: …" and loads its `/_Incapsula_Resource` script.
CHALLENGES = (b"Incapsula incident ID", b"/_Incapsula_Resource")


class Playback(NamedTuple):
    """What a playback URL points at."""

    original: str
    timestamp: str
    raw: bool
    """True for the archived bytes (`id_`), False for the toolbar rendering."""


def _prefix(archive_url: str, collection: str) -> str:
    """The path every playback URL of this archive starts with (`/web`)."""
    return urlsplit(archive_url).path.rstrip("/") + "/" + collection


def raw_url(capture: Capture, archive_url: str = DEFAULT_ARCHIVE, collection: str = "web") -> str:
    """The archived bytes of a capture, without the archive's toolbar: `…/{ts}id_/{original}`."""
    return f"{archive_url.rstrip('/')}/{collection}/{capture.timestamp}id_/{capture.original}"


def page_url(capture: Capture, archive_url: str = DEFAULT_ARCHIVE, collection: str = "web") -> str:
    """The capture as a reader sees it, in the toolbar: `…/{ts}/{original}` (to cite it)."""
    return f"{archive_url.rstrip('/')}/{collection}/{capture.timestamp}/{capture.original}"


def parse_playback(
    url: str, archive_url: str = DEFAULT_ARCHIVE, collection: str = "web"
) -> Playback | None:
    """(original URL, timestamp) of a playback URL of this archive, either scheme; else None."""
    try:
        parts, base = urlsplit(url), urlsplit(archive_url)
    except ValueError:  # "Invalid IPv6 URL"
        return None
    if parts.netloc.lower() != base.netloc.lower() or parts.scheme not in {"http", "https"}:
        return None
    prefix = _prefix(archive_url, collection)
    target = url[len(f"{parts.scheme}://{parts.netloc}") :]
    if not target.startswith(prefix + "/"):
        return None
    match = PLAYBACK.match(target[len(prefix) :])
    if match is None:
        return None
    original = match["url"]
    scheme = SCHEME.match(original)
    original = SCHEME.sub(f"{scheme['scheme'].lower()}://", original, 1) if scheme else original
    original = original if scheme else "http://" + original
    return Playback(original, match["stamp"], match["mod"] == "id_")


def fault(
    capture: Capture,
    final_url: str,
    status: int,
    body: bytes,
    archive_url: str = DEFAULT_ARCHIVE,
    collection: str = "web",
) -> str | None:
    """Why a playback answer cannot stand for its capture's article (None when it can)."""
    landed = parse_playback(final_url, archive_url, collection)
    if status != 200:
        return f"status {status}"
    if landed is None:
        return "redirected out of the archive"
    if legacy_number(landed.original) != legacy_number(capture.original):
        return "redirected to another page"
    if len(landed.timestamp) != 14:
        return "no capture time"
    if not body.strip():
        return "empty"
    if any(marker in body for marker in CHALLENGES):
        return "challenge page"
    if b"</html" not in body[-TAIL:].lower():
        return "truncated"
    return None


def provenance(
    final_url: str, archive_url: str = DEFAULT_ARCHIVE, collection: str = "web"
) -> dict[str, str]:
    """`url`, `source`, `archive_url` and `archived_at` of a record read from a playback URL."""
    landed = parse_playback(final_url, archive_url, collection)
    if landed is None or len(landed.timestamp) != 14:
        raise ValueError(f"not a capture's playback URL of {archive_url}: {final_url}")
    cite = f"{archive_url.rstrip('/')}/{collection}/{landed.timestamp}/{landed.original}"
    return {
        "url": canonical_url(landed.original),
        "source": "wayback",
        "archive_url": cite,
        "archived_at": iso_time(landed.timestamp),
    }


def cite(article: Article, origin: dict[str, str]) -> None:
    """An article read from an archive: its portal URL, and the capture it was read from."""
    article.url, article.source = origin["url"], origin["source"]
    article.archive_url, article.archived_at = origin["archive_url"], origin["archived_at"]
