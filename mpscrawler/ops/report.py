"""The run report: a JSON file per run and a short summary in the log.

The report is written once the run's files are finished and before the state commits (a run
whose report cannot be written keeps nothing), then again with the state's final numbers.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler

from mpscrawler.files import write_atomic
from mpscrawler.run import edition_path, run_id, write_failed
from mpscrawler.signals import page_failed

logger = logging.getLogger(__name__)
# Fields whose share of records is reported; `captions`/`images` count records having any.
COVERAGE = (
    "title",
    "published_date",
    "published_at",
    "lead",
    "body",
    "byline",
    "section",
    "images",
    "captions",
)
MAX_NAMED = 200  # failures and errors named in the report (all are counted)
# Errors logged by these are failures the spider counts and judges by rate ("Gave up retrying").
COUNTED_ELSEWHERE = ("scrapy.downloadermiddlewares.retry",)


class ErrorLog(logging.Handler):
    """The ERROR lines of the crawl: any of them makes the run unhealthy."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Count the error, keep its first lines."""
        if record.name.startswith(COUNTED_ELSEWHERE):
            return
        self.count += 1
        if len(self.first) < MAX_NAMED:
            self.first.append(record.getMessage().splitlines()[0][:300])


class RunReport:
    """Extension: counts fields and failures as the crawl goes, then writes the report."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler, self.path = crawler, path
        self.present = dict.fromkeys(COVERAGE, 0)
        self.records = 0
        self.failures: list[dict[str, str]] = []
        self.errors = ErrorLog()
        logging.getLogger().addHandler(self.errors)
        crawler.signals.connect(self.item_scraped, signals.item_scraped)
        crawler.signals.connect(self.page_failed, page_failed)
        crawler.signals.connect(self.feed_exporter_closed, signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        """Reports go to `MPS_REPORT_DIR` (of the edition), one per run id."""
        folder = edition_path(crawler.settings, "MPS_REPORT_DIR")
        return cls(crawler, folder / f"{run_id(crawler.settings)}.json")

    def item_scraped(self, item: Any) -> None:
        """Count which fields the record has."""
        adapter = ItemAdapter(item)
        self.records += 1
        for name in COVERAGE:
            self.present[name] += adapter.get(name) not in (None, "", [])

    def page_failed(self, url: str, reason: str, kind: str) -> None:
        """Count a failure by its stage (`parse`, `fetch`, `listing`, `sitemap`) and name it."""
        self.crawler.stats.inc_value(f"mps/failed/{reason.split(':')[0]}")
        if len(self.failures) < MAX_NAMED:
            self.failures.append({"url": url, "reason": reason, "kind": kind})

    def report(self) -> dict[str, Any]:
        """The report as it stands."""
        stats = self.crawler.stats.get_stats()
        report = build(stats, self.present, self.records)
        report.update(
            run=run_id(self.crawler.settings),
            edition=self.crawler.settings.get("MPS_EDITION"),
            failures=self.failures,
            errors={"count": self.errors.count, "first": self.errors.first},
        )
        return report

    def write(self) -> dict[str, Any] | OSError:
        """Write the report whole; a failure is noted (the run is unhealthy, keeps nothing)."""
        report = self.report()
        try:
            write_atomic(self.path, json.dumps(report, indent=2, sort_keys=True, default=str))
        except OSError as error:
            write_failed(self.crawler, self.path, error)
            return error
        return report

    def feed_exporter_closed(self) -> None:
        """The run's files are closed: the report exists before the state commits."""
        self.write()

    def engine_stopped(self) -> None:
        """After the state committed: the report again, with its final numbers, and the summary."""
        logging.getLogger().removeHandler(self.errors)
        report = self.write()
        if isinstance(report, OSError):  # no report to judge: the verdict is said here
            print(f"UNHEALTHY: could not write {self.path}: {report}", file=sys.stderr)
        else:
            logger.info("%s\nreport: %s", summary(report), self.path)


def build(stats: dict[str, Any], present: dict[str, int], records: int) -> dict[str, Any]:
    """The report's content from the crawl stats and the field counts."""
    started = stats.get("start_time") or datetime.now(UTC)
    finished = stats.get("finish_time") or datetime.now(UTC)

    def group(prefix: str) -> dict[str, int]:
        return {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}

    return {
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "duration_s": round((finished - started).total_seconds(), 3),
        "finish_reason": stats.get("finish_reason", "unknown"),
        "requests": stats.get("downloader/request_count", 0),
        "responses": group("downloader/response_status_count/"),
        "download_errors": stats.get("downloader/exception_count", 0),
        "records": {
            "new": stats.get("mps/new", 0),
            "updated": stats.get("mps/updated", 0),
            "again": stats.get("mps/again", 0),
            "written": records,
            "unchanged": stats.get("mps/unchanged", 0),
            "skipped_known": stats.get("mps/skipped_known", 0),
            "duplicates": stats.get("mps/duplicates", 0),
        },
        "retry_after": stats.get("mps/retry_after", 0),
        "failed": {"parse": 0, "fetch": 0, **group("mps/failed/")},
        "dropped": group("mps/dropped/"),
        "coverage": {k: round(v / records, 4) if records else None for k, v in present.items()},
        "layouts": group("mps/layout/"),
        "fallback": stats.get("mps/layout/fallback", 0),
        "listing_entries": stats.get("mps/listing_entries", 0),
        "feed_entries": stats.get("mps/feed_entries", 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "robots_unreachable": stats.get("mps/robots_unreachable", 0),
        "explicit": stats.get("mps/explicit", False),
        "cut": {k: v for k, v in group("mps/cut/").items() if v},  # pages a bound cut
        "canonical_disagrees": stats.get("mps/canonical_disagrees", 0),
        "redirected_elsewhere": stats.get("mps/redirected_elsewhere", 0),  # to another article
        "catching_up": stats.get("mps/catching_up"),  # the last run stopped early: its reason
        "write_failed": stats.get("mps/write_failed", []),
        "unkept": stats.get("mps/unkept", 0),
        "state": group("mps/state/"),
        "workers": group("mps/workers/"),  # started, lost (a job each), unavailable, peak RSS
        "state_committed": stats.get("mps/state_committed"),
    }


def summary(report: dict[str, Any]) -> str:
    """A few lines for the log."""
    rec, failed = report["records"], report["failed"]
    cover = ", ".join(f"{k} {v:.0%}" for k, v in report["coverage"].items() if v is not None)
    failures = " + ".join(f"{n} {stage}" for stage, n in failed.items())
    return (
        f"mps_news {report['edition']} run {report['run']} ({report['finish_reason']}, "
        f"{report['duration_s']} s): {report['requests']} requests; {rec['new']} new, "
        f"{rec['updated']} updated, {rec['unchanged']} unchanged, {rec['skipped_known']} known "
        f"and not fetched; failed {failures}; dropped {report['dropped'] or 0}; "
        f"layouts {report['layouts'] or {}}; coverage: {cover or 'no records'}"
        + (f"; cut by a bound: {report['cut']}" if report["cut"] else "")
    )
