"""The test archive against the backfill's pure side: CDX paging, filters, playback and faults."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest

from mpscrawler.archive import cdx
from mpscrawler.archive.captures import Capture, group
from mpscrawler.archive.playback import fault, provenance, raw_url
from mpscrawler.parsers.article import parse_article
from mpscrawler.parsers.errors import ParseError
from mpscrawler.snapshot import SITE
from tests.archive_index import surt
from tests.archive_scenario import LEGACY, Snap, chosen, expected, legacy_pages, stamp
from tests.archive_server import Archive, serve

CDX = "/cdx/search/cdx"
# More pages than any query of the scenario needs (limit=1 over every row).
PAGES = 100


@pytest.fixture(scope="module")
def archive() -> Iterator[Archive]:
    """The default scenario, served once for the module."""
    with serve() as running:
        yield running


def get(url: str) -> tuple[int, str, bytes, dict[str, str]]:
    """Status, final URL (redirects followed), body and headers of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.url, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.url, error.read(), dict(error.headers)


def rows(archive: Archive, params: str) -> list[list[str]]:
    """The JSON rows of one CDX query (header left out)."""
    status, _, body, _ = get(f"{archive.url}{CDX}?output=json&{params}")
    assert status == 200
    data = json.loads(body)
    return data[1:] if data else []


def crawl_index(archive: Archive, limit: int, since: str | None = None) -> list[Capture]:
    """Every capture the backfill's queries find, paging by resume key to the end."""
    found: list[Capture] = []
    for url in cdx.query_urls(archive.url, limit=limit, since=since):
        for _ in range(PAGES):
            status, _, body, _ = get(url)
            assert status == 200, url
            page = cdx.parse_cdx(body)
            assert page.seen <= limit
            found += page.rows
            if page.resume_key is None:
                break
            url = cdx.next_url(url, page.resume_key)
        else:
            pytest.fail(f"more than {PAGES} pages: the resume key does not advance")
    return found


def listed_articles(snaps: list[Snap]) -> set[tuple[str, str]]:
    """(original, timestamp) of the listed 200 HTML captures of legacy English article URLs."""
    return {
        (s.original, s.timestamp)
        for s in snaps
        if s.listed and s.status == "200" and s.mimetype == "text/html"
        and LEGACY.search(urlsplit(s.original).path) and ".gov.vn" in s.original
        and s.original.split("//")[1].startswith("en.")
    }  # fmt: skip


def raw_pages(archive: Archive, first: str) -> list[list[str]]:
    """Every row of a query, paged by the resume key in the JSON the server printed."""
    found, url = [], first
    for _ in range(PAGES):
        data = json.loads(get(url)[2])
        if not data or [] not in data:
            return found + data[1:]
        found += data[1 : data.index([])]
        url = cdx.next_url(first, data[-1][0])
    pytest.fail(f"more than {PAGES} pages: the resume key does not advance")


# --- the index ---------------------------------------------------------------------------------


def test_paging_by_resume_key_returns_every_row_exactly_once(archive: Archive) -> None:
    query = f"{archive.url}{CDX}?url=en.bocongan.gov.vn/*&output=json"
    whole = json.loads(get(query)[2])[1:]
    listed = [
        s for s in archive.snaps if s.listed and surt(s.original).startswith("vn,gov,bocongan,en)/")
    ]
    assert len(whole) == len(listed) > 30
    for limit in (1, 2, 7, len(whole) - 1, len(whole), len(whole) + 1):
        assert raw_pages(archive, f"{query}&showResumeKey=true&limit={limit}") == whole, limit


@pytest.mark.parametrize("limit", [1, 2, 7, 5000])
def test_backfill_queries_find_every_article_capture_once(archive: Archive, limit: int) -> None:
    found = crawl_index(archive, limit)
    keys = Counter((c.original, c.timestamp) for c in found)
    assert max(keys.values()) == 1
    same = sorted(
        (s.original, s.timestamp) for s in archive.snaps if s.digest == "SAMEBYTESSAMEBYTES"
    )
    expected = listed_articles(archive.snaps)
    # collapse=digest drops the later of two adjacent captures of the same bytes, within a page.
    assert set(keys) == (expected if limit == 1 else expected - {same[1]})


def test_grouped_index_has_every_legacy_article_of_the_snapshot(archive: Archive) -> None:
    grouped = group(crawl_index(archive, 3))
    assert sorted(grouped) == sorted(f"en-{p.rsplit('-t', 1)[1][:-5]}" for p in legacy_pages())
    assert len(grouped) == 17


def test_since_asks_only_for_captures_from_that_day(archive: Archive) -> None:
    found = crawl_index(archive, 4, since="2021-01-27")
    assert found
    assert min(c.timestamp for c in found) >= "20210127"


