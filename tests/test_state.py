"""The state store: versions, staging until the file is finished, failures, migration."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from scrapy.utils.test import get_crawler

from mpscrawler.incremental import Incremental
from mpscrawler.spiders.mps_news import MpsNewsSpider
from mpscrawler.state import MIGRATIONS, StateStore

RECORD = {
    "id": "en-7564",
    "url": "http://en.bocongan.gov.vn/x-t7564.html",
    "content_hash": "a" * 64,
    "version": 1,
    "published_date": "2020-12-17",
    "first_seen": "2026-11-28T00:00:00+00:00",
}


def test_staged_records_are_known_only_after_commit(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = StateStore(path, "run-1")
    store.stage(RECORD, "http://127.0.0.1/x-t7564.html")
    assert store.known("en-7564") is None
    store.close()
    # A run that died before its file was finished: its staged record is forgotten.
    store = StateStore(path, "run-2")
    assert store.known("en-7564") is None
    store.stage(RECORD, "http://127.0.0.1/x-t7564.html")
    assert store.commit_run() == 1
    known = store.known("en-7564")
    assert (known.content_hash, known.version, known.first_seen) == (
        "a" * 64,
        1,
        RECORD["first_seen"],
    )
    store.close()


def test_failures_count_attempts_and_clear_when_the_page_gives_a_record(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3", "run-1")
    fetched = "http://127.0.0.1/x-t7564.html"
    store.fail(fetched, "fetch: HTTP 503")
    store.fail(fetched, "parse: no article on the page")
    assert store.failures() == [(fetched, "parse: no article on the page", 2)]
    assert (
        list(store.retries(limit=3)) == [(fetched, "article")]
        and list(store.retries(limit=2)) == []
    )
    store.fail("http://127.0.0.1/news-and-events.html?Page=2", "listing: HTTP 503", kind="listing")
    assert ("http://127.0.0.1/news-and-events.html?Page=2", "listing") in list(
        store.retries(limit=3)
    )
    store.stage(RECORD, fetched)
    store.commit_run()
    store.succeeded("http://127.0.0.1/news-and-events.html?Page=2")  # the listing read again
    assert store.failures() == []
    store.close()


def test_schema_is_migrated_from_an_older_version(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with closing(sqlite3.connect(path)) as db, db:  # `with db` commits; closing() closes
        db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
        db.execute(
            "INSERT INTO failures VALUES ('http://x/a-t1.html', 'fetch: HTTP 503', 2, 't', 't')"
        )
    store = StateStore(path, "run-1")
    version = store.db.execute("PRAGMA user_version").fetchone()[0]
    indexes = {row[1] for row in store.db.execute("PRAGMA index_list(articles)")}
    assert version == len(MIGRATIONS) and "articles_url" in indexes
    assert list(store.retries(limit=5)) == [("http://x/a-t1.html", "article")]
    store.close()


def test_a_run_knows_which_ids_it_holds(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3", "run-1")
    assert not store.staged("en-7564")
    store.stage(RECORD, "http://127.0.0.1/x-t7564.html")
    assert store.staged("en-7564")
    with closing(StateStore(tmp_path / "state.sqlite3", "run-2")) as other:
        assert not other.staged("en-7564")
    store.close()


def test_sitemaps_older_than_the_last_run_are_not_read(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3", "run-1")
    store.stage(RECORD, "http://127.0.0.1/x-t7564.html")
    store.commit_run()
    store.close()
    incremental = Incremental(
        get_crawler(MpsNewsSpider), StateStore(tmp_path / "state.sqlite3", "run-2")
    )
    today = incremental.since_last_run[:10]
    assert not incremental.wants_sitemap("2020-01-01")
    assert incremental.wants_sitemap(today) and incremental.wants_sitemap(None)
    incremental.full = True
    assert incremental.wants_sitemap("2020-01-01")
    incremental.store.close()
