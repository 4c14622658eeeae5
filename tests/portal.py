"""A snapshot server for the tests that is slow, fails, or serves odd pages on purpose.

`Portal` is a hook of `mpscrawler.snapshot.serve`: per path it plays a script of faults, one
per request, and at given rates it injects transient faults, chosen from a seeded hash of the
path and the attempt so that a run is reproducible.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mpscrawler.snapshot import SITE

CHALLENGE = b"<html><head><title>Request unsuccessful</title></head><body><p>Request unsuccessful. Incapsula incident ID: 1234-5678</p></body></html>"


@dataclass
class Portal:
    """Hook: scripted faults per path, transient faults at rates, a delay, request counts."""

    delay: float = 0.0
    script: dict[str, list[str | int]] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    slow: float = 3.0
    requests: Counter = field(default_factory=Counter)
    faults: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: BaseHTTPRequestHandler, path: Path | None) -> bool:
        """Count the request; play its fault, if any (True when the fault answered)."""
        target = request.path.split("?")[0]
        with self.lock:
            self.requests[request.path] += 1
            attempt = self.requests[request.path]
            steps = self.script.get(target)
            fault = steps.pop(0) if steps else self._random(request.path, attempt)
            if fault not in (None, "ok"):
                self.faults[str(fault)] += 1
        if self.delay:
            time.sleep(self.delay)
        if fault in (None, "ok"):
            return False
        return play(request, fault, path, self.slow)

    def _random(self, target: str, attempt: int) -> str | None:
        """A transient fault at the configured rates, or None."""
        if not self.rates or target.endswith("robots.txt"):
            return None
        digest = hashlib.sha256(f"{self.seed}|{target}|{attempt}".encode()).digest()
        roll = int.from_bytes(digest[:8], "big") / 2**64
        for fault, rate in self.rates.items():
            if roll < rate:
                return fault
            roll -= rate
        return None

    @property
    def total(self) -> int:
        """Requests served so far."""
        return sum(self.requests.values())


def play(request: BaseHTTPRequestHandler, fault: str | int, path: Path | None, slow: float) -> bool:
    """Answer `request` with one fault."""
    page = path.read_bytes() if path else b""
    if isinstance(fault, int) or fault.isdigit():
        return send(request, int(fault), b"<html><body><h1>Error</h1></body></html>")
    kind, _, arg = fault.partition(":")
    if kind == "slow":  # past the download timeout, then the page
        time.sleep(float(arg or slow))
        return send(request, 200, page)
    if kind == "retry-after":
        return send(request, 429, b"Too many requests", {"Retry-After": arg or "1"})
    if kind == "challenge":
        return send(request, 403 if arg != "200" else 200, CHALLENGE)
    if kind == "reset":
        request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        request.close_connection = True
        return True
    if kind == "truncated":  # Content-Length says more than is sent
        return send(request, 200, page, cut=len(page) // 2)
    if kind == "truncated-close":  # no length; the connection closes halfway
        return send(request, 200, page[: len(page) // 2], length=False)
    if kind == "redirect":
        return send(request, 302, b"", {"Location": arg})
    return send_special(request, kind, arg, page)


def send_special(request: BaseHTTPRequestHandler, kind: str, arg: str, page: bytes) -> bool:
    """Odd bodies: charsets, bombs, huge pages, non-HTML, empty."""
    if kind == "charset":  # the page, UTF-8, with "wrong" (latin-1) or "none" declared, or a "bom"
        body = re.sub(rb"<meta[^>]*charset=[^>]*>", b"", page, flags=re.I)
        ctype = "text/html; charset=iso-8859-1" if arg == "wrong" else "text/html"
        body = b"\xef\xbb\xbf" + body if arg == "bom" else body
        return send(request, 200, body, {"Content-Type": ctype})
    if kind == "gzip-bomb":
        bomb = gzip.compress(b"<html>" + b" " * (64 * 1024 * 1024), compresslevel=9)
        return send(request, 200, bomb, {"Content-Encoding": "gzip"})
    if kind == "huge":
        return send(
            request, 200, b"<html><body>" + b"<p>x</p>" * (2 * 1024 * 1024) + b"</body></html>"
        )
    types = {
        "pdf": ("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF"),
        "image": ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 512),
        "json": ("application/json", b'{"title": "not a page", "id": 1769419716}'),
        "empty": ("text/html; charset=utf-8", b""),
    }
    ctype, body = types[kind]
    return send(request, 200, body, {"Content-Type": ctype})


def send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict | None = None,
    cut: int | None = None,
    length: bool = True,
) -> bool:
    """Write a response; `cut` stops writing after that many bytes and drops the connection."""
    request.send_response(status)
    headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    for name, value in headers.items():
        request.send_header(name, value)
    if length:
        request.send_header("Content-Length", str(len(body)))
    else:
        request.send_header("Connection", "close")
    request.end_headers()
    request.wfile.write(body[:cut] if cut is not None else body)
    request.wfile.flush()
    if cut is not None or not length:
        request.close_connection = True
        request.connection.shutdown(socket.SHUT_RDWR)
    return True


def copy_site(target: Path) -> Path:
    """A copy of the snapshot that a test may change."""
    shutil.copytree(SITE, target)
    return target


def crawl(
    work: Path, base_url: str, *extra: str, command: tuple[str, ...] = (), **kwargs: object
) -> subprocess.CompletedProcess:
    """One crawl (or `command`, e.g. `mpscrawler run --`) against `base_url`, from `work`."""
    from tests.helpers import CRAWL, ENV, FAST

    work.mkdir(parents=True, exist_ok=True)
    cmd = [*(command or CRAWL), "-a", f"base_url={base_url}", *FAST, *extra]
    return subprocess.run(
        cmd, cwd=work, env=ENV, capture_output=True, text=True, timeout=300, **kwargs
    )