def test_http_and_https_share_the_urlkey(archive: Archive) -> None:
    path = "articles/mps-hosts-year-end-meeting-with-press-and-media-t8632.html"
    found = rows(archive, f"url=en.bocongan.gov.vn/{path}")
    assert {r[2].split("://")[0] for r in found} == {"http", "https"}
    assert {r[0] for r in found} == {f"vn,gov,bocongan,en)/{path}"}
    assert rows(archive, f"url=https://en.bocongan.gov.vn/{path}") == found


def test_prefix_query_covers_both_schemes_and_stays_on_its_host(archive: Archive) -> None:
    found = rows(archive, "url=en.bocongan.gov.vn/*")
    assert {r[2].split("://")[0] for r in found} == {"http", "https"}
    assert all(r[0].startswith("vn,gov,bocongan,en)/") for r in found)
    assert rows(archive, "url=en.mps.gov.vn/*")
    assert all(r[0].startswith("vn,gov,mps,en)/") for r in rows(archive, "url=en.mps.gov.vn/*"))


def test_filters_match_whole_fields_and_negate(archive: Archive) -> None:
    every = rows(archive, "url=en.bocongan.gov.vn/*")
    not_ok = rows(archive, "url=en.bocongan.gov.vn/*&filter=!statuscode:200")
    assert {r[4] for r in not_ok} == {"301", "-"}
    assert len(rows(archive, "url=en.bocongan.gov.vn/*&filter=statuscode:200")) == len(every) - 2
    assert rows(archive, "url=en.bocongan.gov.vn/*&filter=statuscode:20") == []
    html = rows(archive, "url=en.bocongan.gov.vn/*&filter=mimetype:text/html")
    assert {r[3] for r in html} == {"text/html"}
    assert len(rows(archive, "url=en.bocongan.gov.vn/*&filter=mimetype:" + quote("image/.*"))) == 1


def test_collapse_and_dates(archive: Archive) -> None:
    every = rows(archive, "url=en.bocongan.gov.vn/*")
    per_url = rows(archive, "url=en.bocongan.gov.vn/*&collapse=urlkey")
    assert len({r[0] for r in every}) == len(per_url) < len(every)
    unique = rows(archive, "url=en.bocongan.gov.vn/*&collapse=digest")
    assert len(unique) == len(every) - 1
    assert all(
        "2021" <= r[1] < "2022" for r in rows(archive, "url=en.bocongan.gov.vn/*&from=2021&to=2021")
    )
    assert rows(archive, "url=en.bocongan.gov.vn/*&from=2021&to=2021")


def test_limit_and_resume_key_follow_the_readme_form(archive: Archive) -> None:
    status, _, body, headers = get(
        f"{archive.url}{CDX}?url=en.bocongan.gov.vn/*&output=json&limit=2&showResumeKey=true"
    )
    data = json.loads(body)
    assert data[0] == [
        "urlkey",
        "timestamp",
        "original",
        "mimetype",
        "statuscode",
        "digest",
        "length",
    ]
    assert len(data) == 5 and data[3] == [] and len(data[4]) == 1
    assert data[4][0] == quote(f"{data[2][0]} {data[2][1]}!", safe="").replace("%20", "+")
    assert headers["Content-Type"] == "application/json"
    status, _, body, _ = get(f"{archive.url}{CDX}?url=nothing.example/*&output=json")
    assert (status, body.strip()) == (200, b"[]")


def test_missing_url_parameter_is_a_400(archive: Archive) -> None:
    assert get(f"{archive.url}{CDX}?output=json")[0] == 400


# --- playback ----------------------------------------------------------------------------------


def test_raw_playback_serves_the_archived_bytes(archive: Archive) -> None:
    for snap in chosen(archive.snaps).values():
        capture = Capture("", snap.timestamp, snap.original)
        status, final, body, _ = get(raw_url(capture, archive.url))
        if snap.listed:
            assert (status, final) == (200, raw_url(capture, archive.url))
        assert body == (SITE / str(snap.path)).read_bytes()


def test_toolbar_playback_wraps_the_page_and_points_links_into_the_archive(
    archive: Archive,
) -> None:
    snap = next(
        s for s in chosen(archive.snaps).values() if s.original.startswith("http://en.bocongan")
    )
    status, _, body, _ = get(f"{archive.url}/web/{snap.timestamp}/{snap.original}")
    page = body.decode()
    assert status == 200 and "Wayback Machine" in page
    assert f'href="/web/{snap.timestamp}/http://en.bocongan.gov.vn/news-and-events.html"' in page
    assert 'href="/news-and-events.html"' not in page
    assert parse_article(body, snap.original).title


