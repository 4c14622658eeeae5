"""Contracts of `scrapy check` (setting `SPIDER_CONTRACTS`): checked against a mirror only."""

from __future__ import annotations

from typing import Any

from scrapy.contracts import Contract


class MirrorRequired(RuntimeError):
    """`scrapy check` was given no mirror: the contracts never reach the live portal."""


class MirrorUrlContract(Contract):
    """`@url /path`: the sample page at the mirror (`-a base_url=` or `MPS_CHECK_BASE_URL`).

    Replaces Scrapy's `@url`; with no mirror the contract fails before any request is made.
    """

    name = "url"

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        """The request goes to the mirror's copy of the path."""
        path = self.args[0]
        if not path.startswith("/"):
            raise ValueError(f"@url takes a path of the portal, not {path!r}")
        args["url"] = mirror(args["callback"].__self__) + path
        return args


def mirror(spider: Any) -> str:
    """The mirror to check against; `MirrorRequired` when there is none."""
    if spider.args.mirror:
        return str(spider.args.base_url)
    base = spider.crawler.settings.get("MPS_CHECK_BASE_URL")
    if base:
        return str(base).rstrip("/")
    raise MirrorRequired(
        "scrapy check needs a mirror, never the live portal: give -a base_url=URL (a served"
        " snapshot: python -m mpscrawler.snapshot) or -s MPS_CHECK_BASE_URL=URL; no request made"
    )
