"""`scrapy crawl`, with the `mps_news` arguments checked and one run at a time."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from mpscrawler.arguments import NAMES, ArgumentError, parse_arguments
from mpscrawler.feedstorage import run_id
from mpscrawler.lock import LOCKED_EXIT, run_lock
from mpscrawler.spiders.mps_news import MpsNewsSpider


class Command(ScrapyCrawlCommand):
    """A bad `-a` argument is a usage error (exit 2); a run already going means exit 75."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Validate, take the run lock, then crawl as Scrapy does."""
        if not args or args[0] != MpsNewsSpider.name:
            super().run(args, opts)
            return
        try:
            parse_arguments(**{k: v for k, v in opts.spargs.items() if k in NAMES})
        except ArgumentError as error:
            raise UsageError(str(error), print_help=False) from None
        assert self.settings is not None
        if not self.settings.get("MPS_RUN_ID"):  # one id for the run's file, report and state
            self.settings.set("MPS_RUN_ID", run_id(), priority="cmdline")
        with run_lock(self.settings.get("MPS_LOCK_PATH")) as holder:
            if holder is not None:
                print(f"mps_news: another run is going ({holder}); not starting", file=sys.stderr)
                self.exitcode = LOCKED_EXIT
                return
            super().run(args, opts)
