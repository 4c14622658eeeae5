"""The record the crawler writes: one `Article` a JSON line."""

from __future__ import annotations

from dataclasses import dataclass, field

REQUIRED = ("id", "url", "title", "body", "published_date")
"""Fields every record has: a record without one is dropped and its page kept for a retry."""


@dataclass
class Image:
    """A photo of the article, in reading order."""

    url: str
    """Absolute URL of the image file."""
    caption: str | None = None
    """Caption shown under the photo, counted once even where the page repeats it."""
    alt: str | None = None
    """The `alt` text as published (on the current site: the uploaded file name)."""


@dataclass
class Article:
    """One article of the MPS portal, in any of its three layouts."""

    id: str
    """Stable id from the portal's own article id: `en-7564`, `en-1769419716`, `vi-1791199100`."""
    url: str
    """Canonical URL (`og:url` / `rel=canonical`, else the URL fetched)."""
    edition: str
    """Portal edition: `en` or `vi`."""
    title: str | None
    """Headline as shown on the page."""
    body: str | None
    """Whole article text in reading order, lead first, paragraphs joined by a blank line."""
    published_date: str | None
    """Publication date in Hanoi time, `YYYY-MM-DD`."""
    layout: str
    """Which layout parsed the page: `legacy-banner`, `legacy`, `current` or `fallback`."""
    language: str | None = None
    """ISO 639-1 language of the page (`<html lang>`, else the edition)."""
    section: str | None = None
    """Human name of the section the page shows (breadcrumb), e.g. `International Relations`."""
    section_url: str | None = None
    """Absolute URL of that section's listing."""
    lead: str | None = None
    """First paragraph as published (the standfirst, or the legacy `MPS - …` paragraph)."""
    published_at: str | None = None
    """ISO 8601 time with `+07:00` when the page or its metadata gives a time, else null."""
    published_raw: str | None = None
    """The date exactly as the page shows it (`December, 17 2020`, `05/10/2026`)."""
    modified_at: str | None = None
    """Last modification, ISO 8601 `+07:00`, where the metadata gives it."""
    byline: str | None = None
    """Writer name(s) without `by`, e.g. `Linh Chi`; null when the page names none."""
    byline_raw: str | None = None
    """The byline line as on the page (`by Linh Chi`)."""
    images: list[Image] = field(default_factory=list)
    """The article's own photos with their captions, in reading order."""
    captions: list[str] = field(default_factory=list)
    """Every caption in reading order, including any whose photo the page lacks."""
    tags: list[str] = field(default_factory=list)
    """Tags the page lists (the legacy pages have none)."""
    content_hash: str | None = None
    """sha256 of the normalised title and body: same text, same hash, across fetches."""
    crawled_at: str | None = None
    """When the crawler fetched the page, UTC ISO 8601."""
    version: int = 1
    """1 for a new article; one more each time its text (`content_hash`) changes."""
    first_seen: str | None = None
    """When the crawler first emitted this article, UTC ISO 8601."""
    updated: str | None = None
    """When this changed version was found (version > 1), UTC ISO 8601; else null."""
    source: str = "portal"
    """Where the page came from: `portal` (the site or its mirror) or `wayback` (an archive)."""
    archive_url: str | None = None
    """The archive capture the page was read from (`…/web/20201218030405id_/http://…`)."""
    archived_at: str | None = None
    """When the archive captured the page, UTC ISO 8601."""
    warc_file: str | None = None
    """WARC file holding the fetched page, relative to `MPS_WARC_DIR` (`en/…-00001.warc.gz`)."""
    warc_offset: int | None = None
    """Byte offset of the page's `response` record (its gzip member) in `warc_file`."""
