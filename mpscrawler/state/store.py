"""What earlier runs saw, in SQLite: known articles, failed URLs, and the records of this run.

Records of a run are staged and become known only once the file holding them is finished,
so a run killed at any moment leaves the state as it was and the next run emits them again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mpscrawler import urls
from mpscrawler.state.rules import Known, fields_digest, now

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
    # A failure is cleared by the article's id, whichever URL variant gave the record.
    "ALTER TABLE failures ADD COLUMN id TEXT; CREATE INDEX failures_id ON failures (id);",
    # Every field the page gives, hashed: a better parser's reading of a page is a new version.
    "ALTER TABLE articles ADD COLUMN fields_hash TEXT;"
    " ALTER TABLE staged ADD COLUMN fields_hash TEXT;",
    # How each run that kept its records ended: after one that stopped early (a bound of
    # Scrapy's, a shutdown), pages it queued and never read are behind known ones.
    "CREATE TABLE runs (run TEXT PRIMARY KEY, finish_reason TEXT NOT NULL, ended TEXT NOT NULL);",
]
STAGED = ("id", "url", "content_hash", "version", "published_date", "first_seen", "fields_hash")


class StateError(RuntimeError):
    """The state file cannot be used: it names the file, the problem and what to do."""

    def __init__(self, path: Path, problem: str, corrupt: bool = True) -> None:
        advice = (
            f"the state file is unusable ({problem}). Move it aside "
            f"(mv {path} {path}.bad) and rebuild it from the run files "
            f"(mpscrawler state rebuild), or start afresh without it."
            if corrupt
            else f"could not write the state file ({problem}): make room on its disk, or make"
            " its folder writable, and run again; the file itself is kept as it was."
        )
        super().__init__(f"{path}: {advice}")
        self.path, self.corrupt = path, corrupt


class StateStore:
    """The crawler's memory between runs; one SQLite file, checked and migrated on open."""

    def __init__(self, path: str | Path, run: str) -> None:
        self.path, self.run = Path(path), run
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        try:
            self._open()
        except sqlite3.DatabaseError as error:  # OperationalError: disk full, I/O, read-only
            self.db.close()
            corrupt = not isinstance(error, sqlite3.OperationalError)
            raise StateError(self.path, str(error), corrupt) from None

    def _open(self) -> None:
        """Check the file, migrate it, forget what unfinished runs staged."""
        problem = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise sqlite3.DatabaseError(problem)
        # WAL with NORMAL sync: no fsync per write (a lost staged row is only re-emitted);
        # commit_run makes the run's records durable with a checkpoint.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
        self.db.execute("DELETE FROM staged WHERE run != ?", (self.run,))

    def known(self, ident: str) -> Known | None:
        """The state of an article id, or None when never recorded."""
        row = self.db.execute(
            "SELECT content_hash, version, first_seen, last_seen, fields_hash FROM articles"
            " WHERE id = ?",
            (ident,),
        ).fetchone()
        return Known(*row) if row else None

    def stage(self, record: dict[str, Any]) -> bool:
        """Hold a record of this run until its file is finished; False if the run has its id."""
        values = [record[name] for name in STAGED]
        cursor = self.db.execute(
            "INSERT INTO staged (run, id, url, fetched, content_hash, version, published_date,"
            " first_seen, fields_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (self.run, values[0], values[1], values[1], *values[2:]),
        )
        return cursor.rowcount == 1

    def staged_count(self) -> int:
        """How many records this run holds."""
        query = "SELECT COUNT(*) FROM staged WHERE run = ?"
        return int(self.db.execute(query, (self.run,)).fetchone()[0])

    def commit_run(self) -> int:
        """The run's file is finished: its records become known, their failures are cleared."""
        stamp = now()
        with self.db:
            count = self.db.execute(
                """INSERT INTO articles (id, url, content_hash, version, published_date,
                   first_seen, last_seen, updated, fields_hash)
                   SELECT id, url, content_hash, version, published_date, first_seen, ?,
                   CASE WHEN version > 1 THEN ? END, fields_hash FROM staged WHERE run = ?
                   ON CONFLICT(id) DO UPDATE SET url = excluded.url,
                   content_hash = excluded.content_hash, version = excluded.version,
                   last_seen = excluded.last_seen, updated = excluded.updated,
                   fields_hash = excluded.fields_hash""",
                (stamp, stamp, self.run),
            ).rowcount
            self.db.execute(
                "DELETE FROM failures WHERE id IN (SELECT id FROM staged WHERE run = ?)",
                (self.run,),
            )
            self.db.execute("DELETE FROM staged WHERE run = ?", (self.run,))
        self.db.execute("PRAGMA wal_checkpoint(FULL)")
        return count

    def touch(self, ident: str, url: str, fields_hash: str) -> None:
        """An article fetched again and found unchanged: seen now, its failure cleared."""
        with self.db:
            self.db.execute(
                "UPDATE articles SET last_seen = ?, fields_hash = ? WHERE id = ?",
                (now(), fields_hash, ident),
            )
            self.db.execute("DELETE FROM failures WHERE id = ? OR url = ?", (ident, url))

    def fail(self, url: str, reason: str, kind: str = "article") -> None:
        """Record a URL (an `article`, `listing` or `sitemap`) that failed, for the next runs."""
        stamp = now()
        self.db.execute(
            """INSERT INTO failures (url, reason, attempts, first_failed, last_failed, kind, id)
               VALUES (?, ?, 1, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET
               reason = excluded.reason, attempts = attempts + 1,
               last_failed = excluded.last_failed""",
            (url, reason[:500], stamp, stamp, kind, urls.article_id(url)),
        )

    def succeeded(self, url: str) -> None:
        """A URL that failed before gave what it should this time."""
        self.db.execute("DELETE FROM failures WHERE url = ?", (url,))

    def ended(self, reason: str) -> None:
        """Note how this run ended (Scrapy's finish reason)."""
        self.db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?)", (self.run, reason, now()))

    def cut_short(self) -> str | None:
        """The finish reason of the last run that kept its records, if it stopped early."""
        last = "SELECT finish_reason FROM runs ORDER BY ended DESC, run DESC LIMIT 1"
        reason = (self.db.execute(last).fetchone() or ["finished"])[0]
        return None if reason == "finished" else str(reason)

    def retries(self, limit: int, before: str = "") -> list[tuple[str, str]]:
        """(URL, kind) of pages to try again: failed fewer than `limit` times, or more and last
        before `before` (UTC ISO 8601: a page past the limit is tried now and then, not lost)."""
        query = (
            "SELECT url, kind FROM failures WHERE attempts < ? OR last_failed < ? ORDER BY url"
        )
        return [(str(u), str(k)) for u, k in self.db.execute(query, (limit, before)).fetchall()]

    def failures(self) -> list[tuple[str, str, int]]:
        """Every failed URL still listed: (url, reason, attempts)."""
        return self.db.execute("SELECT url, reason, attempts FROM failures ORDER BY url").fetchall()

    def last_seen(self) -> str | None:
        """When a run last committed records (UTC ISO 8601), or None before the first."""
        value = self.db.execute("SELECT max(last_seen) FROM articles").fetchone()[0]
        return str(value) if value else None

    def counts(self) -> dict[str, int]:
        """Sizes of the state, for the run report."""
        articles = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        failed = self.db.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
        return {"known_articles": articles, "failed_urls": failed}

    def load(self, records: Iterable[dict[str, Any]]) -> int:
        """Rebuild the known articles from records (latest version of each), in one transaction."""
        rows = [
            (
                r["id"],
                r["url"],
                r["content_hash"],
                r["version"],
                r.get("published_date"),
                r.get("first_seen") or r["crawled_at"],
                r["crawled_at"],
                r.get("updated"),
                fields_digest(r),
            )
            for r in records
        ]
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
        return len(rows)

    def close(self) -> None:
        """Close the database."""
        self.db.close()
