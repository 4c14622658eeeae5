"""Cron-grade runs, end to end over loopback: incremental, resumable, killed, retried, judged."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from contextlib import closing
from pathlib import Path

import duckdb
import jsonschema
import lxml.html
import pytest

from mpscrawler.snapshot import serve
from mpscrawler.state import StateStore
from tests.helpers import (
    CRAWL,
    ENV,
    FAST,
    MPSCRAWLER,
    SCHEMA,
    free_port,
    records,
    run_files,
    snapshot_ids,
)
from tests.portal import Portal, copy_site

# The snapshot's era-C article whose text the change test edits.
EDITED = "article/minister-to-lam-works-with-tra-vinh-police-1555077600"


def command(base_url: str, *extra: str) -> list[str]:
    """`scrapy crawl mps_news` against a snapshot, run from a test's own folder."""
    return [
        *CRAWL,
        "-a",
        f"base_url={base_url}",
        *FAST,
        *extra,
    ]


def crawl(work: Path, base_url: str, *extra: str) -> subprocess.CompletedProcess:
    """One run with `work` as its working folder (so `output/` is the test's own)."""
    return subprocess.run(
        command(base_url, *extra), cwd=work, env=ENV, capture_output=True, text=True, timeout=300
    )


def last_report(work: Path) -> dict:
    """The newest run report."""
    return json.loads(
        sorted((work / "output" / "reports" / "mps_news").glob("*.json"))[-1].read_text()
    )


def build_dataset(work: Path) -> subprocess.CompletedProcess:
    """`mpscrawler dataset` in a work folder."""
    return subprocess.run(
        [*MPSCRAWLER, "dataset"], cwd=work, env=ENV, capture_output=True, text=True
    )


def dataset(work: Path) -> list[dict]:
    """Build the analysts' dataset and read it."""
    done = build_dataset(work)
    assert done.returncode == 0, done.stderr
    return records(work / "output" / "mps_news.jsonl")


def test_first_run_emits_all_second_run_nothing_with_a_handful_of_requests(tmp_path: Path) -> None:
    portal = Portal()
    with serve(hook=portal) as base_url:
        first = crawl(tmp_path, base_url)
        first_requests = portal.total
        second = crawl(tmp_path, base_url)
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    (only,) = run_files(tmp_path)
    assert sorted(r["id"] for r in records(only)) == sorted(snapshot_ids())
    assert all(r["version"] == 1 and r["first_seen"] == r["crawled_at"] for r in records(only))
    report = last_report(tmp_path)
    assert report["records"]["new"] == 0 and report["records"]["written"] == 0
    # robots.txt (twice), sitemap, two feeds, homepage, legacy listings, page 1 of each section.
    assert portal.total - first_requests == report["requests"] <= 16 < first_requests / 2


