"""`scrapy check`: the spider's contracts, against a mirror only (`mpscrawler.contracts`)."""

from __future__ import annotations

import argparse

from scrapy.commands.check import Command as ScrapyCheckCommand

from mpscrawler.commands.parse import inspect_only


class Command(ScrapyCheckCommand):
    """Scrapy's, without the state (nor its lock) and the run report: a check is not a run."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then no state and no report."""
        super().process_options(args, opts)
        assert self.settings is not None
        inspect_only(self.settings)
