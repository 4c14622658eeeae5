"""The article's part of a current-site page gives the record the whole page gives, or none."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from mpscrawler.parsers import article as article_module
from mpscrawler.parsers import slice as slice_module
from mpscrawler.parsers.document import load
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.layouts import current
from mpscrawler.parsers.sections import breadcrumb_links
from mpscrawler.parsers.slice import END, MARK, part, settled
from mpscrawler.snapshot import SITES
from tests.warc_helpers import site_url

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "article"
CONCORDIA = FIXTURES / "current-vi-concordia"


def fixture_pages() -> list[tuple[Path, str]]:
    """Every article fixture page and its URL."""
    return [
        (page, json.loads((page.parent / "meta.json").read_text(encoding="utf-8"))["url"])
        for page in sorted(FIXTURES.glob("*/page.html"))
    ]


def snapshot_pages() -> list[tuple[Path, str]]:
    """Every HTML page of the bundled mirrors and the URL it is served at."""
    return [(page, site_url(page)) for page in sorted(SITES.rglob("*.html"))]


PAGES = fixture_pages() + snapshot_pages()


def outcome(html: bytes, url: str) -> dict[str, Any] | str:
    """The record as plain data, or the reason the page did not parse."""
    try:
        return dataclasses.asdict(article_module.parse_article(html, url))
    except ParseError as error:
        return error.reason


def whole_page(html: bytes, url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | str:
    """The outcome with the part never used: the whole page's tree, as before slicing."""
    with monkeypatch.context() as patch:
        patch.setattr(article_module, "part", lambda html, url: None)
        return outcome(html, url)


def part_used(html: bytes, url: str) -> bool:
    """True when `parse_article` reads this page from its part."""
    cut = part(html, url)
    if cut is None:
        return False
    try:
        fields = current.extract(cut.page)
    except ParseError:
        return False
    return fields is not None and settled(cut, fields)


