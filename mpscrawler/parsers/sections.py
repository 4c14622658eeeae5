"""The section an article belongs to: its breadcrumb, the menu entry marked current, its URL."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree

from mpscrawler import urls
from mpscrawler.text import clean

# Legacy URL section slug -> (name, listing path or None when no listing URL was ever seen).
# Names: "News and Events" and "International Relations and Cooperation" are what the English
# site calls these sections (its category slugs `news-and-events-1752394000` and the
# "International Relations and Cooperation" listing, shared/portal/live/SOURCES.md seq 41); the
# legacy listing of news-events is `news-and-events.html?Page=N` (PORTAL.md). The other three
# names are only their slugs as words (`social-ativities`: the typo is the URL's, not the name's).
LEGACY_SECTIONS: dict[str, tuple[str, str | None]] = {
    "news-events": ("News and Events", "/news-and-events.html"),
    "international-relations-cooperation": ("International Relations and Cooperation", None),
    "social-ativities": ("Social Activities", None),
    "articles": ("Articles", None),
    "news/top-stories": ("Top Stories", None),
}
# <nav aria-label="Breadcrumb"> on the current site; a breadcrumb class or id elsewhere (a
# scan of every element's attributes: 0.4 ms on a 400 KB page, so only when the first misses).
BREADCRUMBS = (
    etree.XPath('//nav[@aria-label="Breadcrumb"]//a[@href]'),
    etree.XPath('//*[contains(@class, "breadcrumb") or contains(@id, "breadcrumb")]//a[@href]'),
)
# A menu entry the page marks as the one being shown: `<li class="active"><a …>`.
CURRENT_MENU = etree.XPath(
    '//*[@aria-current or contains(concat(" ", normalize-space(@class), " "), " active ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " current ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " selected ")]'
    "/descendant-or-self::a[@href]"
)
HOME_WORDS = frozenset({None, "Home", "Trang chủ", "Trang chu", "MPS", "Bộ Công an"})

Section = tuple[str | None, str | None]


def section(doc: etree._Element, url: str) -> Section:
    """Name and URL of the section: breadcrumb, then the current menu entry, then the URL."""
    for links in (*(path(doc) for path in BREADCRUMBS), CURRENT_MENU(doc)):
        found = _section_link(links, url)
        if found[0]:
            return found
    return legacy_section(url)


def legacy_section(url: str) -> Section:
    """The section a legacy article URL names (`/news-events/…-t7564.html`), from the table."""
    parts = urlsplit(urls.original_url(url))
    folder = parts.path.strip("/").rsplit("/", 1)[0]
    name, listing = LEGACY_SECTIONS.get(folder, (None, None))
    if not name or not urls.is_article_url(url):
        return None, None
    return name, f"{parts.scheme}://{parts.netloc}{listing}" if listing else None


def _section_link(links: list, url: str) -> Section:
    """The last link that names a section: not "Home", not an article, not another site."""
    for link in reversed(links):
        name = clean(link.text_content())
        target = urls.original_url(urljoin(url, link.get("href", "").strip()))
        path = urlsplit(target).path
        if name in HOME_WORDS or path in {"", "/"} or urls.is_article_url(target):
            continue
        if target.startswith(("http://", "https://")):
            return name, target
    return None, None
