"""`scrapy parse URL`: one page of the portal (or its mirror) through the spider's `parse`."""

from __future__ import annotations

import argparse

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.settings import BaseSettings

from mpscrawler.spiders.mps_news import MpsNewsSpider

REPORT = "mpscrawler.ops.report.RunReport"


def inspect_only(settings: BaseSettings) -> None:
    """A look at pages, not a run: no state (nor its lock), no run report; `-s` still wins."""
    settings.set("MPS_STATE_ENABLED", False, priority="project")
    extensions = {**settings.getdict("EXTENSIONS"), REPORT: None}
    settings.set("EXTENSIONS", extensions, priority="project")


class Command(ScrapyParseCommand):
    """Scrapy's, with `mps_news` as the spider and the URL's own host allowed when none is."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then no state and no report."""
        super().process_options(args, opts)
        assert self.settings is not None
        inspect_only(self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """`--spider` defaults to `mps_news`: no class-level `allowed_domains` to find it by.

        Without `-a base_url=` or `-a urls=`, `urls=URL` allows the URL's host (a mirror on
        127.0.0.1, a web-archive capture), as for a crawl of exactly that page.
        """
        opts.spider = opts.spider or MpsNewsSpider.name
        known = {"base_url", "urls", "urls_file"}
        if opts.spider == MpsNewsSpider.name and args and not known & set(opts.spargs):
            opts.spargs["urls"] = args[0]
        super().run(args, opts)
