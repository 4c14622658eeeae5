"""What earlier runs saw, in SQLite: known articles, failed URLs, and the records of this run.

Records of a run are staged and become known only once the file holding them is finished,
so a run killed at any moment leaves the state as it was and the next run emits them again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# Each entry migrates the schema from version i to i + 1 (PRAGMA user_version).
MIGRATIONS = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, url TEXT NOT NULL, content_hash TEXT NOT NULL,
        version INTEGER NOT NULL, published_date TEXT,
        first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, updated TEXT
    );
    CREATE TABLE failures (
        url TEXT PRIMARY KEY, reason TEXT NOT NULL, attempts INTEGER NOT NULL,
        first_failed TEXT NOT NULL, last_failed TEXT NOT NULL
    );
    CREATE TABLE staged (
        run TEXT NOT NULL, id TEXT NOT NULL, url TEXT NOT NULL, fetched TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        version INTEGER NOT NULL, published_date TEXT, first_seen TEXT NOT NULL,
        PRIMARY KEY (run, id)
    );
    """,
    "CREATE INDEX articles_url ON articles (url);",
    # Listing pages fail too: a later run must read them again, not only articles.
    "ALTER TABLE failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'article';",
]


def now() -> str:
    """UTC now, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Known:
    """What the state holds of one article."""

    content_hash: str
    version: int
    first_seen: str
    last_seen: str


class StateStore:
    """The crawler's memory between runs; one SQLite file, migrated on open."""

    def __init__(self, path: str | Path, run: str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        # WAL with NORMAL sync: no fsync per write (a lost staged row is only re-emitted);
        # commit_run makes the run's records durable with a checkpoint.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.run = run
        self._migrate()
        # Records staged by runs that never finished their file are not known: drop them.
        self.db.execute("DELETE FROM staged WHERE run != ?", (run,))

    def _migrate(self) -> None:
        """Bring the schema to the latest version."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")

    def known(self, ident: str) -> Known | None:
        """The state of an article id, or None when never recorded."""
        row = self.db.execute(
            "SELECT content_hash, version, first_seen, last_seen FROM articles WHERE id = ?",
            (ident,),
        ).fetchone()
        return Known(*row) if row else None

    def stage(self, record: dict, fetched: str) -> None:
        """Hold a record of this run, and the URL it came from, until its file is finished."""
        self.db.execute(
            "INSERT OR REPLACE INTO staged VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.run,
                record["id"],
                record["url"],
                fetched,
                record["content_hash"],
                record["version"],
                record["published_date"],
                record["first_seen"],
            ),
        )

    def staged(self, ident: str) -> bool:
        """True when this run already holds a record of `ident`."""
        query = "SELECT 1 FROM staged WHERE run = ? AND id = ?"
        return self.db.execute(query, (self.run, ident)).fetchone() is not None

    def commit_run(self) -> int:
        """The run's file is finished: its records become known, their failures are cleared."""
        stamp = now()
        with self.db:
            count = self.db.execute(
                """INSERT INTO articles SELECT id, url, content_hash, version, published_date,
                   first_seen, ?, CASE WHEN version > 1 THEN ? END FROM staged WHERE run = ?
                   ON CONFLICT(id) DO UPDATE SET url = excluded.url,
                   content_hash = excluded.content_hash, version = excluded.version,
                   last_seen = excluded.last_seen, updated = excluded.updated""",
                (stamp, stamp, self.run),
            ).rowcount
            self.db.execute(
                "DELETE FROM failures WHERE url IN (SELECT fetched FROM staged WHERE run = ?)",
                (self.run,),
            )
            self.db.execute("DELETE FROM staged WHERE run = ?", (self.run,))
        self.db.execute("PRAGMA wal_checkpoint(FULL)")
        return count

    def touch(self, ident: str) -> None:
        """An article fetched again and found unchanged."""
        self.db.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (now(), ident))

    def fail(self, url: str, reason: str, kind: str = "article") -> None:
        """Record a URL (an `article` or a `listing` page) that failed, for the next runs."""
        stamp = now()
        self.db.execute(
            """INSERT INTO failures (url, reason, attempts, first_failed, last_failed, kind)
               VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET
               reason = excluded.reason, attempts = attempts + 1,
               last_failed = excluded.last_failed""",
            (url, reason[:500], stamp, stamp, kind),
        )

    def succeeded(self, url: str) -> None:
        """A URL that failed before gave a record (or was found unchanged) this time."""
        self.db.execute("DELETE FROM failures WHERE url = ?", (url,))

    def retries(self, limit: int) -> Iterator[tuple[str, str]]:
        """(URL, kind) of pages that failed fewer than `limit` times, to try again."""
        query = "SELECT url, kind FROM failures WHERE attempts < ? ORDER BY url"
        yield from self.db.execute(query, (limit,)).fetchall()

    def failures(self) -> list[tuple[str, str, int]]:
        """Every failed URL still listed: (url, reason, attempts)."""
        return self.db.execute("SELECT url, reason, attempts FROM failures ORDER BY url").fetchall()

    def last_seen(self) -> str | None:
        """When a run last committed records (UTC ISO 8601), or None before the first."""
        return self.db.execute("SELECT max(last_seen) FROM articles").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """Sizes of the state, for the run report."""
        articles = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        failed = self.db.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
        return {"known_articles": articles, "failed_urls": failed}

    def close(self) -> None:
        """Close the database."""
        self.db.close()
