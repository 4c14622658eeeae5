"""Sitemaps as servers send them gzipped (`sitemap.xml.gz`, `application/x-gzip`, no
`Content-Encoding`), and a gzip bomb in their place."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from mpscrawler.snapshot import SITE
from tests import hostile_server as hs
from tests.helpers import records, reports, run_files, snapshot_ids
from tests.test_hostile_cut import run

SITEMAP = "/sitemap.xml"


def gzipped(body: bytes) -> hs.Fault:
    """A body served as a gzip file."""
    return lambda h, path: hs.send(h, 200, body, "application/x-gzip")


def test_a_gzipped_sitemap_is_read(tmp_path: Path) -> None:
    hostile = hs.Hostile()
    hostile.fault(SITEMAP, gzipped(gzip.compress((SITE / "sitemap.xml").read_bytes())))
    with hostile.serve() as base:
        done = run(tmp_path, base)
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(r["id"] for r in records(run_files(tmp_path)[0])) == sorted(snapshot_ids())
    assert json.loads(reports(tmp_path)[0].read_text())["feed_entries"] == 12


def test_a_gzip_bomb_for_a_sitemap_is_a_failure_within_the_size_bound(tmp_path: Path) -> None:
    hostile = hs.Hostile()
    hostile.fault(SITEMAP, gzipped(hs.bomb(64 * 1024**2)))
    with hostile.serve() as base:
        done = run(tmp_path, base, "-s", "DOWNLOAD_MAXSIZE=4000000")
    assert done.returncode == 1
    failures = json.loads(reports(tmp_path)[0].read_text())["failures"]
    assert failures == [
        {
            "url": base + SITEMAP,
            "reason": "sitemap: gzip larger than 4000000 bytes inflated",
            "kind": "sitemap",
        }
    ]


def test_a_sitemap_past_the_protocols_limit_is_cut_and_a_failure(tmp_path: Path) -> None:
    # The protocol allows 50,000 URLs a sitemap; a hostile one fills DOWNLOAD_MAXSIZE with
    # ~100,000 (390 MB of queued requests). Here the bound is 5 and the sitemap holds 12.
    with hs.Hostile().serve() as base:
        done = run(tmp_path, base, "-s", "MPS_MAX_SITEMAP_URLS=5")
    report = json.loads(reports(tmp_path)[0].read_text())
    assert done.returncode == 1
    assert report["cut"] == {"sitemap_urls": 7}
    assert {"url": base + SITEMAP, "reason": "sitemap: more than 5 URLs", "kind": "sitemap"} in (
        report["failures"]
    )
