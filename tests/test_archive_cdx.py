"""The pure side of the Wayback backfill: CDX requests and answers, captures, playback URLs."""

from __future__ import annotations

import contextlib
import gzip
import json
import random
from urllib.parse import parse_qs, urlsplit

import pytest

from mpscrawler.archive import cdx
from mpscrawler.archive.captures import Capture, archived_at, canonical_url, group
from mpscrawler.archive.playback import fault, page_url, parse_playback, provenance, raw_url
from tests.portal import CHALLENGE

HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
# wayback-cdx-server/README.md, "Resumption Key", JSON example, verbatim.
README_RESUME = b"""[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
 ["org,archive)/", "19970126045828", "http://www.archive.org:80/", "text/html", "200", "Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY", "1415"],
 ["org,archive)/", "19971011050034", "http://www.archive.org:80/", "text/html", "200", "XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3", "1402"],
 ["org,archive)/", "19971211122953", "http://www.archive.org:80/", "text/html", "200", "XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3", "1405"],
 ["org,archive)/", "19971211122953", "http://www.archive.org:80/", "text/html", "200", "XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3", "1405"],
 ["org,archive)/", "19980109140106", "http://archive.org:80/", "text/html", "200", "XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3", "1402"],
 [],
 ["org%2Carchive%29%2F+19980109140106%21"]]"""
SEED = "http://en.bocongan.gov.vn/international-relations-cooperation/commits-14th-som-takes-place-in-hanoi-t7564.html"
SEED_KEY = "vn,gov,bocongan,en)/international-relations-cooperation/commits-14th-som-takes-place-in-hanoi-t7564.html"
CANONICAL = "https://en.bocongan.gov.vn/international-relations-cooperation/commits-14th-som-takes-place-in-hanoi-t7564.html"
ARCHIVE = "https://web.archive.org"


def row(original: str = SEED, ts: str = "20201218030405", **values: str) -> list[str]:
    """One CDX row of the JSON form."""
    fields = {"mimetype": "text/html", "statuscode": "200", "digest": "D" * 32, "length": "9000"}
    fields.update(values)
    return [SEED_KEY, ts, original, *fields.values()]


def body(*rows: list[str], header: list[str] = HEADER) -> bytes:
    """A JSON answer with a header row."""
    return json.dumps([header, *rows]).encode()


def capture(original: str = SEED, ts: str = "20201218030405", digest: str | None = None) -> Capture:
    """A capture of the seed article, or of another URL."""
    return Capture(urlkey=SEED_KEY, timestamp=ts, original=original, digest=digest)


# --- parse_cdx ---------------------------------------------------------------------------------


def test_readme_resume_example_gives_the_key_and_drops_the_non_articles() -> None:
    page = cdx.parse_cdx(README_RESUME)
    assert page.resume_key == "org%2Carchive%29%2F+19980109140106%21"
    assert page.rows == []
    assert page.dropped == {"not an article": 5}
    assert page.seen == 5


def test_readme_next_request_is_the_first_one_plus_the_key_as_printed() -> None:
    first = "http://web.archive.org/cdx/search/cdx?url=archive.org&limit=5&showResumeKey=true"
    assert cdx.next_url(first, cdx.parse_cdx(README_RESUME).resume_key or "") == (
        "http://web.archive.org/cdx/search/cdx?url=archive.org&limit=5&showResumeKey=true"
        "&resumeKey=org%2Carchive%29%2F+19980109140106%21"
    )


def test_next_url_replaces_an_earlier_key() -> None:
    first = "http://a/cdx/search/cdx?url=x/*&resumeKey=old&limit=5"
    assert (
        cdx.next_url(first, "new+key%21")
        == "http://a/cdx/search/cdx?url=x/*&limit=5&resumeKey=new+key%21"
    )


def test_a_row_of_an_article_becomes_a_capture() -> None:
    page = cdx.parse_cdx(body(row(digest="Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY", length="1415")))
    assert page.resume_key is None
    assert page.rows == [
        Capture(SEED_KEY, "20201218030405", SEED, "text/html", 200,
                "Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY", 1415)
    ]  # fmt: skip


def test_a_gzip_body_is_read_as_its_content() -> None:
    # README: "By default, CDX server returns gzip encoded data for all queries".
    assert cdx.parse_cdx(gzip.compress(README_RESUME)) == cdx.parse_cdx(README_RESUME)


