"""A portal with 10 % transient 5xx, 5 % timeouts and 2 % truncated bodies: one run and one
retry run capture every article exactly once, every field as a clean crawl gets it.

Set `MPS_FIGURES=path.json` to keep the figures of the run (docs/RELIABILITY.md quotes them).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from mpscrawler.snapshot import serve
from tests.helpers import CRAWL, ENV, MPSCRAWLER, SLOW_FAULTS, free_port, snapshot_ids
from tests.portal import Portal

RATES = {"500": 0.03, "502": 0.03, "503": 0.04, "slow:3": 0.05, "truncated": 0.02}
VARYING = {"crawled_at", "first_seen", "updated", "warc_file", "warc_offset"}


def crawl(work: Path, base_url: str) -> dict:
    """One run in its own process; its exit status, report and peak memory (KB)."""
    command = [
        *CRAWL,
        "-a",
        f"base_url={base_url}",
        *SLOW_FAULTS,
    ]
    with (work / "log.txt").open("a") as log:
        process = subprocess.Popen(command, cwd=work, env=ENV, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    reports = sorted((work / "output" / "reports" / "mps_news" / "en").glob("*.json"))
    return {
        "status": process.returncode,
        "report": json.loads(reports[-1].read_text()),
        "peak_kb": usage.ru_maxrss,
    }


def dataset(work: Path) -> dict[str, dict]:
    """The dataset of a work folder, by id."""
    subprocess.run(
        [*MPSCRAWLER, "dataset"],
        cwd=work,
        env=ENV,
        check=True,
        capture_output=True,
    )
    lines = (work / "output" / "mps_news.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def test_one_run_and_one_retry_run_capture_everything_right(tmp_path: Path) -> None:
    port = free_port()
    clean, flaky = tmp_path / "clean", tmp_path / "flaky"
    clean.mkdir()
    flaky.mkdir()
    with serve(port=port) as base_url:
        assert crawl(clean, base_url)["status"] == 0
    portal = Portal(rates=RATES, seed=2026, slow=3.0)
    runs = []
    for _ in range(2):
        with serve(hook=portal, port=port) as base_url:
            runs.append(crawl(flaky, base_url))
    expected, got = dataset(clean), dataset(flaky)
    assert all(run["status"] == 0 for run in runs)
    assert sorted(got) == sorted(expected) == sorted(snapshot_ids())
    for ident, record in expected.items():
        for name, value in record.items():
            if name not in VARYING:
                assert got[ident][name] == value, f"{ident}: {name}"
    files = sorted((flaky / "output" / "mps_news" / "en").glob("*.jsonl"))
    lines = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in files)
    assert lines == len(expected), "no article written twice"
    figures = {
        "faults_injected": dict(portal.faults),
        "requests_served": portal.total,
        "runs": [
            {
                "requests": r["report"]["requests"],
                "new": r["report"]["records"]["new"],
                "failed": r["report"]["failed"],
                "peak_rss_mb": round(r["peak_kb"] / 1024, 1),
                "duration_s": r["report"]["duration_s"],
            }
            for r in runs
        ],
        "articles_expected": len(expected),
        "articles_captured": len(got),
        "lines_written": lines,
    }
    assert sum(portal.faults.values()) > 0 and sum(r["new"] for r in figures["runs"]) == len(
        expected
    )
    if os.environ.get("MPS_FIGURES"):
        Path(os.environ["MPS_FIGURES"]).write_text(json.dumps(figures, indent=2))
