"""`mpscrawler run | dataset | health | reparse | state | prune`: the commands cron and analysts
use."""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from mpscrawler import editions
from mpscrawler.arguments import usage
from mpscrawler.ops import dataset, state_tools
from mpscrawler.ops.health import Thresholds, problems
from mpscrawler.ops.prune import Retention, prune
from mpscrawler.run import edition_path, new_run_id
from mpscrawler.state.lock import LOCKED_EXIT

UNHEALTHY, USAGE = 1, 2
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
PASSED_THROUGH = {USAGE, LOCKED_EXIT}


def settings() -> Settings:
    """The project's settings, from any directory (an installed package has no scrapy.cfg)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "mpscrawler.settings")
    return get_project_settings()


def thresholds(project: Settings) -> Thresholds:
    """Health thresholds from the project settings (their one owner)."""
    return Thresholds(
        max_failure_rate=project.getfloat("MPS_HEALTH_MAX_FAILURE_RATE"),
        max_fallback_rate=project.getfloat("MPS_HEALTH_MAX_FALLBACK_RATE"),
        min_coverage=project.getdict("MPS_HEALTH_MIN_COVERAGE"),
        min_records=project.getint("MPS_HEALTH_MIN_RECORDS"),
    )


def judge(report_path: Path) -> int:
    """Print the verdict on one report; 0 healthy, 1 unhealthy, 2 no readable report."""
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        found = problems(report, thresholds(settings()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        print(
            f"mpscrawler health: not a readable run report: {report_path}: {error}", file=sys.stderr
        )
        return USAGE
    for problem in found:
        print(f"UNHEALTHY: {problem}", file=sys.stderr)
    print(f"{'unhealthy' if found else 'healthy'}: {report_path}")
    return UNHEALTHY if found else 0


def edition_of(crawl_args: list[str]) -> str:
    """The edition a crawl's `-a edition=…` chooses (the spider checks it)."""
    values = [b for a, b in zip(crawl_args, crawl_args[1:], strict=False) if a == "-a"]
    values += [a[2:] for a in crawl_args if a.startswith("-a") and len(a) > 2]
    chosen = [v.split("=", 1)[1] for v in values if v.startswith("edition=")]
    return chosen[-1] if chosen else editions.DEFAULT.name


def run(crawl_args: list[str]) -> int:
    """Crawl (`scrapy crawl mps_news …`), judge its report, prune; the exit status says which."""
    project, run_id = settings(), new_run_id()
    command = [sys.executable, "-m", "scrapy", "crawl", "mps_news", "-s", f"MPS_RUN_ID={run_id}"]
    crawl = subprocess.Popen(  # noqa: PLW1509 (preexec_fn: the crawl dies with us)
        command + crawl_args, preexec_fn=dies_with(os.getpid()), start_new_session=True
    )
    status = forwarding(crawl)
    if status in PASSED_THROUGH:
        return status
    folder = edition_path(project, "MPS_REPORT_DIR", edition_of(crawl_args))
    verdict = verdict_of(folder / f"{run_id}.json", status)
    return pruned(project) or verdict


def forwarding(crawl: subprocess.Popen[bytes]) -> int:
    """Wait for the crawl, passing it each SIGTERM, SIGINT or SIGHUP (as SIGTERM) we get.

    The crawl runs in a session of its own: a signal to the whole process group (cron's
    `timeout`, Ctrl-C) reaches it once, from here, and Scrapy shuts down cleanly, keeping what
    it wrote. Sent to both, Scrapy took the second for "Send again to force" and kept nothing.
    """
    signals = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    before = {number: signal.getsignal(number) for number in signals}
    for number in signals:
        signal.signal(number, lambda number, _frame: crawl.send_signal(graceful(number)))
    try:
        return crawl.wait()
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def graceful(number: int) -> int:
    """The signal to pass on: Scrapy shuts down cleanly on SIGTERM and SIGINT; SIGHUP kills it."""
    return signal.SIGTERM if number == signal.SIGHUP else number


