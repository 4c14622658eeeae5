"""`mpscrawler reparse [WARC…]`: today's parsers over the stored pages, no network.

Each page parsed again goes through the rules a crawl uses (`state.rules.judge`): a record
whose fields differ from what the state knows comes out as its next version, in a run file
of its own that the dataset reads like any other; nothing changed, nothing written. The state
knows the new versions only once that file is finished.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy.settings import Settings

from mpscrawler import editions, urls
from mpscrawler.archive.playback import cite, provenance
from mpscrawler.files import atomic_open
from mpscrawler.items import Article
from mpscrawler.ops import dataset
from mpscrawler.pipelines import problem
from mpscrawler.run import edition_path, new_run_id
from mpscrawler.state import StateStore, lock
from mpscrawler.state.rules import NOT_CONTENT, fields_digest, judge, now
from mpscrawler.warc.reparse import ParseFailure, Progress, reparse


def show(progress: Progress) -> None:
    """A progress line on stderr."""
    rate = progress.pages / progress.seconds if progress.seconds else 0.0
    print(
        f"reparse: {progress.pages} pages, {progress.parsed} parsed, {progress.failed} failed"
        f" ({rate:.0f} pages/s)", file=sys.stderr,
    )  # fmt: skip


def run(project: Settings, edition: str, runs: Path, paths: list[Path], workers: int) -> int:
    """Re-parse the edition's WARCs (or `paths`); write the changed records; print a summary."""
    state_path = edition_path(project, "MPS_STATE_PATH", edition)
    try:
        with lock.opened(state_path, new_run_id()) as store:
            return Reparse(project, edition, store, runs).run(paths, workers)
    except lock.Locked as locked:
        print(f"mpscrawler reparse: {state_path}: {locked}", file=sys.stderr)
        return lock.LOCKED_EXIT


class Reparse:
    """One re-parse of stored pages against one edition's state."""

    def __init__(self, project: Settings, edition: str, store: StateStore, runs: Path) -> None:
        self.project, self.edition, self.store, self.runs = project, edition, store, runs
        self.files = dataset.run_files(runs, [edition])
        self.previous = dataset.latest(self.files)
        self.changed: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()

    def run(self, paths: list[Path], workers: int) -> int:
        """Parse, judge, write; 0 when every stored page parsed and nothing failed."""
        root = Path(self.project.get("MPS_WARC_DIR"))
        target = self.runs / self.edition / f"{self.store.run}.jsonl"
        found = reparse(
            paths or [root / self.edition], root, workers=workers, progress=show,
            page_url=self.page_url,
        )  # fmt: skip
        with atomic_open(target, "wb") as out:
            for result in found:
                line = self.judge(result)
                if line is not None:
                    out.write(line)
        if not self.counts["emitted"]:
            target.unlink()
        self.store.commit_run()
        self.summary()
        return 1 if self.counts["failed"] or self.counts["dropped"] else 0

    def page_url(self, url: str) -> str:
        """A stored page as the crawl read it: a mirror's URL as the edition's own."""
        host = (urlsplit(url).hostname or "").lower()
        if host in urls.PORTAL_HOSTS or urls.ARCHIVE.match(url):
            return url
        return urls.portal_url(url, urls.origin(url), editions.get(self.edition))

    def judge(self, result: Article | ParseFailure) -> bytes | None:
        """The JSON line of a record whose fields changed, or None."""
        if isinstance(result, ParseFailure):
            self.counts["failed"] += 1
            print(f"failed: {result.url}: {result.reason}", file=sys.stderr)
            return None
        if urls.ARCHIVE.match(result.url):  # an archive's capture: where the archive has it
            cite(result, provenance(result.url, urls.origin(result.url)))
        record = asdict(result)
        wrong = problem(ItemAdapter(result))
        if wrong:
            self.counts["dropped"] += 1
            print(f"dropped: {record['url']}: {wrong}", file=sys.stderr)
            return None
        digest = fields_digest(record)
        verdict = judge(
            self.store.known(record["id"]), record["content_hash"], digest, now(), False
        )
        if not verdict.emit:
            self.counts["unchanged"] += 1
            return None
        record.update(
            version=verdict.version, first_seen=verdict.first_seen, updated=verdict.updated
        )
        if not self.store.stage({**record, "fields_hash": digest}):
            return None  # the same article stored twice: its first page stands
        self.count_changes(record)
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")

    def count_changes(self, record: dict[str, Any]) -> None:
        """Which fields of the article's latest emitted version this one changes."""
        self.counts["emitted"] += 1
        entry = self.previous.get(record["id"])
        if entry is None:
            self.changed["(new article)"] += 1
            return
        with self.files[entry.file].open("rb") as handle:
            handle.seek(entry.offset)
            before = json.loads(handle.readline())
        for name, value in record.items():
            if name not in NOT_CONTENT and before.get(name) != value:
                self.changed[name] += 1

    def summary(self) -> None:
        """What changed, by field."""
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        fields = ", ".join(f"{k} {v}" for k, v in self.changed.most_common()) or "none"
        print(f"reparse {self.edition}: {counts or 'no page'}; changed fields: {fields}")
