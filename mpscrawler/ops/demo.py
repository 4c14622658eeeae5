"""`make demo` (`python -m mpscrawler.ops.demo`): crawl the bundled snapshots over loopback.

Everything the demo writes (run files, reports, state) goes to a folder of its own, printed at
the end, never to `output/`: that is the user's data.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from mpscrawler.snapshot import SITES, serve

FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]
ENV_SETTINGS = {"SCRAPY_SETTINGS_MODULE": "mpscrawler.settings"}


def crawl(edition: str, work: Path) -> int:
    """Serve one bundled site and crawl it with `-a edition=… -a base_url=…`, inside `work`."""
    with serve(SITES / edition) as base_url:
        command = [sys.executable, "-m", "scrapy", "crawl", "mps_news", "-a", f"edition={edition}"]
        command += ["-a", f"base_url={base_url}", *FAST]
        return subprocess.call(command, cwd=work, env={**os.environ, **ENV_SETTINGS})


def main(argv: list[str] | None = None) -> int:
    """Crawl every bundled edition; report where the records are."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--into", type=Path, help="folder to write into (default: a new temp one)")
    options = parser.parse_args(argv)
    work = options.into or Path(tempfile.mkdtemp(prefix="mpscrawler-demo-"))
    work.mkdir(parents=True, exist_ok=True)
    status = 0
    for edition in sorted(p.name for p in SITES.iterdir() if p.is_dir()):
        status = status or crawl(edition, work)
        for path in sorted((work / "output" / "mps_news" / edition).glob("*.jsonl")):
            lines = path.read_text(encoding="utf-8").count("\n")
            print(f"{edition}: {lines} articles in {path}")
    print(f"demo output (not your output/): {work / 'output'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
