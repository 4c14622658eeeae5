"""Pure text normalisation shared by the parsers and the normalise pipeline."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# U+200B..U+200D, U+2060 word joiner, U+FEFF BOM, soft hyphen, and the direction marks and
# embeddings text copied from an editor carries (U+200E left-to-right mark, U+202A..U+202E,
# U+2066..U+2069, U+061C): invisible in the portal's text.
_ZERO_WIDTH = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
)


def clean(text: str | None) -> str | None:
    """NFC, no zero-width characters, runs of spaces (non-breaking too) as one; None when empty."""
    if text is None:
        return None
    # Most text the parser hands back is clean already: its only white space single spaces
    # between words, and no zero-width character. Every white space but U+0020 and every
    # zero-width character is unprintable to Python, and NFC makes none: NFC is all it needs.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return (text if text.isascii() else unicodedata.normalize("NFC", text)) or None
    if not text.isascii():
        text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    # str.split() splits on all Unicode white space (U+00A0, thin and wide spaces, line
    # breaks): three times faster than a regex substitution on a 3 KB paragraph.
    return " ".join(text.split()) or None


def clean_paragraphs(text: str | None) -> str | None:
    """Clean each paragraph of a `\\n\\n`-joined text and keep the blank line between them."""
    if text is None:
        return None
    # Runs of three or more line breaks need no collapsing first: the empty or "\n…" pieces
    # the split leaves are cleaned away.
    parts = [clean(p) for p in text.split("\n\n")]
    return "\n\n".join(p for p in parts if p) or None


def same_text(a: str | None, b: str | None) -> bool:
    """Compare two page strings ignoring case, spacing and a stray space before the stop."""
    return a is not None and b is not None and text_key(a) == text_key(b)


def text_key(text: str) -> str:
    """Comparison key: NFC, case-folded, spaces removed."""
    # str.split() and the pattern `\s` know the same 29 white-space characters.
    return "".join(unicodedata.normalize("NFC", text).split()).casefold()


def content_hash(title: str | None, body: str | None) -> str:
    """sha256 of a record's final (already cleaned) title and body: same text, same hash."""
    text = f"{title or ''}\n{body or ''}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