def test_a_timestamp_that_is_not_a_capture_redirects_to_the_nearest(archive: Archive) -> None:
    snap = next(iter(chosen(archive.snaps).values()))
    https = snap.original.replace("http://", "https://")
    status, final, _, _ = get(f"{archive.url}/web/{snap.timestamp[:8]}id_/{https}")
    assert status == 200
    assert final.startswith(f"{archive.url}/web/") and "id_/" in final


def fates(archive: Archive) -> dict[str, Snap]:
    """The first capture of each failing fate in the scenario."""
    return {s.fate: s for s in reversed(archive.snaps) if s.fate != "ok"}


@pytest.mark.parametrize(
    ("fate", "reason"),
    [
        ("missing", "status 404"),
        ("empty", "empty"),
        ("truncated", "truncated"),
        ("challenge", "challenge page"),
    ],
)
def test_failing_captures_are_told_apart(archive: Archive, fate: str, reason: str) -> None:
    snap = fates(archive)[fate]
    capture = Capture("", snap.timestamp, snap.original)
    status, final, body, _ = get(raw_url(capture, archive.url))
    assert fault(capture, final, status, body, archive.url) == reason


def test_a_redirect_that_lands_on_a_missing_capture_fails(archive: Archive) -> None:
    snap = next(s for s in archive.snaps if s.fate == "redirect" and not _target(archive, s).chosen)
    capture = Capture("", snap.timestamp, snap.original)
    status, final, body, _ = get(raw_url(capture, archive.url))
    assert final.endswith(f"/web/{snap.redirect_to}id_/{snap.original}")
    assert fault(capture, final, status, body, archive.url) == "status 404"


def _target(archive: Archive, snap: Snap) -> Snap:
    """The capture a redirecting capture points at."""
    return next(
        s for s in archive.snaps if s.timestamp == snap.redirect_to and s.original == snap.original
    )


def test_the_challenge_page_plays_but_holds_no_article(archive: Archive) -> None:
    snap = fates(archive)["challenge"]
    capture = Capture("", snap.timestamp, snap.original)
    status, final, body, _ = get(raw_url(capture, archive.url))
    assert fault(capture, final, status, body, archive.url) == "challenge page"
    with pytest.raises(ParseError):
        parse_article(body, capture.canonical_url)


def test_throttled_requests_answer_429_with_retry_after() -> None:
    with serve(throttle=2) as throttled:
        answers = [get(f"{throttled.url}{CDX}?url=en.mps.gov.vn/*&output=json") for _ in range(4)]
    assert [a[0] for a in answers] == [200, 429, 200, 429]
    assert answers[1][3]["Retry-After"] == "1"
    assert [s for _, s in throttled.requests] == [200, 429, 200, 429]


# --- the pieces together -----------------------------------------------------------------------


def backfill(archive: Archive) -> dict[str, dict[str, str]]:
    """What the spider does, in plain urllib: index, group, try captures in order, parse."""
    records: dict[str, dict[str, str]] = {}
    for ident, captures in group(crawl_index(archive, 5)).items():
        tried: set[str] = set()  # a redirect of an earlier capture may have landed on a later one
        for capture in (c for c in captures if raw_url(c, archive.url) not in tried):
            status, final, body, _ = get(raw_url(capture, archive.url))
            tried |= {raw_url(capture, archive.url), final}
            if fault(capture, final, status, body, archive.url):
                continue
            try:
                article = parse_article(body, capture.canonical_url)
            except ParseError:
                continue
            assert article.id == ident
            records[ident] = {**provenance(final, archive.url), "title": article.title or ""}
            break
    return records


def test_backfill_reads_every_article_exactly_once_from_the_chosen_capture() -> None:
    with serve() as running:
        records = backfill(running)
        assert {k: {f: v for f, v in r.items() if f != "title"} for k, r in records.items()} == (
            expected(running.snaps, running.url)
        )
        assert all(r["title"] for r in records.values())
        cdx_requests = running.paths("/cdx/")
        assert cdx_requests and all(p.startswith("/cdx/search/cdx?url=en.") for p in cdx_requests)
        played = running.paths("/web/")
        assert len(played) == len(running.requests) - len(cdx_requests) == len(set(played))
        # Once an article is read, its later captures are never asked for.
        later = [s for s in running.snaps if s.timestamp > stamp(79) and "-t" in s.original]
        assert later and not {f"/web/{s.timestamp}id_/{s.original}" for s in later} & set(played)
        same = [s for s in running.snaps if s.digest == "SAMEBYTESSAMEBYTES"]
        assert f"/web/{same[1].timestamp}id_/{same[1].original}" not in played
        running.clear()
        assert running.requests == []
