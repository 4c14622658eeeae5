"""The sitemaps of one edition: robots.txt's (or the guessed ones), read one after another.

The sitemaps of an index are read one at a time, each once the articles of the one before are
queued: the queue holds a sitemap's worth of requests, not the archive's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import scrapy
from w3lib.url import canonicalize_url

from mpscrawler.crawl.shares import SITEMAPS

if TYPE_CHECKING:
    from mpscrawler.spiders.portal import Portal

logger = logging.getLogger(__name__)
Queue = tuple[tuple[str, int], ...]
T = TypeVar("T")


class Sitemaps:
    """The crawl's sitemap queue: each sitemap asked once, indexes at most `max_depth` deep."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.max_depth = portal.crawler.settings.getint("MPS_MAX_SITEMAP_DEPTH")
        self.max_urls = portal.crawler.settings.getint("MPS_MAX_SITEMAP_URLS")
        self.asked: set[str] = set()  # sitemaps requested this run (canonical URLs)

    def robots(self, named: list[str]) -> Iterator[scrapy.Request]:
        """The sitemaps robots.txt names (they must exist), or the guessed ones if it names none."""
        portal = self.portal
        if named:
            yield from self.read([(url, 0) for url in named])
            return
        for path in portal.edition.sitemaps:
            yield scrapy.Request(
                portal.args.base_url + path, portal.on.parse_feed, errback=portal.on.quiet
            )

    def read(self, queue: list[tuple[str, int]]) -> Iterator[scrapy.Request]:
        """The first readable sitemap of `queue`, carrying the rest; the others are kept."""
        portal = self.portal
        while queue:
            (url, depth), rest = queue[0], tuple(queue[1:])
            target = portal.hosts.local(url)
            if depth > self.max_depth:
                portal.crawler.stats.inc_value("mps/cut/sitemaps")
                portal.failed(url, f"sitemap: deeper than {self.max_depth} indexes", "sitemap")
            elif not portal.hosts.onsite(target):
                portal.failed(url, "sitemap: off the edition's hosts", kind="sitemap")
            elif canonicalize_url(target) in self.asked:  # Scrapy would drop it, and
                logger.debug("sitemap asked already: %s", url)  # the rest of the queue with it
            else:
                self.asked.add(canonicalize_url(target))
                yield scrapy.Request(
                    target,
                    portal.on.parse_feed,
                    cb_kwargs={"queue": rest, "depth": depth},
                    errback=portal.on.sitemap_failed,
                    priority=portal.shares.discovery(SITEMAPS),
                    meta={"mps_kind": "listing", "mps_named": True},
                )
                return
            queue = list(rest)

    def failed(
        self, url: str, reason: str, queue: Queue, named: bool, depth: int = 1
    ) -> Iterator[Any]:
        """A sitemap that failed: kept as a failure; the rest of its index is still read.

        Sitemaps that must exist (named by an index, or by robots.txt) count; a guessed
        `/sitemap.xml` or feed that is not there is only logged, and so is a sitemap robots.txt
        names that answers 404 ("names https://bocongan.gov.vn/sitemap.xml (never seen)",
        PORTAL.md): a sitemap of an index, or a listing that is not XML, is a failure.
        """
        if named and not (depth == 0 and reason == "HTTP 404"):
            self.portal.failed(url, f"sitemap: {reason}", kind="sitemap")
        else:
            logger.info("not a sitemap or feed: %s: %s", url, reason)
        yield from self.read(list(queue))

    def bounded(self, url: str, entries: list[T]) -> list[T]:
        """A sitemap's first `MPS_MAX_SITEMAP_URLS` entries; one holding more is a failure.

        The protocol allows 50,000 URLs a sitemap: past that it is no sitemap of the portal's,
        and every entry would be a request queued at once.
        """
        if len(entries) <= self.max_urls:
            return entries
        self.portal.crawler.stats.inc_value("mps/cut/sitemap_urls", len(entries) - self.max_urls)
        self.portal.failed(url, f"sitemap: more than {self.max_urls} URLs", kind="sitemap")
        return entries[: self.max_urls]

    def wants(self, lastmod: str | None) -> bool:
        """Read a sitemap of an index (modified since the last run, or no state)?"""
        state = self.portal.state
        return state is None or state.wants_sitemap(lastmod)