def test_fields_are_read_by_the_header_names_in_any_order() -> None:
    header = ["original", "timestamp", "urlkey"]
    page = cdx.parse_cdx(body([SEED, "20201218030405", SEED_KEY], header=header))
    assert page.rows == [Capture(SEED_KEY, "20201218030405", SEED)]


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"original": "http://en.bocongan.gov.vn/news-and-events.html?Page=2"}, "not an article"),
        (
            {"original": "https://en.bocongan.gov.vn/article/seven-leaders-1769419716"},
            "not an article",
        ),
        ({"original": "http://bocongan.gov.vn/news-events/x-t7564.html"}, "not an article"),
        ({"statuscode": "301"}, "status"),
        ({"mimetype": "image/jpeg"}, "mimetype"),
    ],
)
def test_rows_that_are_not_playable_articles_are_dropped_and_counted(
    values: dict[str, str], reason: str
) -> None:
    original = values.pop("original", SEED)
    page = cdx.parse_cdx(body(row(original, **values), row()))
    assert len(page.rows) == 1
    assert page.dropped == {reason: 1}


def test_dashes_are_missing_values() -> None:
    (found,) = cdx.parse_cdx(body(row(statuscode="-", digest="-", length="-"))).rows
    assert (found.status, found.digest, found.length) == (None, None, None)


@pytest.mark.parametrize("answer", [b"[]", b"[]\n", b"", b"  \n", body()])
def test_nothing_matched_is_an_empty_page(answer: bytes) -> None:
    page = cdx.parse_cdx(answer)
    assert (page.rows, page.resume_key, page.seen) == ([], None, 0)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (b"\x00\xff\xfe garbage", "not UTF-8"),
        (gzip.compress(README_RESUME)[:40], "bad gzip"),
        (
            gzip.compress(README_RESUME)[:12] + b"\xff" * 40 + gzip.compress(README_RESUME)[52:],
            "bad gzip",
        ),
        (b"<!DOCTYPE html><html><body>Wayback Machine is down</body></html>", "not JSON"),
        (
            b"org,archive)/ 19970126045828 http://www.archive.org:80/ text/html 200 Q 1415",
            "not JSON",
        ),
        (README_RESUME[:300], "not JSON"),
        (b'"a string"', "not a JSON array"),
        (b'[{"urlkey": "x"}]', "first row is not a header"),
        (b'[["urlkey", "original"]]', "header lacks timestamp"),
        (json.dumps([row()]).encode(), "header lacks"),
        (body(row()[:6]), "row of 7 fields expected"),
        (body([*row(), "extra"]), "row of 7 fields expected"),
        (
            json.dumps(
                [HEADER, [SEED_KEY, 20201218030405, SEED, "text/html", "200", "D", "1"]]
            ).encode(),
            "not a string",
        ),
        (body(row(ts="2020121803")), "14-digit timestamp"),
        (body(row(ts="")), "timestamp"),
        (body(row(length="12k")), "not a number"),
        (json.dumps([HEADER, row(), []]).encode(), "not followed by a resume key"),
        (json.dumps([HEADER, row(), [], ["k"], row()]).encode(), "not followed by a resume key"),
        (json.dumps([HEADER, row(), [], [7]]).encode(), "resume key is not a string"),
        (
            b'{"urlkey": "k", "timestamp": "20201218030405", "url": "'
            + SEED.encode()
            + b'"}\n<html>',
            "not JSON",
        ),
        (b'{"urlkey": "k", "url": "' + SEED.encode() + b'"}', "row without timestamp"),
    ],
)
def test_an_answer_that_is_not_a_cdx_page_raises_a_named_error(answer: bytes, message: str) -> None:
    with pytest.raises(cdx.CdxError, match=message):
        cdx.parse_cdx(answer)


def test_mangled_answers_parse_or_raise_cdx_error_never_anything_else() -> None:
    answer = body(row(), row("http://en.bocongan.gov.vn/news-and-events.html"))
    answer = answer[:-1] + b', [], ["k"]]'
    rng = random.Random(7)
    for _ in range(3000):
        mangled = bytearray(answer)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(mangled))
            mangled[at : at + rng.randint(0, 1)] = bytes([rng.choice(b'[]{},":-0 \xff')])
        with contextlib.suppress(cdx.CdxError):
            cdx.parse_cdx(bytes(mangled))


@pytest.mark.parametrize(
    "answer",
    [b"[" * 100_000, b'{"a":' * 100_000, body(row("http://[en.bocongan.gov.vn/a/x-t1234.html"))],
)
def test_pathological_answers_are_a_cdx_error_or_a_dropped_row(answer: bytes) -> None:
    try:
        page = cdx.parse_cdx(answer)
    except cdx.CdxError:
        return
    assert page.rows == [] and page.dropped == {"not an article": 1}


