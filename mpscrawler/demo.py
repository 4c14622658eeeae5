"""`make demo`: crawl the bundled snapshot over loopback; the JSON Lines land under `output/`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mpscrawler.snapshot import serve

PROJECT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Serve the snapshot, run `scrapy crawl mps_news -a base_url=…` against it, report the file."""
    before = set((PROJECT / "output" / "mps_news").glob("*.jsonl"))
    with serve() as base_url:
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "mps_news",
            "-a",
            f"base_url={base_url}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "LOG_LEVEL=WARNING",
        ]
        status = subprocess.call(command, cwd=PROJECT)
    written = sorted(set((PROJECT / "output" / "mps_news").glob("*.jsonl")) - before)
    for path in written:
        lines = path.read_text(encoding="utf-8").count("\n")
        print(f"{path.relative_to(PROJECT)}: {lines} articles")
    return status or (0 if written else 1)


if __name__ == "__main__":
    sys.exit(main())
