"""`scrapy crawl`, with the `mps_news` arguments checked, its state checked and locked."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import feed_process_params_from_cli

from mpscrawler.arguments import ArgumentError, parse_arguments, usage
from mpscrawler.run import edition_path, new_run_id
from mpscrawler.spiders.mps_news import MpsNewsSpider
from mpscrawler.state import StateError, StateStore, lock

BROKEN_STATE_EXIT = 1


class Command(ScrapyCrawlCommand):
    """A bad `-a` argument is a usage error (exit 2); a run already going on the state, 75."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """`-o`/`-O` replace the run file (Scrapy would add them to the `FEEDS` setting)."""
        super().process_options(args, opts)
        if opts.output or opts.overwrite_output:
            assert self.settings is not None
            plain = self.settings.copy()
            plain.set("FEEDS", {}, priority="cmdline")
            feeds = feed_process_params_from_cli(
                plain, opts.output, overwrite_output=opts.overwrite_output
            )
            self.settings.set("FEEDS", feeds, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Validate, check and lock the edition's state, then crawl as Scrapy does."""
        if not args or args[0] != MpsNewsSpider.name:
            super().run(args, opts)
            return
        try:
            chosen = parse_arguments(**opts.spargs)
        except ArgumentError as error:
            raise UsageError(str(error), print_help=False) from None
        if chosen.help:
            print(f"scrapy crawl {MpsNewsSpider.name} [-a name=value …]\n{usage()}")
            return
        assert self.settings is not None
        self.settings.set("MPS_EDITION", chosen.edition.name, priority="cmdline")
        if not self.settings.get("MPS_RUN_ID"):  # one id for the run's file, report and state
            self.settings.set("MPS_RUN_ID", new_run_id(), priority="cmdline")
        if self.settings.getbool("MPS_STATE_ENABLED") and not self._state_ready():
            return
        super().run(args, opts)

    def _state_ready(self) -> bool:
        """Lock the state and check it opens; else say why and set the exit status."""
        assert self.settings is not None
        path = edition_path(self.settings, "MPS_STATE_PATH")
        try:
            lock.acquire(path)
            StateStore(path, self.settings.get("MPS_RUN_ID")).close()
        except lock.Locked as locked:
            print(f"{MpsNewsSpider.name}: {locked}", file=sys.stderr)
            self.exitcode = lock.LOCKED_EXIT
            return False
        except StateError as error:
            print(f"{MpsNewsSpider.name}: {error}", file=sys.stderr)
            self.exitcode = BROKEN_STATE_EXIT
            return False
        return True
