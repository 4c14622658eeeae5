"""The run report: a JSON file under `output/` and a short summary in the log, every run."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler

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


class RunReport:
    """Extension: counts per field as records pass, then the report when the crawl closes."""

    def __init__(self, crawler: Crawler, directory: Path) -> None:
        self.crawler, self.directory = crawler, directory
        self.present = dict.fromkeys(COVERAGE, 0)
        self.records = 0
        crawler.signals.connect(self.item_scraped, signals.item_scraped)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        """Reports go to `MPS_REPORT_DIR` (default `output/reports`)."""
        return cls(crawler, Path(crawler.settings.get("MPS_REPORT_DIR", "output/reports")))

    def item_scraped(self, item: Any) -> None:
        """Count which fields the record has."""
        adapter = ItemAdapter(item)
        self.records += 1
        for name in COVERAGE:
            self.present[name] += adapter.get(name) not in (None, "", [])

    def engine_stopped(self) -> None:
        """Once files and state are closed: write the JSON report and log the summary."""
        stats = self.crawler.stats.get_stats()
        report = build(stats, self.present, self.records, stats.get("finish_reason", "unknown"))
        report["run"] = self.crawler.settings.get("MPS_RUN_ID") or report["run"]
        path = self.directory / self.crawler.spider.name / f"{report['run']}.json"
        write_atomic(path, json.dumps(report, indent=2, sort_keys=True, default=str))
        logger.info("%s\nreport: %s", summary(report), path)


def build(stats: dict[str, Any], present: dict[str, int], records: int, reason: str) -> dict:
    """The report's content from the crawl stats and the field counts."""
    started = stats.get("start_time") or datetime.now(UTC)
    finished = stats.get("finish_time") or datetime.now(UTC)

    def group(prefix: str) -> dict[str, int]:
        return {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}

    return {
        "run": started.strftime("%Y-%m-%dT%H-%M-%S.%fZ"),
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "duration_s": round((finished - started).total_seconds(), 3),
        "finish_reason": reason,
        "requests": stats.get("downloader/request_count", 0),
        "responses": group("downloader/response_status_count/"),
        "download_errors": stats.get("downloader/exception_count", 0),
        "records": {
            "new": stats.get("mps/new", 0),
            "updated": stats.get("mps/updated", 0),
            "written": records,
            "unchanged": stats.get("mps/unchanged", 0),
            "skipped_known": stats.get("mps/skipped_known", 0),
        },
        "failures": stats.get("mps/failures", []),
        "retry_after": stats.get("mps/retry_after", 0),
        "failed": {
            "parse": stats.get("mps/parse_failed", 0),
            "fetch": stats.get("mps/fetch_failed", 0),
        },
        "listing_failed": stats.get("mps/listing_failed", 0),
        "dropped": group("mps/dropped/"),
        "coverage": {k: round(v / records, 4) if records else None for k, v in present.items()},
        "layouts": group("mps/layout/"),
        "fallback": stats.get("mps/layout/fallback", 0),
        "listing_entries": stats.get("mps/listing_entries", 0),
        "state": group("mps/state/"),
        "state_committed": stats.get("mps/state_committed"),
    }


def summary(report: dict) -> str:
    """A few lines for the log."""
    rec, failed = report["records"], report["failed"]
    cover = ", ".join(f"{k} {v:.0%}" for k, v in report["coverage"].items() if v is not None)
    return (
        f"mps_news run {report['run']} ({report['finish_reason']}, {report['duration_s']} s): "
        f"{report['requests']} requests; {rec['new']} new, {rec['updated']} updated, "
        f"{rec['unchanged']} unchanged, {rec['skipped_known']} known and not fetched; "
        f"failed {failed['parse']} parse + {failed['fetch']} fetch; "
        f"dropped {report['dropped'] or 0}; "
        f"layouts {report['layouts'] or {}}; coverage: {cover or 'no records'}"
    )


def write_atomic(path: Path, text: str) -> None:
    """Write a small file so that readers see the old or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")
    with part.open("w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(part, path)
