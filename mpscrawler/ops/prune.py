"""`mpscrawler prune`: years of hourly runs in bounded room, without losing a record.

Run reports older than the retention are deleted; finished run files older than it are merged
into one file per month (every line kept, written whole before the runs are removed); the cron
log is rotated past a size. The dataset and `state rebuild` read month files as run files.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scrapy.settings import BaseSettings

from mpscrawler import editions
from mpscrawler.files import atomic_open
from mpscrawler.run import edition_path

DAY = 86400
# A run file: its run id (the run's start, UTC) and `.jsonl`; the month comes from the id.
RUN_FILE = re.compile(r"^(?P<month>\d{4}-\d{2})-\d{2}T\d{2}-\d{2}-\d{2}\.\d+Z\.jsonl$")


@dataclass(frozen=True)
class Retention:
    """What is kept: settings `MPS_RETENTION_DAYS`, `MPS_LOG_*` (their one owner)."""

    days: float
    log: Path
    log_max_bytes: int
    log_keep: int

    @classmethod
    def of(cls, project: BaseSettings) -> Retention:
        """The retention the project's settings say."""
        return cls(
            days=project.getfloat("MPS_RETENTION_DAYS"),
            log=Path(project.get("MPS_LOG_PATH")),
            log_max_bytes=project.getint("MPS_LOG_MAX_BYTES"),
            log_keep=project.getint("MPS_LOG_KEEP"),
        )


def old(path: Path, cutoff: float) -> bool:
    """Last modified before the cutoff (seconds since the epoch)."""
    return path.stat().st_mtime < cutoff


def prune_reports(folder: Path, cutoff: float) -> int:
    """Delete the run reports of a folder older than the cutoff; how many."""
    gone = [p for p in folder.glob("*.json") if old(p, cutoff)]
    for path in gone:
        path.unlink()
    return len(gone)


def merge_runs(folder: Path, cutoff: float) -> int:
    """Merge the finished run files older than the cutoff into `<YYYY-MM>.jsonl`; how many."""
    months: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.glob("*.jsonl")):
        match = RUN_FILE.match(path.name)
        if match and old(path, cutoff):
            months[match["month"]].append(path)
    for month, runs in months.items():
        merge(folder / f"{month}.jsonl", runs)
    return sum(len(runs) for runs in months.values())


def merge(target: Path, runs: list[Path]) -> None:
    """Append the lines of `runs` to `target` (written whole), then remove the runs.

    A line already in the month file is not written again: a merge cut short between the
    rename and the removals, run again, duplicates nothing.
    """
    sources = ([target] if target.exists() else []) + runs
    seen: set[bytes] = set()
    with atomic_open(target, "wb") as out:
        for path in sources:
            for line in path.read_bytes().splitlines(keepends=True):
                line = line if line.endswith(b"\n") else line + b"\n"
                if line.strip() and line not in seen:
                    seen.add(line)
                    out.write(line)
    for path in runs:
        path.unlink()


def rotate(log: Path, max_bytes: int, keep: int) -> bool:
    """Rename `log` to `log.1` (and so on, `keep` of them) once past `max_bytes`."""
    if not log.exists() or log.stat().st_size <= max_bytes:
        return False
    log.with_name(f"{log.name}.{keep}").unlink(missing_ok=True)
    for number in range(keep - 1, 0, -1):
        older = log.with_name(f"{log.name}.{number}")
        if older.exists():
            older.rename(log.with_name(f"{log.name}.{number + 1}"))
    log.rename(log.with_name(f"{log.name}.1"))
    return True


def prune(project: BaseSettings, runs: Path, retention: Retention) -> str:
    """Prune every edition's reports and run files, rotate the log; what was done, in a line."""
    cutoff = time.time() - retention.days * DAY
    reports = merged = 0
    for name in editions.EDITIONS:
        reports += prune_reports(edition_path(project, "MPS_REPORT_DIR", name), cutoff)
        merged += merge_runs(runs / name, cutoff)
    rotated = rotate(retention.log, retention.log_max_bytes, retention.log_keep)
    return (
        f"pruned: {reports} reports deleted, {merged} run files merged into month files"
        f" (older than {retention.days:g} days); {retention.log}"
        f" {'rotated' if rotated else 'kept'}"
    )
