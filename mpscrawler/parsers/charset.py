"""Page bytes to text, decided from the whole page: what the bytes show, then what it declares.

A page of UTF-8 bytes with a stray byte or two is still UTF-8 (the portal serves UTF-8; one
bad byte must not turn every Vietnamese letter into mojibake), whatever charset it declares.
Bytes that are not UTF-8 are read with the declared charset (HTTP header, BOM, `<meta>`), as a
browser does: genuine windows-1258 and windows-1252 pages still come out right.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_to_unicode, read_bom

# Valid multi-byte UTF-8 characters needed per invalid byte to read the page as UTF-8 (80 %
# of its non-ASCII sequences). A windows-1258 page of Vietnamese has none at all (an accented
# letter is one byte, then ASCII or a tone mark: the live captures re-encoded give 0 valid and
# 8,000+ invalid), a UTF-8 one thousands; an English page has few ("’" four times in
# "COMMIT’s 14th SOM takes place in Hanoi"), so one stray byte must not need more.
UTF8_EVIDENCE = 4
# `surrogateescape` turns each byte that is not UTF-8 into one of these.
ESCAPED = re.compile("[\udc80-\udcff]")
# lxml refuses text that keeps its encoding declaration ("Unicode strings with encoding
# declaration are not supported"): it is spent once the bytes are decoded.
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
# The web's default for a page that declares nothing (WHATWG, and Scrapy's last resort).
UNDECLARED = "cp1252"


def decode(body: bytes, content_type: str | None = None) -> str:
    """The text of a page: UTF-8 when the bytes are (but for a few stray ones), else declared."""
    text = utf8(body)
    if text is None:
        text = html_to_unicode(content_type, body, default_encoding=UNDECLARED)[1]
    return XML_DECLARATION.sub("", text, count=1)


def utf8(body: bytes) -> str | None:
    """The bytes as UTF-8 (a stray byte as U+FFFD), or None when they are not UTF-8."""
    bom, _ = read_bom(body)
    if bom not in (None, "utf-8"):  # UTF-16 or UTF-32, said by the page's first bytes
        return None
    body = body.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("utf-8", "replace") if mostly_utf8(body) else None


def mostly_utf8(body: bytes) -> bool:
    """True when valid multi-byte characters outnumber invalid bytes `UTF8_EVIDENCE` to one."""
    escaped = body.decode("utf-8", "surrogateescape")
    invalid = len(ESCAPED.findall(escaped))
    valid = len(escaped) - len(escaped.encode("ascii", "ignore")) - invalid
    return valid >= UTF8_EVIDENCE * invalid
