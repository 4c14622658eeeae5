"""Page bytes to text: Vietnamese comes out right whatever charset the page declares."""

from __future__ import annotations

import codecs

from scrapy.http import Response, TextResponse
from w3lib.encoding import http_content_type_encoding

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
# The portal's pages end with "</html>" (the captures do): a page without it was cut short.
END = b"</html>"
EMPTY = "empty page"
TRUNCATED = "truncated page (no </html>)"


def page_source(response: TextResponse) -> str | bytes:
    """What the parsers get: the bytes when the header says UTF-8 (the fast path), else text."""
    charset = http_content_type_encoding(
        response.headers.get(b"Content-Type", b"").decode("latin-1")
    )
    return response.body if charset == "utf-8" else page_text(response)


def page_text(response: TextResponse) -> str:
    """A BOM, else UTF-8 if the bytes are valid UTF-8 (a wrong header loses), else Scrapy's."""
    body = response.body
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return response.text


def not_a_page(response: Response) -> str | None:
    """Why a response cannot be an article page (not HTML, empty, cut short), or None."""
    kind = (response.headers.get(b"Content-Type") or b"text/html").split(b";")[0].strip().lower()
    if not isinstance(response, TextResponse) or kind not in HTML_TYPES:
        return f"not HTML ({kind.decode('latin-1') or 'no type'})"
    if not response.body.strip():
        return EMPTY
    if END not in response.body[-4096:].lower():
        return TRUNCATED
    return None
