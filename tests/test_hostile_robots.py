"""robots.txt that cannot be read (a server error, no answer) forbids the host, as RFC 9309 says.

RFC 9309 §2.3.1.4: "If the robots.txt file is unreachable due to server or network errors,
this means the robots.txt file is undefined and the crawler MUST assume complete disallow."
Scrapy takes it for "allow everything". A 404 (§2.3.1.3, "unavailable") still allows all:
the English host answers 404 (PORTAL.md).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests import hostile_server as hs
from tests.helpers import ENV, MPSCRAWLER, SLOW_FAULTS, records, reports, run_files

ROBOTS = "/robots.txt"


def run(work: Path, base: str) -> subprocess.CompletedProcess:
    """`mpscrawler run` against the mirror, from `work`."""
    command = [*MPSCRAWLER, "run", "--", "-a", f"base_url={base}", *SLOW_FAULTS]
    return subprocess.run(command, cwd=work, env=ENV, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "fault",
    [hs.status(503, body=b"<html><body>Service unavailable</body></html>"), hs.reset_mid_body],
    ids=["503", "reset"],
)
def test_robots_txt_unreachable_forbids_the_host_and_the_next_run_recovers(
    tmp_path: Path, fault: hs.Fault
) -> None:
    hostile = hs.Hostile()
    hostile.fault(ROBOTS, fault)
    with hostile.serve() as base:
        first = run(tmp_path, base)
        asked = {path for path in hostile.hits if path != ROBOTS}
        hostile.rules.clear()
        second = run(tmp_path, base)
    assert first.returncode == 1, first.stderr[-2000:]
    assert "UNHEALTHY: robots.txt unreachable" in first.stderr, first.stderr[-2000:]
    assert asked == set(), f"fetched while robots.txt was unreachable: {sorted(asked)[:5]}"
    report = json.loads(reports(tmp_path)[0].read_text())
    assert report["robots_unreachable"] == 1
    assert second.returncode == 0, second.stderr[-2000:]
    assert len(records(run_files(tmp_path)[-1])) == 29


def test_robots_txt_missing_still_allows_everything(tmp_path: Path) -> None:
    hostile = hs.Hostile()
    hostile.fault(ROBOTS, hs.status(404, body=b"<html><body>Not found</body></html>"))
    with hostile.serve() as base:
        done = run(tmp_path, base)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(records(run_files(tmp_path)[-1])) == 29
