"""`Retry-After` in every form RFC 9110 allows, and junk: the wait asked, or the usual backoff.

The table pins the pure function; the crawl serves each form once with a 503 on 127.0.0.1 and
checks that every article is captured after the wait the header asked for. Set
`MPS_FIGURES=path.json` to keep the waits measured (docs/RELIABILITY.md quotes them).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from mpscrawler.middlewares import retry_after_seconds
from mpscrawler.snapshot import serve
from tests.helpers import CRAWL, ENV, FAST, records, run_files, snapshot_ids
from tests.portal import send

NOW = datetime(1994, 11, 6, 8, 49, 7, tzinfo=UTC)  # 30 s before RFC 9110's example date
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TABLE = {
    # RFC 9110 §5.6.7: the three forms of an HTTP date
    "Sun, 06 Nov 1994 08:49:37 GMT": 30.0,
    "Sunday, 06-Nov-94 08:49:37 GMT": 30.0,
    "Sun Nov  6 08:49:37 1994": 30.0,
    # zones seen in the wild: none, "unknown" (-0000), +0000, UTC, another one
    "Sun, 06 Nov 1994 08:49:37": 30.0,
    "Sun, 06 Nov 1994 08:49:37 -0000": 30.0,
    "Sun, 06 Nov 1994 08:49:37 +0000": 30.0,
    "Sun, 06 Nov 1994 08:49:37 UTC": 30.0,
    "Sun, 06 Nov 1994 09:49:37 +0100": 30.0,
    " Sun, 06 Nov 1994 08:49:37 GMT\t": 30.0,
    # a date past: retry now
    "Sun, 06 Nov 1994 08:00:00 GMT": 0.0,
    "Sun Nov  6 08:00:00 1994": 0.0,
    # delta-seconds, with white space
    "120": 120.0,
    " 120 ": 120.0,
    "\t7\t": 7.0,
    "0": 0.0,
    "86400000": 86400000.0,
    # junk: None, so the usual backoff applies
    "": None,
    "   ": None,
    "soon": None,
    "-5": None,
    "1.5": None,
    "12 s": None,
    "0x10": None,
    "\u00b2": None,  # "²": str.isdigit() says yes, float() says no
    "\uff11\uff12": None,  # full-width "12"
    "Sun, 06 Nov 1994": None,
    "Sun, 31 Feb 1994 08:49:37 GMT": None,
    "Sun, 06 Nov 1994 25:61:99 GMT": None,
    "Sun, 06 Nov 99999 08:49:37 GMT": None,
    "Sun, 06 Nov 1994 08:49:37 +9999": None,
}


@pytest.mark.parametrize("header", list(TABLE))
def test_every_form_of_retry_after_gives_its_seconds(header: str) -> None:
    assert retry_after_seconds(header, NOW) == TABLE[header]
    assert retry_after_seconds(header.encode(), NOW) == TABLE[header], "as bytes"


def test_no_header_is_none() -> None:
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"") is None


def test_a_date_is_read_against_the_clock_when_no_time_is_given() -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 55 <= (retry_after_seconds(soon) or 0) <= 60


# --- end to end: each form once as a 503, then the page -------------------------------------

WAIT = 3  # seconds asked by the dates and deltas below
CAP = 4.0  # MPS_RETRY_AFTER_MAX of the crawl: above WAIT, so only the huge delta is capped


def imf(when: datetime) -> str:
    """IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`."""
    return format_datetime(when, usegmt=True)


def rfc850(when: datetime) -> str:
    """Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`."""
    return f"{DAYS[when.weekday()]}, {when:%d}-{MONTHS[when.month - 1]}-{when:%y %H:%M:%S} GMT"


def asctime(when: datetime) -> str:
    """ANSI C asctime(): `Sun Nov  6 08:49:37 1994`."""
    return f"{DAYS[when.weekday()][:3]} {MONTHS[when.month - 1]} {when.day:2d} {when:%H:%M:%S %Y}"


def zoned(zone: str) -> Callable[[datetime], str]:
    """IMF-fixdate with another zone, or none."""
    return lambda when: (imf(when)[: -len(" GMT")] + zone).rstrip()


# form -> (value of the header from the time of the request, the wait it must give)
FORMS: dict[str, tuple[Callable[[datetime], str], str]] = {
    "imf-fixdate": (lambda now: imf(now + timedelta(seconds=WAIT)), "asked"),
    "rfc850": (lambda now: rfc850(now + timedelta(seconds=WAIT)), "asked"),
    "asctime": (lambda now: asctime(now + timedelta(seconds=WAIT)), "asked"),
    "no-zone": (lambda now: zoned("")(now + timedelta(seconds=WAIT)), "asked"),
    "-0000": (lambda now: zoned(" -0000")(now + timedelta(seconds=WAIT)), "asked"),
    "+0000": (lambda now: zoned(" +0000")(now + timedelta(seconds=WAIT)), "asked"),
    "UTC": (lambda now: zoned(" UTC")(now + timedelta(seconds=WAIT)), "asked"),
    "delta": (lambda now: f"{WAIT}", "asked"),
    "delta-spaces": (lambda now: f" {WAIT}\t", "asked"),
    "past-date": (lambda now: asctime(now - timedelta(hours=1)), "now"),
    "huge-delta": (lambda now: "99999999999", "capped"),
    "junk": (lambda now: "in a while", "backoff"),
    "junk-digit": (lambda now: "\u00b2", "backoff"),
}


class RetryAfterPortal:
    """Hook of `serve`: the first request of each scripted path gets a 503 with its header."""

    def __init__(self, script: dict[str, Callable[[datetime], str]]) -> None:
        self.script = script
        self.arrivals: dict[str, list[float]] = {path: [] for path in script}
        self.lock = threading.Lock()

    def __call__(self, request: BaseHTTPRequestHandler, path: Path | None) -> bool:
        """A 503 the first time a scripted path is asked for; the page after."""
        target = request.path.split("?")[0]
        if target not in self.script:
            return False
        with self.lock:
            self.arrivals[target].append(time.monotonic())
            first = len(self.arrivals[target]) == 1
        if not first:
            return False
        header = self.script[target](datetime.now(UTC))
        body = b"<html><body><h1>Service Unavailable</h1></body></html>"
        return send(request, 503, body, {"Retry-After": header})


@pytest.fixture(scope="module")
def retried(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, RetryAfterPortal, dict]:
    """One crawl of one article per form: (form -> (id, path), the portal, the run report)."""
    work = tmp_path_factory.mktemp("retry-after")
    articles = dict(zip(FORMS, sorted(snapshot_ids().items()), strict=False))
    portal = RetryAfterPortal({path: FORMS[form][0] for form, (_, path) in articles.items()})
    with serve(hook=portal) as base_url:
        lines = "".join(f"{base_url}{path}\n" for _, path in articles.values())
        (work / "urls.txt").write_text(lines)
        command = [*CRAWL, "-a", "urls_file=urls.txt", *FAST, "-s", f"MPS_RETRY_AFTER_MAX={CAP}"]
        command += ["-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
        done = subprocess.run(
            command, cwd=work, env=ENV, capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 0, done.stderr[-3000:]
    captured = {r["id"] for f in run_files(work) for r in records(f)}
    report = json.loads(next((work / "output" / "reports" / "mps_news" / "en").glob("*.json")).read_text())
    return articles, portal, {"captured": captured, "report": report}


@pytest.mark.parametrize("form", list(FORMS))
def test_each_form_is_retried_once_and_the_article_captured(retried: tuple, form: str) -> None:
    articles, portal, run = retried
    ident, path = articles[form]
    assert ident in run["captured"], f"{form}: article lost"
    assert len(portal.arrivals[path]) == 2, f"{form}: one 503, one retry"


@pytest.mark.parametrize("form", list(FORMS))
def test_each_form_waits_what_it_asks(retried: tuple, form: str) -> None:
    articles, portal, _ = retried
    first, second = portal.arrivals[articles[form][1]][:2]
    waited, kind = second - first, FORMS[form][1]
    # A date is whole seconds: "now + 3 s" asks between 2 and 3 s.
    low, high = {"asked": (WAIT - 1.2, CAP - 0.1), "capped": (CAP - 0.2, CAP + 4)}.get(
        kind, (0, 1.5)
    )
    assert low <= waited <= high, f"{form}: waited {waited:.2f} s"


def test_the_waits_asked_are_counted(retried: tuple) -> None:
    articles, portal, run = retried
    honoured = sum(1 for _, kind in FORMS.values() if kind != "backoff")
    assert run["report"]["retry_after"] == honoured
    if os.environ.get("MPS_FIGURES"):  # docs/RELIABILITY.md quotes them
        waits = {
            f: round(b - a, 2) for f, (_, p) in articles.items() for a, b in [portal.arrivals[p]]
        }
        figures = {"waits_s": waits, "captured": len(run["captured"]), "report": run["report"]}
        Path(os.environ["MPS_FIGURES"]).write_text(json.dumps(figures, indent=2, default=str))
