"""Where a crawl's requests may go: the edition's hosts, or only the mirror, archive or URLs given.

Links, sitemaps and redirects cannot steer the crawler anywhere else. In mirror mode the
edition's URLs are pointed at the mirror, and what it fetched reads as the portal's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from mpscrawler import urls
from mpscrawler.arguments import Arguments
from mpscrawler.editions import Edition


@dataclass(frozen=True)
class Hosts:
    """The origins (a mirror's port included) or host names a crawl may request."""

    edition: Edition
    base: str | None
    """The mirror's base URL, or None on the portal itself."""
    allowed_origins: list[str]
    allowed_domains: list[str]

    @classmethod
    def of(cls, args: Arguments) -> Hosts:
        """Only the edition's hosts; or only the mirror, the archive, or the URLs given."""
        given = [args.base_url, *args.urls] if args.mirror or args.urls else []
        given = [args.archive_url] if args.archive_url else given
        names = {urlsplit(u).hostname or "" for u in given}
        if not given:
            names = set(args.edition.hosts | args.edition.backends)
        return cls(
            edition=args.edition,
            base=args.base_url if args.mirror else None,
            allowed_origins=sorted({urls.origin(u) for u in given}),
            allowed_domains=sorted(names),
        )

    def local(self, url: str) -> str:
        """The edition's URLs point at the mirror when `base_url` names one."""
        return urls.rebase(url, self.base, self.edition.hosts | self.edition.backends)

    def page_url(self, url: str) -> str:
        """A fetched URL as the portal's own (the mirror's origin replaced)."""
        return urls.portal_url(url, self.base, self.edition)

    def onsite(self, url: str) -> bool:
        """Only http(s) on the allowed hosts (and ports, for a mirror)."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.username or parts.password:
            return False
        if self.allowed_origins:
            return urls.origin(url) in self.allowed_origins
        return (parts.hostname or "").lower() in self.allowed_domains
