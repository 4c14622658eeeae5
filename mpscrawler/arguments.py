"""The spider's arguments, checked before any request: a bad one is a usage error."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from mpscrawler import editions
from mpscrawler.editions import Edition

WAYBACK = "https://web.archive.org"
# name -> what it means, for `-a help=1` and `mpscrawler run --help`.
HELP = {
    "edition": "en (default) or vi: which edition of the portal",
    "base_url": "crawl a mirror of the edition at this URL (default: the edition's own host)",
    "urls": "comma-separated pages to fetch and parse as articles, nothing else followed",
    "urls_file": "the same, one URL a line (# comments and blank lines skipped)",
    "since": "YYYY-MM-DD: skip articles published before this Hanoi date",
    "max_pages": "N: read at most N pages of each listing (or of the archive's index)",
    "full": "1: fetch every article again, known or not (emits only what changed)",
    "archive": "wayback: backfill the legacy site from a web archive's captures",
    "archive_url": f"the archive speaking the CDX and playback protocol (default {WAYBACK})",
    "help": "1: print these arguments and exit",
}
NAMES = tuple(HELP)


class ArgumentError(ValueError):
    """A spider argument that cannot be used."""


@dataclass(frozen=True)
class Arguments:
    """What `-a name=value` asked for, validated."""

    edition: Edition = editions.DEFAULT
    base_url: str = editions.DEFAULT.origin
    mirror: bool = False
    urls: list[str] = field(default_factory=list)
    since: date | None = None
    max_pages: int | None = None
    full: bool = False
    archive_url: str | None = None
    help: bool = False


def usage() -> str:
    """The arguments and their meanings, one a line."""
    return "\n".join(f"  -a {name}=…  {meaning}" for name, meaning in HELP.items())


def parse_arguments(**given: str | None) -> Arguments:
    """Validate the spider arguments; raise `ArgumentError` with a clear message."""
    unknown = [n for n in given if n not in NAMES and not n.startswith("_")]  # Scrapyd: _job
    if unknown:
        close = difflib.get_close_matches(unknown[0], NAMES, n=1)
        hint = f" (did you mean {close[0]}?)" if close else f"; known: {', '.join(NAMES)}"
        raise ArgumentError(f"unknown argument {unknown[0]!r}{hint}")
    edition = _edition(given.get("edition"))
    base_url = given.get("base_url")
    targets = _targets(given)
    for url in [*targets, *([base_url] if base_url is not None else [])]:
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
            raise ArgumentError(f"not an http(s) URL: {url!r}")
    archive_url = _archive(given.get("archive"), given.get("archive_url"), edition)
    if archive_url and (targets or base_url):
        raise ArgumentError("archive: cannot be combined with urls, urls_file or base_url")
    return Arguments(
        edition=edition,
        base_url=(base_url or edition.origin).rstrip("/"),
        mirror=base_url is not None,
        urls=targets,
        since=_date(given.get("since")),
        max_pages=_positive(given.get("max_pages")),
        full=_flag("full", given.get("full")),
        archive_url=archive_url,
        help=_flag("help", given.get("help")),
    )


def _edition(value: str | None) -> Edition:
    """`edition=en|vi`."""
    if value is None:
        return editions.DEFAULT
    if value not in editions.EDITIONS:
        raise ArgumentError(
            f"edition: expected one of {', '.join(editions.EDITIONS)}, got {value!r}"
        )
    return editions.get(value)


def _targets(given: dict[str, str | None]) -> list[str]:
    """`urls=` and `urls_file=`: given but empty is an error, never a full crawl."""
    targets: list[str] = []
    if given.get("urls") is not None:
        targets = [u.strip() for u in str(given["urls"]).split(",") if u.strip()]
        if not targets:
            raise ArgumentError("urls: no URL given")
    name = given.get("urls_file")
    if name is not None:
        path = Path(name)
        if not path.is_file():
            raise ArgumentError(f"urls_file: no such file: {name}")
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        listed = [ln for ln in lines if ln and not ln.startswith("#")]
        if not listed:
            raise ArgumentError(f"urls_file: no URL in {name}")
        targets += listed
    return targets


def _archive(kind: str | None, url: str | None, edition: Edition) -> str | None:
    """`archive=wayback` (and `archive_url=`): the archive's base URL, or None."""
    if kind is None:
        if url is not None:
            raise ArgumentError("archive_url: needs archive=wayback")
        return None
    if kind != "wayback":
        raise ArgumentError(f"archive: expected wayback, got {kind!r}")
    if not edition.archive_hosts:
        raise ArgumentError(f"archive: edition {edition.name} has no legacy site in archives")
    base = (url or WAYBACK).rstrip("/")
    if urlsplit(base).scheme not in {"http", "https"} or not urlsplit(base).hostname:
        raise ArgumentError(f"archive_url: not an http(s) URL: {url!r}")
    return base


def _date(value: str | None) -> date | None:
    """`since=YYYY-MM-DD`."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentError(f"since: expected YYYY-MM-DD, got {value!r}") from None


def _positive(value: str | None) -> int | None:
    """`max_pages=N`, N ≥ 1."""
    if value is None:
        return None
    if not str(value).isdigit() or int(value) < 1:
        raise ArgumentError(f"max_pages: expected a whole number ≥ 1, got {value!r}")
    return int(value)


def _flag(name: str, value: str | None) -> bool:
    """`full=1` (or true/yes); `full=0`, absent: false."""
    if value is None or str(value).lower() in {"0", "false", "no"}:
        return False
    if str(value).lower() in {"1", "true", "yes"}:
        return True
    raise ArgumentError(f"{name}: expected 1 or 0, got {value!r}")
