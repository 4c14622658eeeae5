"""The Wayback backfill end to end: `-a archive=wayback` against an archive on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict
from pathlib import Path

import jsonschema

from mpscrawler.editions import EN
from mpscrawler.parsers import parse_article
from mpscrawler.snapshot import SITE
from tests.archive_scenario import chosen, expected
from tests.archive_server import serve
from tests.helpers import CRAWL, ENV, FAST, MPSCRAWLER, SCHEMA, records, reports, run_files

# Fields that depend on the fetch, not on the page.
FETCH = {"crawled_at", "version", "first_seen", "updated", "url", "source", "archive_url",
         "archived_at", "warc_file", "warc_offset"}  # fmt: skip


def backfill(work: Path, archive_url: str, *extra: str) -> subprocess.CompletedProcess:
    """One backfill run from `work` (its own output/)."""
    command = [*CRAWL, "-a", "archive=wayback", "-a", f"archive_url={archive_url}", *FAST, *extra]
    return subprocess.run(command, cwd=work, env=ENV, capture_output=True, text=True, timeout=300)


def judged(work: Path) -> subprocess.CompletedProcess:
    """`mpscrawler health` on the last run's report (exit 1: unhealthy)."""
    command = [*MPSCRAWLER, "health", str(reports(work)[-1])]
    return subprocess.run(command, cwd=work, env=ENV, capture_output=True, text=True, timeout=60)


def page_record(snap_path: str, url: str) -> dict:
    """What the archived page gives when parsed directly (the fields that do not depend on the fetch)."""
    record = asdict(parse_article((SITE / snap_path).read_bytes(), url))
    return {k: v for k, v in record.items() if k not in FETCH}


def test_every_archived_article_once_every_field_right_and_a_second_run_only_reads_the_index(
    tmp_path: Path,
) -> None:
    with serve() as archive:
        first = backfill(tmp_path, archive.url)
        assert first.returncode == 0, first.stderr[-3000:]
        archive.clear()
        second = backfill(tmp_path, archive.url)
        later = [target for target, _ in archive.requests]
        want = expected(archive.snaps, archive.url)
        picked = chosen(archive.snaps)
    assert second.returncode == 0, second.stderr[-3000:]
    (only,) = run_files(tmp_path)  # the second run found nothing new: no file
    got = {r["id"]: r for r in records(only)}
    assert len(got) == len(records(only)), "every article once"
    assert sorted(got) == sorted(want), "every legacy article the archive holds"
    for ident, record in got.items():
        jsonschema.validate(record, SCHEMA)
        for name, value in want[ident].items():
            assert record[name] == value, f"{ident}: {name}"
        snap = picked[ident]
        assert {k: v for k, v in record.items() if k not in FETCH} == page_record(
            snap.path, snap.original
        ), ident
    # The second backfill asks the index again and fetches no capture (robots.txt aside).
    assert later and all(t.startswith("/cdx/search/cdx") or t == "/robots.txt" for t in later)
    report = json.loads(reports(tmp_path)[-1].read_text())
    assert report["records"]["skipped_known"] == len(want) and report["records"]["new"] == 0


def test_the_archive_asking_to_slow_down_is_obeyed(tmp_path: Path) -> None:
    with serve(throttle=7) as archive:
        done = backfill(tmp_path, archive.url)
        statuses = [status for _, status in archive.requests]
        want = expected(archive.snaps, archive.url)
    assert done.returncode == 0, done.stderr[-3000:]
    assert 429 in statuses
    (only,) = run_files(tmp_path)
    assert sorted(r["id"] for r in records(only)) == sorted(want)


def test_toolbar_captures_given_by_url_parse_like_raw_ones(tmp_path: Path) -> None:
    with serve() as archive:
        picked = chosen(archive.snaps)
        urls = [f"{archive.url}/web/{s.timestamp}/{s.original}" for s in picked.values()]
        listed = tmp_path / "captures.txt"
        listed.write_text("\n".join(urls) + "\n")
        command = [*CRAWL, "-a", f"urls_file={listed}", *FAST, "-O", str(tmp_path / "out.jsonl")]
        done = subprocess.run(
            command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300
        )
        want = expected(archive.snaps, archive.url)
    assert done.returncode == 0, done.stderr[-3000:]
    got = {r["id"]: r for r in records(tmp_path / "out.jsonl")}
    assert sorted(got) == sorted(want)
    for ident, record in got.items():
        for name, value in want[ident].items():
            assert record[name] == value, f"{ident}: {name}"
        assert {k: v for k, v in record.items() if k not in FETCH} == page_record(
            picked[ident].path, picked[ident].original
        ), ident


def test_an_index_whose_resume_key_repeats_is_a_failure_not_a_hang(tmp_path: Path) -> None:
    with serve(paging="loop") as archive:
        done = backfill(tmp_path, archive.url)
        asked = archive.paths("/cdx/")
    report = json.loads(reports(tmp_path)[-1].read_text())
    # Each host: its first page, then the page the key names; that page names it again.
    assert len(asked) == 2 * len(EN.archive_hosts), asked
    reasons = [f["reason"] for f in report["failures"]]
    assert sum("resume key 'loop' again" in r for r in reasons) == len(EN.archive_hosts), reasons
    assert done.returncode == 0, done.stderr[-3000:]  # the crawl itself went on to its end
    assert judged(tmp_path).returncode == 1, "unhealthy: the index was not read whole"


def test_an_index_that_pages_without_end_stops_at_its_bound(tmp_path: Path) -> None:
    with serve(paging="endless") as archive:
        done = backfill(tmp_path, archive.url, "-s", "MPS_MAX_INDEX_PAGES=4")
        asked = archive.paths("/cdx/")
    report = json.loads(reports(tmp_path)[-1].read_text())
    assert len(asked) == 4 * len(EN.archive_hosts), asked
    reasons = [f["reason"] for f in report["failures"]]
    assert sum("more than 4 pages" in r for r in reasons) == len(EN.archive_hosts), reasons
    assert report["cut"] == {"index_pages": len(EN.archive_hosts)}
    assert done.returncode == 0, done.stderr[-3000:]  # the crawl itself went on to its end
    assert judged(tmp_path).returncode == 1, "unhealthy: the index was not read whole"
