"""What each edition of the portal is, declared as data (as Fundus declares a publisher).

The spider holds no edition-specific path of its own: hosts, discovery points in the order they
are tried, URL patterns and layouts all come from here. A third edition, or a redesign of the
portal, is a new entry here (and a layout module in `parsers/layouts/`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Era C articles: /article/{slug}-{10 digits} (en), /bai-viet/{slug}-{10 digits} (vi).
CURRENT_EN = re.compile(r"^/article/[^/]+?-(?P<id>\d{10})/?$")
CURRENT_VI = re.compile(r"^/bai-viet/[^/]+?-(?P<id>\d{10})/?$")
# Older Vietnamese links: /bai-viet/{slug}-d{N}-t{ID}.
LEGACY_VI = re.compile(r"^/bai-viet/[^/]+-d\d+-t(?P<id>\d+)(?:\.html)?/?$")
# Eras A/B: /{section}/{slug}-t{ID}.html; once /news/top-stories/{slug}-5732.html.
LEGACY_EN = re.compile(r"^/(?:[\w-]+/)+[\w-]+?-t(?P<id>\d{3,9})\.html$")
TOP_STORIES = re.compile(r"^/news/top-stories/[\w-]+?-(?P<id>\d{3,9})\.html$")
SECTION_EN = re.compile(r"^/category/[^/]+-\d{10}/?$")
SECTION_VI = re.compile(r"^/chuyen-muc/[^/]+-\d{10}/?$")
# Legacy listings: news-and-events.html?Page=N, news.html, about-mps.html.
LEGACY_LISTING = re.compile(r"^/(?:[\w-]+/)*[\w-]+\.html$")
# The Vietnamese feeds: /api/rss/34.xml, listed on the feed index /rss.
FEED_VI = re.compile(r"^/api/rss/\d+\.xml$")


@dataclass(frozen=True)
class Edition:
    """One edition of the portal: where it lives, how it is discovered, what its URLs look like."""

    name: str
    """Short name, the prefix of record ids: `en`, `vi`."""
    language: str
    """ISO 639-1 language of its pages."""
    origin: str
    """Canonical scheme and host, `https://en.bocongan.gov.vn`."""
    aliases: frozenset[str]
    """Other host names serving the same articles (`en.mps.gov.vn`)."""
    backends: frozenset[str]
    """Hosts of the current site's backend (`apiBase` of the Nuxt config)."""
    robots: str
    """robots.txt, whose `Sitemap:` lines are read first."""
    sitemaps: tuple[str, ...]
    """Sitemaps tried when robots.txt names none."""
    feeds: tuple[str, ...]
    """RSS/Atom feeds known by their address."""
    feed_indexes: tuple[str, ...]
    """HTML pages that list feeds (`/rss`)."""
    feed_links: re.Pattern[str] | None
    """The feeds a feed index links to."""
    listings: tuple[str, ...]
    """Homepage, sections and legacy listings, read last."""
    articles: tuple[re.Pattern[str], ...]
    """Paths of article pages, in any era."""
    sections: tuple[re.Pattern[str], ...]
    """Paths of section and listing pages."""
    section_articles: str
    """Where the articles of a current-site section live (`/article/`)."""
    prefixes: tuple[str, ...]
    """Path prefixes that only this edition's current-site URLs have."""
    layouts: tuple[str, ...]
    """Layouts its pages come in, most specific first."""
    archive_hosts: tuple[str, ...] = ()
    """Hosts whose captures web archives hold (legacy article URLs)."""
    legacy_articles: tuple[re.Pattern[str], ...] = field(default=())
    """The article patterns of the legacy site, the ones web archives are searched for."""
    legacy_sections: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Legacy URL section slug -> (its name, its listing path or None when none was seen)."""

    @property
    def host(self) -> str:
        """The canonical host name."""
        return self.origin.split("://", 1)[1]

    @property
    def hosts(self) -> frozenset[str]:
        """Every host of the edition's pages (canonical and aliases)."""
        return self.aliases | {self.host}

    def article_number(self, path: str, legacy: bool = False) -> str | None:
        """The portal's own article id in a URL path, or None; `legacy`: legacy patterns only."""
        for pattern in self.legacy_articles if legacy else self.articles:
            match = pattern.match(path)
            if match:
                return match["id"]
        return None