def test_pywb_lines_of_json_objects_are_read_with_their_own_field_names() -> None:
    # pywb 2.10 `output=json`, as answered on 127.0.0.1 (its extra fields are ignored).
    line = {"urlkey": SEED_KEY, "timestamp": "20201218030405", "url": SEED, "mime": "text/html",
            "status": "200", "digest": "7T2MIZFAEIBCL5UMLQGBYDOXMQPLXGP7", "length": "1922",
            "offset": "0", "filename": "t.warc.gz", "source": "web/indexes/index.cdxj"}  # fmt: skip
    other = {**line, "url": "http://en.bocongan.gov.vn/", "urlkey": "vn,gov,bocongan,en)/"}
    page = cdx.parse_cdx((json.dumps(line) + "\n" + json.dumps(other) + "\n").encode())
    assert page.rows == [
        Capture(SEED_KEY, "20201218030405", SEED, "text/html", 200,
                "7T2MIZFAEIBCL5UMLQGBYDOXMQPLXGP7", 1922)
    ]  # fmt: skip
    assert (page.resume_key, page.dropped) == (None, {"not an article": 1})


# --- query_urls --------------------------------------------------------------------------------


def test_one_first_request_per_host_with_the_documented_parameters() -> None:
    first = cdx.query_urls("https://web.archive.org/", since="2020-12-01", until="2021-02-28")
    assert [urlsplit(u)[:3] for u in first] == [("https", "web.archive.org", "/cdx/search/cdx")] * 2
    params = [parse_qs(urlsplit(u).query) for u in first]
    assert [p["url"] for p in params] == [["en.bocongan.gov.vn/*"], ["en.mps.gov.vn/*"]]
    assert params[0] == {
        "url": ["en.bocongan.gov.vn/*"],
        "output": ["json"],
        "filter": ["statuscode:200", "mimetype:text/html"],
        "collapse": ["digest"],
        "showResumeKey": ["true"],
        "limit": ["5000"],
        "from": ["20201201"],
        "to": ["20210228"],
    }


def test_query_urls_without_dates_and_with_another_archive() -> None:
    (first,) = cdx.query_urls(
        "http://127.0.0.1:8080/pywb", ["en.mps.gov.vn"], limit=10, cdx_path="/web/cdx"
    )
    assert first.startswith("http://127.0.0.1:8080/pywb/web/cdx?url=en.mps.gov.vn/*&")
    assert "from" not in parse_qs(urlsplit(first).query)
    assert parse_qs(urlsplit(first).query)["limit"] == ["10"]


# --- captures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "ident"),
    [
        (SEED, "en-7564"),
        ("https://en.mps.gov.vn/international-relations-cooperation/commits-t7564.html", "en-7564"),
        ("http://en.bocongan.gov.vn:80/news-events/x-t4224.html?utm_source=fb", "en-4224"),
        ("http://EN.BOCONGAN.GOV.VN/social-ativities/thai-nguyen-t6928.html", "en-6928"),
        ("http://en.bocongan.gov.vn/news/top-stories/some-story-5732.html", "en-5732"),
        ("http://en.bocongan.gov.vn/news-events/plan-2020.html", None),
        ("http://en.bocongan.gov.vn/news-and-events.html", None),
        ("https://en.bocongan.gov.vn/article/seven-leaders-1769419716", None),
        ("https://bocongan.gov.vn/bai-viet/tin-cu-d12-t3456", None),
        ("http://example.org/news-events/x-t7564.html", None),
    ],
)
def test_article_id_of_legacy_english_urls_only(original: str, ident: str | None) -> None:
    assert capture(original).article_id == ident


@pytest.mark.parametrize(
    "original",
    [
        SEED,
        CANONICAL,
        "http://en.mps.gov.vn/international-relations-cooperation/commits-14th-som-takes-place-in-hanoi-t7564.html",
        "http://en.bocongan.gov.vn:80/international-relations-cooperation/commits-14th-som-takes-place-in-hanoi-t7564.html?utm_source=facebook#top",
    ],
)
def test_canonical_url_is_https_on_the_main_host_without_query(original: str) -> None:
    assert canonical_url(original) == CANONICAL
    assert capture(original).canonical_url == CANONICAL


def test_archived_at_is_utc_iso() -> None:
    assert archived_at("20201218030405") == "2020-12-18T03:04:05+00:00"
    assert capture(ts="20210101000000").archived_at == "2021-01-01T00:00:00+00:00"
    with pytest.raises(ValueError, match="14-digit"):
        archived_at("2020")


def test_group_orders_bare_urls_first_then_earliest_and_drops_same_bytes() -> None:
    query = CANONICAL + "?utm_source=facebook"
    alias = SEED.replace("en.bocongan", "en.mps")
    found = [
        capture(query, "20190101000000", "A"),
        capture(alias, "20201218030405", "B"),
        capture(SEED, "20201218030405", "C"),
        capture(CANONICAL, "20210101000000", "C"),  # same bytes as the one before
        capture(SEED, "20200101000000", None),
        capture(CANONICAL, "20220101000000", None),  # no digest: never a duplicate
        capture("http://en.bocongan.gov.vn/news-events/other-t4224.html", "20230101000000", "A"),
        capture("http://en.bocongan.gov.vn/news-and-events.html", "20170101000000", "Z"),
        capture("http://[en.bocongan.gov.vn/news-events/x-t4224.html", "20170101000000", "Y"),
    ]
    grouped = group(found)
    assert list(grouped) == ["en-4224", "en-7564"]
    assert [(c.original, c.timestamp) for c in grouped["en-7564"]] == [
        (SEED, "20200101000000"),
        (SEED, "20201218030405"),
        (alias, "20201218030405"),
        (CANONICAL, "20220101000000"),
        (query, "20190101000000"),
    ]
    assert len(grouped["en-4224"]) == 1


