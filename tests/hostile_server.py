"""A hostile mirror on 127.0.0.1: the bundled snapshot, with chosen URLs answered badly.

`Hostile(root)` serves the snapshot as `mpscrawler.snapshot` does; `hostile.fault(path, f)`
makes the request of `path` (its path and query, as sent) answer with fault `f` instead, for its
first `times` requests (or always). Faults are functions of the request handler and the file the
path names (None when there is none); the ones below misbehave at every layer: the connection,
the headers, the body, its type and charset, what the page says.

`python -m tests.hostile_server FAULT PATH [--port N]` serves one fault for trying by hand.
"""

from __future__ import annotations

import argparse
import gzip
import io
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mpscrawler.snapshot import SITES, TYPES, resolve, serving

Fault = Callable[[BaseHTTPRequestHandler, Path | None], None]
HTML = "text/html; charset=utf-8"


def body_of(path: Path | None) -> bytes:
    """The file's bytes, or the snapshot's 404 page."""
    return path.read_bytes() if path else b"<html><body><h1>404 Not Found</h1></body></html>"


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    ctype: str | None = HTML,
    headers: dict[str, str] | None = None,
    length: int | None = None,
) -> None:
    """A whole response: status, headers, Content-Length (or `length`), body."""
    h.send_response(status)
    if ctype is not None:
        h.send_header("Content-Type", ctype)
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    h.send_header("Content-Length", str(len(body) if length is None else length))
    h.end_headers()
    h.wfile.write(body)
    h.wfile.flush()


