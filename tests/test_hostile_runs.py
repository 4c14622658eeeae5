"""A hostile mirror (`tests/hostile_server.py`) against `mpscrawler run`, then a run after it
recovers: nothing lost without a failure named, nothing invented, the verdict in the exit status.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from mpscrawler.parsers import parse_article
from mpscrawler.snapshot import SITE
from tests import hostile_server as hs
from tests.helpers import ENV, MPSCRAWLER, SLOW_FAULTS, records, reports, run_files, snapshot_ids

A = "/article/"
PORTAL = "https://en.bocongan.gov.vn"
RESET = A + "minister-to-lam-works-with-tra-vinh-police-1555077600"
BAD_STATUS = A + "mps-reviews-task-performance-in-april-1557324000"
MOVED = A + "minister-to-lam-works-with-quang-ninh-provincial-police-department-1565359200"
OTHER = A + "deputy-minister-nguyen-duy-ngoc-works-with-hanoi-police-1590588000"
GONE_HOME = A + "homeland-security-department-rolls-out-2025-work-plan-1736863200"
CANONICAL = (
    A + "deputy-minister-luong-tam-quang-attends-8th-party-congress-of-phu-yen-police-1596117600"
)
REFRESHED = (
    A
    + "department-of-cyber-security-urged-to-focus-on-fighting-hostile-forces-on-cyberspace-1516456800"
)
REFRESH = (
    b'<html><head><meta http-equiv="refresh" content="0;url=/"></head><body>Moved</body></html>'
)
NULS = (
    A + "counter-narcotics-police-department-asked-to-ensure-financial-sources-and-"
    "facilities-for-anti-drug-fight-1600264800"
)


def page_of(path: str) -> bytes:
    """The snapshot's bytes of an article path."""
    return (SITE / (path.lstrip("/") + ".html")).read_bytes()


def elsewhere(path: str) -> bytes:
    """The article with its `og:url` on another host."""
    own = f'og:url" content="{PORTAL}{path}"'.encode()
    assert own in page_of(path)
    return page_of(path).replace(own, f'og:url" content="https://evil.example{path}"'.encode())


def faults(hostile: hs.Hostile) -> None:
    """One fault a page; each page is listed by the sitemap and the listings."""
    hostile.fault(RESET, hs.reset_mid_body)
    hostile.fault(BAD_STATUS, hs.malformed_headers)
    hostile.fault(MOVED, hs.redirect(OTHER, 301))
    hostile.fault(GONE_HOME, hs.redirect("/", 302))
    hostile.fault("/", hs.status(500, body=b"<html><body>Internal error</body></html>"))
    hostile.fault(CANONICAL, hs.page(elsewhere(CANONICAL)))
    hostile.fault(NULS, hs.edited(hs.with_nuls))
    hostile.fault(REFRESHED, hs.page(REFRESH))  # Scrapy follows it as a redirect


