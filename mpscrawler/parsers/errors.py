"""The one error the parsers raise."""


class ParseError(ValueError):
    """A page that cannot give a record: not HTML, empty, a challenge page, no article on it."""

    def __init__(self, reason: str, url: str = "") -> None:
        super().__init__(f"{reason} ({url})" if url else reason)
        self.reason = reason
        self.url = url
