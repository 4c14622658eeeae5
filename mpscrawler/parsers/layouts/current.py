"""Era C (2025–): the Nuxt site, `/article/{slug}-{10 digits}` and `/bai-viet/…`."""

from __future__ import annotations

from lxml import etree

from mpscrawler.parsers.blocks import linearize
from mpscrawler.parsers.body import Body, read_body
from mpscrawler.parsers.dates import parse_date_line
from mpscrawler.parsers.document import elements, text_of
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.sections import section
from mpscrawler.text import clean

# Selectors, compiled once: the page is 400 KB and each is a scan of its tree.
TITLE = etree.XPath("//h1")
LEAD = etree.XPath("//h1/following-sibling::p[1]")
# `div.tinymce-content`: the class test is a plain `contains` (cheap on every page), the exact
# class token is checked in Python.
BODY = etree.XPath('//div[contains(@class, "tinymce-content")]')
BODY_CLASS = "tinymce-content"
# <p class="text-[15px] font-medium text-bca-gray-400">05/10/2026</p>
DATE = etree.XPath('//p[contains(@class, "text-bca-gray-400")]')
BYLINE = etree.XPath('//div[contains(@class, "resource-author")]//p')
# The page is the current site's whatever its article part: Nuxt's data payload
# (`<script id="__NUXT_DATA__">`), its root `<div id="__nuxt">`, `window.__NUXT__` or its
# `/_nuxt/…` assets.
NUXT = etree.XPath(
    'boolean(/html/head/script[contains(@src, "/_nuxt/")]'
    ' | /html/head/link[contains(@href, "/_nuxt/")] | /html/body/div[@id="__nuxt"]'
    ' | /html/body/script[@id="__NUXT_DATA__" or starts-with(., "window.__NUXT__")])'
)


def extract(page: Page) -> Fields | None:
    """Fields of an era-C page; None when the page is not the current site's.

    A current-site page whose article container is gone raises: the generic fallback would read
    its most-read cards and sidebars as text.
    """
    doc = page.doc
    titles = elements(TITLE, doc)
    containers = (
        [e for e in elements(BODY, doc) if BODY_CLASS in e.get("class", "")] if titles else []
    )
    if not titles or not containers:
        if NUXT(doc):
            raise ParseError("current-site page without its article container", page.url)
        return None
    shown = published_raw(doc)
    name, link = section(doc, page.url)
    first = lead(page)
    return Fields(
        layout="current",
        title=clean(text_of(titles[0])),
        lead=first,
        body=body(page, containers[0], first),
        published_raw=shown,
        shown_date=parse_date_line(shown) if shown else None,
        section=name,
        section_url=link,
        tags=page.meta.keywords,
    )


def _containers(doc: etree._Element) -> list[etree._Element]:
    """The `div.tinymce-content` elements (by class token, not substring)."""
    return [e for e in elements(BODY, doc) if BODY_CLASS in e.get("class", "").split()]


def lead(page: Page) -> str | None:
    """The paragraph right after the `<h1>`, else the meta description."""
    return _first_text(elements(LEAD, page.doc)) or page.meta.description


def published_raw(doc: etree._Element) -> str | None:
    """The date line under the lead, `05/10/2026`."""
    return next((t for t in _texts(elements(DATE, doc)) if parse_date_line(t)), None)


def body(page: Page, container: etree._Element, first: str | None) -> Body:
    """The lead (`first`), then the container's text and figures; the byline from its block."""
    found = read_body(linearize(container, page.url))
    if not found.paragraphs:
        raise ParseError("the article container is empty", page.url)
    found.byline_raw = found.byline = _first_text(elements(BYLINE, page.doc))
    if first:
        found.paragraphs.insert(0, first)
    return found


def _texts(found: list[etree._Element]) -> list[str]:
    """Cleaned non-empty texts of elements."""
    return [t for t in (clean(text_of(e)) for e in found) if t]


def _first_text(found: list[etree._Element]) -> str | None:
    """Text of the first element that has any."""
    return next(iter(_texts(found)), None)
