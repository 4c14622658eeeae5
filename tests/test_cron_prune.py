"""Cron contract, retention (issue 10): years of hourly runs in bounded room, no record lost.

`mpscrawler prune` (also the end of `mpscrawler run`) deletes reports past the retention,
merges run files past it into one file per month (every line kept, once), rotates the cron log;
the dataset reads the month files as it read the runs. Files are dated with `os.utime`.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from mpscrawler.ops.prune import merge, rotate
from mpscrawler.snapshot import serve
from tests.helpers import ENV, MPSCRAWLER, PROJECT, records, reports
from tests.portal import crawl

DAY = 86400
RUNS = Path("output/mps_news/en")
REPORTS = Path("output/reports/mps_news/en")


def dated(path: Path, text: str, days_ago: float) -> Path:
    """Write a file and date it `days_ago`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    stamp = time.time() - days_ago * DAY
    os.utime(path, (stamp, stamp))
    return path


def record(ident: str, version: int, crawled: str) -> str:
    """One line of a run file."""
    fields = {"id": ident, "version": version, "crawled_at": crawled, "published_date": "2020"}
    return json.dumps(fields) + "\n"


def mpscrawler(work: Path, *args: str) -> subprocess.CompletedProcess:
    """`mpscrawler ARGS` in a work folder."""
    return subprocess.run(
        [*MPSCRAWLER, *args], cwd=work, env=ENV, capture_output=True, text=True, timeout=300
    )


def lines(folder: Path) -> list[str]:
    """Every line of every run file of a folder, sorted."""
    return sorted(line for f in folder.glob("*.jsonl") for line in f.read_text().splitlines())


def old_runs(work: Path) -> None:
    """Five months of runs: three old in January, one old in February, one recent."""
    runs = work / RUNS
    dated(
        runs / "2026-01-03T10-17-00.123456Z.jsonl",
        record("en-1", 1, "a") + record("en-2", 1, "a"),
        330,
    )
    dated(runs / "2026-01-04T10-17-00.123456Z.jsonl", record("en-1", 2, "b"), 329)
    dated(runs / "2026-01-31T23-17-00.123456Z.jsonl", record("en-3", 1, "c"), 300)
    dated(runs / "2026-02-01T00-17-00.123456Z.jsonl", record("en-4", 1, "d"), 299)
    dated(runs / "2026-11-30T10-17-00.123456Z.jsonl", record("en-2", 2, "e"), 1)
    dated(runs / "backfill.jsonl", record("en-5", 1, "f"), 400)  # not a run file: kept as it is


def test_prune_merges_old_runs_by_month_and_loses_nothing(tmp_path: Path) -> None:
    old_runs(tmp_path)
    before = lines(tmp_path / RUNS)
    assert mpscrawler(tmp_path, "dataset").returncode == 0
    dataset = (tmp_path / "output/mps_news.jsonl").read_text()
    done = mpscrawler(tmp_path, "prune")
    assert done.returncode == 0, done.stderr
    assert "4 run files merged into month files" in done.stdout
    assert sorted(p.name for p in (tmp_path / RUNS).iterdir()) == [
        "2026-01.jsonl",
        "2026-02.jsonl",
        "2026-11-30T10-17-00.123456Z.jsonl",
        "backfill.jsonl",
    ]
    assert lines(tmp_path / RUNS) == before  # every line, once
    assert [r["id"] for r in records(tmp_path / RUNS / "2026-01.jsonl")] == [
        "en-1",
        "en-2",
        "en-1",
        "en-3",
    ]
    assert mpscrawler(tmp_path, "dataset").returncode == 0
    assert (tmp_path / "output/mps_news.jsonl").read_text() == dataset
    again = mpscrawler(tmp_path, "prune")
    assert "0 run files merged" in again.stdout and lines(tmp_path / RUNS) == before


def test_a_merge_cut_short_and_run_again_duplicates_nothing(tmp_path: Path) -> None:
    first = dated(tmp_path / "2026-01-03T10-17-00.1Z.jsonl", record("en-1", 1, "a"), 100)
    second = dated(tmp_path / "2026-01-04T10-17-00.1Z.jsonl", record("en-2", 1, "b"), 100)
    month = tmp_path / "2026-01.jsonl"
    month.write_text(first.read_text() + second.read_text())  # renamed, runs not yet removed
    merge(month, [first, second])
    assert month.read_text() == record("en-1", 1, "a") + record("en-2", 1, "b")
    assert not first.exists() and not second.exists()


def test_prune_deletes_old_reports_only(tmp_path: Path) -> None:
    old = dated(tmp_path / REPORTS / "2026-01-03T10-17-00.123456Z.json", "{}", 31)
    new = dated(tmp_path / REPORTS / "2026-11-30T10-17-00.123456Z.json", "{}", 29)
    done = mpscrawler(tmp_path, "prune")
    assert done.returncode == 0 and "1 reports deleted" in done.stdout, done.stdout
    assert not old.exists() and new.exists()
    assert "1 reports deleted" in mpscrawler(tmp_path, "prune", "--days", "10").stdout


def test_the_cron_log_is_rotated_past_its_size(tmp_path: Path) -> None:
    log = tmp_path / "cron.log"
    for number in range(1, 4):
        (tmp_path / f"cron.log.{number}").write_text(f"rotated {number}\n")
    log.write_text("x" * 11)
    assert not rotate(log, 20, 3)
    log.write_text("x" * 21)
    assert rotate(log, 20, 3)
    assert not log.exists()
    assert [(tmp_path / f"cron.log.{n}").read_text() for n in (1, 2, 3)] == [
        "x" * 21,
        "rotated 1\n",
        "rotated 2\n",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cron.log.1", "cron.log.2", "cron.log.3"]


def test_mpscrawler_run_prunes_at_its_end(tmp_path: Path) -> None:
    old = dated(tmp_path / REPORTS / "2025-01-03T10-17-00.123456Z.json", "{}", 400)
    big = dated(tmp_path / "output/logs/cron.log", "x" * (11 * 1024 * 1024), 0)
    with serve() as base_url:
        done = crawl(tmp_path, base_url, command=(*MPSCRAWLER, "run", "--"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "pruned: 1 reports deleted" in done.stdout
    assert not old.exists() and len(reports(tmp_path)) == 1
    assert not big.exists() and (tmp_path / "output/logs/cron.log.1").exists()


def test_the_cron_log_folder_exists_in_a_fresh_checkout() -> None:
    if not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout")
    git = ["git", "-C", str(PROJECT)]
    tracked = subprocess.run([*git, "ls-files", "--error-unmatch", "output/logs/.gitkeep"])
    ignored = subprocess.run(
        [*git, "check-ignore", "output/logs/cron.log", "output/logs/cron.log.1"],
        capture_output=True,
        text=True,
    )
    assert tracked.returncode == 0
    assert ignored.stdout.split() == ["output/logs/cron.log", "output/logs/cron.log.1"]
