"""What the end-to-end tests share: crawl settings, environment, small readers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from mpscrawler import settings as project_settings
from mpscrawler import urls
from mpscrawler.snapshot import SITE, serve
from mpscrawler.spiders.mps_news import MpsNewsSpider

PROJECT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((PROJECT / "mpscrawler" / "schema" / "article.schema.json").read_text())
# Throttling off and short retry waits: tests talk to a server on 127.0.0.1.
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=0",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "LOG_LEVEL=INFO",
    "-s",
    "MPS_RETRY_BACKOFF=0.05",
]
# Short timeouts and few retries: injected faults must play out within a test's time.
SLOW_FAULTS = [*FAST, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=2"]
# The crawl and the project's command, each in a process of its own.
CRAWL = [sys.executable, "-m", "scrapy", "crawl", "mps_news"]
MPSCRAWLER = [sys.executable, "-m", "mpscrawler"]
# A crawl run from a test's own folder still finds the project's settings.
ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "mpscrawler.settings"}


def crawler(**overrides: Any) -> Crawler:
    """A crawler with the project's settings; no state unless `MPS_STATE_PATH` is given."""
    settings = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    settings["MPS_STATE_ENABLED"] = "MPS_STATE_PATH" in overrides
    return get_crawler(MpsNewsSpider, settings_dict={**settings, **overrides})


def outputs(callback: AsyncIterator[Any]) -> list[Any]:
    """What an async callback yields, driven without an event loop (so parsed in this process).

    Out of a loop nothing it awaits can wait: every await gives its answer at once.
    """
    found = []
    while True:
        step = callback.__anext__()
        try:
            step.send(None)
        except StopIteration as yielded:
            found.append(yielded.value)
        except StopAsyncIteration:
            return found
        else:
            step.close()
            raise AssertionError("the callback waited, out of any event loop")


def crawl_snapshot(work: Path) -> Path:
    """A crawl of the bundled snapshot from `work` (its own output/); its one run file."""
    with serve() as base_url:
        done = subprocess.run(
            [*CRAWL, "-a", f"base_url={base_url}", *FAST], cwd=work, env=ENV,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    (crawled,) = run_files(work)
    return crawled


def wait_for(port: int, process: subprocess.Popen[bytes], within: float = 30.0) -> None:
    """Until a server process accepts connections on 127.0.0.1:`port` (or has died)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server on port {port} exited"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listened on port {port} within {within} s")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def records(path: Path) -> list[dict]:
    """Records of one JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_files(work: Path, edition: str = "en") -> list[Path]:
    """Finished run files of a work folder, oldest first."""
    return sorted((work / "output" / "mps_news" / edition).glob("*.jsonl"))


def reports(work: Path, edition: str = "en") -> list[Path]:
    """Run reports of a work folder, oldest first."""
    return sorted((work / "output" / "reports" / "mps_news" / edition).glob("*.json"))


def snapshot_ids(root: Path = SITE, edition: str = "en") -> dict[str, str]:
    """Every article page of a snapshot: id -> URL path."""
    found = {}
    for page in root.rglob("*.html"):
        path = "/" + page.relative_to(root).as_posix()
        if path.startswith(("/article/", "/bai-viet/")):  # era-C URLs have no extension
            path = path.removesuffix(".html")
        ident = urls.article_id("http://127.0.0.1" + path)
        if ident and ident.startswith(f"{edition}-"):
            found[ident] = path
    return found