def dies_with(parent: int) -> Callable[[], None]:
    """In the crawl's process: a SIGTERM when `mpscrawler run` dies (cron's `timeout`, a kill).

    Scrapy then shuts down cleanly (its report says `shutdown`); an orphan would go on
    crawling, holding the state's lock, and every later run would exit 75 until it ended.
    """

    def arm() -> None:
        if sys.platform.startswith("linux"):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # died before the line above: no signal will come
            os.kill(os.getpid(), signal.SIGTERM)

    return arm


def verdict_of(report: Path, status: int) -> int:
    """The verdict on a crawl that exited with `status` and should have written `report`."""
    if not report.exists():
        print(f"UNHEALTHY: the crawl exited {status} without a report ({report})", file=sys.stderr)
        return UNHEALTHY
    return judge(report) or (UNHEALTHY if status else 0)


def pruned(project: Settings, options: argparse.Namespace | None = None) -> int:
    """Apply the retention (`mpscrawler prune`); a failure to is unhealthy (the disk fills)."""
    retention = Retention.of(project)
    if options is not None and options.days is not None:
        retention = replace(retention, days=options.days)
    try:
        print(prune(project, Path(project.get("MPS_RUNS_DIR")), retention))
    except OSError as error:
        print(f"UNHEALTHY: could not prune: {error}", file=sys.stderr)
        return UNHEALTHY
    return 0


def build_dataset(options: argparse.Namespace) -> int:
    """Build the dataset (and optionally DuckDB/Parquet) from the run files."""
    chosen = list(editions.EDITIONS) if options.edition == "all" else [options.edition]
    target = options.output or Path(
        "output/mps_news.jsonl"
        if options.edition == "all"
        else f"output/mps_news-{options.edition}.jsonl"
    )
    files = dataset.run_files(options.runs, chosen)
    count = dataset.build(files, target)
    print(f"{target}: {'unchanged' if count is None else f'{count} articles'}")
    if options.duckdb or options.parquet:
        dataset.export(target, options.duckdb, options.parquet)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="mpscrawler", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    crawl = commands.add_parser(
        "run",
        help="crawl, then exit 1 if the run is unhealthy",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"arguments of the spider (after --, as for scrapy crawl):\n{usage()}",
    )
    crawl.add_argument("crawl_args", nargs=argparse.REMAINDER, help="passed to scrapy crawl")
    data = commands.add_parser("dataset", help="latest version of each article, once")
    data.add_argument("--edition", choices=[*editions.EDITIONS, "all"], default="all")
    data.add_argument("--runs", type=Path, default=Path("output/mps_news"))
    data.add_argument("--output", type=Path, help="default output/mps_news[-EDITION].jsonl")
    data.add_argument("--duckdb", type=Path, help="also load it into this DuckDB file")
    data.add_argument("--parquet", type=Path, help="also write Parquet")
    health = commands.add_parser("health", help="judge an existing run report")
    health.add_argument("report", type=Path)
    again = commands.add_parser("reparse", help="parse the stored pages again, emit what changed")
    again.add_argument("warcs", nargs="*", type=Path, help="WARC files or folders (default all)")
    again.add_argument("--edition", choices=list(editions.EDITIONS), default="en")
    again.add_argument("--runs", type=Path, default=Path("output/mps_news"))
    again.add_argument("--workers", type=int, default=2, help="processes parsing (default 2)")
    keep = commands.add_parser("prune", help="delete old reports, merge old run files by month")
    keep.add_argument("--days", type=float, help="the retention (default MPS_RETENTION_DAYS)")
    state = commands.add_parser("state", help="rebuild a state file from the run files")
    state.add_argument("action", choices=["rebuild"])
    state.add_argument("--edition", choices=list(editions.EDITIONS), default="en")
    state.add_argument("--runs", type=Path, default=Path("output/mps_news"))
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `mpscrawler` command."""
    options = parser().parse_args(argv)
    if options.command == "run":
        return run([a for a in options.crawl_args if a != "--"])
    if options.command == "dataset":
        return build_dataset(options)
    if options.command == "reparse":
        from mpscrawler.ops import reparse  # the parsers' worker pool: only when asked for

        return reparse.run(
            settings(), options.edition, options.runs, options.warcs, options.workers
        )
    if options.command == "prune":
        return pruned(settings(), options)
    if options.command == "state":
        return state_tools.rebuild(settings(), options.edition, options.runs)
    return judge(options.report)


if __name__ == "__main__":
    sys.exit(main())
