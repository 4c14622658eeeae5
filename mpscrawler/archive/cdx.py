"""The archive's index through the CDX server API: request URLs, pages, paging by resume key.

The protocol is `internetarchive/wayback`, `wayback-cdx-server/README.md`. One query per host
(`url={host}/*`, a prefix match on the SURT key, so http and https of a host come together):
captures that answered 200 with `text/html`, adjacent captures of the same bytes collapsed
(`collapse=digest`; `collapse=urlkey` would keep one capture per URL and leave none to fall
back on), `limit` rows a page. Which rows are legacy articles is decided here, not by a
`filter=original:` regex: pywb reads `field:text` as "contains", the Wayback Machine as a
regex over the whole field. Rows are checked again here, so a server that ignores a filter
costs rows only.
`showResumeKey=true` makes a full page end with an empty row and a row holding the key; the
next page is the first URL plus `resumeKey=`, until a page has no key. That needs no paged
index (`page=` needs a zipnum index and answers 400 without one). pywb prints no key: its
answer is the whole query, up to `limit` rows (`CdxPage.seen` tells a full page).

Two bodies are read: the Wayback Machine's JSON array (first row the field names) and pywb's
`output=json`, one JSON object a line (fields `url`, `mime`, `status` for `original`,
`mimetype`, `statuscode`).
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from mpscrawler.archive.captures import Capture, group
from mpscrawler.archive.playback import DEFAULT_ARCHIVE
from mpscrawler.archive.rows import ALIASES, CdxError, capture, header, record, unwanted
from mpscrawler.editions import EN

__all__ = ["Capture", "CdxError", "CdxPage", "group", "next_url", "parse_cdx", "query_urls"]

HOSTS = EN.archive_hosts
CDX_PATH = "/cdx/search/cdx"
# Only filters that mean the same on the Wayback Machine (a Java regex matched against the whole
# field) and on pywb (`field:text` is "contains" there): the URL pattern is checked here instead.
FILTERS = ("statuscode:200", "mimetype:text/html")
LIMIT = 5000
GZIP = b"\x1f\x8b"


@dataclass
class CdxPage:
    """One answer of the CDX server."""

    rows: list[Capture]
    """Captures of legacy article URLs, in the server's order."""
    resume_key: str | None = None
    """Key of the next page, as the server printed it (already URL-encoded); None at the end."""
    dropped: Counter[str] = field(default_factory=Counter)
    """Rows left out, by reason: `not an article`, `status`, `mimetype`."""

    @property
    def seen(self) -> int:
        """Rows the server sent: a full page (`limit` rows) without a key may be cut short."""
        return len(self.rows) + sum(self.dropped.values())


def _stamp(day: date | str) -> str:
    """A date as the CDX `from`/`to` digits: `2020-12-18` → `20201218`."""
    return (day.isoformat() if isinstance(day, date) else day).replace("-", "")


def query_urls(
    archive_url: str = DEFAULT_ARCHIVE,
    hosts: Iterable[str] = HOSTS,
    since: date | str | None = None,
    until: date | str | None = None,
    limit: int = LIMIT,
    cdx_path: str = CDX_PATH,
) -> list[str]:
    """The first CDX request of each host (captures from `since`, to `until`, inclusive).

    An article published since a day can only have been captured since that day.
    """
    base = archive_url.rstrip("/") + cdx_path
    common = [("output", "json"), *(("filter", f) for f in FILTERS)]
    common += [("collapse", "digest"), ("showResumeKey", "true"), ("limit", str(limit))]
    common += [("from", _stamp(since))] if since else []
    common += [("to", _stamp(until))] if until else []
    return [
        f"{base}?{urlencode([('url', f'{h}/*'), *common], quote_via=quote, safe='/*:,')}"
        for h in hosts
    ]


def next_url(first_url: str, resume_key: str) -> str:
    """The request of the page after `resume_key`: the first request plus `resumeKey=`."""
    head, _, query = first_url.partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith("resumeKey=")]
    # The key comes URL-encoded (`org%2Carchive%29%2F+19980109140106%21`): sent as printed.
    kept.append("resumeKey=" + quote(resume_key, safe="%+*.-_~"))
    return f"{head}?{'&'.join(kept)}"


def parse_cdx(body: bytes) -> CdxPage:
    """One CDX answer, either form; raise `CdxError` when it is not one."""
    text = _text(body)
    if not text:  # pywb's answer when nothing matched (the Wayback Machine's is `[]`)
        return CdxPage(rows=[])
    if text.startswith("{"):
        return _page([_object(line) for line in text.splitlines() if line.strip()], None)
    data = _json(text)
    if not isinstance(data, list):
        raise CdxError(f"not a JSON array: {type(data).__name__}")
    if not data:  # the Wayback Machine's answer when nothing matched
        return CdxPage(rows=[])
    names, rows, key = header(data[0]), data[1:], None
    if [] in rows:
        rows, key = rows[: rows.index([])], _resume_key(rows[rows.index([]) + 1 :])
    return _page([record(names, row) for row in rows], key)


def _text(body: bytes) -> str:
    """The body as text; undecodable is an error."""
    try:
        # README: "By default, CDX server returns gzip encoded data for all queries".
        data = gzip.decompress(body) if body[:2] == GZIP else body
        return data.decode("utf-8").strip()
    except (OSError, EOFError, zlib.error) as error:
        raise CdxError(f"bad gzip: {error}") from None
    except UnicodeDecodeError as error:
        raise CdxError(f"not UTF-8: {error}") from None


def _json(text: str) -> Any:
    """Parsed JSON, or `CdxError` naming where it broke (an HTML page, a cut-off answer)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CdxError(f"not JSON ({error.msg} at {error.pos}): {text[:60]!r}") from None
    except RecursionError:
        raise CdxError(f"JSON nested too deep: {text[:60]!r}") from None


def _object(line: str) -> dict[str, str]:
    """One line of pywb's answer as IA field names."""
    data = _json(line)
    if not isinstance(data, dict):
        raise CdxError(f"not a JSON object: {line[:60]!r}")
    return {ALIASES.get(k) or k: str(v) for k, v in data.items()}


def _resume_key(tail: Sequence[object]) -> str:
    """The key after the empty row: one row of one string, and nothing after it."""
    if len(tail) != 1 or not isinstance(tail[0], list) or len(tail[0]) != 1:
        raise CdxError(f"an empty row not followed by a resume key: {tail!r}"[:120])
    key = tail[0][0]
    if not isinstance(key, str) or not key:
        raise CdxError(f"resume key is not a string: {key!r}")
    return key


def _page(records: list[dict[str, str]], key: str | None) -> CdxPage:
    """Captures of legacy articles that answered 200 with HTML; the others counted."""
    page = CdxPage(rows=[], resume_key=key)
    for fields in records:
        found = capture(fields)
        reason = unwanted(found)
        if reason:
            page.dropped[reason] += 1
        else:
            page.rows.append(found)
    return page
