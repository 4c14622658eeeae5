"""A miniature portal on 127.0.0.1: serves a bundled site (`mpscrawler/sites/<edition>/`) in the
portal's URL layout.

`python -m mpscrawler.snapshot [--port N] [--root DIR]`; tests and the demo use `serve()`.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

SITES = Path(__file__).resolve().parent / "sites"
SITE = SITES / "en"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def resolve(root: Path, target: str) -> Path | None:
    """File of a request: `/article/x-1` → `article/x-1.html`, `?Page=2` → `*.page-2.html`."""
    parts = urlsplit(target)
    pages = [v for k, v in parse_qsl(parts.query) if k.lower() == "page" and v.isdigit()]
    relative = unquote(parts.path).lstrip("/") or "index.html"
    candidates = [relative, relative + ".html", relative.rstrip("/") + "/index.html"]
    if pages and int(pages[-1]) > 1:  # the legacy pager repeats Page=: the last one counts
        candidates = [_paged(c, int(pages[-1])) for c in candidates]
    base = root.resolve()
    for candidate in candidates:
        path = (base / candidate).resolve()
        if path.is_file() and base in path.parents:
            return path
    return None


def _paged(relative: str, page: int) -> str:
    """`news-and-events.html`, page 2 → `news-and-events.page-2.html`."""
    stem, dot, ext = relative.rpartition(".") if relative.endswith(".html") else (relative, "", "")
    return f"{stem}.page-{page}.{ext}" if dot else f"{relative}.page-{page}"


Hook = Callable[[BaseHTTPRequestHandler, Path | None], bool]


def handler(root: Path, hook: Hook | None = None) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving `root`; `hook` may answer a request instead (tests)."""

    class SnapshotHandler(BaseHTTPRequestHandler):
        """GET only; 404 as an HTML page, as the portal does."""

        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            """Serve one file."""
            path = resolve(root, self.path)
            if hook is not None and hook(self, path):
                return
            body = (
                path.read_bytes() if path else b"<html><body><h1>404 Not Found</h1></body></html>"
            )
            self.send_response(200 if path else 404)
            self.send_header(
                "Content-Type", TYPES.get(path.suffix if path else ".html", TYPES[".html"])
            )
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: the crawler logs every request already."""

    return SnapshotHandler


@contextmanager
def serve(root: Path = SITE, port: int = 0, hook: Hook | None = None) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 in a thread; yield its base URL."""
    with serving(handler(root, hook), port) as base_url:
        yield base_url


@contextmanager
def serving(answers: type[BaseHTTPRequestHandler], port: int = 0) -> Iterator[str]:
    """Any request handler on 127.0.0.1 (a free port by default), in a thread; its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), answers)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    """Serve the snapshot until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--edition", default="en", help="which bundled site: en or vi")
    parser.add_argument("--root", type=Path, help="serve this folder instead")
    options = parser.parse_args()
    root = options.root or SITES / options.edition
    server = ThreadingHTTPServer(("127.0.0.1", options.port), handler(root))
    print(f"serving {root} at http://127.0.0.1:{options.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


if __name__ == "__main__":
    main()
