"""The one error the parsers raise."""

from __future__ import annotations


class ParseError(ValueError):
    """A page that cannot give a record: not HTML, empty, a challenge page, no article on it."""

    def __init__(self, reason: str, url: str = "") -> None:
        super().__init__(f"{reason} ({url})" if url else reason)
        self.reason = reason
        self.url = url

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str]]:
        """Pickled as its reason and URL (a worker process raises it for the crawl)."""
        return ParseError, (self.reason, self.url)
