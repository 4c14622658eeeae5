"""Cron contract, a corrupt state (issue 10): one clear message, then `mpscrawler state rebuild`.

The state file truncated, garbage, or a page of it overwritten: `scrapy crawl` and
`mpscrawler run` name the file, what is wrong and what to do, without a traceback, and exit
non-zero; the state rebuilt from the run files makes the next run emit nothing new.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mpscrawler.snapshot import serve
from tests.helpers import ENV, MPSCRAWLER, reports, run_files
from tests.portal import crawl

STATE = Path("output/state/mps_news-en.sqlite3")
PAGE = 4096


def truncate(path: Path) -> None:
    """Cut the file to half its pages."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // PAGE // 2 * PAGE])


def garbage(path: Path) -> None:
    """Not a database at all."""
    path.write_bytes(b"this is not a database, someone wrote over it\n" * 200)


def bad_page(path: Path) -> None:
    """One page of the file (the articles table's first) overwritten."""
    data = bytearray(path.read_bytes())
    data[PAGE : 2 * PAGE] = b"\xa5" * PAGE
    path.write_bytes(bytes(data))


CORRUPTIONS = {"truncated": truncate, "garbage": garbage, "bad page": bad_page}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_a_corrupt_state_is_named_and_rebuilt_from_the_run_files(
    tmp_path: Path, corruption: str
) -> None:
    with serve() as base_url:
        first = crawl(tmp_path, base_url)
        assert first.returncode == 0 and len(run_files(tmp_path)) == 1, first.stderr[-2000:]
        CORRUPTIONS[corruption](tmp_path / STATE)
        crawled = crawl(tmp_path, base_url)
        ran = crawl(tmp_path, base_url, command=(*MPSCRAWLER, "run", "--"))
        for done in (crawled, ran):
            assert done.returncode == 1, done.stderr[-2000:]
            assert "Traceback" not in done.stderr
            message = [line for line in done.stderr.splitlines() if str(STATE) in line]
            assert len(message) == 1, done.stderr[-2000:]
            assert message[0].startswith(f"mps_news: {STATE}: the state file is unusable (")
            assert f"(mv {STATE} {STATE}.bad)" in message[0]
            assert "(mpscrawler state rebuild)" in message[0]
        assert len(reports(tmp_path)) == 1  # no run was made
        shutil.move(tmp_path / STATE, tmp_path / f"{STATE}.bad")
        rebuilt = subprocess.run(
            [*MPSCRAWLER, "state", "rebuild"], cwd=tmp_path, env=ENV, capture_output=True, text=True
        )
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert rebuilt.stdout.startswith(f"{STATE}: 29 articles from the run files")
        again = crawl(tmp_path, base_url, command=(*MPSCRAWLER, "run", "--"))
    assert again.returncode == 0, again.stderr[-3000:]
    report = json.loads(reports(tmp_path)[-1].read_text())
    assert report["records"]["new"] == report["records"]["written"] == 0, report["records"]
    assert len(run_files(tmp_path)) == 1
