"""The spider's arguments, checked before any request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://en.bocongan.gov.vn"
NAMES = ("base_url", "urls", "urls_file", "since", "max_pages", "full")


class ArgumentError(ValueError):
    """A spider argument that cannot be used."""


@dataclass(frozen=True)
class Arguments:
    """What `-a name=value` asked for, validated."""

    base_url: str = DEFAULT_BASE_URL
    mirror: bool = False
    urls: list[str] = field(default_factory=list)
    since: date | None = None
    max_pages: int | None = None
    full: bool = False


def parse_arguments(
    base_url: str | None = None,
    urls: str | None = None,
    urls_file: str | None = None,
    since: str | None = None,
    max_pages: str | int | None = None,
    full: str | None = None,
) -> Arguments:
    """Validate the spider arguments; raise `ArgumentError` with a clear message."""
    targets = [u.strip() for u in (urls or "").split(",") if u.strip()]
    if urls_file:
        path = Path(urls_file)
        if not path.is_file():
            raise ArgumentError(f"urls_file: no such file: {urls_file}")
        lines = path.read_text(encoding="utf-8").splitlines()
        targets += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    for url in [*targets, *([base_url] if base_url else [])]:
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
            raise ArgumentError(f"not an http(s) URL: {url!r}")
    return Arguments(
        base_url=(base_url or DEFAULT_BASE_URL).rstrip("/"),
        mirror=bool(base_url),
        urls=targets,
        since=_date(since),
        max_pages=_positive(max_pages),
        full=_flag(full),
    )


def _date(value: str | None) -> date | None:
    """`since=YYYY-MM-DD`."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentError(f"since: expected YYYY-MM-DD, got {value!r}") from None


def _positive(value: str | int | None) -> int | None:
    """`max_pages=N`, N ≥ 1."""
    if value in (None, ""):
        return None
    if not str(value).isdigit() or int(value) < 1:
        raise ArgumentError(f"max_pages: expected a whole number ≥ 1, got {value!r}")
    return int(value)


def _flag(value: str | None) -> bool:
    """`full=1` (or true/yes); `full=0`, absent: false."""
    if value in (None, "", "0", "false", "no"):
        return False
    if str(value).lower() in {"1", "true", "yes"}:
        return True
    raise ArgumentError(f"full: expected 1 or 0, got {value!r}")
