"""URL functions over the editions' declarations: article ids, listing pages, mirrors, archives."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mpscrawler import editions
from mpscrawler.editions import Edition

PORTAL_HOSTS = editions.portal_hosts()
# A capture's place in a Wayback-style playback path, after the collection: `{timestamp}` then a
# modifier: `id_` the archived bytes as they were, none the page inside the archive's toolbar
# (`im_`, `js_`, `cs_`, `if_` its other renderings). `archive.playback` reads it too.
CAPTURE_STAMP = r"(?P<stamp>\d{1,14})(?P<mod>[a-z]{2}_)?"
# A web-archive playback URL: /web/{timestamp}[id_]/{original}, on any archive host.
ARCHIVE = re.compile(rf"^https?://[^/]+/web/{CAPTURE_STAMP}/(?P<url>https?://.+)$")


def original_url(url: str) -> str:
    """The portal URL inside a web-archive capture URL; other URLs unchanged."""
    match = ARCHIVE.match(url)
    return match["url"] if match else url


@lru_cache(maxsize=1024)
def edition(url: str, language: str | None = None) -> Edition:
    """The edition of a URL: from its host, then its path, then the page's language.

    Cached: a page's parse asks it of the same URL for its id and for its section.
    """
    parts = urlsplit(original_url(url))
    found = editions.of_host(parts.hostname)
    if found is None:
        by_path = [e for e in editions.EDITIONS.values() if parts.path.startswith(e.prefixes)]
        by_language = [e for e in editions.EDITIONS.values() if e.language == language]
        found = next(iter(by_path + by_language), editions.DEFAULT)
    return found


def article_number(url: str, within: Edition | None = None) -> str | None:
    """The portal's own article id in an article URL (`7564` of `…-t7564.html`)."""
    path = urlsplit(original_url(url)).path
    for candidate in [within] if within else editions.EDITIONS.values():
        number = candidate.article_number(path)
        if number:
            return number
    return None


def is_article_url(url: str, within: Edition | None = None) -> bool:
    """True for a URL of an article page in any era (of one edition, when given)."""
    return article_number(url, within) is not None


def article_id(url: str, language: str | None = None) -> str | None:
    """Stable record id: `en-7564`, `en-1769419716`, `vi-1791199100`."""
    found = edition(url, language)
    number = article_number(url, found) or article_number(url)
    return f"{found.name}-{number}" if number else None


def is_listing_url(url: str, within: Edition | None = None) -> bool:
    """True for a section or listing page (not an article, not a file)."""
    if is_article_url(url):
        return False
    path = urlsplit(url).path
    patterns = (
        within.sections if within else [p for e in editions.EDITIONS.values() for p in e.sections]
    )
    return path in {"", "/"} or any(p.match(path) for p in patterns)


def canonical_listing(url: str) -> str:
    """One URL per listing page: legacy pagers append `Page=` again and again; the last one wins."""
    parts = urlsplit(url)
    query: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        query.pop(key.lower(), None)
        query[key.lower()] = value
    pairs = [("Page" if k == "page" and "Page=" in parts.query else k, v) for k, v in query.items()]
    pairs = [(k, v) for k, v in pairs if not (k.lower() == "page" and v in {"", "1"})]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(sorted(pairs)), ""))


def page_number(url: str) -> int:
    """Page number of a listing URL (the last `Page=`/`page=`), 1 when absent."""
    values = [v for k, v in parse_qsl(urlsplit(url).query) if k.lower() == "page" and v.isdigit()]
    return int(values[-1]) if values else 1


def first_page(url: str) -> str:
    """The URL of a listing's first page (its `page`/`Page` parameters removed)."""
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "page"
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def rebase(url: str, base: str | None, hosts: frozenset[str] = PORTAL_HOSTS) -> str:
    """Point a URL on one of `hosts` at a mirror (`base_url`); others and no mirror: unchanged."""
    if not base:
        return url
    parts, mirror = urlsplit(url), urlsplit(base)
    if (parts.hostname or "").lower() not in hosts:
        return url
    return urlunsplit((mirror.scheme, mirror.netloc, parts.path, parts.query, ""))


def portal_url(url: str, base: str | None, of: Edition) -> str:
    """A mirror URL as the portal's own (`base_url` origin → the edition's origin)."""
    if not base or not url.startswith(base.rstrip("/") + "/"):
        return url
    return of.origin + url[len(base.rstrip("/")) :]


def same_site(url: str, page: str) -> bool:
    """True when `url` is on the portal (any edition's host) or on the host of `page`."""
    parts, own = urlsplit(url), urlsplit(page).hostname
    return parts.scheme in {"http", "https"} and (
        parts.hostname == own or editions.of_host(parts.hostname) is not None
    )


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