def test_a_changed_article_comes_out_again_as_a_new_version(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    work = tmp_path / "work"
    work.mkdir()
    with serve(site) as base_url:
        assert crawl(work, base_url).returncode == 0
        page = site / f"{EDITED}.html"
        page.write_text(
            page.read_text(encoding="utf-8").replace(
                "Minister To Lam appreciated", "Minister To Lam praised"
            ),
            encoding="utf-8",
        )
        sitemap = site / "sitemap.xml"
        edited_loc = re.escape(EDITED) + r"</loc><lastmod>[^<]+"
        sitemap.write_text(
            re.sub(edited_loc, f"{EDITED}</loc><lastmod>2099-01-01", sitemap.read_text()),
            encoding="utf-8",
        )
        second = crawl(work, base_url)
    assert second.returncode == 0, second.stderr[-2000:]
    first_file, second_file = run_files(work)
    (changed,) = records(second_file)
    before = next(r for r in records(first_file) if r["id"] == changed["id"])
    assert changed["id"] == "en-1555077600" and changed["version"] == 2
    assert (
        "Minister To Lam praised" in changed["body"]
        and changed["content_hash"] != before["content_hash"]
    )
    assert (
        changed["first_seen"] == before["first_seen"]
        and changed["updated"] == changed["crawled_at"]
    )
    latest = {r["id"]: r for r in dataset(work)}
    assert len(latest) == len(snapshot_ids()) and latest[changed["id"]]["version"] == 2


def test_a_killed_run_leaves_no_partial_file_and_loses_nothing(tmp_path: Path) -> None:
    part_dir = tmp_path / "output" / "mps_news"
    with serve(hook=Portal(delay=0.15)) as base_url:
        crawler = subprocess.Popen(
            command(base_url),
            cwd=tmp_path,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while not any(p.read_bytes().count(b"\n") >= 5 for p in part_dir.glob(".*.part")):
                assert time.monotonic() < deadline and crawler.poll() is None, (
                    "crawl ended before the kill"
                )
                time.sleep(0.05)
            second = crawl(tmp_path, base_url)  # while the first one runs
            assert second.returncode == 75 and "another run is going" in second.stderr
        finally:
            crawler.send_signal(signal.SIGKILL)
            crawler.wait()
    assert run_files(tmp_path) == [], "no finished file from the killed run"
    assert list(part_dir.glob(".*.part")), "its partial file stays aside, under a hidden name"
    with serve() as base_url:
        again = crawl(tmp_path, base_url)
    assert again.returncode == 0, again.stderr[-2000:]
    ids = [r["id"] for r in dataset(tmp_path)]
    assert sorted(ids) == sorted(snapshot_ids()), "no loss, no duplicate"


def test_failures_are_kept_and_retried_on_the_next_run(tmp_path: Path) -> None:
    article = "/" + EDITED
    broken = Portal(
        script={
            article: [500] * 4,
            "/news-events/mps-reviews-october-task-performance-t5276.html": [503] * 4,
        }
    )
    port = free_port()  # failures are retried at the URL that failed: the same server address
    with serve(hook=broken, port=port) as base_url:
        first = crawl(tmp_path, base_url, "-s", "RETRY_TIMES=3")
    assert first.returncode == 0
    report = last_report(tmp_path)
    assert report["failed"]["fetch"] == 2
    with closing(StateStore(tmp_path / "output" / "state" / "mps_news.sqlite3", "test")) as store:
        failures = store.failures()
    assert [(url.rsplit("/", 1)[1], attempts) for url, _, attempts in failures] == [
        ("minister-to-lam-works-with-tra-vinh-police-1555077600", 1),
        ("mps-reviews-october-task-performance-t5276.html", 1),
    ]
    assert [reason for _, reason, _ in failures] == ["fetch: HTTP 500", "fetch: HTTP 503"]
    with serve(port=port) as base_url:
        second = crawl(tmp_path, base_url)
    assert second.returncode == 0
    assert sorted(r["id"] for r in records(run_files(tmp_path)[-1])) == ["en-1555077600", "en-5276"]
    with closing(StateStore(tmp_path / "output" / "state" / "mps_news.sqlite3", "test")) as store:
        assert store.failures() == []


def mpscrawler_run(work: Path, base_url: str) -> subprocess.CompletedProcess:
    """The cron command: crawl, then judge."""
    cmd = [*MPSCRAWLER, "run", "--", "-a", f"base_url={base_url}", *FAST]
    return subprocess.run(cmd, cwd=work, env=ENV, capture_output=True, text=True, timeout=300)


def test_health_command_fails_a_site_whose_articles_lost_their_body(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    for page in [*site.glob("article/*.html"), *site.glob("news-events/*.html")]:
        doc = lxml.html.fromstring(page.read_bytes())
        for body in doc.xpath(
            '//div[contains(@class, "tinymce-content") or @class="news-content"]'
        ):
            for child in list(body):  # text, photos and byline gone; title, date and menus stay
                body.remove(child)
            body.text = None
        page.write_bytes(lxml.html.tostring(doc, encoding="utf-8"))
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    with serve(site) as base_url:
        bad = mpscrawler_run(tmp_path / "bad", base_url)
    with serve() as base_url:
        good = mpscrawler_run(tmp_path / "good", base_url)
    assert bad.returncode == 1, bad.stdout + bad.stderr[-2000:]
    assert "UNHEALTHY: 26 of 31 article pages failed" in bad.stderr
    assert good.returncode == 0, good.stdout + good.stderr[-2000:]
    assert "healthy" in good.stdout


def test_jobdir_pause_and_resume(tmp_path: Path) -> None:
    job = ["-s", f"JOBDIR={tmp_path / 'job'}"]
    with serve() as base_url:
        paused = crawl(
            tmp_path, base_url, *job, "-s", "CLOSESPIDER_ITEMCOUNT=5", "-s", "CONCURRENT_REQUESTS=1"
        )
        time.sleep(1.1)  # run files are named by the second they start
        resumed = crawl(tmp_path, base_url, *job)
    assert paused.returncode == 0 and resumed.returncode == 0, resumed.stderr[-2000:]
    first, second = run_files(tmp_path)
    assert 5 <= len(records(first)) < len(snapshot_ids())
    ids = [r["id"] for r in records(first) + records(second)]
    assert sorted(ids) == sorted(snapshot_ids()), "the resumed run finishes the job, no duplicate"


def test_dataset_is_valid_against_the_schema_and_loads_typed(tmp_path: Path) -> None:
    with serve() as base_url:
        assert crawl(tmp_path, base_url).returncode == 0
    rows = dataset(tmp_path)
    for row in rows:
        jsonschema.validate(row, SCHEMA)
    again = build_dataset(tmp_path)
    assert "unchanged" in again.stdout, "idempotent: nothing new, nothing rewritten"
    path = str(tmp_path / "output" / "mps_news.jsonl")
    with duckdb.connect() as db:
        kinds = {
            row[0]: row[1]
            for row in db.execute("DESCRIBE SELECT * FROM read_json_auto(?)", [path]).fetchall()
        }
        got = db.execute(
            "SELECT count(*), min(published_date) FROM read_json_auto(?)", [path]
        ).fetchone()
    assert got[0] == len(snapshot_ids()) and str(got[1]) == "2018-01-20"
    export = [
        *MPSCRAWLER,
        "dataset",
        "--duckdb",
        "ds.duckdb",
        "--parquet",
        "ds.parquet",
    ]
    subprocess.run(export, cwd=tmp_path, env=ENV, check=True, capture_output=True)
    with duckdb.connect(str(tmp_path / "ds.duckdb")) as db:
        assert db.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == len(
            snapshot_ids()
        )
        parquet = str(tmp_path / "ds.parquet")
        assert db.execute("SELECT count(*) FROM read_parquet(?)", [parquet]).fetchone()[0] == len(
            snapshot_ids()
        )
    assert kinds["published_date"] == "DATE" and kinds["version"] == "BIGINT"


def test_schema_rejects_a_half_record() -> None:
    half = {
        "id": "en-7564",
        "url": "http://en.bocongan.gov.vn/x-t7564.html",
        "title": "",
        "body": None,
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(half, SCHEMA)