EN = Edition(
    name="en",
    language="en",
    origin="https://en.bocongan.gov.vn",
    aliases=frozenset({"en.mps.gov.vn"}),
    backends=frozenset({"api-portal.bocongan.gov.vn"}),
    robots="/robots.txt",
    sitemaps=("/sitemap.xml",),
    # Never observed on the English host: tried, a 404 costs one request.
    feeds=("/rss.xml", "/feed"),
    feed_indexes=(),
    feed_links=None,
    listings=("/", "/news-and-events.html", "/news.html"),
    articles=(CURRENT_EN, LEGACY_EN, TOP_STORIES),
    sections=(SECTION_EN, LEGACY_LISTING),
    section_articles="/article/",
    prefixes=("/article/", "/category/"),
    layouts=("current", "legacy", "fallback"),
    archive_hosts=("en.bocongan.gov.vn", "en.mps.gov.vn"),
    legacy_articles=(LEGACY_EN, TOP_STORIES),
    # Names: "News and Events" and "International Relations and Cooperation" are what the
    # English site calls these sections (its category `news-and-events-1752394000` and the
    # "International Relations and Cooperation" listing, shared/portal/live/SOURCES.md seq 41);
    # the legacy listing of news-events is `news-and-events.html?Page=N` (PORTAL.md). The other
    # three are their slugs as words (`social-ativities`: the typo is the URL's, not the name's).
    legacy_sections={
        "news-events": ("News and Events", "/news-and-events.html"),
        "international-relations-cooperation": ("International Relations and Cooperation", None),
        "social-ativities": ("Social Activities", None),
        "articles": ("Articles", None),
        "news/top-stories": ("Top Stories", None),
    },
)
VI = Edition(
    name="vi",
    language="vi",
    origin="https://bocongan.gov.vn",
    aliases=frozenset({"www.bocongan.gov.vn", "mps.gov.vn", "www.mps.gov.vn"}),
    backends=frozenset({"api-portal.bocongan.gov.vn"}),
    robots="/robots.txt",  # "Sitemap: https://bocongan.gov.vn/sitemap.xml" (live/mps-robots.txt)
    sitemaps=("/sitemap.xml",),
    # live/mps-rss-34.xml; 35 and 36 answered too (live/requests.json); /rss lists them all.
    feeds=("/api/rss/34.xml", "/api/rss/35.xml", "/api/rss/36.xml"),
    feed_indexes=("/rss",),
    feed_links=FEED_VI,
    # The homepage, then the sections seen in live/requests.json (the pager is script-only).
    listings=(
        "/",
        "/chuyen-muc/thong-tin-doi-ngoai-1751367399",
        "/chuyen-muc/tin-an-ninh-trat-tu-1753170263",
    ),
    articles=(CURRENT_VI, LEGACY_VI),
    sections=(SECTION_VI,),
    section_articles="/bai-viet/",
    prefixes=("/bai-viet/", "/chuyen-muc/"),
    layouts=("current", "fallback"),
)
EDITIONS = {edition.name: edition for edition in (EN, VI)}
DEFAULT = EN


def get(name: str) -> Edition:
    """The edition called `name`; `KeyError` for an unknown one."""
    return EDITIONS[name]


def of_host(host: str | None) -> Edition | None:
    """The edition a host name belongs to, or None for any other host."""
    host = (host or "").lower()
    return next((e for e in EDITIONS.values() if host in e.hosts), None)


def portal_hosts() -> frozenset[str]:
    """Every host of every edition, backends included."""
    return frozenset().union(*(e.hosts | e.backends for e in EDITIONS.values()))
