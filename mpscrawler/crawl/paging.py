"""When to read the next page of a listing, and when to stop: a pure function of what a page
showed and what the state knows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Policy:
    """The limits of a run: `since`, `max_pages`, the overlap past known pages, a hard bound."""

    since: str | None = None
    max_pages: int | None = None
    overlap: int = 0
    bound: int = 5000
    """No listing is read past this page: a pager that always links one more page stops here."""


@dataclass(frozen=True)
class PageView:
    """What one listing page showed."""

    page: int
    new: int
    """Articles on it neither known to the state nor asked for earlier in this run."""
    dates: list[str] = field(default_factory=list)
    """Dates (Hanoi, `YYYY-MM-DD`) shown beside its entries."""
    further: list[tuple[int, str]] = field(default_factory=list)
    """Further pages its pager links: (number, URL), nearest first."""


@dataclass(frozen=True)
class Paging:
    """The decision: pages to request, the stale count they carry, and pages cut by a bound."""

    pages: list[tuple[int, str]]
    stale: int
    cut: int = 0
    reason: str | None = None


def next_pages(view: PageView, stale: int, policy: Policy) -> Paging:
    """Further pages to read after `view`, `stale` pages with nothing new before it.

    A page with something new is followed by every further page its pager shows (side by
    side); a page with nothing new (known articles, repeats, or none at all) by the next one
    only, and only within the overlap. Dated entries all before `since` end the listing.
    """
    stale = 0 if view.new else stale + 1
    if policy.since and view.dates and all(d < policy.since for d in view.dates):
        return Paging([], stale, reason="before since")
    if stale > policy.overlap:
        return Paging([], stale, reason="nothing new")
    wanted = view.further if view.new else view.further[:1]
    limit = min(policy.max_pages or policy.bound, policy.bound)
    pages = [(n, url) for n, url in wanted if n <= limit]
    beyond = len(wanted) - len(pages)
    cut = beyond if policy.max_pages is None or policy.max_pages > policy.bound else 0
    return Paging(pages, stale, cut=cut)
