"""`parse_listing(html, url)`: the article links of a listing page and its next page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from mpscrawler import urls
from mpscrawler.parsers.dates import parse_date_line
from mpscrawler.parsers.document import load, text_of
from mpscrawler.parsers.nuxt import SectionFeed, section_feed
from mpscrawler.text import clean

LINKS = etree.XPath("//a[@href]")
NEXT = etree.XPath('//link[@rel="next"]/@href | //a[@rel="next"]/@href')
DATE_TEXTS = etree.XPath(
    ".//text()[string-length(normalize-space()) >= 8 and string-length(normalize-space()) <= 40]"
)
HEADING = etree.XPath(".//h1 | .//h2 | .//h3 | .//h4")
IMAGE_ALTS = etree.XPath(".//img/@alt")
# Pager arrows and words: "›", "»", "Next", "Trang sau".
NEXT_WORDS = re.compile(r"^(?:›|»|>|>>|next|next page|trang sau|sau)$", re.I)
CARD_DEPTH = 4
PAGER_LABEL = 12


@dataclass(frozen=True)
class ListingEntry:
    """One article a listing links to, with what the listing shows of it."""

    url: str
    title: str | None = None
    published_date: str | None = None


@dataclass
class Listing:
    """Article links in page order, the next page of this listing, and other listings linked."""

    entries: list[ListingEntry] = field(default_factory=list)
    next_url: str | None = None
    ahead: list[tuple[int, str]] = field(default_factory=list)
    """Further pages of this listing that its pager shows: (page number, URL), nearest first."""
    listings: list[str] = field(default_factory=list)
    section_feed: SectionFeed | None = None


def parse_listing(html: str | bytes, url: str) -> Listing:
    """Read a listing (section, homepage, legacy `news-and-events.html?Page=N`)."""
    doc = load(html, url)
    entries: dict[str, ListingEntry] = {}
    listings: dict[str, None] = {}
    pager: list[str] = [urljoin(url, h) for h in NEXT(doc)]
    ahead: dict[int, str] = {}
    current = urls.page_number(url)
    for link in LINKS(doc):
        label = _label(link)
        if label is not None:  # a pager link: "›", "Next" or a page number
            target = urljoin(url, link.get("href").strip())
            if NEXT_WORDS.match(label):
                pager.append(target)
            elif int(label) > current and urls.page_number(target) == int(label):
                ahead.setdefault(int(label), target)
            continue
        target = urljoin(url, link.get("href").strip()).split("#")[0]
        if urlsplit(target).scheme not in {"http", "https"}:
            continue
        if urls.is_article_url(target):
            entry = _entry(link, target)
            if target not in entries or (entry.title and not entries[target].title):
                entries[target] = entry
        elif _other_listing(target, url):  # its first page: its own pager is followed from there
            listings[urls.canonical_listing(urls.first_page(target))] = None
    text = html if isinstance(html, str) else html.decode("utf-8", "replace")
    ahead = {n: u for n, u in ahead.items() if _next([u], url)}  # this listing's own pages
    pager += [ahead[n] for n in sorted(ahead) if n == current + 1]
    return Listing(
        entries=list(entries.values()),
        next_url=_next(pager, url),
        ahead=[(n, urls.canonical_listing(ahead[n])) for n in sorted(ahead)],
        listings=list(listings),
        section_feed=section_feed(text),
    )


def _label(link: etree._Element) -> str | None:
    """The text of a pager link (a page number, "›", "Next"…), or None for any other link."""
    text = clean(text_of(link)) or clean(link.get("aria-label")) or ""
    return text if len(text) <= PAGER_LABEL and (text.isdigit() or NEXT_WORDS.match(text)) else None


def _entry(link: etree._Element, target: str) -> ListingEntry:
    """Title from the link (its heading, text, or image alt) and the date shown in its card."""
    heading = HEADING(link)
    title = clean(text_of(heading[0] if heading else link)) or clean(link.get("title"))
    if not title:
        title = next((clean(a) for a in IMAGE_ALTS(link) if clean(a)), None)
    return ListingEntry(url=target, title=title, published_date=_card_date(link))


def _card_date(link: etree._Element) -> str | None:
    """The one date within a few levels around the link, `DD/MM/YYYY` or `Month, DD YYYY`."""
    node: etree._Element | None = link
    for _ in range(CARD_DEPTH):
        if node is None:
            return None
        dates = {d for d in (parse_date_line(t) for t in DATE_TEXTS(node)) if d}
        if len(dates) == 1:
            return dates.pop()[0].isoformat()
        if len(dates) > 1:
            return None
        node = node.getparent()
    return None


def _next(found: list[str], url: str) -> str | None:
    """The first pager candidate (`rel=next`, a "next" link, page N+1) on this listing's site."""
    here = urls.canonical_listing(url)
    candidates = [urls.canonical_listing(f) for f in found if _same_site(f, url)]
    return next((c for c in candidates if c != here and not urls.is_article_url(c)), None)


def _other_listing(target: str, url: str) -> bool:
    """A listing on this site other than this one (its own pages are followed via `next_url`)."""
    same_path = urlsplit(target).path.rstrip("/") == urlsplit(url).path.rstrip("/")
    return _same_site(target, url) and urls.is_listing_url(target) and not same_path


def _same_site(target: str, url: str) -> bool:
    """True when `target` is on the listing's host (or a portal host)."""
    host = (urlsplit(target).hostname or "").lower()
    return host == (urlsplit(url).hostname or "").lower() or host in urls.PORTAL_HOSTS
