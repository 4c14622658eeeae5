"""`parse_article(html, url)`: the record of one article page, whatever its layout."""

from __future__ import annotations

from dataclasses import fields as record_fields
from typing import Any

from mpscrawler import urls
from mpscrawler.items import Article, Image
from mpscrawler.parsers import slugs
from mpscrawler.parsers.dates import hanoi_iso, parse_iso, published
from mpscrawler.parsers.document import load, metadata
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.layouts import current, fallback, legacy
from mpscrawler.parsers.slice import part, settled
from mpscrawler.text import clean, clean_paragraphs, content_hash

# The order in which layouts are tried: the most specific first, the generic fallback last.
LAYOUTS = (current.extract, legacy.extract, fallback.extract)
FIELD_NAMES = tuple(spec.name for spec in record_fields(Article) if spec.name != "images")


def parse_article(html: str | bytes, url: str, notes: list[str] | None = None) -> Article:
    """Parse one article page into an `Article`; raise `ParseError` when it holds none.

    `notes`, when given, gets what the page says of itself that the record does not follow
    (a canonical URL naming another article).
    """
    page, fields = read(html, url)
    if fields is None or not fields.title or not fields.body.paragraphs:
        raise ParseError("no article on the page", url)
    if not slugs.names(url, fields.title, fields.lead or fields.body.paragraphs[0]):
        raise ParseError(f"its headline is not the one its URL names: {fields.title[:80]}", url)
    return final(_record(page, fields, notes if notes is not None else []))


def read(html: str | bytes, url: str) -> tuple[Page, Fields | None]:
    """The page and its first layout's fields, from the article's part when it stands for all.

    A current-site page's part (`slice.part`) is about half the page; the whole page is read
    when there is no such part, or when what the current layout reads off it may not be all.
    """
    cut = part(html, url)
    if cut is not None:
        try:
            fields = current.extract(cut.page)
        except ParseError:  # the whole page says why, or has what the part lacks
            fields = None
        if fields is not None and settled(cut, fields):
            return cut.page, fields
    doc = load(html, url)
    page = Page(doc=doc, url=url, meta=metadata(doc, url))
    return page, next((f for f in (layout(page) for layout in LAYOUTS) if f is not None), None)


def identity(
    fetched: str, canonical: str | None, language: str | None
) -> tuple[str, str, str | None]:
    """The record's id and URL, and a note when the page's canonical URL disagrees.

    The URL fetched wins: the portal answered that address with this page. Its canonical
    (`og:url`, `rel=canonical`) gives the record's URL only when it names the same article,
    so a page whose canonical points at another article never takes that article's id.
    """
    fetched = urls.original_url(fetched)
    canon = urls.original_url(canonical) if canonical else None
    elsewhere = canon is not None and not urls.same_site(canon, fetched)
    own = urls.article_id(fetched, language)
    named = urls.article_id(canon, language) if canon and not elsewhere else None
    ident = own or named
    if ident is None:
        raise ParseError("no portal article id in the URL", fetched)
    if elsewhere:  # another site's URL is never the record's
        return ident, fetched, f"canonical {canon} is on another site"
    note = f"canonical {canon} names {named}, not {own}" if own and named and own != named else None
    return ident, canon if canon and named == ident else fetched, note


def final(article: Article) -> Article:
    """The record as it is written: every text NFC and cleaned, empty as None, no empty items.

    The one place the record's text is normalised, and its `content_hash` computed from the
    final title and body.
    """
    for name in FIELD_NAMES:
        value = getattr(article, name)
        if value is not None:
            setattr(article, name, _final(value, name))
    article.images = [
        Image(url=image.url, caption=clean(image.caption), alt=clean(image.alt))
        for image in article.images
        if clean(image.url)
    ]
    article.content_hash = content_hash(article.title, article.body)
    return article


def _final(value: Any, name: str) -> Any:
    """One field cleaned: `body` paragraph by paragraph, strings whole, lists item by item."""
    if isinstance(value, str):
        return clean_paragraphs(value) if name == "body" else clean(value)
    if isinstance(value, list):
        return [item for item in (_final(v, "") for v in value) if item is not None]
    return value


def _record(page: Page, fields: Fields, notes: list[str]) -> Article:
    """Assemble the record from a layout's fields and the page's metadata."""
    meta = page.meta
    language = meta.language
    ident, canonical, note = identity(page.url, meta.canonical, language)
    if note:
        notes.append(note)
    day, at = published(fields.shown_date, parse_iso(meta.published))
    body = "\n\n".join(fields.body.paragraphs)
    return Article(
        id=ident,
        url=canonical,
        edition=ident.split("-", 1)[0],
        language=language or ident.split("-", 1)[0],
        section=fields.section,
        section_url=fields.section_url,
        title=fields.title,
        lead=fields.lead,
        body=body,
        published_date=day,
        published_at=at,
        published_raw=fields.published_raw,
        modified_at=hanoi_iso(parse_iso(meta.modified)),
        byline=fields.body.byline or None,
        byline_raw=fields.body.byline_raw,
        images=fields.body.images,
        captions=fields.body.captions,
        tags=fields.tags,
        layout=fields.layout,
    )