# --- playback ----------------------------------------------------------------------------------


def test_raw_and_page_urls_of_a_capture() -> None:
    assert raw_url(capture(), ARCHIVE + "/") == f"{ARCHIVE}/web/20201218030405id_/{SEED}"
    assert page_url(capture()) == f"{ARCHIVE}/web/20201218030405/{SEED}"


@pytest.mark.parametrize(
    ("url", "archive", "expected"),
    [
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", ARCHIVE, (SEED, "20201218030405", True)),
        (f"{ARCHIVE}/web/20201218030405/{SEED}", ARCHIVE, (SEED, "20201218030405", False)),
        (
            f"http://web.archive.org/web/20201218030405im_/{SEED}",
            ARCHIVE,
            (SEED, "20201218030405", False),
        ),
        (f"{ARCHIVE}/web/2020/{SEED}", ARCHIVE, (SEED, "2020", False)),
        (
            f"{ARCHIVE}/web/20201218030405/http:/{SEED[7:]}",
            ARCHIVE,
            (SEED, "20201218030405", False),
        ),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED[7:]}", ARCHIVE, (SEED, "20201218030405", True)),
        (
            f"http://127.0.0.1:8931/web/20201218030405id_/{SEED}",
            "http://127.0.0.1:8931",
            (SEED, "20201218030405", True),
        ),
        (
            f"http://127.0.0.1:8931/pywb/web/20201218030405id_/{SEED}",
            "http://127.0.0.1:8931/pywb/",
            (SEED, "20201218030405", True),
        ),
        (f"http://127.0.0.1:8932/web/20201218030405id_/{SEED}", "http://127.0.0.1:8931", None),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", "http://127.0.0.1:8931", None),
        (f"{ARCHIVE}/web/*/{SEED}", ARCHIVE, None),
        (f"{ARCHIVE}/cdx/search/cdx?url={SEED}", ARCHIVE, None),
        (SEED, ARCHIVE, None),
        ("http://[web.archive.org/web/20201218030405/x", ARCHIVE, None),
    ],
)
def test_parse_playback(url: str, archive: str, expected: tuple[str, str, bool] | None) -> None:
    assert parse_playback(url, archive) == expected


PAGE = b"<html><body><h1>Title</h1><p>MPS - Lead.</p></body></html>\n"
CHALLENGE_SCRIPT = b'<html><head><script src="/_Incapsula_Resource?SWJIYLWA=5074a744"></script></head><body></body></html>'


@pytest.mark.parametrize(
    ("final", "status", "page", "reason"),
    [
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", 200, PAGE, None),
        (f"{ARCHIVE}/web/20210101000000id_/{CANONICAL}", 200, PAGE, None),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", 404, PAGE, "status 404"),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", 429, b"", "status 429"),
        ("https://en.bocongan.gov.vn/", 200, PAGE, "redirected out of the archive"),
        (
            f"{ARCHIVE}/web/20201218030405id_/https://en.bocongan.gov.vn/",
            200,
            PAGE,
            "redirected to another page",
        ),
        (f"{ARCHIVE}/web/2020id_/{SEED}", 200, PAGE, "no capture time"),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", 200, b" \n", "empty"),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", 200, PAGE[:30], "truncated"),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", 200, CHALLENGE, "challenge page"),
        (f"{ARCHIVE}/web/20201218030405id_/{SEED}", 200, CHALLENGE_SCRIPT, "challenge page"),
    ],
)
def test_fault_of_a_playback_answer(
    final: str, status: int, page: bytes, reason: str | None
) -> None:
    assert fault(capture(), final, status, page, ARCHIVE) == reason


def test_provenance_of_a_record_read_from_the_archive() -> None:
    final = f"{ARCHIVE}/web/20201218030405id_/{SEED.replace('en.bocongan', 'en.mps')}"
    assert provenance(final) == {
        "url": CANONICAL,
        "source": "wayback",
        "archive_url": f"{ARCHIVE}/web/20201218030405/{SEED.replace('en.bocongan', 'en.mps')}",
        "archived_at": "2020-12-18T03:04:05+00:00",
    }
    with pytest.raises(ValueError, match="playback URL"):
        provenance(SEED)
