"""Where a crawl may go: hosts, and the ports of origins that name one (a mirror on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

WEB = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# `scheme://host` without a port: the web's own ports (a portal answering on http and https).
WEB_PORTS = frozenset(DEFAULT_PORTS.values())


@dataclass(frozen=True)
class Origin:
    """A host and the ports allowed on it (None: any port, and subdomains: a bare domain)."""

    host: str
    ports: frozenset[int] | None

    def allows(self, host: str, port: int) -> bool:
        """True for `host:port` on this origin."""
        if self.ports is None:
            return host == self.host or host.endswith("." + self.host)
        return host == self.host and port in self.ports


def origin(entry: str) -> Origin | None:
    """`scheme://host[:port]`, `host:port` or a bare domain (Scrapy's `allowed_domains`)."""
    parts = urlsplit(entry if "://" in entry else "//" + entry)
    try:
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    if port is not None:
        return Origin(parts.hostname, frozenset({port}))
    return Origin(parts.hostname, WEB_PORTS if parts.scheme else None)


def origins(entries: Iterable[str | None]) -> list[Origin]:
    """The origins of a spider's `allowed_origins` or `allowed_domains`, bad entries left out."""
    found = (origin(e.strip().lower()) for e in entries if e and e.strip())
    return [o for o in found if o is not None]


def effective_port(parts: SplitResult) -> int | None:
    """The port a URL connects to (its scheme's default when none is given); None when bad."""
    try:
        port = parts.port
    except ValueError:
        return None
    return port if port is not None else DEFAULT_PORTS.get(parts.scheme)


def allowed(url: str, allowed_origins: list[Origin]) -> bool:
    """True for an http(s) URL without user-info on one of `allowed_origins`."""
    parts = urlsplit(url)
    if parts.scheme not in WEB or "@" in parts.netloc or not parts.hostname:
        return False
    port = effective_port(parts)
    host = parts.hostname.lower()
    return port is not None and any(o.allows(host, port) for o in allowed_origins)
