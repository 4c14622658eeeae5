"""End-to-end benchmark: mps_news against the bench portal, beside a bare Scrapy floor.

`python -m bench.e2e [--sizes 5000 20000]`: for each size, start the portal in its own
process, crawl it with mps_news (throttling off), then with the bare spider, then run
mps_news again with nothing new; print one JSON object of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.helpers import free_port

PROJECT = Path(__file__).resolve().parent.parent
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=0",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "LOG_LEVEL=INFO",
    "-s",
    "TELNETCONSOLE_ENABLED=0",
]


def measured(command: list[str], cwd: Path, env: dict) -> dict:
    """Run a command; wall seconds, CPU seconds and peak RSS (MB) of that process alone."""
    started = time.perf_counter()
    with (cwd / "log.txt").open("ab") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
    return {
        "status": os.waitstatus_to_exitcode(status),
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def crawl(base_url: str, work: Path) -> dict:
    """mps_news against the portal (its state, files and reports in `work`)."""
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "mpscrawler.settings",
        "PYTHONPATH": str(PROJECT),
    }
    result = measured(
        [sys.executable, "-m", "scrapy", "crawl", "mps_news", "-a", f"base_url={base_url}", *FAST],
        work,
        env,
    )
    report = json.loads(
        sorted((work / "output" / "reports" / "mps_news" / "en").glob("*.json"))[-1].read_text()
    )
    return {
        **result,
        "requests": report["requests"],
        "articles": report["records"]["written"],
        # `peak_rss_mb` is the crawl's process (os.wait4); its worker process is apart
        "worker_peak_rss_mb": report.get("workers", {}).get("peak_rss_mb"),
    }


def bare(base_url: str, size: int, work: Path) -> dict:
    """The bare spider: same pages, default Scrapy settings, nothing extracted."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(PROJECT)
    spider = PROJECT / "bench" / "bare_spider.py"
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "runspider",
        str(spider),
        "-a",
        f"base_url={base_url}",
        "-a",
        f"articles={size}",
        *FAST,
    ]
    return measured(command, work, env)


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (other work shares the cores)."""
    return [round(value, 2) for value in os.getloadavg()]


def bench_size(size: int) -> dict:
    """All figures for one portal size."""
    load_before = load_average()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.portal", "--articles", str(size), "--port", str(port)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
    )
    server.stdout.readline()  # "serving …": ready
    base_url = f"http://127.0.0.1:{port}"
    try:
        with tempfile.TemporaryDirectory() as ours, tempfile.TemporaryDirectory() as floor:
            first = crawl(base_url, Path(ours))
            again = crawl(base_url, Path(ours))
            baseline = bare(base_url, size, Path(floor))
    finally:
        server.terminate()
        server.wait()
    pages = first["articles"]
    return {
        "articles": size,
        "load_average": {"before": load_before, "after": load_average()},
        "mps_news": first,
        "bare": baseline,
        "no_change_run": again,
        "articles_per_s": pages / first["wall_s"],
        "bare_articles_per_s": size / baseline["wall_s"],
        "throughput_ratio": (pages / first["wall_s"]) / (size / baseline["wall_s"]),
        "cpu_s_per_article": first["cpu_s"] / max(pages, 1),
        "bare_cpu_s_per_article": baseline["cpu_s"] / size,
    }


def main() -> None:
    """Run the sizes asked and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    options = parser.parse_args()
    machine = {
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
    }
    print(
        json.dumps({"machine": machine, "runs": [bench_size(n) for n in options.sizes]}, indent=2)
    )


if __name__ == "__main__":
    main()
