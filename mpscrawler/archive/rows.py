"""Rows of a CDX answer as `Capture`s: field names, values, and which rows are kept."""

from __future__ import annotations

from mpscrawler.archive.captures import TIMESTAMP, Capture

# pywb's names of the Wayback Machine's fields.
ALIASES = {"url": "original", "mime": "mimetype", "status": "statuscode"}
REQUIRED = ("urlkey", "timestamp", "original")


class CdxError(ValueError):
    """A CDX answer that is not a page of the index (not JSON, no header, rows of bad shape)."""


def header(row: object) -> list[str]:
    """The field names of the first row; the required ones must be there."""
    if not isinstance(row, list) or not all(isinstance(n, str) for n in row):
        raise CdxError(f"first row is not a header: {row!r}"[:120])
    names = [ALIASES.get(n) or n for n in row]
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise CdxError(f"header lacks {', '.join(missing)}: {row!r}"[:120])
    return names


def record(names: list[str], row: object) -> dict[str, str]:
    """One row of the array as a mapping of field names."""
    if not isinstance(row, list) or len(row) != len(names):
        raise CdxError(f"row of {len(names)} fields expected: {row!r}"[:120])
    if not all(isinstance(v, str) for v in row):
        raise CdxError(f"row with a value that is not a string: {row!r}"[:120])
    return dict(zip(names, row, strict=True))


def capture(fields: dict[str, str]) -> Capture:
    """A `Capture` of one row; a bad timestamp or a missing field is an error."""
    missing = [n for n in REQUIRED if not fields.get(n)]
    if missing or not TIMESTAMP.match(fields["timestamp"]):
        raise CdxError(f"row without {', '.join(missing) or 'a 14-digit timestamp'}: {fields}")
    return Capture(
        urlkey=fields["urlkey"],
        timestamp=fields["timestamp"],
        original=fields["original"],
        mimetype=_optional(fields.get("mimetype")),
        status=_number(fields.get("statuscode")),
        digest=_optional(fields.get("digest")),
        length=_number(fields.get("length")),
    )


def unwanted(found: Capture) -> str | None:
    """Why a row is not a capture to play back (`not an article`, `status`, `mimetype`), or None."""
    if found.article_id is None:
        return "not an article"
    if found.status not in {None, 200}:
        return "status"
    if found.mimetype and found.mimetype.split(";")[0].strip().lower() != "text/html":
        return "mimetype"
    return None


def _optional(value: str | None) -> str | None:
    """A field's value; `-` (the index's "none") and absent are None."""
    return None if value in {None, "", "-"} else value


def _number(value: str | None) -> int | None:
    """A numeric field; `-` and absent are None, anything else not a number is an error."""
    value = _optional(value)
    if value is None:
        return None
    if not value.isdigit():
        raise CdxError(f"not a number: {value!r}")
    return int(value)
