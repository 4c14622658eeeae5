"""What identifies a run: its id (one per crawl process) and the paths of its edition."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


@cache
def _process_run_id() -> str:
    """This process's run id, made once."""
    return new_run_id()


def new_run_id() -> str:
    """A run id: the start, UTC, to the microsecond (`2026-11-28T21-12-56.123456Z`)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S.%fZ")


def run_id(settings: BaseSettings) -> str:
    """The run's id: `MPS_RUN_ID` when the command set it, else one made for this process."""
    return settings.get("MPS_RUN_ID") or _process_run_id()


def edition_path(settings: BaseSettings, name: str, edition: str | None = None) -> Path:
    """A path setting (`MPS_STATE_PATH`, …) with `%(edition)s` filled in."""
    value = str(settings.get(name))
    return Path(value % {"edition": edition or settings.get("MPS_EDITION")})


def write_failed(crawler: Crawler, path: object, error: BaseException) -> None:
    """Note a file that could not be written: the run is unhealthy and keeps nothing.

    Each file and error once: a run file that cannot be opened fails again at every record.
    """
    failed = crawler.stats.get_value("mps/write_failed") or []
    noted = {"path": str(path), "error": str(error)}
    if noted in failed:
        return
    crawler.stats.set_value("mps/write_failed", [*failed, noted])
    logger.error("could not write %s: %s", path, error)
