"""Era C (2025–): the Nuxt site, `/article/{slug}-{10 digits}` and `/bai-viet/…`."""

from __future__ import annotations

from lxml import etree

from mpscrawler.parsers.blocks import linearize
from mpscrawler.parsers.body import read_body
from mpscrawler.parsers.dates import parse_date_line
from mpscrawler.parsers.document import elements, text_of
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.sections import section
from mpscrawler.text import clean

# Selectors, compiled once: the page is 400 KB and each is a scan of its tree.
TITLE = etree.XPath("//h1")
LEAD = etree.XPath("//h1/following-sibling::p[1]")
BODY = etree.XPath(
    '//div[contains(concat(" ", normalize-space(@class), " "), " tinymce-content ")]'
)
# <p class="text-[15px] font-medium text-bca-gray-400">05/10/2026</p>
DATE = etree.XPath('//p[contains(@class, "text-bca-gray-400")]')
BYLINE = etree.XPath('//div[contains(@class, "resource-author")]//p')
# The page is the current site's whatever its article part: Nuxt's data payload
# (`<script id="__NUXT_DATA__">`), its root `<div id="__nuxt">`, `window.__NUXT__` or its
# `/_nuxt/…` assets.
NUXT = etree.XPath(
    'boolean(//script[@id="__NUXT_DATA__"] | //div[@id="__nuxt"]'
    ' | //script[contains(@src, "/_nuxt/")] | //link[contains(@href, "/_nuxt/")]'
    ' | //script[contains(., "window.__NUXT__")])'
)


def extract(page: Page) -> Fields | None:
    """Fields of an era-C page; None when the page is not the current site's.

    A current-site page whose article container is gone raises: the generic fallback would read
    its most-read cards and sidebars as text.
    """
    doc = page.doc
    containers, titles = elements(BODY, doc), elements(TITLE, doc)
    if not containers or not titles:
        if NUXT(doc):
            raise ParseError("current-site page without its article container", page.url)
        return None
    body = read_body(linearize(containers[0], page.url))
    if not body.paragraphs:
        raise ParseError("the article container is empty", page.url)
    byline = _first_text(elements(BYLINE, doc))
    body.byline_raw, body.byline = byline, byline
    lead = _first_text(elements(LEAD, doc)) or page.meta.description
    if lead:
        body.paragraphs.insert(0, lead)
    date_raw = next((t for t in _texts(elements(DATE, doc)) if parse_date_line(t)), None)
    name, link = section(doc, page.url)
    return Fields(
        layout="current",
        title=clean(text_of(titles[0])),
        lead=lead,
        body=body,
        published_raw=date_raw,
        shown_date=parse_date_line(date_raw) if date_raw else None,
        section=name,
        section_url=link,
        tags=page.meta.keywords,
    )


def _texts(found: list[etree._Element]) -> list[str]:
    """Cleaned non-empty texts of elements."""
    return [t for t in (clean(text_of(e)) for e in found) if t]


def _first_text(found: list[etree._Element]) -> str | None:
    """Text of the first element that has any."""
    return next(iter(_texts(found)), None)
