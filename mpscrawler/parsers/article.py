"""`parse_article(html, url)`: the record of one article page, whatever its layout."""

from __future__ import annotations

from mpscrawler import urls
from mpscrawler.items import Article
from mpscrawler.parsers.dates import hanoi_iso, parse_iso, published
from mpscrawler.parsers.document import load, metadata
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.layouts import current, fallback, legacy
from mpscrawler.text import content_hash

# The order in which layouts are tried: the most specific first, the generic fallback last.
LAYOUTS = (current.extract, legacy.extract, fallback.extract)


def parse_article(html: str | bytes, url: str) -> Article:
    """Parse one article page into an `Article`; raise `ParseError` when it holds none."""
    doc = load(html, url)
    page = Page(doc=doc, url=url, meta=metadata(doc, url))
    fields = next((f for f in (layout(page) for layout in LAYOUTS) if f is not None), None)
    if fields is None or not fields.title or not fields.body.paragraphs:
        raise ParseError("no article on the page", url)
    return _record(page, fields)


def _record(page: Page, fields: Fields) -> Article:
    """Assemble the record from a layout's fields and the page's metadata."""
    meta = page.meta
    canonical = urls.original_url(meta.canonical or page.url)
    language = meta.language
    ident = urls.article_id(canonical, language) or urls.article_id(page.url, language)
    if ident is None:
        raise ParseError("no portal article id in the URL", page.url)
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
        content_hash=content_hash(fields.title, body),
    )
