"""`mpscrawler state rebuild`: a state file made anew from the finished run files."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from mpscrawler.ops.dataset import latest, run_files
from mpscrawler.run import edition_path, new_run_id
from mpscrawler.state import lock


def records(files: list[Path]) -> Iterator[dict[str, Any]]:
    """The latest version of each article in the run files."""
    for entry in latest(files).values():
        with files[entry.file].open("rb") as handle:
            handle.seek(entry.offset)
            yield json.loads(handle.readline())


def rebuild(project: Settings, edition: str, runs: Path) -> int:
    """Write the edition's state from its run files; refuse to overwrite an existing one."""
    path = edition_path(project, "MPS_STATE_PATH", edition)
    if path.exists():
        print(f"{path} exists: move it aside first (mv {path} {path}.bad)", file=sys.stderr)
        return 2
    try:
        with lock.opened(path, new_run_id()) as store:
            count = store.load(records(run_files(runs, [edition])))
    except lock.Locked as locked:
        print(f"{path}: {locked}", file=sys.stderr)
        return lock.LOCKED_EXIT
    print(f"{path}: {count} articles from the run files in {runs}/{edition}")
    return 0
