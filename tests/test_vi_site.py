"""The Vietnamese mirror `mpscrawler/sites/vi/`: its files, its sources, every page's fields."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import unicodedata
import urllib.request
from datetime import UTC
from typing import Any

import lxml.html
import pytest

from mpscrawler.parsers import parse_article, parse_listing
from mpscrawler.parsers.feeds import parse_feed
from mpscrawler.snapshot import resolve, serve
from tests.fixtures import build_site_vi, vi_sources
from tests.fixtures.build_site_vi import FEED, ROOT
from tests.fixtures.vi_sources import LISTING_PATH, PORTAL
from tests.helpers import snapshot_ids
from tests.vi_expected import FIELDS, FURNITURE, mirror_file, records

RECORDS = records()
ARTICLES = {a.path: a for a in vi_sources.articles()}
# SHA-256 of the captures as fetched (`requests.json`, seq 4/46/44/48 of live/SOURCES.md).
EXACT = {
    "robots.txt": "f734c312f9f372bf52793c7d003cc2907454cb022ff550e0d13d7ebc1abe7d1b",
    "api/rss/34.xml": "7026ed22af24df32e664e15b20fa253dc67854be3b4f3eccaa01d8dfbbb2046f",
    "chuyen-muc/thong-tin-doi-ngoai-1751367399.html": "40eb252f043bc6d7c6122aa7e1d07f5a1796349dd282f9dc64e7188aa0c134f7",
    "bai-viet/mo-rong-hop-tac-cong-nghe-cong-nghiep-an-ninh-voi-cac-doi-tac-tho-nhi-ky-1791199100.html": "e7d80dce7c62dfc01bab0fec5151edb26455338dd0eb7e63f17a0696a2a6954e",
}
CONCORDIA = "bai-viet/cu-the-hoa-hop-tac-dao-tao-nghien-cuu-cong-nghe-an-ninh-voi-dai-hoc-concordia-1791199677.html"


def served_articles() -> set[str]:
    """Portal URLs of the article pages the mirror holds."""
    return {PORTAL + path for path in snapshot_ids(ROOT, "vi").values()}


def as_data(article: Any) -> dict[str, Any]:
    """A parsed record as JSON data, only the checked fields."""
    data = json.loads(json.dumps(dataclasses.asdict(article)))
    return {name: data[name] for name in FIELDS}


# --- the folder ---------------------------------------------------------------------------


def test_the_mirror_is_what_the_builder_writes() -> None:
    """Regeneration is deterministic and nobody edited the mirror by hand."""
    files = build_site_vi.site_files(vi_sources.articles())
    on_disk = {p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()}
    assert on_disk == set(files)
    for relative, data in files.items():
        assert (ROOT / relative).read_bytes() == data, relative
    assert build_site_vi.site_files(vi_sources.articles()) == files


@pytest.mark.parametrize("relative", sorted(EXACT))
def test_byte_exact_captures_stay_byte_exact(relative: str) -> None:
    assert hashlib.sha256((ROOT / relative).read_bytes()).hexdigest() == EXACT[relative]


def test_the_inexact_concordia_copy_is_served_as_copied() -> None:
    assert (ROOT / CONCORDIA).read_bytes() == vi_sources.CAPTURES[1].read_bytes()


def test_every_portal_path_the_mirror_names_resolves() -> None:
    for path in ["/robots.txt", "/rss", FEED, LISTING_PATH, *RECORDS]:
        assert resolve(ROOT, path) is not None, path


def test_the_rss_index_links_the_feed() -> None:
    doc = lxml.html.document_fromstring((ROOT / "rss.html").read_bytes())
    links = set(doc.xpath("//a/@href | //link[@rel='alternate']/@href"))
    assert links == {PORTAL + FEED}


def test_articles_are_served_on_loopback() -> None:
    with serve(ROOT) as base:
        for path in RECORDS:
            with urllib.request.urlopen(base + path) as answer:
                assert answer.status == 200, path
                assert answer.headers["Content-Type"].startswith("text/html"), path


# --- the sources agree with each other ----------------------------------------------------


def test_feed_items_agree_with_the_payload() -> None:
    items = vi_sources.rss_items(vi_sources.RSS.read_bytes())
    assert len(items) == 10
    for item in items:
        art = ARTICLES[f"/bai-viet/{item['slug']}"]
        assert (item["title"], item["lead"]) == (art.title, art.lead), item["slug"]
        published = art.hanoi.astimezone(UTC).replace(microsecond=0).isoformat()
        assert vi_sources.utc_seconds(item["pubDate"]) == published, item["slug"]


def test_cards_agree_with_the_payload() -> None:
    """Every card's title, lead and `DD/MM/YYYY` (the Hanoi date of a UTC `publish_date`)."""
    cards = [card for html in vi_sources.pages() for card in vi_sources.cards(html)]
    assert len(cards) >= 80
    for card in cards:
        art = ARTICLES[f"/bai-viet/{card['slug']}"]
        assert card["title"] == art.title, card["slug"]
        assert card["date"] == f"{art.hanoi:%d/%m/%Y}", card["slug"]
        assert card["lead"] in (None, art.lead), card["slug"]


def test_the_decomposed_letter_of_the_listing_is_still_in_its_payload() -> None:
    """The source keeps U+01A1 U+0301 ("ớ"): the NFC test below is not vacuous."""
    assert "\u01a1\u0301" in vi_sources.LISTING.read_text(encoding="utf-8")


