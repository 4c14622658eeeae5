"""The core of `mpscrawler reparse`: today's `parse_article` over the article pages of WARCs.

The parent process reads the WARC files and hands chunks of page bytes to a pool of worker
processes (both cores by default); results come back in the order of the files, each an
`Article` with `warc_file`, `warc_offset` and `crawled_at` (the capture's `WARC-Date`), or a
`ParseFailure` naming its URL. Versioning against the state is the caller's.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from mpscrawler.encoding import TRUNCATED, cut_short
from mpscrawler.items import Article
from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.urls import is_article_url
from mpscrawler.warc.reader import Capture, WarcError, iter_captures, warc_files

DEFAULT_DIR = Path("output/warc")
Outcome = Article | str  # a record, or the reason its page did not parse


@dataclass(frozen=True)
class ParseFailure:
    """A stored article page that did not parse, and where it is."""

    url: str
    reason: str
    warc_file: str
    warc_offset: int


@dataclass
class Progress:
    """How far a re-parse has come."""

    pages: int = 0
    parsed: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        """Time since the start."""
        return time.monotonic() - self.started


Result = Article | ParseFailure
Item = Capture | ParseFailure  # a page to parse, or a failure to pass on
OnProgress = Callable[[Progress], None]
UrlMap = Callable[[str], str]


def parse_page(html: bytes, url: str) -> Outcome:
    """`parse_article` of one page, or the reason it failed (a page cut short fails too)."""
    if html.strip() and cut_short(html):
        return TRUNCATED
    try:
        return parse_article(html, url)
    except ParseError as error:
        return error.reason


def same(url: str) -> str:
    """A stored URL as given to the parser: unchanged."""
    return url


def parse_chunk(pages: list[tuple[bytes, str]]) -> list[Outcome]:
    """What a worker does: parse each `(html, url)` of a chunk."""
    return [parse_page(html, url) for html, url in pages]


def article_captures(paths: Sequence[Path] | None, root: Path) -> Iterator[Item]:
    """The captures of article pages in the WARCs given (default: every WARC under root).

    A file that stops being readable gives a failure where it breaks; the next file follows.
    """
    for path in warc_files(paths or [root]):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            yield from (c for c in iter_captures(path, name) if is_article_url(c.url))
        except WarcError as error:
            yield ParseFailure(error.url, error.reason, error.warc_file, error.offset)


def crawled_at(warc_date: str) -> str | None:
    """A WARC-Date as the record's `crawled_at`: UTC ISO 8601 to the second, `+00:00`."""
    try:
        moment = datetime.fromisoformat(warc_date)
    except (TypeError, ValueError):
        return None
    moment = moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)
    return moment.replace(microsecond=0).isoformat()


def result(capture: Capture, outcome: Outcome) -> Result:
    """The outcome of a page with its place in the WARC."""
    if isinstance(outcome, str):
        return ParseFailure(capture.url, outcome, capture.warc_file, capture.offset)
    outcome.warc_file, outcome.warc_offset = capture.warc_file, capture.offset
    outcome.crawled_at = crawled_at(capture.fetched_at)
    return outcome


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Items in lists of `size`."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def outcomes(
    items: Iterable[Item], workers: int, size: int, page_url: UrlMap = same
) -> Iterator[Result]:
    """Parse in `workers` processes, at most two chunks each in flight, results in order."""
    if workers <= 1:
        for item in items:
            if isinstance(item, ParseFailure):
                yield item
            else:
                yield result(item, parse_page(item.html, page_url(item.url)))
        return
    with ProcessPoolExecutor(workers) as pool:
        pending: deque[tuple[list[Item], Future[list[Outcome]]]] = deque()
        for chunk in chunks(items, size):
            pages = [(c.html, page_url(c.url)) for c in chunk if isinstance(c, Capture)]
            light = [c._replace(html=b"") if isinstance(c, Capture) else c for c in chunk]
            pending.append((light, pool.submit(parse_chunk, pages)))
            if len(pending) > 2 * workers:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())


def _collect(chunk: list[Item], job: Future[list[Outcome]]) -> Iterator[Result]:
    """The results of one finished chunk, failures passed on in their place."""
    done = iter(job.result())
    for item in chunk:
        yield item if isinstance(item, ParseFailure) else result(item, next(done))


def reparse(
    paths: Sequence[Path] | None = None,
    root: Path = DEFAULT_DIR,
    *,
    workers: int = 2,
    chunk_size: int = 8,
    progress: OnProgress | None = None,
    every: int = 100,
    page_url: UrlMap = same,
) -> Iterator[Result]:
    """Every stored article page parsed again: `Article`s and `ParseFailure`s, in file order.

    `progress` is called every `every` pages and once at the end with the running counts.
    `page_url` maps a stored URL to the one the parser is given, as the spider does for a
    mirror (`portal.page_url`); failures keep the stored URL, as the crawl's do.
    """
    state = Progress()
    for item in outcomes(article_captures(paths, root), workers, chunk_size, page_url):
        state.pages += 1
        if isinstance(item, ParseFailure):
            state.failed += 1
        else:
            state.parsed += 1
        yield item
        if progress and state.pages % every == 0:
            progress(state)
    if progress:
        progress(state)
