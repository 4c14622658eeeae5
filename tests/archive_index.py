"""The CDX server API of `internetarchive/wayback` (`wayback-cdx-server/README.md`), over a list.

What the test archive answers at `/cdx/search/cdx`, following the README and the reference
implementation (`CDXServer.java`, `JsonWriter.java`, `FieldRegexFilter.java`,
`CollapseFieldFilter.java`): lines sorted by their text (urlkey, then timestamp); `from`/`to`
clamp first, then every `filter=[!]field:regex` (a Java regex matched against the whole field),
then `collapse=field[:N]` on adjacent lines, then `limit`. With `showResumeKey=true` a page that
reached its limit ends with an empty row and the key (`urlkey timestamp!`, URL-encoded), even when
no line follows; `resumeKey=` starts at the first line not before the decoded key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from urllib.parse import parse_qs, quote_plus, unquote_plus, urlsplit

FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
Line = tuple[str, ...]


def surt(url: str) -> str:
    """SURT key of a URL: `http://www.en.mps.gov.vn:80/A?b=1` → `vn,gov,mps,en)/a?b=1`."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    key = ",".join(reversed(host.split("."))) + ")" + (parts.path or "/").lower()
    query = "&".join(sorted(parts.query.lower().split("&"))) if parts.query else ""
    return key + ("?" + query if query else "")


def line_text(line: Line) -> str:
    """The line as the plain-text CDX prints it (and sorts it)."""
    return " ".join(line)


def query(lines: Sequence[Line], target: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a CDX request (`target` = path and query)."""
    params = parse_qs(urlsplit(target).query, keep_blank_values=True)
    if not params.get("url"):
        return 400, "text/plain", b"Missing url parameter"
    selected = _select(sorted(lines, key=line_text), params)
    limit = int(params.get("limit", ["0"])[-1] or 0)
    written = selected[:limit] if limit > 0 else selected
    key = None
    if params.get("showResumeKey", [""])[-1] == "true" and limit > 0 and len(written) >= limit:
        last = written[-1]
        key = quote_plus(f"{last[0]} {last[1]}!")
    names = params.get("fl", [",".join(FIELDS)])[-1].split(",")
    rows = [[line[FIELDS.index(n)] for n in names] for line in written]
    if params.get("output", [""])[-1] == "json":
        return 200, "application/json", _json(names, rows, key)
    text = "".join(" ".join(row) + "\n" for row in rows)
    return 200, "text/plain", (text + (f"\n{key}\n" if key else "")).encode()


def _json(names: list[str], rows: list[list[str]], key: str | None) -> bytes:
    """The JSON form: `[]` when nothing matched, else header, rows, `[]` and the key."""
    if not rows:
        return b"[]\n"
    body = [names, *rows, *([[], [key]] if key else [])]
    return ("[" + ",\n".join(json.dumps(row) for row in body) + "]\n").encode()


def _select(lines: list[Line], params: dict[str, list[str]]) -> list[Line]:
    """Lines of the URL scope after resume key, `from`/`to`, filters and collapsing."""
    url = params["url"][-1]
    prefix = url.endswith("*") or params.get("matchType", [""])[-1] == "prefix"
    scope = surt(url.rstrip("*"))
    found = [x for x in lines if x[0].startswith(scope) if prefix or x[0] == scope]
    resume = params.get("resumeKey", [""])[-1]
    if resume:  # the server decodes the key it printed encoded
        found = [x for x in found if line_text(x) >= unquote_plus(resume)]
    found = [x for x in found if _in_range(x[1], params)]
    for spec in params.get("filter", []):
        found = [x for x in found if _matches(x, spec)]
    for spec in params.get("collapse", []):
        found = _collapse(found, spec)
    return found


def _in_range(timestamp: str, params: dict[str, list[str]]) -> bool:
    """`from` and `to`, inclusive, on 1 to 14 digits (`to=2021` keeps all of 2021)."""
    start, end = params.get("from", [""])[-1], params.get("to", [""])[-1]
    if start and timestamp < start:
        return False
    return not end or timestamp <= end or timestamp.startswith(end)


def _matches(line: Line, spec: str) -> bool:
    """`[!]field:regex`, the regex matched against the whole field (Java `matches()`)."""
    invert = spec.startswith("!")
    name, _, pattern = spec.removeprefix("!").partition(":")
    index = int(name) if name.isdigit() else FIELDS.index(name)
    return bool(re.fullmatch(pattern, line[index])) != invert


def _collapse(lines: list[Line], spec: str) -> list[Line]:
    """Drop a line whose field (or its first N characters) equals the previous line's."""
    name, _, size = spec.partition(":")
    index, width = FIELDS.index(name), int(size) if size else None
    kept, previous = [], None
    for line in lines:
        value = line[index][:width] if width else line[index]
        if value != previous:
            kept.append(line)
        previous = value
    return kept
