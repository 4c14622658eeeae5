"""Cron contract, verdicts (issue 10): runs that reach nothing fail; bad input is a usage error.

Every article a challenge page, or robots.txt forbidding everything: `mpscrawler run` exits 1.
A misspelt spider argument: exit 2 before any request, from `scrapy crawl` and `mpscrawler run`.
`mpscrawler health` on a missing or malformed report: one line, exit 2.
"""

from __future__ import annotations

import json
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mpscrawler import urls
from mpscrawler.snapshot import serve
from tests.helpers import ENV, MPSCRAWLER
from tests.portal import CHALLENGE, Portal, copy_site, crawl, send

RUN = (*MPSCRAWLER, "run", "--")


def unhealthy(stderr: str) -> list[str]:
    """The verdict lines of `mpscrawler run`."""
    return [line for line in stderr.splitlines() if line.startswith("UNHEALTHY:")]


def challenge_articles(request: BaseHTTPRequestHandler, path: Path | None) -> bool:
    """Hook: every article page is a challenge page (status 200), the rest is served."""
    if urls.is_article_url("http://127.0.0.1" + request.path):
        return send(request, 200, CHALLENGE)
    return False


def test_every_article_a_challenge_page_is_unhealthy(tmp_path: Path) -> None:
    with serve(hook=challenge_articles) as base_url:
        done = crawl(tmp_path, base_url, command=RUN)
    verdict = unhealthy(done.stderr)
    assert done.returncode == 1, done.stderr[-3000:]
    assert any(v.startswith("UNHEALTHY: 29 of 29 pages failed") for v in verdict), verdict
    assert any(v.startswith("UNHEALTHY: listings showed ") for v in verdict), verdict


def test_robots_txt_forbidding_everything_is_unhealthy(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    portal = Portal()
    with serve(site, hook=portal) as base_url:
        done = crawl(tmp_path / "work", base_url, command=RUN)
    verdict = unhealthy(done.stderr)
    assert done.returncode == 1, done.stderr[-3000:]
    assert any(v.startswith("UNHEALTHY: robots.txt forbade ") for v in verdict), verdict
    assert set(portal.requests) == {"/robots.txt"}


def test_a_misspelt_argument_is_a_usage_error_before_any_request(tmp_path: Path) -> None:
    portal = Portal()
    with serve(hook=portal) as base_url:
        crawled = crawl(tmp_path, base_url, "-a", "sinse=2020-01-01")
        ran = crawl(tmp_path, base_url, "-a", "sinse=2020-01-01", command=RUN)
    assert crawled.returncode == 2, crawled.stderr[-2000:]
    assert ran.returncode == 2, ran.stderr[-2000:]
    assert "sinse" in crawled.stderr and "Traceback" not in crawled.stderr + ran.stderr
    assert unhealthy(ran.stderr) == []
    assert portal.total == 0
    assert not (tmp_path / "output").exists()


def health(work: Path, report: str) -> subprocess.CompletedProcess:
    """`mpscrawler health REPORT`."""
    return subprocess.run(
        [*MPSCRAWLER, "health", report], cwd=work, env=ENV, capture_output=True, text=True
    )


def test_health_of_a_missing_or_malformed_report_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "garbage.json").write_text("{not json")
    (tmp_path / "wrong.json").write_text(json.dumps({"run": "x"}))
    (tmp_path / "list.json").write_text("[1, 2]")
    for name in ("missing.json", "garbage.json", "wrong.json", "list.json"):
        done = health(tmp_path, name)
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            f"mpscrawler health: not a readable run report: {name}: "
        ), (name, done.stderr)
        assert done.stdout == ""
