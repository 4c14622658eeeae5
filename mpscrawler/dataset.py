"""The analysts' dataset: the latest version of each article, once, from all run files."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".manifest.json"


@dataclass(frozen=True)
class Entry:
    """Where the latest version of one article is."""

    key: tuple[int, str]
    order: tuple[str, str]
    file: int
    offset: int


def run_files(runs: Path) -> list[Path]:
    """Finished run files, oldest first (`.name.jsonl.part` files of unfinished runs excluded)."""
    return sorted(p for p in runs.glob("*.jsonl") if not p.name.startswith("."))


def build(runs: Path, target: Path) -> int | None:
    """Write `target` (JSON Lines, by date then id); None when nothing changed since last time."""
    files = run_files(runs)
    manifest = target.with_name(target.name + MANIFEST)
    signature = [[p.name, p.stat().st_size] for p in files]
    if target.exists() and manifest.exists() and json.loads(manifest.read_text()) == signature:
        return None
    index = latest(files)
    part = target.with_name(f".{target.name}.part")
    with part.open("wb") as out:
        handles = [p.open("rb") for p in files]
        try:
            for entry in sorted(index.values(), key=lambda e: e.order):
                handles[entry.file].seek(entry.offset)
                out.write(handles[entry.file].readline())
        finally:
            for handle in handles:
                handle.close()
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, target)
    manifest.write_text(json.dumps(signature))
    return len(index)


def latest(files: list[Path]) -> dict[str, Entry]:
    """One pass over every run file: per id, the position of its highest version."""
    index: dict[str, Entry] = {}
    for number, path in enumerate(files):
        with path.open("rb") as handle:
            offset = 0
            for line in handle:
                record = json.loads(line)
                key = (int(record.get("version") or 1), record.get("crawled_at") or "")
                known = index.get(record["id"])
                if known is None or key >= known.key:
                    order = (record.get("published_date") or "", record["id"])
                    index[record["id"]] = Entry(key, order, number, offset)
                offset += len(line)
    return index


def export_duckdb(target: Path, database: Path, parquet: Path | None = None) -> None:
    """Load the dataset into a DuckDB file (table `articles`), and Parquet if asked."""
    import duckdb  # optional: `pip install mpscrawler[dataset]`

    with duckdb.connect(str(database)) as db:
        query = "CREATE OR REPLACE TABLE articles AS SELECT * FROM read_json_auto(?)"
        db.execute(query, [str(target)])
        if parquet is not None:
            db.execute(f"COPY articles TO '{parquet}' (FORMAT parquet)")
