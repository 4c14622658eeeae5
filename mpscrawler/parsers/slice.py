"""The article's part of a current-site page, parsed alone: the page up to its related articles.

A current page is about 400 KB, and its article comes in the first half: the `<head>` (meta
tags, JSON-LD), the breadcrumb, the `<h1>`, lead, date line, `div.tinymce-content` and
`div.resource-author`; the related and most-read cards and the Nuxt payload follow. The tree
of a prefix of a page is the whole page's tree cut short: each element that ends before the
cut is there with its attributes, text, children and ancestors; only the elements still open
at the cut lose what follows. So the current layout's fields read off the prefix are the
page's when none of the elements it reads is still open at the cut and the rest of the page
holds nothing a page-wide lookup would take instead (`settled`); else the whole page is read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from mpscrawler.parsers.document import (
    elements,
    json_ld,
    metadata,
    metas,
    text_of,
    types,
    utf8_parser,
)
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.layouts import current
from mpscrawler.parsers.sections import _section_link, breadcrumb_links
from mpscrawler.text import clean

# `<div id="article-bottom">`: the related articles, after the text, its byline and share bar.
END = b'id="article-bottom"'
# Appended at the cut: its ancestors in the prefix's tree are the elements open at the cut.
# An element libxml2 does not know, so it closes none of them (a known one may: `<p>`, `<li>`).
MARK_TAG = "mps-cut"
MARK = b"<mps-cut></mps-cut>"
# Elements none of the layout's lookups may find later in the page (tag names in any case):
# `<meta>`, `<html>` (its attributes would join the root's), `<nav>`, `<h1>`.
LATER_TAGS = re.compile(rb"<(?:[mM][eE][tT][aA]|[hH][tT][mM][lL]|[nN][aA][vV]|[hH]1)")
LATER_LINK = re.compile(rb"<[lL][iI][nN][kK]")
BYLINE_CLASS = "resource-author"
# Elements the layout reads the text or the children of: none of them may be cut short.
READ_TAGS = frozenset({"h1", "p", "a", "nav", "title"})
READ_CLASSES = ("tinymce-content", BYLINE_CLASS)


@dataclass
class Part:
    """The page read from its prefix, the elements open at the cut, the bytes after it."""

    page: Page
    still_open: list[etree._Element]
    rest: bytes


def part(html: str | bytes, url: str) -> Part | None:
    """The page's article part; None when it has none or the rest of the page may count."""
    if not isinstance(html, bytes):
        return None  # text: decoded by the caller from the whole page
    end = html.find(END)
    cut = html.rfind(b"<", 0, end) if end > 0 else -1
    rest = html[cut:] if cut > 0 else b""
    parsed = _parse(html[:cut]) if rest and _quiet(rest) else None
    if parsed is None:
        return None
    doc, still_open = parsed
    return Part(Page(doc=doc, url=url, meta=metadata(doc, url)), still_open, rest)


def _quiet(rest: bytes) -> bool:
    """The rest of the page is UTF-8 and opens none of `LATER_TAGS`."""
    if LATER_TAGS.search(rest):
        return False
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError:  # `document.load` would decode the whole page again
        return False
    return True


def _parse(prefix: bytes) -> tuple[etree._Element, list[etree._Element]] | None:
    """The prefix's tree (as `document.load` builds it) and the elements open at its end."""
    parser = utf8_parser()
    try:
        doc = etree.fromstring(prefix.removeprefix(codecs.BOM_UTF8) + MARK, parser)
    except (etree.ParserError, ValueError):
        return None
    if doc is None or any(e.type_name == "ERR_INVALID_ENCODING" for e in parser.error_log):
        return None
    mark = doc
    while len(mark):
        mark = mark[-1]
    parent = mark.getparent()
    if mark.tag != MARK_TAG or mark.tail or parent is None:
        return None  # the cut fell inside a comment, a script or an attribute
    still_open = list(mark.iterancestors())
    parent.remove(mark)
    return doc, still_open


def settled(cut: Part, fields: Fields) -> bool:
    """The current layout's fields of the part are those of the whole page."""
    return (
        not any(_read(element) for element in cut.still_open)
        and fields.published_raw is not None  # else a later date line could be the one
        and _lead_taken(cut.page)
        and (fields.body.byline is not None or BYLINE_CLASS.encode() not in cut.rest)
        and _breadcrumb_named(cut.page)
        and _head_settled(cut.page, cut.rest)
    )


def _read(element: etree._Element) -> bool:
    """An element the layout may read the text or children of (which a cut would shorten)."""
    classes = element.get("class") or ""
    return element.tag in READ_TAGS or any(name in classes for name in READ_CLASSES)


def _lead_taken(page: Page) -> bool:
    """The lead is a paragraph after the `<h1>` (else one after the cut could be the one)."""
    return any(_has_text(p) for p in elements(current.LEAD, page.doc))


def _has_text(element: etree._Element) -> bool:
    """The element has text once cleaned."""
    return bool(clean(text_of(element)))


def _breadcrumb_named(page: Page) -> bool:
    """The section came from the breadcrumb, not from a scan of the whole page's menus."""
    return bool(_section_link(breadcrumb_links(page.doc), page.url)[0])


def _head_settled(page: Page, rest: bytes) -> bool:
    """JSON-LD, `<title>` and the canonical URL come from the prefix whatever the rest holds.

    The first JSON-LD article that is not a `WebPage` wins over any later one; every `<meta>`
    is in the prefix (`_quiet`); a `<link rel=canonical>` later counts only without `og:url`
    and without one in the prefix.
    """
    doc = page.doc
    ld = json_ld(doc)
    canonical = "og:url" in metas(doc) or any(
        link.get("rel") == "canonical" for link in doc.iter("link")
    )
    return (
        bool(ld)
        and "WebPage" not in types(ld)
        and next(doc.iter("title"), None) is not None
        and (canonical or not LATER_LINK.search(rest))
    )
