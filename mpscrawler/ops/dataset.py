"""The analysts' dataset: the latest version of each article, once, from all run files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from mpscrawler.files import atomic_open, write_atomic

MANIFEST = ".manifest.json"


@dataclass(frozen=True)
class Entry:
    """Where the latest version of one article is."""

    key: tuple[int, str]
    order: tuple[str, str]
    file: int
    offset: int


def run_files(runs: Path, chosen: list[str]) -> list[Path]:
    """Finished run files of the chosen editions (`runs/<edition>/*.jsonl`), oldest first.

    `.name.jsonl.part` files of unfinished runs are not finished; files directly in `runs/`
    are English runs of versions before the editions had folders of their own.
    """
    found = [p for name in chosen for p in (runs / name).glob("*.jsonl")]
    if "en" in chosen:
        found += runs.glob("*.jsonl")
    return sorted((p for p in found if not p.name.startswith(".")), key=lambda p: p.name)


def build(files: list[Path], target: Path) -> int | None:
    """Write `target` (JSON Lines, by date then id); None when nothing changed since last time."""
    manifest = target.with_name(target.name + MANIFEST)
    signature = [[str(p), p.stat().st_size] for p in files]
    if target.exists() and manifest.exists() and json.loads(manifest.read_text()) == signature:
        return None
    index = latest(files)
    handles = [p.open("rb") for p in files]
    try:
        with atomic_open(target, "wb") as out:
            for entry in sorted(index.values(), key=lambda e: e.order):
                handles[entry.file].seek(entry.offset)
                out.write(handles[entry.file].readline())
    finally:
        for handle in handles:
            handle.close()
    write_atomic(manifest, json.dumps(signature))
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


def schema() -> dict[str, Any]:
    """The record's JSON Schema, shipped in the package."""
    text = resources.files("mpscrawler").joinpath("schema/article.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def column_type(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    """The DuckDB type of one property of the JSON Schema."""
    for option in spec.get("anyOf", []):
        if option.get("type") != "null":
            return column_type(option, defs)
    if "$ref" in spec:
        return column_type(defs[spec["$ref"].rsplit("/", 1)[1]], defs)
    kinds = spec.get("type", "string")
    kind = next(k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null")
    if kind == "array":
        return column_type(spec["items"], defs) + "[]"
    if kind == "object":
        fields = ", ".join(
            f"{name} {column_type(sub, defs)}" for name, sub in spec["properties"].items()
        )
        return f"STRUCT({fields})"
    formats = {"date": "DATE", "date-time": "TIMESTAMPTZ"}
    return {"integer": "BIGINT", "number": "DOUBLE"}.get(kind) or formats.get(
        spec.get("format", ""), "VARCHAR"
    )


def columns() -> dict[str, str]:
    """Column name -> DuckDB type, for every field of the record, from the JSON Schema."""
    spec = schema()
    return {name: column_type(sub, spec["$defs"]) for name, sub in spec["properties"].items()}


def export(target: Path, database: Path | None, parquet: Path | None) -> None:
    """Load the dataset into DuckDB (table `articles`) and/or Parquet, typed from the schema."""
    import duckdb  # optional: `pip install mpscrawler[dataset]`

    with duckdb.connect(str(database) if database else ":memory:") as db:
        db.execute(
            "CREATE OR REPLACE TABLE articles AS SELECT * FROM"
            " read_json(?, format='newline_delimited', columns=?)",
            [str(target), columns()],
        )
        if parquet is not None:
            quoted = str(parquet).replace("'", "''")
            db.execute(f"COPY articles TO '{quoted}' (FORMAT parquet)")