def normal(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """What the snapshot answers."""
    ctype = TYPES.get(path.suffix if path else ".html", HTML)
    send(h, 200 if path else 404, body_of(path), ctype)


def reset(h: BaseHTTPRequestHandler, sock: socket.socket | None = None) -> None:
    """Close with a TCP RST (SO_LINGER 0), not a FIN."""
    sock = sock or h.connection
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.close_connection = True
    sock.close()


# --- the connection -------------------------------------------------------------------------


def reset_mid_body(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """Headers and half the body, then a connection reset."""
    body = body_of(path)
    send(h, 200, body[: len(body) // 2], length=len(body))
    reset(h)


def short_body(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """Content-Length says more than is sent; then the connection closes (FIN)."""
    body = body_of(path)
    send(h, 200, body[: len(body) // 2], length=len(body))
    h.close_connection = True


def cut_no_length(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """No Content-Length, half the body, then close: HTTP/1.0 style, a cut looks like the end."""
    body = body_of(path)
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n")
    h.wfile.write(b"Connection: close\r\n\r\n" + body[: len(body) // 2])
    h.wfile.flush()
    h.close_connection = True


def drip(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """The headers, then one byte a second, for ever (until the client gives up)."""
    body = body_of(path)
    send(h, 200, length=len(body))
    try:
        for byte in body:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(1)
    except OSError:
        pass
    h.close_connection = True


def silent(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """The request is read, nothing is ever answered (until the client hangs up)."""
    h.connection.settimeout(120)
    try:
        while h.connection.recv(1024):
            pass
    except OSError:
        pass
    h.close_connection = True


def endless(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """A 2 GB Content-Length, and zeros streamed as fast as the client reads."""
    send(h, 200, length=2 * 1024**3)
    chunk = b"<p>" + b"0" * 65536 + b"</p>"
    try:
        for _ in range(2 * 1024**3 // len(chunk)):
            h.wfile.write(chunk)
    except OSError:
        pass
    h.close_connection = True


def endless_unsized(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """No Content-Length: a close-delimited body that never ends."""
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    try:
        for _ in range(40_000):
            h.wfile.write(chunk)
    except OSError:
        pass
    h.close_connection = True


def gzip_bomb(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """1 GiB of HTML inflated from about 1 MB on the wire (`Content-Encoding: gzip`)."""
    send(h, 200, bomb(1024**3), headers={"Content-Encoding": "gzip"})


@cache
def bomb(size: int) -> bytes:
    """`size` bytes of one repeated tag, gzipped."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as packed:
        block = b"<p>a</p>" * 8192
        for _ in range(size // len(block)):
            packed.write(block)
    return out.getvalue()


def bad_gzip(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """`Content-Encoding: gzip` on a body that is not gzip."""
    send(h, 200, body_of(path), headers={"Content-Encoding": "gzip"})


def deflate_raw(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """The page as raw deflate (no zlib header), as some servers send `deflate`."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    send(h, 200, packer.compress(body_of(path)) + packer.flush(),
         headers={"Content-Encoding": "deflate"})  # fmt: skip


# --- the headers ----------------------------------------------------------------------------


def huge_headers(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """Two thousand 1 KB headers before the page."""
    body = body_of(path)
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n")
    for n in range(2000):
        h.wfile.write(b"X-Junk-%d: %s\r\n" % (n, b"j" * 1024))
    h.wfile.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    h.wfile.flush()


def malformed_headers(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """A status line and headers that are not HTTP."""
    h.wfile.write(b"HTTP/1.1 2OO OK\r\nContent-Type text/html\r\n\x00\x01garbage\r\n\r\n")
    h.wfile.write(body_of(path))
    h.wfile.flush()
    h.close_connection = True


def not_http(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """No status line at all: the page alone, then close (HTTP/0.9)."""
    h.wfile.write(body_of(path))
    h.wfile.flush()
    h.close_connection = True


def two_lengths(h: BaseHTTPRequestHandler, path: Path | None) -> None:
    """Two Content-Length headers that disagree."""
    body = body_of(path)
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n")
    h.wfile.write(b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (len(body), 10) + body)
    h.wfile.flush()
    h.close_connection = True


# --- type, charset, bytes -------------------------------------------------------------------


def typed(ctype: str | None, transform: Callable[[bytes], bytes] = bytes) -> Fault:
    """The page with another Content-Type (None: none), its bytes passed through `transform`."""

    def fault(h: BaseHTTPRequestHandler, path: Path | None) -> None:
        send(h, 200 if path else 404, transform(body_of(path)), ctype)

    return fault


def recoded(codec: str) -> Callable[[bytes], bytes]:
    """UTF-8 bytes re-encoded (characters it lacks as `&#N;`)."""
    return lambda body: body.decode("utf-8").encode(codec, "xmlcharrefreplace")


def with_nuls(body: bytes) -> bytes:
    """A NUL byte after every paragraph end, and one in the title."""
    return body.replace(b"</p>", b"</p>\x00").replace(b"<title>", b"<title>\x00")


# --- what the page says ---------------------------------------------------------------------

CHALLENGE = (
    b"<!DOCTYPE html><html lang='en-US'><head><title>Just a moment...</title></head><body>"
    b"<h1>en.bocongan.gov.vn</h1><h2>Checking if the site connection is secure</h2>"
    b"<p>en.bocongan.gov.vn needs to review the security of your connection before"
    b" proceeding.</p><noscript>Enable JavaScript and cookies to continue</noscript>"
    b"<div>Ray ID: 7d1f2e3a4b5c6d7e</div><p>Performance &amp; security by Cloudflare</p>"
    b"</body></html>"
)
DENIED = (
    b"<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
    b"<p>You don't have permission to access \"http://en.bocongan.gov.vn/\" on this server.</p>"
    b"<p>Reference #18.4f2c1002.1764590000.1a2b3c</p></body></html>"
)
SOFT_404 = (
    b"<html><head><title>Page not found</title></head><body><div class='container'>"
    b"<h1>Page not found</h1><p>The page you requested could not be found. It may have been"
    b" moved or deleted. Please return to the homepage.</p></div></body></html>"
)
MAINTENANCE = (
    b"<html><head><title>Maintenance</title></head><body><h1>Website under maintenance</h1>"
    b"<p>The portal is being upgraded. Please come back later.</p></body></html>"
)
LOGIN = (
    b"<html><head><title>Sign in</title></head><body><form action='/login' method='post'>"
    b"<h1>Sign in to continue</h1><input name='user'><input type='password' name='pw'>"
    b"<button>Sign in</button></form></body></html>"
)


def page(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Fault:
    """A fixed page instead of the file."""
    return lambda h, path: send(h, status, body, headers=headers)


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Fault:
    """A bare status, with headers; 204/304 without a body."""
    return lambda h, path: send(h, code, body, headers=headers)


def redirect(location: str, code: int = 302) -> Fault:
    """A redirect to `location` as given (absolute, relative, or any scheme)."""
    return status(code, {"Location": location})


def edited(transform: Callable[[bytes], bytes], ctype: str = HTML) -> Fault:
    """The file with its bytes changed."""
    return lambda h, path: send(h, 200 if path else 404, transform(body_of(path)), ctype)


# --- the server -----------------------------------------------------------------------------


@dataclass
class Rule:
    """A fault and how many more requests it answers (None: all)."""

    fault: Fault
    times: int | None = None


@dataclass
class Hostile:
    """The snapshot of `root`, with faults on chosen paths; every request counted."""

    root: Path = SITES / "en"
    rules: dict[str, Rule] = field(default_factory=dict)
    everywhere: Fault | None = None
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault(self, path: str, fault: Fault, times: int | None = None) -> None:
        """Answer `path` (path and query as requested) with `fault` (its first `times`)."""
        self.rules[path] = Rule(fault, times)

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        """One request: its fault if one is due, else the snapshot."""
        with self.lock:
            self.hits[h.path] += 1
            rule = self.rules.get(h.path)
            due = rule is not None and (rule.times is None or rule.times > 0)
            if rule is not None and rule.times:
                rule.times -= 1
        fault = rule.fault if due and rule else self.everywhere or normal
        fault(h, resolve(self.root, h.path))

    def handler(self) -> type[BaseHTTPRequestHandler]:
        """The request handler class of this server."""
        hostile = self

        class HostileHandler(BaseHTTPRequestHandler):
            """GET only, HTTP/1.1 keep-alive."""

            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                """No Nagle: headers and body go out at once (else 40 ms a keep-alive answer)."""
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self) -> None:  # noqa: N802
                """Answer as the rules say."""
                try:
                    hostile.answer(self)
                except OSError:  # the crawler hung up on a fault: expected
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Quiet."""

        return HostileHandler

    @contextmanager
    def serve(self, port: int = 0) -> Iterator[str]:
        """Serve on 127.0.0.1 in a thread; yield the base URL."""
        with serving(self.handler(), port) as base_url:
            yield base_url


def main() -> None:
    """Serve the snapshot with one fault on one path until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("fault", help="a fault function of this module, e.g. reset_mid_body")
    parser.add_argument("path", help="the path it answers, e.g. /article/x-1234567890")
    parser.add_argument("--port", type=int, default=8801)
    parser.add_argument("--edition", default="en")
    options = parser.parse_args()
    hostile = Hostile(SITES / options.edition)
    hostile.fault(options.path, globals()[options.fault])
    with hostile.serve(options.port) as url:
        print(f"serving {hostile.root} at {url}, {options.fault} on {options.path}", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
