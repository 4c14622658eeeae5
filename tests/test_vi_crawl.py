"""End to end on the Vietnamese mirror: `scrapy crawl mps_news` over loopback, every field checked."""

from __future__ import annotations

import json
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from mpscrawler.snapshot import SITE, serve
from mpscrawler.state import StateStore
from tests.fixtures.build_site_vi import ROOT
from tests.fixtures.vi_sources import LISTING_PATH, PORTAL
from tests.helpers import CRAWL, ENV, FAST, records, snapshot_ids
from tests.vi_expected import FIELDS, FURNITURE
from tests.vi_expected import records as expected_records


def crawl(
    tmp_path: Path, *args: str, home: bytes | None = None
) -> tuple[list[dict], str, int, dict[str, Any], list[str]]:
    """Serve the mirror (`home` as its `/`), crawl it in a process of its own.

    Returns the records, the log, the exit status, the run report and every request served.
    """
    hits: list[str] = []

    def count(handler: BaseHTTPRequestHandler, path: Path | None) -> bool:
        hits.append(handler.path)  # every request the mirror answers
        if home is None or handler.path != "/":
            return False
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(home)))
        handler.end_headers()
        handler.wfile.write(home)
        return True

    out = tmp_path / "vi.jsonl"
    with serve(ROOT, hook=count) as base:
        command = [*CRAWL, *(a.replace("{base}", base) for a in args), *FAST]
        command += ["-s", f"MPS_STATE_PATH={tmp_path}/state.sqlite3"]
        command += ["-s", f"MPS_REPORT_DIR={tmp_path}/reports", "-O", str(out)]
        done = subprocess.run(
            command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300
        )
    reports = sorted((tmp_path / "reports").glob("*.json"))
    report = json.loads(reports[-1].read_text()) if reports else {}
    found = records(out) if out.exists() else []
    return found, done.stderr, done.returncode, report, hits


def check(found: list[dict], log: str, status: int, report: dict, hits: list[str]) -> None:
    """Every article of the mirror once, every field right, no request but to the mirror."""
    assert status == 0, log[-3000:]
    ids = [r["id"] for r in found]
    assert sorted(ids) == sorted(snapshot_ids(ROOT, "vi")), "every article of the mirror, once"
    want = expected_records()
    for record in found:
        path = record["url"].removeprefix(PORTAL)
        for name in FIELDS:  # section_url too: the portal's, like `url`, not the mirror's
            assert record[name] == want[path][name], f"{record['id']}: field {name!r}"
        for snippet in FURNITURE:
            assert snippet not in record["body"], f"{record['id']}: {snippet!r} in body"
    # Each request the crawler counted was one the mirror answered: none went elsewhere.
    assert report["requests"] == len(hits), (report["requests"], hits)
    assert report["download_errors"] == 0 and report["failures"] == []
    assert "parse failed" not in log


def test_the_vietnamese_edition_is_crawled_whole(tmp_path: Path) -> None:
    found, log, status, report, hits = crawl(tmp_path, "-a", "edition=vi", "-a", "base_url={base}")
    check(found, log, status, report, hits)
    # The edition's own discovery: its feed index, its feed and its section, no English path.
    assert {"/robots.txt", "/rss", "/api/rss/34.xml", LISTING_PATH} <= set(hits)
    assert not [h for h in hits if h.startswith(("/news-and-events", "/article/", "/category/"))]
    assert all(r["edition"] == "vi" and r["language"] == "vi" for r in found)


def test_every_article_page_of_the_mirror_crawls_right(tmp_path: Path) -> None:
    """`urls=` (no discovery): the Vietnamese pages go through the whole pipeline today."""
    urls = ",".join("{base}" + path for path in expected_records())
    check(*crawl(tmp_path, "-a", "edition=vi", "-a", "base_url={base}", "-a", f"urls={urls}"))


def test_both_editions_run_at_once_each_on_its_own_state(tmp_path: Path) -> None:
    with serve(SITE) as en_base, serve(ROOT) as vi_base:
        runs = [
            subprocess.Popen(
                [*CRAWL, "-a", f"edition={name}", "-a", f"base_url={base}", *FAST],
                cwd=tmp_path,
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name, base in (("en", en_base), ("vi", vi_base))
        ]
        errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [e[-2000:] for e in errors]
    for name, root in (("en", SITE), ("vi", ROOT)):
        (run_file,) = (tmp_path / "output" / "mps_news" / name).glob("*.jsonl")
        assert sorted(r["id"] for r in records(run_file)) == sorted(snapshot_ids(root, name))
        state = StateStore(tmp_path / "output" / "state" / f"mps_news-{name}.sqlite3", "check")
        known = [row[0] for row in state.db.execute("SELECT id FROM articles")]
        state.close()
        assert sorted(known) == sorted(snapshot_ids(root, name)), f"{name}: its own ids only"
        assert list((tmp_path / "output" / "reports" / "mps_news" / name).glob("*.json"))
