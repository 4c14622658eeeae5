"""Building the tree: bytes in any charset the portal may send."""

from __future__ import annotations

import pytest

from mpscrawler.parsers import ParseError
from mpscrawler.parsers.document import load

TEXT = "Bộ trưởng Lương Tam Quang’s “visit”"


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><p>{TEXT}</p></body></html>".encode(),  # UTF-8, no charset anywhere
        b"\xef\xbb\xbf" + f"<html><body><p>{TEXT}</p></body></html>".encode(),  # BOM
        f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT}</p></body></html>'.encode(),
        f"<html><body><p>{TEXT}</p></body></html>",  # already text
    ],
)
def test_utf8_comes_out_right_whatever_is_declared(page: bytes | str) -> None:
    assert load(page, "http://x/").findtext(".//p") == TEXT


def test_bytes_in_another_declared_charset_are_read_with_it() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>café “naïve”</p></body></html>'
    assert load(page.encode("windows-1252"), "http://x/").findtext(".//p") == "café “naïve”"


@pytest.mark.parametrize("page", [b"", b"   \n", ""])
def test_empty_pages_are_refused(page: bytes | str) -> None:
    with pytest.raises(ParseError, match="empty page"):
        load(page, "http://x/")
