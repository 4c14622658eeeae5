"""Sitemaps, RSS feeds and robots.txt `Sitemap:` lines, read without trusting the XML."""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from lxml import etree

from mpscrawler.parsers.dates import hanoi_day, parse_iso
from mpscrawler.parsers.errors import ParseError
from mpscrawler.text import clean

# No DTDs, no entity expansion, no network: sitemaps and feeds come from outside.
SAFE_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)
TAIL = 4096  # bytes of a feed's end that hold its root's end tag and any comment after it
SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)


@dataclass(frozen=True)
class FeedEntry:
    """A URL from a sitemap or feed, with its Hanoi date (`lastmod` or `pubDate`) and title."""

    url: str
    date: str | None = None
    title: str | None = None
    is_sitemap: bool = False
    summary: str | None = None
    """A feed item's lead, the text of its escaped-HTML `description` (thumbnail link dropped)."""


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The `Sitemap:` URLs of a robots.txt."""
    return [urljoin(base_url, url) for url in SITEMAP_LINE.findall(text)]


def parse_feed(xml: bytes, url: str) -> list[FeedEntry]:
    """Entries of a sitemap, sitemap index, RSS or Atom feed; `ParseError` when it is cut off.

    The parser's recover mode reads the entries before the cut of a feed that ends mid-item:
    taken as read, the rest would be lost unseen. Its last bytes must close its root element.
    """
    root = _root(xml, url)
    try:
        name = etree.QName(root).localname
        if not _closed(xml, name):
            raise ParseError(f"cut off: no </{name}> at its end", url)
        if name in {"urlset", "sitemapindex"}:
            return _sitemap(root, url, nested=name == "sitemapindex")
        if name in {"rss", "feed", "RDF"}:
            return _rss(root, url)
    except ParseError:
        raise
    except (UnicodeDecodeError, ValueError) as exc:  # text that recover mode could not mend
        raise ParseError(f"bad XML text: {exc}", url) from exc
    raise ParseError(f"not a sitemap or feed: <{name}>", url)


def _closed(xml: bytes, name: str) -> bool:
    """The document ends with the end tag of its root `name` (then only comments, processing
    instructions and white space)."""
    if xml.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True  # not ASCII-compatible: left to the parser
    end = rf"</(?:[\w.-]+:)?{re.escape(name)}\s*>\s*(?:(?:<!--.*?-->|<\?.*?\?>)\s*)*\Z".encode()
    return re.search(end, xml[-TAIL:], re.S) is not None


def _root(xml: bytes, url: str) -> etree._Element:
    """The XML root, or `ParseError`."""
    if b"<!ENTITY" in xml[:4096]:
        raise ParseError("XML declares entities: refused", url)
    try:
        root = etree.fromstring(xml, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"bad XML: {exc}", url) from exc
    if root is None:
        raise ParseError("empty XML", url)
    return root


def _sitemap(root: etree._Element, url: str, nested: bool) -> list[FeedEntry]:
    """`<url>`/`<sitemap>` entries with `<loc>` and `<lastmod>`."""
    entries = []
    for node in root.iter("{*}url", "{*}sitemap"):
        loc, lastmod = _child(node, "loc"), _child(node, "lastmod")
        moment = parse_iso(lastmod)
        day = hanoi_day(moment)
        if loc:
            entries.append(FeedEntry(urljoin(url, loc), date=day, is_sitemap=nested))
    return entries


def _rss(root: etree._Element, url: str) -> list[FeedEntry]:
    """RSS `<item>`/Atom `<entry>`: link, title, `pubDate` (UTC) as a Hanoi date."""
    entries = []
    for node in root.iter("{*}item", "{*}entry"):
        link = _child(node, "link") or next(
            iter(node.xpath("./*[local-name()='link']/@href")), None
        )
        if link:
            day = _rss_date(_child(node, "pubDate") or _child(node, "published"))
            summary = _summary(_child(node, "description") or _child(node, "summary"))
            entries.append(
                FeedEntry(
                    urljoin(url, link), date=day, title=_child(node, "title"), summary=summary
                )
            )
    return entries


def _summary(fragment: str | None) -> str | None:
    """Text of an HTML fragment: "<a …><img …></a></br>Chiều ngày 5/10/2026, …" → the lead.

    A small, often broken fragment (`</br>`): BeautifulSoup's job, not a second lxml tree.
    """
    if not fragment:
        return None
    with warnings.catch_warnings():  # a description that is only a URL is still text
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return clean(BeautifulSoup(fragment, "html.parser").get_text(" "))


def _rss_date(value: str | None) -> str | None:
    """`Mon, 05 Oct 2026 11:18:25 UTC` (or ISO) as a Hanoi date."""
    if not value:
        return None
    moment = parse_iso(value)
    if moment is None:
        try:
            moment = parsedate_to_datetime(value.replace(" UTC", " +0000"))
        except (TypeError, ValueError):
            return None
    return hanoi_day(moment)


def _child(node: etree._Element, name: str) -> str | None:
    """Text of the first child element named `name`, any namespace."""
    found = node.find(f"{{*}}{name}")
    return clean(found.text) if found is not None and found.text else None


FEED_INDEX_LINKS = etree.XPath("//a/@href | //link[@type='application/rss+xml']/@href")


def feed_links(html: str, url: str, pattern: re.Pattern[str]) -> list[str]:
    """The feeds a feed index page (`/rss`) links to: hrefs whose path matches `pattern`."""
    try:
        doc = etree.fromstring(html.encode("utf-8"), etree.HTMLParser())
    except (etree.XMLSyntaxError, ValueError):
        return []
    if doc is None:
        return []
    found = (urljoin(url, str(href).strip()) for href in FEED_INDEX_LINKS(doc))
    return list(dict.fromkeys(u for u in found if pattern.match(urlsplit(u).path)))
