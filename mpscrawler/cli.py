"""`mpscrawler run | dataset | health`: the commands cron and analysts use."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from scrapy.utils.project import get_project_settings

from mpscrawler import dataset
from mpscrawler.feedstorage import run_id
from mpscrawler.health import Thresholds, problems
from mpscrawler.lock import LOCKED_EXIT

UNHEALTHY = 1


def thresholds() -> Thresholds:
    """Health thresholds from the project settings."""
    settings, default = get_project_settings(), Thresholds()
    return Thresholds(
        max_failure_rate=settings.getfloat("MPS_HEALTH_MAX_FAILURE_RATE", default.max_failure_rate),
        max_fallback_rate=settings.getfloat(
            "MPS_HEALTH_MAX_FALLBACK_RATE", default.max_fallback_rate
        ),
        min_coverage=settings.getdict("MPS_HEALTH_MIN_COVERAGE", default.min_coverage),
        min_records=settings.getint("MPS_HEALTH_MIN_RECORDS", default.min_records),
    )


def judge(report_path: Path) -> int:
    """Print the verdict on one report; 0 healthy, 1 unhealthy."""
    found = problems(json.loads(report_path.read_text(encoding="utf-8")), thresholds())
    for problem in found:
        print(f"UNHEALTHY: {problem}", file=sys.stderr)
    print(f"{'unhealthy' if found else 'healthy'}: {report_path}")
    return UNHEALTHY if found else 0


def run(crawl_args: list[str]) -> int:
    """Crawl (`scrapy crawl mps_news …`), then judge its report; the exit status says which."""
    settings = get_project_settings()
    run = run_id()
    command = [sys.executable, "-m", "scrapy", "crawl", "mps_news", "-s", f"MPS_RUN_ID={run}"]
    status = subprocess.call(command + crawl_args)
    if status == LOCKED_EXIT:
        return LOCKED_EXIT
    report = Path(settings.get("MPS_REPORT_DIR", "output/reports")) / "mps_news" / f"{run}.json"
    if not report.exists():
        print(f"UNHEALTHY: the crawl exited {status} without a report", file=sys.stderr)
        return UNHEALTHY
    verdict = judge(report)
    return verdict or (UNHEALTHY if status else 0)


def build_dataset(options: argparse.Namespace) -> int:
    """Build `output/mps_news.jsonl` (and optionally DuckDB/Parquet) from the run files."""
    count = dataset.build(options.runs, options.output)
    print(f"{options.output}: {'unchanged' if count is None else f'{count} articles'}")
    if options.duckdb:
        dataset.export_duckdb(options.output, options.duckdb, options.parquet)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `mpscrawler` command."""
    parser = argparse.ArgumentParser(prog="mpscrawler", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    crawl = commands.add_parser("run", help="crawl, then exit 1 if the run is unhealthy")
    crawl.add_argument("crawl_args", nargs=argparse.REMAINDER, help="passed to scrapy crawl")
    data = commands.add_parser("dataset", help="latest version of each article, once")
    data.add_argument("--runs", type=Path, default=Path("output/mps_news"))
    data.add_argument("--output", type=Path, default=Path("output/mps_news.jsonl"))
    data.add_argument("--duckdb", type=Path, help="also load it into this DuckDB file")
    data.add_argument("--parquet", type=Path, help="also write Parquet (with --duckdb)")
    health = commands.add_parser("health", help="judge an existing run report")
    health.add_argument("report", type=Path)
    options = parser.parse_args(argv)
    if options.command == "run":
        return run([a for a in options.crawl_args if a != "--"])
    if options.command == "dataset":
        return build_dataset(options)
    return judge(options.report)


if __name__ == "__main__":
    sys.exit(main())
