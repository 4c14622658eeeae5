"""Scrapy's tools as their users expect: `scrapy parse`, `scrapy check`, the arguments' help."""

from __future__ import annotations

import re
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace

import pytest

from mpscrawler.arguments import HELP
from mpscrawler.ops.progress import Progress, line
from mpscrawler.snapshot import serve
from tests import helpers
from tests.helpers import ENV, FAST, MPSCRAWLER

SCRAPY = [sys.executable, "-m", "scrapy"]
CURRENT = "/article/minister-to-lam-works-with-tra-vinh-police-1555077600"
LEGACY = "/news-events/mps-reviews-october-task-performance-t5276.html"


class Counter(socketserver.StreamRequestHandler):
    """Counts every connection and its first line; answers 502."""

    seen: list[str]

    def handle(self) -> None:
        """Record the request line, refuse it."""
        self.seen.append(self.rfile.readline().decode("latin-1").strip())
        self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")


@contextmanager
def trap() -> Iterator[tuple[dict[str, str], list[str]]]:
    """An environment whose proxies are a local counter: any request, live site included,
    lands there instead of the internet."""
    seen: list[str] = []
    handler = type("Handler", (Counter,), {"seen": seen})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield {**ENV, "http_proxy": proxy, "https_proxy": proxy, "no_proxy": ""}, seen
    finally:
        server.shutdown()
        server.server_close()


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A command in its own process, in the test's folder."""
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("given", [True, False], ids=["base_url", "url-alone"])
def test_scrapy_parse_prints_the_item_of_an_article_url(tmp_path: Path, given: bool) -> None:
    with serve() as base_url, trap() as (env, seen):
        command = [*SCRAPY, "parse", base_url + CURRENT, *FAST]
        command += ["-a", f"base_url={base_url}"] if given else []
        env["no_proxy"] = "127.0.0.1"
        done = run(command, tmp_path, env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "'id': 'en-1555077600'" in done.stdout and "'layout': 'current'" in done.stdout
    assert "'title': " in done.stdout and "Scraped Items" in done.stdout
    assert not seen, "nothing but the mirror"
    assert not list(tmp_path.iterdir()), "a look at a page is not a run: no state, no report"


def test_scrapy_check_runs_the_contracts_against_the_mirror(tmp_path: Path) -> None:
    with serve() as base_url, trap() as (env, seen):
        env["no_proxy"] = "127.0.0.1"
        done = run(
            [*SCRAPY, "check", "-v", "mps_news", "-a", f"base_url={base_url}", *FAST], tmp_path, env
        )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "parse_article (@scrapes post-hook) ... ok" in done.stderr
    assert "parse (@returns post-hook) ... ok" in done.stderr
    assert "Ran 5 contracts" in done.stderr and "OK" in done.stderr
    assert not seen and not list(tmp_path.iterdir())


def test_scrapy_check_without_a_mirror_refuses_and_requests_nothing(tmp_path: Path) -> None:
    with trap() as (env, seen):
        done = run([*SCRAPY, "check", "mps_news", *FAST], tmp_path, env)
    assert done.returncode == 1
    assert "MirrorRequired: scrapy check needs a mirror, never the live portal" in done.stderr
    assert "Ran 0 contracts" in done.stderr
    assert seen == [], "no request, not even robots.txt"


def test_a_mirror_setting_serves_as_well(tmp_path: Path) -> None:
    with serve() as base_url, trap() as (env, seen):
        env["no_proxy"] = "127.0.0.1"
        command = [*SCRAPY, "check", "mps_news", "-s", f"MPS_CHECK_BASE_URL={base_url}", *FAST]
        done = run(command, tmp_path, env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Ran 5 contracts" in done.stderr and not seen


def listed(output: str) -> None:
    """Every argument is printed with its whole meaning (defaults are part of it)."""
    for name, meaning in HELP.items():
        assert f"-a {name}=" in output and meaning in output, name
    assert "(default)" in output and "default: the edition's own host" in output


@pytest.mark.parametrize(
    "command",
    [[*MPSCRAWLER, "run", "--help"], [*SCRAPY, "crawl", "mps_news", "-a", "help=1"]],
    ids=["mpscrawler-run", "scrapy-crawl"],
)
def test_the_arguments_are_listed_and_nothing_fetched(tmp_path: Path, command: list) -> None:
    with trap() as (env, seen):
        done = run(command, tmp_path, env)
    assert done.returncode == 0, done.stderr[-3000:]
    listed(done.stdout)
    assert seen == [] and "Crawled (" not in done.stderr
    assert not list(tmp_path.iterdir()), "no state, lock or report"


PROGRESS = re.compile(
    r"progress: (\d+) pages fetched \([\d.]+/s\), (\d+) articles, (\d+) failed; (\d+) queued,"
    r" left ≥ \d+ pages, (~\d+ s at this rate|unknown time)"
)


def slow(handler: BaseHTTPRequestHandler, path: Path | None) -> bool:
    """Every answer takes 0.1 s: the crawl lasts long enough for several lines."""
    time.sleep(0.1)
    return False


def test_a_long_crawl_logs_its_progress_at_the_interval(tmp_path: Path) -> None:
    with serve(hook=slow) as base_url:
        command = [*SCRAPY, "crawl", "mps_news", "-a", f"base_url={base_url}", *FAST]
        command += ["-s", "MPS_PROGRESS_INTERVAL=0.2", "-O", str(tmp_path / "out.jsonl")]
        command += ["-s", f"MPS_STATE_PATH={tmp_path}/s.sqlite3"]
        command += ["-s", f"MPS_REPORT_DIR={tmp_path}/reports"]
        done = run(command, tmp_path, ENV)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [PROGRESS.search(line) for line in done.stderr.splitlines() if "progress:" in line]
    assert len(lines) >= 2 and all(lines), done.stderr[-3000:]
    pages = [int(m.group(1)) for m in lines if m]
    assert pages == sorted(pages) and pages[-1] > pages[0] > 0
    assert any(int(m.group(4)) > 0 for m in lines if m), "the queue is seen while it is full"
    assert "mps_news en run" in done.stderr, "the final summary as before"


def test_progress_is_off_at_interval_zero(tmp_path: Path) -> None:
    with serve() as base_url:
        command = [*SCRAPY, "crawl", "mps_news", "-a", f"base_url={base_url}", *FAST]
        command += ["-s", "MPS_PROGRESS_INTERVAL=0", "-O", str(tmp_path / "out.jsonl")]
        command += ["-s", f"MPS_STATE_PATH={tmp_path}/s.sqlite3"]
        command += ["-s", f"MPS_REPORT_DIR={tmp_path}/reports"]
        done = run(command, tmp_path, ENV)
    assert done.returncode == 0 and "progress:" not in done.stderr


def test_a_progress_line_counts_failures_and_estimates_from_the_rate() -> None:
    crawler = helpers.crawler(MPS_PROGRESS_INTERVAL=1)
    crawler.stats.open_spider()
    for key, value in {
        "response_received_count": 10,
        "item_scraped_count": 6,
        "mps/failed/fetch": 2,
        "mps/failed/parse": 1,
        "scheduler/enqueued": 30,
        "scheduler/dequeued": 10,
    }.items():
        crawler.stats.set_value(key, value)
    progress = Progress(crawler, 1.0)
    downloading = SimpleNamespace(active={"a", "b"})
    crawler.engine = SimpleNamespace(scheduler=[1] * 7, downloader=downloading)  # type: ignore
    assert progress.numbers()["queued"] == 7 + 2, "waiting in the scheduler, and downloading"
    crawler.engine = SimpleNamespace(scheduler=object(), downloader=downloading)  # type: ignore
    numbers = progress.numbers()  # a scheduler without a length: from its stats
    assert numbers == {"pages": 10, "articles": 6, "failed": 3, "queued": 20 + 2}
    assert line(numbers, 5.0) == (
        "progress: 10 pages fetched (2.0/s), 6 articles, 3 failed; 22 queued,"
        " left ≥ 22 pages, ~11 s at this rate"
    )
    assert line({**numbers, "pages": 0}, 5.0).endswith("unknown time")
