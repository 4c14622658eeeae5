"""Legacy texts in markups the snapshot does not use: the fields still come out right.

Expectations come from the hand-read annotation of each captured text (`site_texts.py`), not
from the parser: title, date, lead, body paragraphs, captions bound to their photos, byline.
"""

from __future__ import annotations

import re

import pytest

from mpscrawler.items import Article
from mpscrawler.parsers import parse_article
from tests import markups, markups_cms
from tests.fixtures.build_site import legacy_articles

ARTICLES = legacy_articles()
MARKUPS = {**markups.MARKUPS, **markups_cms.MARKUPS}
ARCHIVE = "https://web.archive.org/web/20201218000000/"


def expected(art: dict) -> dict:
    """The record's text fields as the annotation says they are."""
    paragraphs = [" ".join(text.split()) for kind, text in art["blocks"] if kind == "p"]
    return {
        "title": art["title"],
        "published_date": art["published"].isoformat(),
        "lead": paragraphs[0],
        "body": "\n\n".join(paragraphs),
        "captions": [re.sub(r"\s+\.$", ".", t) for kind, t in art["blocks"] if kind == "img" and t],
        "photos": sum(1 for kind, _ in art["blocks"] if kind == "img"),
        "byline": re.sub(r"^by\s+", "", art["byline"], flags=re.I),
    }


def annotated(record: Article) -> dict:
    """The record's fields that `expected` gives, as it gives them."""
    return {
        "title": record.title,
        "published_date": record.published_date,
        "lead": record.lead,
        "body": record.body,
        "captions": record.captions,
        "photos": len(record.images),
        "byline": record.byline,
    }


@pytest.mark.parametrize("markup", sorted(MARKUPS))
@pytest.mark.parametrize("art", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_fields_survive_the_markup(art: dict, markup: str) -> None:
    url = (ARCHIVE if markup == "wayback" else "") + art["url"]
    record = parse_article(MARKUPS[markup](art), url)
    want = expected(art)
    got = annotated(record)
    for name in want:
        assert got[name] == want[name], f"{art['id']} in {markup}: {name}"
    assert record.id == f"en-{art['id']}"
    bound = [image.caption for image in record.images if image.caption]
    assert bound == want["captions"], f"{art['id']} in {markup}: captions bound to photos"
