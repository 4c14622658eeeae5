"""`mpscrawler reparse`: the stored pages parsed again, changed records as new versions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import warcio.archiveiterator

from tests.helpers import ENV, MPSCRAWLER, crawl_snapshot, records, run_files, snapshot_ids


def reparse(work: Path, *extra: str) -> subprocess.CompletedProcess:
    """`mpscrawler reparse` in a work folder."""
    return subprocess.run(
        [*MPSCRAWLER, "reparse", *extra], cwd=work, env=ENV, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def test_a_crawl_leaves_warcs_warcio_reads_and_reparse_after_no_change_emits_nothing(
    tmp_path: Path,
) -> None:
    crawled = crawl_snapshot(tmp_path)
    warcs = sorted((tmp_path / "output" / "warc" / "en").glob("*.warc.gz"))
    assert warcs and not list((tmp_path / "output" / "warc").rglob(".*.part"))
    kinds = []
    for path in warcs:
        with path.open("rb") as stream:
            kinds += [r.rec_type for r in warcio.archiveiterator.ArchiveIterator(stream)]
    assert kinds[0] == "warcinfo" and kinds.count("response") == kinds.count("request") > 29
    for record in records(crawled):  # every record traced to the exact bytes it came from
        with (tmp_path / "output" / "warc" / record["warc_file"]).open("rb") as stream:
            stream.seek(record["warc_offset"])
            response = next(iter(warcio.archiveiterator.ArchiveIterator(stream)))
        assert response.rec_type == "response"
        assert response.rec_headers.get_header("WARC-Target-URI").endswith(
            record["url"].split(".gov.vn", 1)[1]
        )
    again = reparse(tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "changed fields: none" in again.stdout and run_files(tmp_path) == [crawled]


def test_after_a_parser_change_reparse_emits_exactly_the_changed_articles(tmp_path: Path) -> None:
    crawled = crawl_snapshot(tmp_path)
    before = {r["id"]: r for r in records(crawled)}
    with_byline = sorted(i for i, r in before.items() if r["byline"])
    # A "parser change": bylines read in capitals (a sitecustomize patch of the parser module,
    # loaded by the reparse process and its workers through PYTHONPATH).
    patch = tmp_path / "patch"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(
        "import mpscrawler.parsers.article as a\n"
        "_final = a.final\n"
        "def final(article):\n"
        "    article.byline = article.byline.upper() if article.byline else None\n"
        "    return _final(article)\n"
        "a.final = final\n"
    )
    env = {**ENV, "PYTHONPATH": str(patch)}
    changed = subprocess.run(
        [*MPSCRAWLER, "reparse"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr[-3000:]
    first, second = run_files(tmp_path)
    emitted = {r["id"]: r for r in records(second)}
    assert sorted(emitted) == with_byline, "exactly the articles whose fields changed"
    for ident, record in emitted.items():
        assert record["byline"] == before[ident]["byline"].upper()
        assert record["version"] == before[ident]["version"] + 1
        assert record["first_seen"] == before[ident]["first_seen"] and record["updated"]
    assert f"byline {len(with_byline)}" in changed.stdout
    # Idempotent: the same parsers again change nothing.
    twice = subprocess.run(
        [*MPSCRAWLER, "reparse"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert twice.returncode == 0 and "changed fields: none" in twice.stdout
    assert len(run_files(tmp_path)) == 2
    latest = {json.loads(line)["id"] for line in second.read_text().splitlines()}
    assert latest <= set(snapshot_ids())
