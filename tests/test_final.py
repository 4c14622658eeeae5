"""`parse_article` gives final records: cleaning them again changes nothing.

The normalising pipeline is gone; the parser is the one owner of normalisation.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from mpscrawler.items import Article
from mpscrawler.parsers import parse_article
from mpscrawler.text import clean, clean_paragraphs, content_hash
from tests.regenerate import cases

FIXTURES = [
    folder for folder in cases("article") if "error" not in (folder / "expected.json").read_text()
]
SEED_PAGE = """<html><head><title>Ca\u0301c đo\u0302\u0300ng chi\u0301 - MPS</title>
<meta name="keywords" content="police, , Ha\u0300 No\u0302\u0323i ,"></head><body>
<div>Ca\u0301c đo\u0302\u0300ng chi\u0301</div><div>December,&nbsp;17 2020</div>
<div>MPS -\u00a0The  meeting\u200b took place in Ha\u0300 No\u0302\u0323i on December 16, as planned.</div>
<div><img src=" /a.jpg " alt="  "><br><em>Delegates  at the event .</em></div>
<div>The second paragraph of the text, with its own\u00a0sentence.</div><div>by  Linh\u00a0Chi</div>
</body></html>"""


def assert_final(record: Article, where: str) -> None:
    """Every text field is cleaned, nothing is empty, the hash is of the final text."""
    for spec in dataclasses.fields(record):
        value = getattr(record, spec.name)
        if isinstance(value, str):
            again = clean_paragraphs(value) if spec.name == "body" else clean(value)
            assert value == again, f"{where}: {spec.name} is not final"
        if isinstance(value, list) and spec.name != "images":
            assert all(item and item == clean(item) for item in value), f"{where}: {spec.name}"
    for image in record.images:
        assert image.url and image.caption == clean(image.caption), f"{where}: image caption"
        assert image.alt == clean(image.alt), f"{where}: image alt"
    assert record.content_hash == content_hash(record.title, record.body), f"{where}: hash"


@pytest.mark.parametrize("folder", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture_records_are_final(folder) -> None:  # noqa: ANN001
    url = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["url"]
    assert_final(parse_article((folder / "page.html").read_bytes(), url), folder.name)


def test_decomposed_and_spaced_text_comes_out_final() -> None:
    url = "http://en.bocongan.gov.vn/news-events/cac-dong-chi-t7001.html"
    record = parse_article(SEED_PAGE, url)
    assert_final(record, "seed page")
    assert record.title == "Các đồng chí"
    assert record.tags == ["police", "Hà Nội"]
    assert record.captions == ["Delegates at the event."]
    assert (record.byline, record.images[0].alt) == ("Linh Chi", None)
