"""Every legacy page of the bundled snapshot reads as the hand annotation of its text.

The fixtures check their pages against reviewed `expected.json`, the markup generator checks
random renderings against the annotation; this checks the snapshot's own renderings (what
`make demo` crawls) the same way, field by field.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mpscrawler.parsers import parse_article
from mpscrawler.snapshot import SITE
from tests.fixtures.build_site import legacy_articles
from tests.test_unseen_markups import annotated, expected

ARTICLES = [a for a in legacy_articles() if (SITE / urlsplit(a["url"]).path[1:]).exists()]


def test_the_snapshot_has_its_legacy_pages() -> None:
    assert len(ARTICLES) >= 15, "the snapshot lost legacy article pages"


@pytest.mark.parametrize("art", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_snapshot_page_reads_as_annotated(art: dict) -> None:
    page = (SITE / urlsplit(art["url"]).path[1:]).read_bytes()
    record = parse_article(page, art["url"])
    want = expected(art)
    got = annotated(record)
    for name in want:
        assert got[name] == want[name], f"{art['id']}: {name}"
    assert record.id == f"en-{art['id']}"
    assert [i.caption for i in record.images if i.caption] == want["captions"], art["id"]
    assert record.layout == ("legacy-banner" if art["banner"] else "legacy"), art["id"]
