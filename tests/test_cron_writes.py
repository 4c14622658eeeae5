"""Cron contract, writes (issue 10): a run whose files cannot be written keeps nothing.

The run file, the report or the state's own writes fail (a path that is a regular file, or a
file-size limit in the crawl process, which fails writes with EFBIG as a full disk does):
`mpscrawler run` says which file and why, the state does not learn the articles, and the next
run, with room again, emits them.
"""

from __future__ import annotations

import re
import resource
import signal
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from mpscrawler.snapshot import serve
from tests.helpers import MPSCRAWLER, records, run_files, snapshot_ids
from tests.portal import crawl

RUN = (*MPSCRAWLER, "run", "--")
STATE = Path("output/state/mps_news-en.sqlite3")


def known(work: Path) -> int:
    """Articles the state of a work folder knows."""
    with closing(sqlite3.connect(work / STATE)) as db:
        return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def limit_files(size: int) -> Callable[[], None]:
    """A `preexec_fn`: no file of the process may grow past `size` bytes (EFBIG, as disk full)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def unhealthy(stderr: str) -> list[str]:
    """The verdict lines of `mpscrawler run`."""
    return [line for line in stderr.splitlines() if line.startswith("UNHEALTHY:")]


def then_all_come_out(work: Path, base_url: str) -> None:
    """The next run, with room again, is healthy and emits every article of the snapshot."""
    again = crawl(work, base_url, command=RUN)
    assert again.returncode == 0, again.stderr[-3000:]
    emitted = {r["id"] for f in run_files(work) for r in records(f)}
    assert emitted == set(snapshot_ids())


def block(work: Path, folder: str) -> Path:
    """Make `folder` of a work folder a regular file: nothing can be written under it."""
    blocker = work / folder
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder\n")
    return blocker


def test_a_run_file_that_cannot_be_written_keeps_nothing(tmp_path: Path) -> None:
    blocker = block(tmp_path, "output/mps_news/en")
    with serve() as base_url:
        done = crawl(tmp_path, base_url, command=RUN)
        assert done.returncode == 1, done.stderr[-3000:]
        verdict = unhealthy(done.stderr)
        assert re.fullmatch(
            r"UNHEALTHY: could not write output/mps_news/en/[-0-9T.]+Z\.jsonl: "
            r"\[Errno 17\] File exists: 'output/mps_news/en'",
            verdict[0],
        ), verdict
        assert "UNHEALTHY: 29 records were not kept; the next run emits them again" in verdict
        assert done.stderr.count("Traceback") == 0
        assert known(tmp_path) == 0
        blocker.unlink()
        then_all_come_out(tmp_path, base_url)


def test_a_report_that_cannot_be_written_keeps_nothing(tmp_path: Path) -> None:
    blocker = block(tmp_path, "output/reports/mps_news/en")
    with serve() as base_url:
        done = crawl(tmp_path, base_url, command=RUN)
        assert done.returncode == 1, done.stderr[-3000:]
        assert re.search(
            r"^UNHEALTHY: could not write output/reports/mps_news/en/[-0-9T.]+Z\.json: "
            r"\[Errno 17\] File exists: 'output/reports/mps_news/en'$",
            done.stderr,
            re.M,
        ), unhealthy(done.stderr)
        assert known(tmp_path) == 0
        blocker.unlink()
        for unkept in run_files(tmp_path):  # finished, but the state does not know them
            unkept.unlink()
        then_all_come_out(tmp_path, base_url)


def test_a_state_that_cannot_be_written_keeps_nothing(tmp_path: Path) -> None:
    # 68 kB: the state opens (its schema written, a 4 KB page a table) and its first records
    # fail, like a full disk.
    with serve() as base_url:
        done = crawl(tmp_path, base_url, command=RUN, preexec_fn=limit_files(68_000))
        assert done.returncode == 1, done.stderr[-3000:]
        verdict = unhealthy(done.stderr)
        assert f"UNHEALTHY: could not write {STATE}: disk I/O error" in verdict, verdict
        assert "UNHEALTHY: 29 records were not kept; the next run emits them again" in verdict
        assert done.stderr.count("Traceback") == 0
        assert known(tmp_path) == 0
        for unkept in run_files(tmp_path):
            unkept.unlink()
        then_all_come_out(tmp_path, base_url)


def test_a_state_that_cannot_be_opened_for_want_of_room_is_not_called_corrupt(
    tmp_path: Path,
) -> None:
    with serve() as base_url:
        done = crawl(tmp_path, base_url, command=RUN, preexec_fn=limit_files(20_000))
    assert done.returncode == 1
    assert f"mps_news: {STATE}: could not write the state file (disk I/O error)" in done.stderr
    assert "rebuild" not in done.stderr and "Traceback" not in done.stderr