def run(work: Path, base: str) -> subprocess.CompletedProcess:
    """`mpscrawler run` against the mirror, from `work`."""
    command = [*MPSCRAWLER, "run", "--", "-a", f"base_url={base}", *SLOW_FAULTS]
    return subprocess.run(
        command, cwd=work, env=ENV, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A run through the faults, then one with the server well again."""
    work = tmp_path_factory.mktemp("hostile")
    hostile = hs.Hostile()
    faults(hostile)
    with hostile.serve() as base:
        first = run(work, base)
        first_records = records(run_files(work)[0])
        hostile.rules.clear()
        second = run(work, base)
    with closing(sqlite3.connect(work / "output" / "state" / "mps_news-en.sqlite3")) as db:
        failures = db.execute("SELECT url, reason FROM failures").fetchall()
    return {
        "base": base,
        "first": first,
        "second": second,
        "first_records": {r["id"]: r for r in first_records},
        "all": [r for f in run_files(work) for r in records(f)],
        "report": json.loads(reports(work)[0].read_text()),
        "failures_after": failures,
    }


def ident(path: str) -> str:
    """The record id of an article path."""
    return "en-" + path.rsplit("-", 1)[1]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (RESET, "fetch: ResponseDataLossError"),
        (BAD_STATUS, "fetch: DownloadFailedError: ParseError: ('non-integer status code'"),
        (GONE_HOME, "redirect to {base}/, not an article"),
        (REFRESHED, "redirect to {base}/, not an article"),
        ("/", "listing: HTTP 500"),
    ],
)
def test_each_page_lost_is_named_with_its_reason(runs: dict, path: str, reason: str) -> None:
    named = {f["url"]: f["reason"] for f in runs["report"]["failures"]}
    url = runs["base"] + path
    assert reason.format(base=runs["base"]) in named.get(url, ""), named
    assert path == "/" or ident(path) not in runs["first_records"]


def test_a_run_that_lost_pages_exits_1_and_the_recovered_run_0(runs: dict) -> None:
    first, second = runs["first"], runs["second"]
    assert first.returncode == 1, first.stderr
    assert "UNHEALTHY: 5 of 29 pages failed (kept for a retry)" in first.stderr
    assert second.returncode == 0, second.stderr


def test_the_recovered_run_gets_what_the_first_lost_and_duplicates_nothing(runs: dict) -> None:
    ids = [r["id"] for r in runs["all"]]
    assert sorted(ids) == sorted(snapshot_ids()), "every article once, over both runs"
    assert runs["failures_after"] == []


def test_an_article_moved_to_another_is_said_so_and_the_other_comes_out_once(runs: dict) -> None:
    assert ident(MOVED) not in runs["first_records"]
    assert [r["id"] for r in runs["all"]].count(ident(OTHER)) == 1
    assert runs["report"]["redirected_elsewhere"] == 1
    assert (
        f"{runs['base']}{MOVED} redirects to another article, {ident(OTHER)}"
        in runs["first"].stderr
    )


def test_a_canonical_url_on_another_host_never_becomes_the_record_url(runs: dict) -> None:
    record = runs["first_records"][ident(CANONICAL)]
    assert record["url"] == PORTAL + CANONICAL
    assert runs["report"]["canonical_disagrees"] >= 1
    assert not [r for r in runs["all"] if "evil.example" in json.dumps(r)]


def test_nul_bytes_in_a_page_never_reach_the_text(runs: dict) -> None:
    record = runs["first_records"][ident(NULS)]
    clean = parse_article(page_of(NULS), PORTAL + NULS)
    assert (record["title"], record["body"]) == (clean.title, clean.body)
    assert not [r["id"] for r in runs["all"] if "\ufffd" in json.dumps(r, ensure_ascii=False)]


def test_one_article_lost_of_many_is_enough_to_exit_1(tmp_path: Path) -> None:
    hostile = hs.Hostile()
    hostile.fault(RESET, hs.short_body)
    with hostile.serve() as base:
        verdict = run(tmp_path, base)
    assert verdict.returncode == 1, verdict.stderr
    assert f"1 of 29 pages failed (kept for a retry); the first: {base}{RESET}" in verdict.stderr


def test_a_crawl_opens_no_remote_control_endpoint(runs: dict) -> None:
    assert "Remote control HTTP server listening" not in runs["first"].stderr
    assert "RemoteControl" not in runs["first"].stderr.split("Enabled extensions:")[1][:800]


def test_another_articles_page_served_at_an_article_url_is_unhealthy(tmp_path: Path) -> None:
    hostile = hs.Hostile()
    hostile.fault(RESET, hs.page(page_of(OTHER)))  # a CDN that mixed two pages up
    with hostile.serve() as base:
        verdict = run(tmp_path, base)
    assert verdict.returncode == 1, verdict.stderr
    assert "UNHEALTHY: 1 pages name another page as their canonical URL" in verdict.stderr
    assert f"{base}{RESET}: canonical {PORTAL}{OTHER} names {ident(OTHER)}" in verdict.stderr
