"""Malformed HTML and XML: the parsers never raise anything but `ParseError`.

Seeded mutations of every fixture page (deleted tags, shuffled blocks, stray entities, cuts,
odd bytes, deep nesting, broken JSON-LD and payloads): thousands of inputs, reproducible.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mpscrawler.parsers import ParseError, parse_article, parse_listing
from mpscrawler.parsers.feeds import parse_feed
from mpscrawler.snapshot import SITE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = sorted(FIXTURES.glob("*/*/page.html"))
SMALL = [p for p in PAGES if p.stat().st_size < 50_000]
LARGE = [p for p in PAGES if p.stat().st_size >= 50_000]
ENTITIES = [b"&amp;", b"&#0;", b"&#xD800;", b"&bogus;", b"&#99999999;", b"&", b"&#x;", b"&nbsp"]
JSON_LD = [
    b"1",
    b'"x"',
    b"[1, 2]",
    b'{"@type": 5}',
    b'{"@graph": 7}',
    b'{"headline": {"a": 1}}',
    b'{"@type": "NewsArticle", "datePublished": "yesterday", "author": 3, "image": {"url": 5}}',
    b"{not json",
]


def delete_tag(page: bytes, rng: random.Random) -> bytes:
    tags = [m.span() for m in re.finditer(rb"<[^<>]{1,80}>", page)]
    if not tags:
        return page
    start, end = rng.choice(tags)
    return page[:start] + page[end:]


def shuffle_blocks(page: bytes, rng: random.Random) -> bytes:
    parts = page.split(b"</p>")
    rng.shuffle(parts)
    return b"</p>".join(parts)


def entity(page: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(page) + 1)
    return page[:at] + rng.choice(ENTITIES) + page[at:]


def cut(page: bytes, rng: random.Random) -> bytes:
    return page[: rng.randrange(len(page) + 1)]


def odd_bytes(page: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(page) + 1)
    return page[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) + page[at:]


def nest(page: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([300, 3000])
    return page.replace(b"<body>", b"<body>" + b"<div><span>" * depth, 1)


def json_ld(page: bytes, rng: random.Random) -> bytes:
    script = b'<script type="application/ld+json">' + rng.choice(JSON_LD) + b"</script>"
    page = re.sub(rb'<script type="application/ld\+json">.*?</script>', b"", page, flags=re.S)
    return page.replace(b"</head>", script + b"</head>", 1)


def payload(page: bytes, rng: random.Random) -> bytes:
    broken = rng.choice(
        [b"[]", b"[1]", b'[{"data": 5}]', b'["Reactive", 0]', b'[[0], {"data": 0}]', b"{"]
    )
    return re.sub(
        rb'(id="__NUXT_DATA__"[^>]*>).*?(</script>)', rb"\1" + broken + rb"\2", page, flags=re.S
    )


def duplicate(page: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(page) + 1)
    end = min(len(page), start + rng.randrange(2000))
    return page[:end] + page[start:end] + page[end:]


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    delete_tag,
    shuffle_blocks,
    entity,
    cut,
    odd_bytes,
    nest,
    json_ld,
    payload,
    duplicate,
]


def mutants(pages: list[Path], count: int, seed: int) -> list[tuple[str, bytes, str]]:
    """`count` mutated pages: (name, bytes, URL), one to four mutations each."""
    rng = random.Random(seed)
    found = []
    for number in range(count):
        path = rng.choice(pages)
        page = path.read_bytes()
        for mutation in rng.sample(MUTATIONS, rng.randint(1, 4)):
            page = mutation(page, rng)
        found.append(
            (
                f"{path.parent.name}#{number}",
                page,
                f"https://en.bocongan.gov.vn/article/fuzz-{1700000000 + number}",
            )
        )
    return found


def survives(parse: Callable, page: bytes, url: str) -> object:
    """Parse; a `ParseError` is a clean refusal."""
    try:
        return parse(page, url)
    except ParseError:
        return None


@pytest.mark.parametrize("seed", range(4))
def test_small_pages_mutated_thousands_of_ways(seed: int) -> None:
    refused = 0
    for name, page, url in mutants(SMALL, 600, seed):
        record = survives(parse_article, page, url)
        if record is None:
            refused += 1
            continue
        assert record.title and record.body and record.id.startswith("en-"), name
        survives(parse_listing, page, url)  # listings: nothing but ParseError either
    assert refused < 600, "the parser still reads most mutated pages"


def test_large_pages_mutated() -> None:
    for name, page, url in mutants(LARGE, 250, seed=99):
        record = survives(parse_article, page, url)
        assert record is None or (record.title and record.body), name
        survives(parse_listing, page, url)


def test_feeds_mutated() -> None:
    feeds = [FIXTURES / "feeds" / "rss-34.xml", SITE / "sitemap.xml"]
    for name, xml, url in mutants(feeds, 600, seed=7):
        entries = survives(parse_feed, xml, url)
        assert entries is None or all(e.url.startswith("http") for e in entries), name