# --- the mirror's listing and feed link exactly its articles ------------------------------


def test_the_listing_links_exactly_the_mirrors_articles() -> None:
    listing = parse_listing(
        (ROOT / (LISTING_PATH.lstrip("/") + ".html")).read_bytes(), PORTAL + LISTING_PATH
    )
    assert {e.url for e in listing.entries} == served_articles()
    assert len(served_articles()) == len(RECORDS) == 43


def test_the_feed_links_only_the_mirrors_articles() -> None:
    entries = parse_feed((ROOT / FEED.lstrip("/")).read_bytes(), PORTAL + FEED)
    urls = {e.url for e in entries}
    assert len(urls) == 10
    assert urls <= served_articles()
    for entry in entries:
        art = ARTICLES[entry.url.removeprefix(PORTAL)]
        assert (entry.title, entry.summary, entry.date) == (
            art.title,
            art.lead,
            art.hanoi.date().isoformat(),
        )


@pytest.mark.parametrize("path", sorted(RECORDS))
def test_every_link_of_an_article_page_is_in_the_mirror(path: str) -> None:
    html = mirror_file(path).read_text(encoding="utf-8")
    assert {PORTAL + f"/bai-viet/{s}" for s in vi_sources.linked(html)} <= served_articles()
    assert {e.url for e in parse_listing(html, PORTAL + path).entries} <= served_articles()


# --- every article page, field by field ----------------------------------------------------


@pytest.mark.parametrize("path", sorted(RECORDS))
def test_article_fields(path: str) -> None:
    want = RECORDS[path]
    got = as_data(parse_article(mirror_file(path).read_bytes(), PORTAL + path))
    for name in FIELDS:
        assert got[name] == want[name], f"{path}: field {name!r}"
    for snippet in FURNITURE:
        for name in ("title", "lead", "body", "byline"):
            assert snippet not in (got[name] or ""), f"{path}: {snippet!r} in {name}"
    assert got["lead"] is None or got["lead"] in got["body"]


def test_section_url_is_the_portals_when_the_page_is_read_as_the_portals() -> None:
    # The crawler hands the parser a mirror page under its portal URL (`Portal.page_url`), so
    # the page's relative links resolve to the portal's, as the record's `url` (og:url) does.
    path = "/bai-viet/tang-cuong-hop-tac-an-ninh-giua-viet-nam-va-cac-nuoc-asean-1790758318"
    got = parse_article(mirror_file(path).read_bytes(), PORTAL + path)
    assert got.url == PORTAL + path
    assert got.section_url == PORTAL + LISTING_PATH


def _strings(value: Any) -> list[str]:
    """Every string inside a record."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("path", sorted(RECORDS))
def test_every_text_is_nfc(path: str) -> None:
    article = parse_article(mirror_file(path).read_bytes(), PORTAL + path)
    for text in _strings(dataclasses.asdict(article)):
        assert unicodedata.is_normalized("NFC", text), f"{path}: {text[:60]!r}"


def test_the_page_of_the_decomposed_lead_is_written_in_nfc() -> None:
    """The builder writes NFC itself: the parser's own NFC cannot hide a decomposed page."""
    path = "/bai-viet/luc-luong-cong-an-chu-dong-ung-pho-voi-dien-bien-ap-thap-nhiet-doi-va-mua-lon-1789117035"
    page = mirror_file(path).read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(page)
    lead = doc.xpath("//h1/following-sibling::p[1]")[0].text_content()
    assert "nhiệt đới" in lead and unicodedata.is_normalized("NFC", lead)
    item = _payload_article(page, path)
    assert unicodedata.is_normalized("NFC", item["short_content"])
    assert item["short_content"] == lead


# --- what else a generated page says of its article agrees ---------------------------------


def _payload_article(page: str, path: str) -> dict[str, Any]:
    """The article object of a page's `__NUXT_DATA__`."""
    table = vi_sources.payload_table(page)
    data = vi_sources.resolve(table, table[1]["data"])
    assert vi_sources.resolve(table, table[1]["path"]) == path
    return data[f"flame:/articles/{path.removeprefix('/bai-viet/')}:{{}}:{{}}"]


GENERATED = sorted(p for p in RECORDS if p in ARTICLES and p not in build_site_vi.captured())


@pytest.mark.parametrize("path", GENERATED)
def test_json_ld_and_payload_of_a_generated_page_agree_with_its_source(path: str) -> None:
    art = ARTICLES[path]
    page = mirror_file(path).read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(page)
    ld = json.loads(doc.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert (ld["url"], ld["headline"], ld["description"]) == (art.url, art.title, art.lead or "")
    assert ld["datePublished"] == art.published and "dateModified" not in ld
    item = _payload_article(page, path)
    assert (item["slug"], item["title"], item["short_content"]) == (
        art.slug,
        art.title,
        art.lead or "",
    )
    assert (item["publish_date"], item["author"], item["id"]) == (
        art.published,
        art.author or "",
        art.uuid,
    )
    shown = doc.xpath('//p[contains(@class, "text-bca-gray-400")]')[0].text_content()
    assert shown == f"{art.hanoi:%d/%m/%Y}"
    assert doc.xpath("//meta[@property='og:url']/@content") == [art.url]
    assert art.hanoi.utcoffset().total_seconds() == 7 * 3600
