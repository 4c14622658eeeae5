"""`make demo`: crawl the bundled snapshot over loopback; the JSON Lines land under `output/`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from mpscrawler.snapshot import serve

PROJECT = Path(__file__).resolve().parent.parent
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]


def main() -> int:
    """Serve the snapshot, run `scrapy crawl mps_news -a base_url=…` against it, report the file."""
    before = set((PROJECT / "output" / "mps_news").glob("*.jsonl"))
    # A state of its own, so that every demo emits the whole snapshot.
    with serve() as base_url, tempfile.TemporaryDirectory() as state:
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "mps_news",
            "-a",
            f"base_url={base_url}",
        ]
        command += [*FAST, "-s", f"MPS_STATE_PATH={state}/state.sqlite3"]
        command += ["-s", f"MPS_LOCK_PATH={state}/demo.lock"]
        status = subprocess.call(command, cwd=PROJECT)
    written = sorted(set((PROJECT / "output" / "mps_news").glob("*.jsonl")) - before)
    for path in written:
        lines = path.read_text(encoding="utf-8").count("\n")
        print(f"{path.relative_to(PROJECT)}: {lines} articles")
    return status or (0 if written else 1)


if __name__ == "__main__":
    sys.exit(main())
