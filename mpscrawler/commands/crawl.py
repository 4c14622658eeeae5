"""`scrapy crawl`, with the `mps_news` arguments checked before the crawler starts."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from mpscrawler.arguments import NAMES, ArgumentError, parse_arguments
from mpscrawler.spiders.mps_news import MpsNewsSpider


class Command(ScrapyCrawlCommand):
    """A bad `-a` argument is a usage error (exit status 2) with one clear line, no traceback."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Validate, then crawl as Scrapy does."""
        if args and args[0] == MpsNewsSpider.name:
            try:
                parse_arguments(**{k: v for k, v in opts.spargs.items() if k in NAMES})
            except ArgumentError as error:
                raise UsageError(str(error), print_help=False) from None
        super().run(args, opts)
