"""Exports as their users read them: CSV from `-o out.csv`, DuckDB and Parquet from the dataset."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import duckdb
import pandas as pd

from mpscrawler.ops import cli
from mpscrawler.snapshot import serve
from tests.helpers import CRAWL, ENV, FAST, PROJECT, records

NESTED = ("images", "captions", "tags")
FIXTURES = PROJECT / "tests" / "fixtures" / "article"


def crawl_to(tmp_path: Path, *outputs: str) -> subprocess.CompletedProcess:
    """Crawl the snapshot once, writing each of `outputs` (`-O`), state and reports in tmp."""
    with serve() as base_url:
        command = [*CRAWL, "-a", f"base_url={base_url}", *FAST]
        command += ["-s", f"MPS_STATE_PATH={tmp_path}/state.sqlite3"]
        command += ["-s", f"MPS_REPORT_DIR={tmp_path}/reports"]
        for name in outputs:
            command += ["-O", str(tmp_path / name)]
        return subprocess.run(
            command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300
        )


def test_csv_cells_of_lists_are_json_and_null_is_an_empty_cell(tmp_path: Path) -> None:
    done = crawl_to(tmp_path, "out.jsonl", "out.csv")
    assert done.returncode == 0, done.stderr[-3000:]
    expected = {r["id"]: r for r in records(tmp_path / "out.jsonl")}
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["id"] for r in rows) == sorted(expected)
    for row in rows:
        record = expected[row["id"]]
        assert set(row) == set(record), "every field has a column"
        for name in NESTED:
            assert json.loads(row[name]) == record[name], (row["id"], name, row[name])
        for name, value in record.items():
            if value is None:
                assert row[name] == "", (row["id"], name, "null is an empty cell")
    # The crawl has both kinds, so the assertions above saw empty lists and filled ones.
    cells = [row[name] for row in rows for name in NESTED]
    assert "[]" in cells and any(c.startswith('[{"url": ') for c in cells)
    assert any(c.startswith('["') for c in cells), "a list of strings"
    assert any(v is None for r in expected.values() for v in r.values())


def test_csv_reads_back_with_pandas(tmp_path: Path) -> None:
    done = crawl_to(tmp_path, "out.jsonl", "out.csv")
    assert done.returncode == 0, done.stderr[-3000:]
    expected = {r["id"]: r for r in records(tmp_path / "out.jsonl")}
    frame = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert len(frame) == len(expected)
    for row in frame.to_dict("records"):
        record = expected[row["id"]]
        for name in NESTED:
            assert json.loads(row[name]) == record[name]
        assert row["version"] == str(record["version"])
        assert (row["byline"] or None) == record["byline"]
    # With pandas' defaults an empty cell is a missing value, "[]" a string: they differ.
    typed = pd.read_csv(tmp_path / "out.csv")
    nulls = [n for n, v in next(iter(expected.values())).items() if v is None]
    assert typed[nulls[0]].isna().any() and not typed["tags"].isna().any()


def fixture_records(filled: bool) -> list[dict]:
    """Records of the article fixtures; every `tags` [] and `updated` null, or all filled."""
    found: dict[str, dict] = {}
    for number, path in enumerate(sorted(FIXTURES.glob("*/expected.json"))):
        record = json.loads(path.read_text(encoding="utf-8"))  # some pages share an id
        if "error" in record:  # a page that must not parse gives no record
            continue
        record.update(crawled_at=f"2026-11-0{1 + number % 9}T10:00:00+00:00")
        record.update(first_seen=record["crawled_at"])
        if filled:
            record.update(tags=["police", "sport"], updated=record["crawled_at"], version=2)
        else:
            record.update(tags=[], updated=None, version=1)
        found[record["id"]] = record
    return list(found.values())


def build(tmp_path: Path, name: str, rows: list[dict], *formats: str) -> Path:
    """`mpscrawler dataset` over one run file of `rows`, with `formats` (--duckdb, --parquet)."""
    folder = tmp_path / name
    (folder / "runs" / "en").mkdir(parents=True)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    (folder / "runs" / "en" / "2026-11-01T10-00-00.000000Z.jsonl").write_text(lines, "utf-8")
    argv = ["dataset", "--runs", str(folder / "runs"), "--output", str(folder / "ds.jsonl")]
    for kind in formats:
        argv += [f"--{kind}", str(folder / f"ds.{kind}")]
    assert cli.main(argv) == 0
    return folder


def describe(query: str, *params: str) -> list[tuple]:
    """Column names and types of a query, as DuckDB describes them."""
    with duckdb.connect() as db:
        return [row[:2] for row in db.execute(f"DESCRIBE {query}", list(params)).fetchall()]


def test_dataset_types_come_from_the_schema_whatever_the_data(tmp_path: Path) -> None:
    empty = fixture_records(filled=False)
    assert all(r["tags"] == [] and r["updated"] is None for r in empty)
    built = [
        build(tmp_path, n, fixture_records(n == "full"), "duckdb", "parquet")
        for n in ("empty", "full")
    ]
    tables, files = [], []
    for folder in built:
        with duckdb.connect(str(folder / "ds.duckdb")) as db:
            tables.append([row[:2] for row in db.execute("DESCRIBE articles").fetchall()])
            assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(empty)
        files.append(describe("SELECT * FROM read_parquet(?)", str(folder / "ds.parquet")))
    assert tables[0] == tables[1] and files[0] == files[1]
    kinds = dict(tables[0])
    assert kinds["tags"] == "VARCHAR[]" and kinds["updated"] == "TIMESTAMP WITH TIME ZONE"
    assert kinds["published_date"] == "DATE" and kinds["images"].startswith("STRUCT(")
    assert dict(files[0])["tags"] == "VARCHAR[]"
    assert [name for name, _ in tables[0]] == list(cli.dataset.columns())


def test_parquet_alone_is_written(tmp_path: Path) -> None:
    folder = build(tmp_path, "only", fixture_records(filled=True), "parquet")
    assert not (folder / "ds.duckdb").exists()
    with duckdb.connect() as db:
        query = "SELECT count(*), max(version) FROM read_parquet(?)"
        got = db.execute(query, [str(folder / "ds.parquet")]).fetchone()
    assert got == (len(fixture_records(filled=True)), 2)
