"""Every annotated legacy text in hundreds of random markups: the record is the annotation.

A fixed list of seeds runs every time, plus fresh ones: a failure names its seed; replay it with
`MARKUP_SEEDS=<seed>[,<seed>…] pytest tests/test_markup_generator.py` and look at the page with
`python -m tests.markup_generator <seed>`.
"""

from __future__ import annotations

import os
import random

import pytest

from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.parsers.sections import legacy_section
from tests.markup_generator import Rendering, render

FIXED = list(range(240))
FRESH = 120
# The web archive's toolbar and rewritten links: never in any field of the record.
ARCHIVE_TEXT = ("Wayback", "captures", "web.archive.org", "/web/20")


def seeds() -> list[int]:
    """The seeds of this run: those asked for, else the fixed ones and fresh ones."""
    asked = os.environ.get("MARKUP_SEEDS")
    if asked:
        return [int(s) for s in asked.split(",")]
    fresh = random.Random().sample(range(10**6, 10**9), FRESH)
    return FIXED + fresh


def page(rendering: Rendering) -> str | bytes:
    """The page as text, or as the UTF-8 bytes a server sends (every other seed)."""
    return rendering.html.encode("utf-8") if rendering.seed % 2 else rendering.html


def got(rendering: Rendering) -> dict:
    """The record's fields in the shape of the expectation."""
    record = parse_article(page(rendering), rendering.url)
    return {
        "id": record.id,
        "url": record.url,
        "title": record.title,
        "published_date": record.published_date,
        "published_raw": record.published_raw,
        "lead": record.lead,
        "body": record.body,
        "captions": record.captions,
        "photo_captions": [image.caption for image in record.images],
        "byline": record.byline,
        "byline_raw": record.byline_raw,
        "section": record.section,
    }


@pytest.mark.parametrize("seed", seeds())
def test_rendering_reads_as_annotated(seed: int) -> None:
    rendering = render(seed)
    replay = f"seed {seed} (MARKUP_SEEDS={seed}) {rendering.choices}"
    if rendering.expected is None:
        with pytest.raises(ParseError, match="legacy page without its date line"):
            parse_article(page(rendering), rendering.url)
        return
    want = dict(rendering.expected)
    if want["section"] is None:  # only the URL names the section
        want["section"] = legacy_section(want["url"])[0]
        assert want["section"], replay
    found = got(rendering)
    for name, value in want.items():
        assert found[name] == value, f"{name}: {replay}"
    record = parse_article(page(rendering), rendering.url)
    every = [str(v) for v in vars(record).values()] + [i.url for i in record.images]
    leaks = [t for t in ARCHIVE_TEXT for v in every if t in v]
    assert not leaks, f"archive text {leaks} in the record: {replay}"
