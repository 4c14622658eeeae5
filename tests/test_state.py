"""The state store, its versioning rules (table tests) and its lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpscrawler.state import StateError, StateStore, lock
from mpscrawler.state.rules import Known, judge, wants_article, wants_sitemap
from mpscrawler.state.store import MIGRATIONS

RECORD = {
    "id": "en-7564",
    "url": "http://en.bocongan.gov.vn/x-t7564.html",
    "content_hash": "a" * 64,
    "version": 1,
    "published_date": "2020-12-17",
    "first_seen": "2026-11-28T00:00:00+00:00",
    "fields_hash": "f" * 64,
}
KNOWN = Known("a" * 64, 2, "2026-01-01T00:00:00+00:00", "2026-11-01T10:00:00+00:00", "f" * 64)
BEFORE = Known("a" * 64, 2, "2026-01-01T00:00:00+00:00", "2026-11-01T10:00:00+00:00", None)
NOW = "2026-11-28T00:00:00+00:00"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateStore]:
    """A store of its own, closed after the test."""
    opened = StateStore(tmp_path / "state.sqlite3", "run-1")
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("known", "digest", "fields", "explicit", "expected"),
    [
        (None, "a" * 64, "f" * 64, False, ("new", 1, NOW, None)),
        (KNOWN, "b" * 64, "f" * 64, False, ("updated", 3, KNOWN.first_seen, NOW)),
        (KNOWN, "a" * 64, "f" * 64, False, ("unchanged", 2, KNOWN.first_seen, None)),
        (KNOWN, "a" * 64, "f" * 64, True, ("again", 2, KNOWN.first_seen, None)),
        (KNOWN, "b" * 64, "f" * 64, True, ("updated", 3, KNOWN.first_seen, NOW)),
        # Same text, another field read differently (a parser fix): a new version.
        (KNOWN, "a" * 64, "e" * 64, False, ("updated", 3, KNOWN.first_seen, NOW)),
        # Known from before fields were hashed: only the text decides.
        (BEFORE, "a" * 64, "e" * 64, False, ("unchanged", 2, KNOWN.first_seen, None)),
    ],
)
def test_versioning_rules(
    known: Known | None, digest: str, fields: str, explicit: bool, expected: tuple
) -> None:
    verdict = judge(known, digest, fields, NOW, explicit)
    assert (verdict.outcome, verdict.version, verdict.first_seen, verdict.updated) == expected
    assert verdict.emit == (expected[0] != "unchanged")


@pytest.mark.parametrize(
    ("known", "lastmod", "full", "expected"),
    [
        (None, None, False, True),
        (KNOWN, None, False, False),
        (KNOWN, "2026-10-31", False, False),
        (KNOWN, "2026-11-01", False, False),  # the same day: seen after it was modified
        (KNOWN, "2026-11-02", False, True),
        (KNOWN, None, True, True),
    ],
)
def test_which_articles_are_fetched(
    known: Known | None, lastmod: str | None, full: bool, expected: bool
) -> None:
    assert wants_article(known, lastmod, full) is expected


@pytest.mark.parametrize(
    ("lastmod", "last_run", "full", "expected"),
    [
        ("2020-01-01", "2026-11-01T10:00:00+00:00", False, False),
        ("2026-11-01", "2026-11-01T10:00:00+00:00", False, True),
        (None, "2026-11-01T10:00:00+00:00", False, True),
        ("2020-01-01", None, False, True),
        ("2020-01-01", "2026-11-01T10:00:00+00:00", True, True),
    ],
)
def test_which_sitemaps_are_read(
    lastmod: str | None, last_run: str | None, full: bool, expected: bool
) -> None:
    assert wants_sitemap(lastmod, last_run, full) is expected


def test_staged_records_are_known_only_after_commit(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    first = StateStore(path, "run-1")
    assert first.stage(RECORD)
    assert first.known("en-7564") is None
    first.close()
    # A run that died before its file was finished: its staged record is forgotten.
    second = StateStore(path, "run-2")
    assert second.known("en-7564") is None and second.staged_count() == 0
    second.stage(RECORD)
    assert second.commit_run() == 1
    known = second.known("en-7564")
    second.close()
    assert known is not None
    assert (known.content_hash, known.version, known.first_seen) == (
        "a" * 64,
        1,
        RECORD["first_seen"],
    )


def test_a_run_stages_an_id_once(store: StateStore) -> None:
    assert store.stage(RECORD)
    assert not store.stage({**RECORD, "url": "https://en.mps.gov.vn/x-t7564.html"})
    assert store.staged_count() == 1


def test_failures_count_attempts_and_clear_by_id_when_a_record_comes(store: StateStore) -> None:
    fetched = "http://127.0.0.1/news-events/x-t7564.html"
    store.fail(fetched, "fetch: HTTP 503")
    store.fail(fetched, "parse: no article on the page")
    assert store.failures() == [(fetched, "parse: no article on the page", 2)]
    assert store.retries(limit=3) == [(fetched, "article")] and store.retries(limit=2) == []
    store.fail("http://127.0.0.1/news-and-events.html?Page=2", "listing: HTTP 503", kind="listing")
    assert ("http://127.0.0.1/news-and-events.html?Page=2", "listing") in store.retries(limit=3)
    store.stage(RECORD)  # its canonical URL differs from the one that failed: the id clears it
    store.commit_run()
    store.succeeded("http://127.0.0.1/news-and-events.html?Page=2")  # the listing read again
    assert store.failures() == []


def test_a_page_past_the_retry_limit_is_tried_again_later_not_dropped(store: StateStore) -> None:
    url = "http://127.0.0.1/news-events/x-t7564.html"
    for _ in range(6):
        store.fail(url, "fetch: HTTP 500")
    store.db.execute("UPDATE failures SET last_failed = '2026-11-29T10:00:00+00:00'")
    assert store.retries(limit=5) == []
    assert store.retries(limit=5, before="2026-11-29T09:00:00+00:00") == []  # tried since
    assert store.retries(limit=5, before="2026-11-30T10:00:00+00:00") == [(url, "article")]


def test_schema_is_migrated_from_an_older_version(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.execute("INSERT INTO failures VALUES ('http://x/a-t1.html', 'fetch: HTTP 503', 2, 't', 't')")
    db.commit()
    db.close()
    store = StateStore(path, "run-1")
    version = store.db.execute("PRAGMA user_version").fetchone()[0]
    indexes = {row[1] for row in store.db.execute("PRAGMA index_list(articles)")}
    retries = store.retries(limit=5)
    store.close()
    assert version == len(MIGRATIONS) and "articles_url" in indexes
    assert retries == [("http://x/a-t1.html", "article")]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database at all" * 200), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1500]), id="truncated"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[:4096] + b"\xff" * 4096 + p.read_bytes()[8192:]),
            id="bad-page",
        ),
    ],
)
def test_a_corrupt_state_file_is_named_with_what_to_do(tmp_path: Path, damage) -> None:  # noqa: ANN001
    path = tmp_path / "state.sqlite3"
    healthy = StateStore(path, "run-1")
    for number in range(400):  # a few pages of rows, so a page in the middle can be damaged
        healthy.stage({**RECORD, "id": f"en-{number}", "url": f"http://x/a-t{number}.html"})
    healthy.commit_run()
    healthy.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    healthy.close()
    damage(path)
    with pytest.raises(StateError) as raised:
        StateStore(path, "run-2").close()
    message = str(raised.value)
    assert str(path) in message and "mv " in message and "mpscrawler state rebuild" in message


def lock_elsewhere(state: Path) -> subprocess.CompletedProcess:
    """Another process taking the lock of `state`."""
    code = f"from pathlib import Path; from mpscrawler.state import lock; lock.acquire(Path({str(state)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_lock_belongs_to_the_state_and_is_taken_once_per_process(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    lock.acquire(state)
    lock.acquire(state)  # the same process again: no deadlock
    holder = lock_elsewhere(state)
    lock.release(state)
    assert holder.returncode != 0 and "another run is going (pid" in holder.stderr
    free = lock_elsewhere(state)
    assert free.returncode == 0, free.stderr
