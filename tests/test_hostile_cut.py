"""A run that stops early (a bound of Scrapy's, a shutdown) keeps what it wrote; the next run
must still reach what the first had queued and never read, behind pages it now knows."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests import hostile_server as hs
from tests.helpers import ENV, MPSCRAWLER, SLOW_FAULTS, records, reports, run_files, snapshot_ids


def run(work: Path, base: str, *settings: str) -> subprocess.CompletedProcess:
    """`mpscrawler run` against the mirror, from `work`."""
    command = [*MPSCRAWLER, "run", "--", "-a", f"base_url={base}", *SLOW_FAULTS, *settings]
    return subprocess.run(
        command, cwd=work, env=ENV, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_run_cut_short_is_caught_up_by_the_next(tmp_path: Path) -> None:
    with hs.Hostile().serve() as base:
        cut = run(tmp_path, base, "-s", "CLOSESPIDER_PAGECOUNT=20")
        assert cut.returncode == 1
        assert "UNHEALTHY: run did not finish: closespider_pagecount" in cut.stderr
        again = run(tmp_path, base)
    assert again.returncode == 0, again.stderr[-3000:]
    ids = [r["id"] for f in run_files(tmp_path) for r in records(f)]
    assert sorted(ids) == sorted(snapshot_ids()), "every article once, over both runs"
    report = json.loads(reports(tmp_path)[-1].read_text())
    assert report["catching_up"] == "closespider_pagecount"


def test_after_catching_up_runs_stop_at_known_pages_again(tmp_path: Path) -> None:
    with hs.Hostile().serve() as base:
        run(tmp_path, base, "-s", "CLOSESPIDER_PAGECOUNT=20")
        run(tmp_path, base)
        quiet = run(tmp_path, base)
    report = json.loads(reports(tmp_path)[-1].read_text())
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    assert report["catching_up"] is None
    assert report["requests"] <= 16, "an incremental run reads the first pages only"