@pytest.mark.parametrize(("page", "url"), PAGES, ids=[p.relative_to(p.parents[2]).as_posix() for p, _ in PAGES])
def test_every_page_gives_the_same_record_from_its_part_as_from_the_whole(
    page: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = page.read_bytes()
    assert outcome(html, url) == whole_page(html, url, monkeypatch)


def test_the_part_is_read_wherever_the_breadcrumb_names_the_section() -> None:
    # Pages whose breadcrumb is empty ("<nav aria-label="Breadcrumb">…<!--[--><!--]-->") leave
    # the section to a scan of the whole page's menus: those are read whole.
    used, named = set(), set()
    for page, url in PAGES:
        html = page.read_bytes()
        if part_used(html, url):
            used.add(page)
        record = outcome(html, url)
        article = isinstance(record, dict) and record["layout"] == "current"
        if article and breadcrumb_links(load(html, url)):
            named.add(page)
    assert len(named) >= 20
    assert used == named


def test_the_prefix_tree_is_the_whole_tree_cut_short() -> None:
    """Each element that ends before the cut is the whole page's, text, tail and children."""
    for page, url in PAGES:
        html = page.read_bytes()
        end = html.find(END)
        if end < 0 or b"tinymce-content" not in html:
            continue
        cut = html.rfind(b"<", 0, end)
        parsed = slice_module._parse(html[:cut])
        assert parsed is not None, page
        doc, still_open = parsed
        whole = list(load(html, url).iter())
        for index, element in enumerate(doc.iter()):
            assert element.tag == whole[index].tag, page
            if element not in still_open:
                assert etree.tostring(element) == etree.tostring(whole[index]), page


@pytest.mark.parametrize(
    ("prefix", "chain"),
    [
        (b"<html><head><title>t</title>", ["head", "html"]),
        (b"<html><body><div><p>one <a href='/x'>link", ["a", "p", "div", "body", "html"]),
        (b"<html><body><ul><li>one", ["li", "ul", "body", "html"]),
        (b"<html><body><table><tr><td>cell", ["td", "tr", "table", "body", "html"]),
        (b"<html><body><select><option>one", ["option", "select", "body", "html"]),
        (b"<html><body><dl><dt>term", ["dt", "dl", "body", "html"]),
    ],
)
def test_the_mark_closes_nothing_its_ancestors_are_the_open_elements(
    prefix: bytes, chain: list[str]
) -> None:
    parsed = slice_module._parse(prefix)
    assert parsed is not None
    doc, still_open = parsed
    assert [e.tag for e in still_open] == chain
    assert b"mps-cut" not in etree.tostring(doc)


def concordia() -> tuple[bytes, str, int]:
    """The live era-C capture, its URL, and where its part ends."""
    html = (CONCORDIA / "page.html").read_bytes()
    url = json.loads((CONCORDIA / "meta.json").read_text(encoding="utf-8"))["url"]
    return html, url, html.rfind(b"<", 0, html.find(END))


def later(html: bytes, markup: bytes) -> bytes:
    """The page with `markup` just after its part (in `<div id="article-bottom">`)."""
    end = html.find(b">", html.find(END)) + 1
    return html[:end] + markup + html[end:]


def test_the_live_page_is_read_from_its_part() -> None:
    html, url, cut = concordia()
    assert part_used(html, url)
    assert cut < len(html) * 0.6


@pytest.mark.parametrize(
    "markup",
    [
        b'<meta name="keywords" content="Later tag">',  # every <meta> counts, first of a name wins
        b'<META NAME="keywords" CONTENT="Later tag">',
        b'<html lang="en">',  # a second <html>'s attributes join the root's
        b'<nav aria-label="Breadcrumb"><a href="/chuyen-muc/later-1">Later</a></nav>',
        b"<h1>Later</h1><p>A lead of a later headline</p>",
        b"<p>stray \xff byte</p>",  # not UTF-8: the whole page is decoded again
    ],
)
def test_what_the_rest_of_the_page_holds_sends_it_whole(
    markup: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    html, url, cut = concordia()
    page = later(html, markup)
    assert part(page, url) is None
    assert outcome(page, url) == whole_page(page, url, monkeypatch)


def test_a_later_keywords_meta_is_a_tag_of_the_whole_page(monkeypatch: pytest.MonkeyPatch) -> None:
    html, url, cut = concordia()
    page = later(html, b'<meta name="keywords" content="Later tag">')
    record = outcome(page, url)
    assert isinstance(record, dict) and record["tags"] == ["Later tag"]


def test_a_cut_inside_a_comment_sends_the_page_whole() -> None:
    html, url, cut = concordia()
    page = html[:cut] + b"<!-- " + html[cut:].replace(b"</div>", b"</div> -->", 1)
    assert part(page, url) is None


def test_a_page_without_its_related_articles_is_read_whole() -> None:
    html, url, _ = concordia()
    assert part(html.replace(END, b'id="article-end"'), url) is None


def test_a_date_line_only_after_the_cut_sends_the_page_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html, url, cut = concordia()
    head, rest = html[:cut], html[cut:]
    page = head.replace(b">05/10/2026<", b">Tin moi<", 1)
    page = later(page + rest, b'<p class="text-bca-gray-400">04/10/2026</p>')
    assert not part_used(page, url)
    record = outcome(page, url)
    assert record == whole_page(page, url, monkeypatch)
    assert isinstance(record, dict) and record["published_raw"] == "04/10/2026"


def test_a_byline_block_after_the_cut_sends_the_page_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html, url, cut = concordia()
    page = html[:cut].replace(">Công Tuấn</p>".encode(), b"></p>", 1) + html[cut:]
    page = later(page, b'<div class="resource-author"><p>Later</p></div>')
    assert not part_used(page, url)
    record = outcome(page, url)
    assert record == whole_page(page, url, monkeypatch)
    assert isinstance(record, dict) and record["byline"] == "Later"


def test_an_empty_breadcrumb_sends_the_page_whole() -> None:
    html, url, _ = concordia()
    start = html.find(b'aria-label="Breadcrumb"')
    end = html.find(b"</nav>", start)
    page = html[:start] + b'aria-label="Breadcrumb">' + html[end:]
    assert part(page, url) is not None
    assert not part_used(page, url)


def test_json_ld_of_a_web_page_only_sends_the_page_whole() -> None:
    html, url, _ = concordia()
    page = html.replace(b'"@type":"NewsArticle"', b'"@type":"WebPage"', 1)
    assert page != html
    assert not part_used(page, url)


def test_a_canonical_link_after_the_cut_counts_without_og_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html, url, cut = concordia()
    page = html.replace(b'property="og:url"', b'property="og:other"', 1)
    page = later(page, b'<link rel="canonical" href="/bai-viet/x-1791199677">')
    assert not part_used(page, url)
    assert outcome(page, url) == whole_page(page, url, monkeypatch)


def test_text_is_read_whole_never_from_a_part() -> None:
    html, url, _ = concordia()
    assert part(html.decode("utf-8"), url) is None
    assert MARK not in html


def test_an_element_read_still_open_at_the_cut_sends_the_page_whole() -> None:
    html, url, cut = concordia()
    page = html[:cut] + b'<p class="text-bca-gray-400">05/10/2026 ' + html[cut:]
    assert part(page, url) is not None
    assert not part_used(page, url)


def test_a_lead_only_after_the_cut_sends_the_page_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    html, url, _ = concordia()
    start = html.find(b"<p ", html.find(b"</h1>"))
    page = html[: html.find(b"</h1>") + 5] + html[html.find(b"</p>", start) + 4 :]
    bottom = next(e for e in load(page, url).iter("div") if e.get("id") == "article-bottom")
    # `</div>` for each element from `div#article-bottom` up to the `<h1>`'s parent.
    depth = next(i for i, e in enumerate(bottom.iterancestors()) if e.find("h1") is not None)
    assert depth > 0
    page = later(page, b"</div>" * (depth + 1) + b"<p>A lead after the related articles</p>")
    assert not part_used(page, url)
    record = outcome(page, url)
    assert record == whole_page(page, url, monkeypatch)
    assert isinstance(record, dict) and record["lead"] == "A lead after the related articles"
