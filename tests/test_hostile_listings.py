"""A listing page answered with a challenge, login or maintenance page at status 200: no
article links, no pager. Taken for the end of the listing, what only it led to was lost for
good (the next run stops at the known first page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import hostile_server as hs
from tests.helpers import records, run_files, snapshot_ids
from tests.test_hostile_cut import run

PAGE_2 = "/news-and-events.html?Page=2"


@pytest.mark.parametrize("page", [hs.CHALLENGE, hs.MAINTENANCE], ids=["challenge", "maintenance"])
def test_a_further_listing_page_showing_no_article_is_a_failure_read_again(
    tmp_path: Path, page: bytes
) -> None:
    hostile = hs.Hostile()
    hostile.fault(PAGE_2, hs.page(page))
    with hostile.serve() as base:
        first = run(tmp_path, base)
        hostile.rules.clear()
        second = run(tmp_path, base)
    assert first.returncode == 1
    assert f"the first: {base}{PAGE_2}: listing: no article on the page" in first.stderr
    assert second.returncode == 0, second.stderr[-3000:]
    ids = [r["id"] for f in run_files(tmp_path) for r in records(f)]
    assert sorted(ids) == sorted(snapshot_ids()), "every article once, over both runs"
