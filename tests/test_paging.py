"""When a listing's next page is read: `next_pages`, a pure function, as a table."""

from __future__ import annotations

import pytest

from mpscrawler.crawl.paging import PageView, Paging, Policy, next_pages

U = "http://127.0.0.1/news.html?Page="


def further(*numbers: int) -> list[tuple[int, str]]:
    """Pager links to these page numbers."""
    return [(n, f"{U}{n}") for n in numbers]


CASES = [
    # (what the page showed, stale pages before it, policy) -> pages, stale, cut, reason
    (
        "new: every page the pager shows",
        PageView(1, 3, [], further(2, 3)),
        0,
        Policy(),
        Paging(further(2, 3), 0),
    ),
    (
        "nothing new: the listing ends",
        PageView(4, 0, [], further(5)),
        0,
        Policy(),
        Paging([], 1, reason="nothing new"),
    ),
    (
        "an empty page with a pager: ends",
        PageView(2, 0, [], further(3, 4)),
        0,
        Policy(),
        Paging([], 1, reason="nothing new"),
    ),
    (
        "nothing new within the overlap: the next page only",
        PageView(4, 0, [], further(5, 6)),
        0,
        Policy(overlap=1),
        Paging(further(5), 1),
    ),
    (
        "the overlap spent: ends",
        PageView(5, 0, [], further(6)),
        1,
        Policy(overlap=1),
        Paging([], 2, reason="nothing new"),
    ),
    (
        "something new resets the overlap",
        PageView(5, 2, [], further(6)),
        1,
        Policy(overlap=1),
        Paging(further(6), 0),
    ),
    (
        "all dates before since: ends",
        PageView(3, 2, ["2019-01-02", "2019-05-01"], further(4)),
        0,
        Policy(since="2020-01-01"),
        Paging([], 0, reason="before since"),
    ),
    (
        "one date after since: goes on",
        PageView(3, 2, ["2019-01-02", "2020-05-01"], further(4)),
        0,
        Policy(since="2020-01-01"),
        Paging(further(4), 0),
    ),
    (
        "past the bound: cut and counted",
        PageView(9, 10, [], further(10, 11, 12)),
        0,
        Policy(bound=10),
        Paging(further(10), 0, cut=2),
    ),
    (
        "an endless pager at the bound: cut",
        PageView(10, 10, [], further(11)),
        0,
        Policy(bound=10),
        Paging([], 0, cut=1),
    ),
    (
        "max_pages asked for: stops, not a cut",
        PageView(3, 10, [], further(4)),
        0,
        Policy(max_pages=3, bound=10),
        Paging([], 0, cut=0),
    ),
    (
        "max_pages above the bound: the bound cuts",
        PageView(10, 10, [], further(11)),
        0,
        Policy(max_pages=50, bound=10),
        Paging([], 0, cut=1),
    ),
    ("no pager: nothing further", PageView(1, 10, [], []), 0, Policy(), Paging([], 0)),
]


@pytest.mark.parametrize(
    ("view", "stale", "policy", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_next_pages(view: PageView, stale: int, policy: Policy, expected: Paging) -> None:
    assert next_pages(view, stale, policy) == expected
