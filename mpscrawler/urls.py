"""The portal's URL patterns: article ids, editions, listing pages, mirrors and archives."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

EN_HOSTS = frozenset({"en.bocongan.gov.vn", "en.mps.gov.vn"})
VI_HOSTS = frozenset({"bocongan.gov.vn", "www.bocongan.gov.vn", "mps.gov.vn", "www.mps.gov.vn"})
# The current site's backend (`apiBase` in `window.__NUXT__.config`).
BACKEND_HOSTS = frozenset({"api-portal.bocongan.gov.vn"})
PORTAL_HOSTS = EN_HOSTS | VI_HOSTS | BACKEND_HOSTS
# Era C: /article/{slug}-{10 digits} (en), /bai-viet/{slug}-{10 digits} (vi).
CURRENT_ARTICLE = re.compile(r"^/(?P<kind>article|bai-viet)/[^/]+?-(?P<id>\d{10})/?$")
# Older Vietnamese links: /bai-viet/{slug}-d{N}-t{ID}.
VI_LEGACY_ARTICLE = re.compile(r"^/bai-viet/[^/]+-d\d+-t(?P<id>\d+)(?:\.html)?/?$")
# Eras A/B: /{section}/{slug}-t{ID}.html; once /news/top-stories/{slug}-5732.html.
LEGACY_ARTICLE = re.compile(r"^/(?:[\w-]+/)+[\w-]+?-t?(?P<id>\d{3,9})\.html$")
CURRENT_SECTION = re.compile(r"^/(?:category|chuyen-muc)/[^/]+-\d{10}/?$")
LEGACY_LISTING = re.compile(r"^/(?:[\w-]+/)*[\w-]+\.html$")
ARCHIVE = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(?P<url>https?://.+)$")


def original_url(url: str) -> str:
    """The portal URL inside a web-archive capture URL; other URLs unchanged."""
    match = ARCHIVE.match(url)
    return match["url"] if match else url


def article_number(url: str) -> str | None:
    """The portal's own article id in an article URL (`7564` of `…-t7564.html`)."""
    path = urlsplit(original_url(url)).path
    for pattern in (CURRENT_ARTICLE, VI_LEGACY_ARTICLE, LEGACY_ARTICLE):
        match = pattern.match(path)
        if match:
            return match["id"]
    return None


def is_article_url(url: str) -> bool:
    """True for a URL of an article page in any era."""
    return article_number(url) is not None


def edition(url: str, language: str | None = None) -> str:
    """`en` or `vi`: from the host, then the path, then the page's language."""
    parts = urlsplit(original_url(url))
    host = (parts.hostname or "").lower()
    if host in EN_HOSTS:
        return "en"
    if host in VI_HOSTS or parts.path.startswith(("/bai-viet/", "/chuyen-muc/")):
        return "vi"
    if parts.path.startswith(("/article/", "/category/")):
        return "en"
    return "vi" if language == "vi" else "en"


def article_id(url: str, language: str | None = None) -> str | None:
    """Stable record id: `en-7564`, `en-1769419716`, `vi-1791199100`."""
    number = article_number(url)
    return f"{edition(url, language)}-{number}" if number else None


def is_listing_url(url: str) -> bool:
    """True for a section or listing page (not an article, not a file)."""
    path = urlsplit(url).path
    if is_article_url(url):
        return False
    return path in {"", "/"} or bool(CURRENT_SECTION.match(path) or LEGACY_LISTING.match(path))


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


def article_path(listing_url: str) -> str:
    """Where a section's articles live: `/bai-viet/` for `/chuyen-muc/…`, else `/article/`."""
    return "/bai-viet/" if urlsplit(listing_url).path.startswith("/chuyen-muc/") else "/article/"


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


def rebase(url: str, base: str | None) -> str:
    """Point a portal URL at a mirror (`base_url`); other URLs and no mirror: unchanged."""
    if not base:
        return url
    parts, mirror = urlsplit(url), urlsplit(base)
    if (parts.hostname or "").lower() not in PORTAL_HOSTS:
        return url
    return urlunsplit((mirror.scheme, mirror.netloc, parts.path, parts.query, ""))
