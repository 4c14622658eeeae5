"""A snapshot server for the tests that can be slow, fail, or change pages on purpose."""

from __future__ import annotations

import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mpscrawler.snapshot import SITE

Action = Callable[[BaseHTTPRequestHandler, Path | None], bool]


@dataclass
class Portal:
    """Hook of the snapshot server: per-path scripted answers, a delay, and a request count."""

    delay: float = 0.0
    script: dict[str, list[int]] = field(default_factory=dict)
    requests: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: BaseHTTPRequestHandler, path: Path | None) -> bool:
        """Count the request; answer with the next scripted status for its path, if any."""
        with self.lock:
            self.requests[request.path] += 1
            statuses = self.script.get(request.path.split("?")[0])
            status = statuses.pop(0) if statuses else None
        if self.delay:
            time.sleep(self.delay)
        if status is None:
            return False
        body = f"<html><body><h1>{status}</h1></body></html>".encode()
        request.send_response(status)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
        return True

    @property
    def total(self) -> int:
        """Requests served so far."""
        return sum(self.requests.values())


def copy_site(target: Path) -> Path:
    """A copy of the snapshot that a test may change."""
    shutil.copytree(SITE, target)
    return target
