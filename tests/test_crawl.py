"""End to end: `scrapy crawl mps_news` against the bundled snapshot served on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from itemadapter import ItemAdapter

from mpscrawler.pipelines import problem
from mpscrawler.snapshot import SITE, serve
from tests.helpers import CRAWL, ENV, FAST, snapshot_ids


def isolated(tmp_path: Path) -> list[str]:
    """Settings that keep a test crawl's state, lock and reports in its own folder."""
    return [
        "-s",
        f"MPS_STATE_PATH={tmp_path}/state.sqlite3",
        "-s",
        f"MPS_REPORT_DIR={tmp_path}/reports",
    ]


def crawl(tmp_path: Path, *args: str, root: Path = SITE) -> tuple[list[dict], str, int]:
    """Run the spider in its own process against a snapshot; records, log, exit status."""
    out = tmp_path / "out.jsonl"
    with serve(root) as base_url:
        command = [*CRAWL, "-O", str(out), *FAST]
        command += isolated(tmp_path)
        command += [a.replace("{base}", base_url) for a in args]
        done = subprocess.run(
            command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300
        )
    # -O replaces the run file: nothing lands in the default place under output/.
    assert not (tmp_path / "output" / "mps_news").exists(), "-O added to the run file, not replaced it"
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return [json.loads(line) for line in lines], done.stderr, done.returncode


def test_full_crawl_finds_every_article_exactly_once(tmp_path: Path) -> None:
    records, log, status = crawl(tmp_path, "-a", "base_url={base}")
    assert status == 0, log[-3000:]
    ids = [r["id"] for r in records]
    assert sorted(ids) == sorted(snapshot_ids()), "every snapshot article, once"
    assert len(ids) == len(set(ids)) >= 29
    for record in records:
        assert problem(ItemAdapter(record)) is None, record["id"]
        assert record["crawled_at"].endswith("+00:00")
    assert {r["layout"] for r in records} == {"current", "legacy", "legacy-banner"}
    assert "parse failed" not in log


CURRENT_PART = ("article", "category", "index.html", "robots.txt", "sitemap.xml")


@pytest.mark.parametrize("part", ["legacy", "current"])
def test_a_mirror_of_one_layout_alone_is_crawled_whole(tmp_path: Path, part: str) -> None:
    root = tmp_path / part
    for path in SITE.rglob("*"):
        relative = path.relative_to(SITE)
        if path.is_file() and (relative.parts[0] in CURRENT_PART) == (part == "current"):
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, root / relative)
    records, log, status = crawl(tmp_path, "-a", "base_url={base}", root=root)
    assert status == 0, log[-3000:]
    ids = [r["id"] for r in records]
    assert sorted(ids) == sorted(snapshot_ids(root)) and len(set(ids)) == len(ids) >= 12


def test_since_skips_older_articles_and_stops_paging(tmp_path: Path) -> None:
    records, log, status = crawl(tmp_path, "-a", "base_url={base}", "-a", "since=2020-01-01")
    assert status == 0, log[-3000:]
    assert records and all(r["published_date"] >= "2020-01-01" for r in records)
    # Page 1 of news-and-events already reaches 2019: page 2 (all older) is never fetched.
    assert "news-and-events.html?Page=2" not in log
    got = {r["id"] for r in records}
    # Dates as the pages show them: December, 17 2020; March, 26 2020; 23/01/2026 (kept);
    # July, 12 2019; 20/01/2018 (skipped).
    assert {"en-7564", "en-6664", "en-1769419716"} <= got
    assert not {"en-5783", "en-1516456800"} & got


def test_max_pages_bounds_listing_depth(tmp_path: Path) -> None:
    records, log, status = crawl(tmp_path, "-a", "base_url={base}", "-a", "max_pages=1")
    assert status == 0, log[-3000:]
    assert "news-and-events.html?Page=2" not in log
    assert "en-4925" not in {r["id"] for r in records}  # only on legacy listing page 2


def test_urls_file_fetches_exactly_those_pages(tmp_path: Path) -> None:
    listed, ids = tmp_path / "urls.txt", snapshot_ids()
    chosen = ["en-7564", "en-5524", "en-1769419716"]
    out = tmp_path / "out.jsonl"
    with serve() as base_url:
        listed.write_text("".join(f"{base_url}{ids[i]}\n" for i in chosen), encoding="utf-8")
        command = [
            *CRAWL,
            "-a",
            f"urls_file={listed}",
            "-O",
            str(out),
            *FAST,
            *isolated(tmp_path),
        ]
        done = subprocess.run(
            command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300
        )
    assert done.returncode == 0, done.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(chosen)
    assert "sitemap.xml" not in done.stderr and "news-and-events.html" not in done.stderr


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("since=yesterday", "since: expected YYYY-MM-DD"),
        ("max_pages=-1", "max_pages"),
        ("base_url=ftp://x", "not an http(s) URL"),
        # A misspelt base_url would otherwise crawl the live portal.
        ("baseurl=http://127.0.0.1:9", "unknown argument 'baseurl' (did you mean base_url?)"),
        ("sinse=2020-01-01", "unknown argument 'sinse' (did you mean since?)"),
        ("urls=", "urls: no URL given"),
    ],
)
def test_bad_argument_fails_before_any_request(tmp_path: Path, argument: str, message: str) -> None:
    records, log, status = crawl(tmp_path, "-a", argument)
    assert status == 2
    assert message in log
    assert "Crawled (" not in log and not records
