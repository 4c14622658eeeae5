"""`mpscrawler run` killed (cron's `timeout`, SIGKILL) while its crawl hangs on a server that
never answers: the crawl must not live on as an orphan holding the state's lock."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests import hostile_server as hs
from tests.helpers import ENV, FAST, MPSCRAWLER


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def until(condition: object, seconds: float) -> bool:
    """Poll `condition()` for up to `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_a_killed_run_takes_its_crawl_with_it(tmp_path: Path) -> None:
    hostile = hs.Hostile(everywhere=hs.silent)
    with hostile.serve() as base:
        command = [*MPSCRAWLER, "run", "--", "-a", f"base_url={base}", *FAST]
        run = subprocess.Popen(
            [*command, "-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=0"], cwd=tmp_path, env=ENV,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        crawl: list[int] = []
        try:
            assert until(lambda: sum(hostile.hits.values()) > 0, 20), "the crawl asked"
            crawl = children(run.pid)
            assert crawl, "the crawl runs in a process of its own"
            os.kill(run.pid, signal.SIGKILL)
            run.wait(5)
            # Scrapy's graceful shutdown lets the downloads in flight time out (robots.txt, then
            # two more: 10 s measured); an orphan goes on through every discovery point (25 s).
            assert until(lambda: not any(alive(p) for p in crawl), 16), "no orphan crawl"
        finally:
            for pid in [run.pid, *crawl]:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["term", "hup"])
def test_a_run_signalled_with_its_process_group_shuts_down_cleanly(
    tmp_path: Path, number: int
) -> None:
    """cron's `timeout` signals the whole process group: the crawl must get one SIGTERM, not
    two (Scrapy's "Send again to force"), and end with its report and files written; a SIGHUP
    (which Scrapy does not handle) reaches it as a SIGTERM."""
    hostile = hs.Hostile(everywhere=hs.silent)
    with hostile.serve() as base:
        command = [*MPSCRAWLER, "run", "--", "-a", f"base_url={base}", *FAST]
        run = subprocess.Popen(
            [*command, "-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=0"], cwd=tmp_path, env=ENV,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        try:
            assert until(lambda: sum(hostile.hits.values()) > 0, 20), "the crawl asked"
            os.killpg(run.pid, number)
            _, err = run.communicate(timeout=30)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
    assert "forcing unclean shutdown" not in err
    assert run.returncode == 1, err
    reports = list((tmp_path / "output" / "reports" / "mps_news" / "en").glob("*.json"))
    assert len(reports) == 1, err
    assert not list((tmp_path / "output").rglob("*.part"))
