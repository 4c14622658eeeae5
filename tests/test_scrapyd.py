"""Scrapyd for real: deploy the project egg, schedule `mps_news` on the snapshot, read its output."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from mpscrawler.ops import cli
from mpscrawler.snapshot import serve
from tests.helpers import PROJECT, free_port, records, snapshot_ids
from tests.test_installed import bare_python, clean_env

pytestmark = pytest.mark.slow
SOURCES = ("mpscrawler", "pyproject.toml", "README.md", "setup.py", "scrapy.cfg")
CONFIG = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {home}/eggs
logs_dir = {home}/logs
dbs_dir = {home}/dbs
# Set, Scrapyd's own feed (-s FEEDS=…items/<project>/<spider>/<job>.jl) replaces the run files.
items_dir = {items}
jobs_dir =
poll_interval = 0.2
max_proc = 1
"""


def api(base: str, action: str, fields: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """One call of Scrapyd's JSON API (POST when there are fields)."""
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    with urllib.request.urlopen(f"{base}/{action}", data=data, timeout=30) as answer:
        return dict(json.load(answer))


@contextmanager
def scrapyd(home: Path, items: str = "") -> Iterator[str]:
    """Scrapyd on a free port of 127.0.0.1, its config, eggs, logs and dbs in `home`.

    It runs on a Python without mpscrawler: the crawl can only use what the egg carries.
    """
    port = free_port()
    home.mkdir()
    (home / "scrapyd.conf").write_text(CONFIG.format(port=port, home=home, items=items))
    python = bare_python(home / "venv")
    log = (home / "scrapyd.log").open("w")
    process = subprocess.Popen(
        [python, "-m", "scrapyd"], cwd=home, env=clean_env(), stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                api(base, "daemonstatus.json")
                break
            except OSError:
                assert process.poll() is None, (home / "scrapyd.log").read_text()
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def deploy(tmp_path: Path, base: str) -> subprocess.CompletedProcess:
    """`scrapyd-deploy local` from a copy of the project whose scrapy.cfg names this Scrapyd."""
    project = tmp_path / "project"
    for name in SOURCES:
        source = PROJECT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, project / name, ignore=ignore)
        else:
            shutil.copyfile(source, project / name)
    with (project / "scrapy.cfg").open("a") as cfg:
        cfg.write(f"\n[deploy:local]\nurl = {base}/\nproject = mpscrawler\n")
    command = [Path(sys.executable).parent / "scrapyd-deploy", "local", "-v", "r1"]
    return subprocess.run(
        command, cwd=project, env=clean_env(), capture_output=True, text=True, timeout=300
    )


def wait_finished(base: str, job: str) -> dict[str, Any]:
    """The job's entry once Scrapyd lists it as finished."""
    for _ in range(600):
        jobs = api(base, "listjobs.json?project=mpscrawler")
        done = [j for j in jobs["finished"] if j["id"] == job]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not finish: {jobs}")


@pytest.mark.parametrize("items", [False, True], ids=["run-files", "items_dir"])
def test_scrapyd_runs_the_deployed_egg_and_keeps_state_and_report(
    tmp_path: Path, items: bool
) -> None:
    out = tmp_path / "out"
    items_dir = tmp_path / "scrapyd" / "items"
    with (
        scrapyd(tmp_path / "scrapyd", str(items_dir) if items else "") as base,
        serve() as base_url,
    ):
        deployed = deploy(tmp_path, base)
        assert deployed.returncode == 0, deployed.stderr
        answer = json.loads(deployed.stdout)
        assert answer["status"] == "ok" and answer["spiders"] == 1, answer
        assert api(base, "listspiders.json?project=mpscrawler")["spiders"] == ["mps_news"]
        feeds = {f"{out}/runs/%(edition)s/%(run)s.jsonl": {"format": "jsonlines"}}
        settings = {
            "MPS_STATE_PATH": f"{out}/state/mps_news-%(edition)s.sqlite3",
            "MPS_REPORT_DIR": f"{out}/reports/%(edition)s",
            "MPS_WARC_DIR": f"{out}/warc",
            "FEEDS": json.dumps(feeds),
            "DOWNLOAD_DELAY": "0",
            "AUTOTHROTTLE_ENABLED": "0",
        }
        fields = [("project", "mpscrawler"), ("spider", "mps_news"), ("base_url", base_url)]
        fields += [("setting", f"{k}={v}") for k, v in settings.items()]
        scheduled = api(base, "schedule.json", fields)
        assert scheduled["status"] == "ok", scheduled
        job = wait_finished(base, scheduled["jobid"])
    log = tmp_path / "scrapyd" / "logs" / "mpscrawler" / "mps_news" / f"{job['id']}.log"
    text = log.read_text(encoding="utf-8")
    assert "Spider closed (finished)" in text, text[-3000:]
    if items:  # Scrapyd's feed instead of the project's
        assert not (out / "runs").exists()
        (run_file,) = (items_dir / "mpscrawler" / "mps_news").glob(f"{job['id']}.jl")
    else:
        (run_file,) = (out / "runs" / "en").glob("*.jsonl")
    assert sorted(r["id"] for r in records(run_file)) == sorted(snapshot_ids())
    (report_path,) = (out / "reports" / "en").glob("*.json")
    report = json.loads(report_path.read_text())
    assert report["finish_reason"] == "finished" and report["records"]["new"] == len(snapshot_ids())
    assert items or report["run"] == run_file.stem, "one run id for the file and the report"
    assert cli.judge(report_path) == 0, "healthy"
    assert report["workers"]["started"] == 1, "the worker runs from the egg too"
    with closing(sqlite3.connect(out / "state" / "mps_news-en.sqlite3")) as db:
        known = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert known == len(snapshot_ids()), "the state committed the run"
    assert not (tmp_path / "scrapyd" / "output").exists(), "nothing in Scrapyd's folder"
    assert list((out / "warc" / "en").glob("*.warc.gz")), "the pages it parsed, kept as WARC"
