"""The Wayback backfill's requests: the archive's CDX index, then one capture per article.

Every page of the index is read first (each host's pages one after the other, by resume key),
so each article's captures are known before one is chosen (`archive.captures.group`: the
earliest capture of the bare URL first). A capture that fails gives way to the next one of
the same article; an article whose captures all failed is a failure of the run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, Protocol

import scrapy
from scrapy.crawler import Crawler

from mpscrawler.archive.captures import Capture, group
from mpscrawler.archive.cdx import CdxError, next_url, parse_cdx, query_urls
from mpscrawler.archive.playback import raw_url
from mpscrawler.arguments import Arguments
from mpscrawler.signals import page_failed
from mpscrawler.state import State

logger = logging.getLogger(__name__)


class Callbacks(Protocol):
    """The spider's callbacks of a backfill."""

    def parse_cdx(self, response: Any, first: str, page: int) -> Any: ...  # noqa: D102
    def cdx_failed(self, failure: Any) -> Any: ...  # noqa: D102
    def parse_capture(self, response: Any, captures: list[Capture]) -> Any: ...  # noqa: D102
    def capture_failed(self, failure: Any) -> Any: ...  # noqa: D102


class Backfill:
    """One backfill from one archive (`archive_url`) of the edition's legacy hosts."""

    def __init__(self, crawler: Crawler, args: Arguments, on: Callbacks) -> None:
        self.crawler, self.args, self.on = crawler, args, on
        self.archive = args.archive_url or ""
        self.captures: list[Capture] = []
        self.pending = 0
        self.state: State | None = None
        self.bound = crawler.settings.getint("MPS_MAX_INDEX_PAGES")
        self.keys: set[tuple[str, str]] = set()  # (first page, resume key) of the pages asked

    def start(self) -> Iterator[scrapy.Request]:
        """The first page of the index, for each of the edition's legacy hosts."""
        self.state = self.crawler.get_extension(State)
        since = self.args.since.isoformat() if self.args.since else None
        firsts = query_urls(self.archive, self.args.edition.archive_hosts, since=since)
        self.pending = len(firsts)
        for url in firsts:
            yield self.index(url, url, 1)

    def index(self, url: str, first: str, page: int) -> scrapy.Request:
        """A page of the CDX index."""
        return scrapy.Request(
            url, self.on.parse_cdx, errback=self.on.cdx_failed, priority=1,
            cb_kwargs={"first": first, "page": page}, meta={"mps_kind": "index"},
        )  # fmt: skip

    def read_index(self, body: bytes, url: str, first: str, page: int) -> Iterator[scrapy.Request]:
        """Keep a page's captures; then its next page, or the captures once the index is read."""
        try:
            found = parse_cdx(body)
        except CdxError as error:
            self.index_failed(url, str(error))
            yield from self.done()
            return
        self.captures += found.rows
        stats = self.crawler.stats
        stats.inc_value("mps/archive/captures", len(found.rows))
        stats.inc_value("mps/archive/index_pages")
        key = found.resume_key
        if key and (self.args.max_pages is None or page < self.args.max_pages):
            problem = self._paging_problem(first, key, page)
            if problem is None:
                yield self.index(next_url(first, key), first, page + 1)
                return
            self.index_failed(url, problem)
        yield from self.done()

    def _paging_problem(self, first: str, key: str, page: int) -> str | None:
        """Why the page a resume key names is not asked: a key seen before, or the bound."""
        if (first, key) in self.keys:  # Scrapy would drop the request, and the host with it
            return f"resume key {key!r} again: the index pages in a loop"
        if page >= self.bound:
            self.crawler.stats.inc_value("mps/cut/index_pages")
            return f"more than {self.bound} pages"
        self.keys.add((first, key))
        return None

    def index_failed(self, url: str, reason: str) -> None:
        """A page of the index that could not be read: the run has not seen every capture."""
        self._failed(url, f"archive index: {reason}", "index")

    def done(self) -> Iterator[scrapy.Request]:
        """One host's index is read; when all are: a capture of every article not known yet."""
        self.pending -= 1
        if self.pending > 0:
            return
        articles = group(self.captures)
        self.captures = []
        self.crawler.stats.set_value("mps/archive/articles", len(articles))
        logger.info("archive: %d articles in its index", len(articles))
        for captures in articles.values():
            if self.state is None or self.state.wants(captures[0].canonical_url):
                yield self.capture(captures)

    def capture(self, captures: list[Capture]) -> scrapy.Request:
        """The raw bytes of an article's first remaining capture.

        Not filtered as a duplicate: a playback redirect of another capture may have landed
        on its URL, and a request Scrapy drops reaches neither callback nor errback (the
        article would be lost unseen). Redirects off the archive or in a loop are failures
        of the redirect guard all the same.
        """
        return scrapy.Request(
            raw_url(captures[0], self.archive), self.on.parse_capture,
            errback=self.on.capture_failed, cb_kwargs={"captures": captures},
            meta={"mps_kind": "article"}, dont_filter=True,
        )  # fmt: skip

    def next_capture(
        self, captures: list[Capture], reason: str, tried: scrapy.Request | None = None
    ) -> Iterator[scrapy.Request]:
        """A capture that failed: the next one of its article not `tried` already (its request
        or a redirect on the way), or the article's failure."""
        self.crawler.stats.inc_value("mps/archive/captures_failed")
        logger.info("capture failed: %s: %s", raw_url(captures[0], self.archive), reason)
        seen = {tried.url, *tried.meta.get("redirect_urls", ())} if tried is not None else set()
        rest = [c for c in captures[1:] if raw_url(c, self.archive) not in seen]
        if rest:
            yield self.capture(rest)
        else:
            url = captures[0].canonical_url
            self._failed(url, f"fetch: every capture in the archive failed, the last: {reason}")

    def _failed(self, url: str, reason: str, kind: str = "archive") -> None:
        """A failure of the backfill, kept and reported (retried by the next backfill)."""
        logger.warning("failed: %s: %s", url, reason)
        self.crawler.signals.send_catch_log(page_failed, url=url, reason=reason, kind=kind)
