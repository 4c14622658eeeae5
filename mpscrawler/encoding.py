"""Page bytes to text: Vietnamese comes out right whatever charset the page declares."""

from __future__ import annotations

from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from w3lib.encoding import http_content_type_encoding

from mpscrawler.parsers.charset import decode

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
# The portal's pages end with "</html>" (the captures do): a page without it was cut short.
END = b"</html>"
# A page in UTF-16 (its BOM says so, whatever the header claims) ends with these bytes.
ENDS = (END, "</html>".encode("utf-16-le"), "</html>".encode("utf-16-be"))
NUL = b"\x00"
GZIP = b"\x1f\x8b"
EMPTY = "empty page"
TRUNCATED = "truncated page (no </html>)"


def page_source(response: TextResponse) -> str | bytes:
    """What the parsers get: the bytes when the header says UTF-8 (the fast path), else text.

    `parsers.document.load` reads bytes as UTF-8 and, should they not be, decides again
    from the whole page (`parsers.charset.decode`), as `page_text` does.
    """
    if NUL in response.body:  # libxml2 reads NUL as U+FFFD; a browser drops it from the text
        return page_text(response).replace("\x00", "")
    return response.body if charset(response) == "utf-8" else page_text(response)


def page_text(response: TextResponse) -> str:
    """The page's text decided from its whole body first, then from the charset it declares."""
    return decode(response.body, content_type(response))


def content_type(response: Response) -> str:
    """The `Content-Type` header, or an empty string."""
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def charset(response: Response) -> str | None:
    """The charset the header names, normalised (`UTF8` → `utf-8`), or None."""
    return http_content_type_encoding(content_type(response))


def not_a_page(response: Response) -> str | None:
    """Why a response cannot be an article page (not HTML, empty, cut short), or None."""
    kind = (response.headers.get(b"Content-Type") or b"text/html").split(b";")[0].strip().lower()
    if not isinstance(response, TextResponse) or kind not in HTML_TYPES:
        return f"not HTML ({kind.decode('latin-1') or 'no type'})"
    if not response.body.strip():
        return EMPTY
    if cut_short(response.body):
        return TRUNCATED
    return None


def cut_short(body: bytes) -> bool:
    """True when a page's bytes do not end with `</html>` (in 8-bit or UTF-16 form)."""
    tail = body[-4096:].lower()
    return not any(end in tail for end in ENDS)


def feed_body(response: Response, max_size: int) -> bytes:
    """A sitemap's or feed's bytes, inflated when they are gzip (`sitemap.xml.gz`, served as
    `application/x-gzip` without `Content-Encoding`); `ValueError` when broken or past
    `max_size` inflated (a gzip bomb)."""
    if response.body[:2] != GZIP:
        return response.body
    try:
        return gunzip(response.body, max_size=max_size)
    except ValueError as error:  # Scrapy's decompression bound
        raise ValueError(f"gzip larger than {max_size} bytes inflated") from error
    except (OSError, EOFError) as error:
        raise ValueError(f"bad gzip: {error}") from error
