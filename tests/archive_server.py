"""A web archive on 127.0.0.1 for the tests: the CDX API and playback of a list of captures.

`serve(snaps)` starts it in a thread and yields an `Archive`: its `url` (the `archive_url` of
the backfill), the `requests` it received (path and query, status answered) and switches. It
answers like the Wayback Machine (`internetarchive/wayback`):
- `/cdx/search/cdx?…`: the index of the listed captures (`tests/archive_index.py`);
- `/web/{ts}id_/{original}`: the archived bytes; `/web/{ts}/{original}`: the same page with a
  toolbar and its links rewritten to `/web/{ts}/…`;
- a timestamp that is not a capture of that URL (urlkey: http and https alike) redirects (302)
  to the nearest capture; a capture whose fate is `redirect` redirects to its `redirect_to`;
- every `throttle`-th request answers 429 with `Retry-After`.

`archive_scenario.expected(snaps, url)` writes out the archive fields of each article's record
(from the capture marked `chosen`); `python -m tests.archive_server [PORT]` serves the default
scenario.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mpscrawler.snapshot import SITE, serving
from tests.archive_index import FIELDS, query, surt
from tests.archive_scenario import Snap, chosen, scenario
from tests.portal import CHALLENGE

PLAYBACK = re.compile(r"^/web/(?P<ts>\d{1,14})(?P<mod>id_)?/(?P<url>https?://.+)$")
TOOLBAR = (
    '<div id="wm-ipp-base"><div id="wm-ipp"><a href="/web/">Wayback Machine</a> '
    "<span>{count} captures</span> <span>{ts}</span></div></div>"
)
LINK = re.compile(
    r'(?P<attr>href|src)="(?P<url>(?:https?://en\.(?:bocongan|mps)\.gov\.vn)?/[^"]*)"'
)


@dataclass
class Archive:
    """The running archive: what it holds, what it was asked, how it misbehaves."""

    snaps: list[Snap]
    root: Path = SITE
    url: str = ""
    throttle: int = 0
    """Every n-th request answers 429 (0: never)."""
    retry_after: str = "1"
    paging: str = ""
    """A broken index: `loop` prints the same resume key on every page, `endless` a new one."""
    requests: list[tuple[str, int]] = field(default_factory=list)
    """Every request received: (path and query, status answered), in order."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        """Forget the requests received so far (between two backfills)."""
        with self.lock:
            self.requests.clear()

    def paths(self, prefix: str) -> list[str]:
        """The request targets received that start with `prefix` (`/cdx/`, `/web/`)."""
        with self.lock:
            return [target for target, _ in self.requests if target.startswith(prefix)]

    def answer(self, target: str) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body for one request."""
        with self.lock:
            throttled = self.throttle and (len(self.requests) + 1) % self.throttle == 0
        if throttled:
            return 429, {"Retry-After": self.retry_after}, b"Too Many Requests"
        if target.startswith("/cdx/search/cdx") and self.paging:
            return 200, {"Content-Type": "application/json"}, self._broken_page()
        if target.startswith("/cdx/search/cdx"):
            lines = [s.line() for s in self.snaps if s.listed]
            status, kind, body = query(lines, target)
            return status, {"Content-Type": kind}, body
        match = PLAYBACK.match(target)
        if match is None:
            return 404, {"Content-Type": "text/html"}, b"<html><body>Not in archive</body></html>"
        return self.playback(match["ts"], match["url"], bool(match["mod"]))

    def _broken_page(self) -> bytes:
        """An index page with no row and a resume key: the same one, or a new one each time."""
        with self.lock:
            key = "loop" if self.paging == "loop" else f"page-{len(self.requests)}"
        return json.dumps([list(FIELDS), [], [key]]).encode()

    def playback(self, ts: str, original: str, raw: bool) -> tuple[int, dict[str, str], bytes]:
        """One capture, as the archive plays it back."""
        mod = "id_" if raw else ""
        key = surt(original)
        same = sorted((s for s in self.snaps if surt(s.original) == key), key=lambda s: s.timestamp)
        snap = next((s for s in same if s.timestamp == ts), None)
        if snap is None and same:
            near = min(same, key=lambda s: abs(int(s.timestamp) - int(ts.ljust(14, "0"))))
            return self._redirect(f"/web/{near.timestamp}{mod}/{near.original}")
        if snap is None or snap.fate == "missing":
            return 404, {"Content-Type": "text/html"}, b"<html><body>Not in archive</body></html>"
        if snap.fate == "redirect":
            return self._redirect(f"/web/{snap.redirect_to}{mod}/{snap.original}")
        body = self._bytes(snap)
        if not raw:
            body = self._toolbar(body, snap, len(same))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    def _redirect(self, target: str) -> tuple[int, dict[str, str], bytes]:
        """A 302 to another playback URL of this archive."""
        return 302, {"Location": self.url + target, "Content-Type": "text/plain"}, b""

    def _bytes(self, snap: Snap) -> bytes:
        """The archived bytes as the fate of the capture makes them."""
        page = snap.archived(self.root)
        return {"challenge": CHALLENGE, "empty": b"", "truncated": page[: len(page) // 2]}.get(
            snap.fate, page
        )

    def _toolbar(self, page: bytes, snap: Snap, count: int) -> bytes:
        """The page inside the archive's toolbar, its portal links pointed into the archive."""
        host = re.match(r"https?://[^/]+", snap.original)
        base = host.group(0) if host else ""

        def rewrite(link: re.Match[str]) -> str:
            target = link["url"] if link["url"].startswith("http") else base + link["url"]
            return f'{link["attr"]}="/web/{snap.timestamp}/{target}"'

        html = LINK.sub(rewrite, page.decode("utf-8", "replace"))
        bar = TOOLBAR.format(count=count, ts=snap.timestamp)
        return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar, html, count=1).encode()


def handler(archive: Archive) -> type[BaseHTTPRequestHandler]:
    """A request handler class answering for `archive`."""

    class ArchiveHandler(BaseHTTPRequestHandler):
        """GET only; every request logged with its status."""

        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            """Answer one request."""
            status, headers, body = archive.answer(self.path)
            with archive.lock:
                archive.requests.append((self.path, status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: `Archive.requests` has every request."""

    return ArchiveHandler


@contextmanager
def serve(
    snaps: list[Snap] | None = None,
    root: Path = SITE,
    throttle: int = 0,
    port: int = 0,
    paging: str = "",
) -> Iterator[Archive]:
    """Run an archive of `snaps` (default: `scenario()`) on 127.0.0.1 in a thread."""
    archive = Archive(
        snaps=scenario(root) if snaps is None else snaps,
        root=root,
        throttle=throttle,
        paging=paging,
    )
    with serving(handler(archive), port) as base_url:
        archive.url = base_url
        yield archive


def main() -> None:
    """Serve the default scenario until interrupted (`python -m tests.archive_server [PORT]`)."""
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8801
    with serve(port=port) as archive:
        print(f"archive of {len(chosen(archive.snaps))} articles at {archive.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
