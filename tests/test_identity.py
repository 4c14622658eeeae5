"""Which article a page is: the URL fetched wins over a canonical URL naming another."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.parsers.article import identity
from mpscrawler.snapshot import serve
from tests.helpers import CRAWL, ENV, FAST, records, reports, run_files, snapshot_ids
from tests.portal import copy_site

A = "https://en.bocongan.gov.vn/article/minister-to-lam-works-with-tra-vinh-police-1555077600"
B = "https://en.bocongan.gov.vn/article/mps-reviews-task-performance-in-april-1557324000"
LEGACY = "https://en.bocongan.gov.vn/news-events/mps-reviews-october-task-performance-t5276.html"


@pytest.mark.parametrize(
    ("fetched", "canonical", "expected"),
    [
        (A, A, ("en-1555077600", A, False)),
        (A + "?utm_source=x", A, ("en-1555077600", A, False)),  # a variant: its canonical form
        (A, B, ("en-1555077600", A, True)),  # another article's canonical: the fetched URL wins
        (A, "https://en.bocongan.gov.vn/", ("en-1555077600", A, False)),  # no article named
        (A, None, ("en-1555077600", A, False)),
        ("http://127.0.0.1:8800/", A, ("en-1555077600", A, False)),  # only the canonical names one
        (f"https://web.archive.org/web/20201218000000/{LEGACY}", None, ("en-5276", LEGACY, False)),
    ],
)
def test_identity(fetched: str, canonical: str | None, expected: tuple) -> None:
    ident, url, note = identity(fetched, canonical, "en")
    assert (ident, url, note is not None) == expected


def test_a_page_without_any_article_id_is_a_named_error() -> None:
    with pytest.raises(ParseError, match="no portal article id"):
        identity("http://127.0.0.1:8800/", "https://en.bocongan.gov.vn/", "en")


def canonical_to(site: Path, page: str, other: str) -> None:
    """Point the og:url (and canonical link) of a snapshot page at another article."""
    path = site / (page.split(".gov.vn/", 1)[1] + ".html")
    html = path.read_text(encoding="utf-8")
    assert A in html or page in html
    path.write_text(html.replace(f'content="{page}"', f'content="{other}"'), encoding="utf-8")


def test_a_canonical_naming_another_article_never_overwrites_it(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    canonical_to(site, A, B)
    notes: list[str] = []
    record = parse_article((site / (A.split(".gov.vn/", 1)[1] + ".html")).read_bytes(), A, notes)
    assert (record.id, record.url) == ("en-1555077600", A) and notes
    work = tmp_path / "work"
    work.mkdir()
    with serve(site) as base_url:
        done = subprocess.run(
            [*CRAWL, "-a", f"base_url={base_url}", *FAST],
            cwd=work, env=ENV, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    got = {r["id"]: r for r in records(run_files(work)[0])}
    assert sorted(got) == sorted(snapshot_ids()), "both articles, each once"
    assert got["en-1555077600"]["url"] == A and got["en-1557324000"]["url"] == B
    assert got["en-1555077600"]["title"] != got["en-1557324000"]["title"]
    report = json.loads(reports(work)[-1].read_text())
    assert report["canonical_disagrees"] >= 1
