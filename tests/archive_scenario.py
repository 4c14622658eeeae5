"""What the test archive holds: captures of the snapshot's legacy articles, each with its fate.

`Snap` is one capture: where it is in the index and what its playback answers. `scenario()`
builds the default archive from the legacy article pages of `tests/fixtures/site/`: several
captures per article under URL variants (http/https, `en.mps.gov.vn`, a query string), the
failures the backfill must survive, and rows that are not articles. The capture the backfill
must end up with is marked `chosen` (written out here, not computed by the code under test).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from mpscrawler import urls
from mpscrawler.snapshot import SITE
from tests.archive_index import Line, surt

# Fates of a capture's playback. `ok`: the archived bytes; `missing`: 404; `redirect`: 302 to
# `redirect_to` (a timestamp); `challenge`: a CDN block page with status 200; `empty`: 200 and
# no bytes; `truncated`: the first half of the page.
FATES = ("ok", "missing", "redirect", "challenge", "empty", "truncated")
LEGACY = re.compile(r"-t\d+\.html$")
START = datetime(2020, 12, 18, 3, 4, 5)


@dataclass(frozen=True)
class Snap:
    """One capture in the test archive."""

    original: str
    timestamp: str
    path: str | None = None
    """File under the site root whose bytes were archived (None: `body`)."""
    fate: str = "ok"
    redirect_to: str | None = None
    listed: bool = True
    """In the CDX index (a redirect's target may be a capture the index does not list)."""
    status: str = "200"
    mimetype: str = "text/html"
    digest: str | None = None
    """Synthetic unless given: every capture differs, two with one digest are the same bytes."""
    chosen: bool = False
    """The capture the backfill must use for its article."""
    body: bytes = b""

    def archived(self, root: Path) -> bytes:
        """The bytes the archive holds for this capture."""
        return (root / self.path).read_bytes() if self.path else self.body

    def line(self) -> Line:
        """Its CDX line."""
        digest = (
            self.digest
            or base64.b32encode(
                hashlib.sha1(f"{self.original} {self.timestamp}".encode()).digest()
            ).decode()
        )
        return (surt(self.original), self.timestamp, self.original, self.mimetype,
                self.status, digest, "4321")  # fmt: skip


def legacy_pages(root: Path = SITE) -> list[str]:
    """Paths of the legacy article pages of a snapshot, sorted."""
    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*.html") if LEGACY.search(p.name)
    )


def stamp(day: int, hour: int = 0) -> str:
    """A 14-digit timestamp `day` days and `hour` hours after the first capture."""
    return (START + timedelta(days=day, hours=hour)).strftime("%Y%m%d%H%M%S")


def _story(n: int, path: str) -> list[Snap]:
    """The captures of the n-th legacy article: a different failure for the first few."""
    http, https = f"http://en.bocongan.gov.vn/{path}", f"https://en.bocongan.gov.vn/{path}"
    alias, query = f"http://en.mps.gov.vn/{path}", f"{https}?utm_source=facebook"
    t0, t1, t2 = stamp(n), stamp(n + 40), stamp(n + 80)
    stories = {
        0: [Snap(http, t0, path, "missing"), Snap(https, t1, path, chosen=True)],
        1: [Snap(http, t0, path, "redirect", stamp(n, 1)),
            Snap(http, stamp(n, 1), path, "missing", listed=False),
            Snap(alias, t1, path, chosen=True)],
        2: [Snap(http, t0, path, "challenge"), Snap(https, t1, path, chosen=True)],
        3: [Snap(https, t0, path, "empty"), Snap(query, t1, path, chosen=True)],
        4: [Snap(http, t0, path, "truncated"), Snap(alias, t1, path, chosen=True)],
        5: [Snap(http, t0, path, "redirect", stamp(n, 2)),
            Snap(http, stamp(n, 2), path, listed=False, chosen=True)],
        6: [Snap(http, t0, path, digest="SAMEBYTESSAMEBYTES", chosen=True),
            Snap(https, t1, path, digest="SAMEBYTESSAMEBYTES")],
        7: [Snap(query, t0, path), Snap(alias, t1, path, chosen=True)],
        # The first capture redirects to the second, whose answer fails: the second is tried
        # already, and its own request would be a duplicate Scrapy drops. The third holds it.
        8: [Snap(http, t0, path, "redirect", stamp(n, 3)),
            Snap(http, stamp(n, 3), path, "challenge"), Snap(https, t1, path, chosen=True)],
    }  # fmt: skip
    default = [Snap(http, t0, path, chosen=True), Snap(https, t2, path)]
    return stories.get(n, default)


def noise() -> list[Snap]:
    """Index rows that are not captures of articles: every one must be left out."""
    host = "http://en.bocongan.gov.vn"
    return [
        Snap(f"{host}/news-and-events.html?Page=2", stamp(1), "news-and-events.page-2.html"),
        Snap(f"{host}/", stamp(2), "index.html"),
        Snap(f"{host}/Uploads/images/2020/photo-t1.jpg", stamp(3), mimetype="image/jpeg"),
        Snap(f"{host}/news-events/moved-t9999.html", stamp(4), status="301"),
        Snap(f"{host}/news-events/revisit-t9998.html", stamp(5), status="-",
             mimetype="warc/revisit"),
        Snap("https://en.bocongan.gov.vn/article/seven-leaders-of-ministry-of-public-security-"
             "elected-to-14th-party-central-committee-1769419716", stamp(6),
             "article/seven-leaders-of-ministry-of-public-security-elected-to-14th-party-"
             "central-committee-1769419716.html"),
        Snap("http://bocongan.gov.vn/tin-tuc/other-edition-t1234.html", stamp(7), body=b"x"),
    ]  # fmt: skip


def scenario(root: Path = SITE) -> list[Snap]:
    """The default archive: every legacy article of the snapshot, plus the noise."""
    snaps = [s for n, path in enumerate(legacy_pages(root)) for s in _story(n, path)]
    return snaps + noise()


def chosen(snaps: list[Snap]) -> dict[str, Snap]:
    """The capture each article must be read from: article id → capture."""
    picked: dict[str, Snap] = {}
    for snap in snaps:
        if snap.chosen:
            ident = urls.article_id(snap.original)
            assert ident and ident not in picked, f"{ident}: chosen twice"
            picked[ident] = snap
    return picked


def expected(snaps: list[Snap], archive_url: str) -> dict[str, dict[str, str]]:
    """The archive fields each article's record must carry, written out from the scenario."""
    records = {}
    for ident, snap in chosen(snaps).items():
        path = "/" + snap.original.split("/", 3)[3].split("?")[0]
        ts = snap.timestamp
        records[ident] = {
            "url": "https://en.bocongan.gov.vn" + path,
            "source": "wayback",
            "archive_url": f"{archive_url}/web/{ts}/{snap.original}",
            "archived_at": f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}T{ts[8:10]}:{ts[10:12]}:{ts[12:]}+00:00",
        }
    return records
