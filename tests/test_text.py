"""Text normalisation, table-driven."""

import random
import re
import unicodedata

import pytest

from mpscrawler.text import clean, clean_paragraphs, content_hash, same_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Linh\u00a0Chi  ", "Linh Chi"),
        ("a\u200bb\ufeff", "ab"),
        ("\u200eMPS - The\u200f meeting\u202a", "MPS - The meeting"),  # direction marks
        ("nhiệt đơ\u0301i", "nhiệt đới"),  # decomposed "ớ" as the listing payload stores it
        ("“quoted” ‘text’", "“quoted” ‘text’"),
        ("line\nbreak\t tab", "line break tab"),
        ("   ", None),
        ("", None),
        (None, None),
    ],
)
def test_clean(raw: str | None, expected: str | None) -> None:
    assert clean(raw) == expected


def test_clean_paragraphs_keeps_blank_line_between_paragraphs() -> None:
    assert clean_paragraphs(" One \u00a0para.\n\n\n\nTwo\n paras. ") == "One para.\n\nTwo paras."


def test_same_text_ignores_case_spacing_and_form() -> None:
    assert same_text("Overview of the ceremony.", "overview  of the ceremony.")
    assert same_text("đới", "đơ\u0301i")
    assert not same_text("Overview", None)
    assert not same_text("Overview of the event.", "Overview of the meeting.")


def test_content_hash_of_final_text_is_stable_over_spacing_and_changes_with_text() -> None:
    # The parser hands it final text: spacing differences are gone by then.
    first = content_hash("Title", "Para one.\n\nPara two.")
    spaced = content_hash(clean(" Title "), clean_paragraphs("Para one.\n\n\nPara\u00a0two."))
    assert first == spaced
    assert first != content_hash("Title", "Para one.\n\nPara three.")


def _reference_clean(text: str) -> str | None:
    """`clean` as first written: NFC, zero-width characters removed, white space collapsed."""
    invisible = "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
    text = re.sub(invisible, "", unicodedata.normalize("NFC", text))
    return " ".join(text.split()) or None


# Letters, decomposed and composed marks, every kind of white space, the zero-width characters.
ALPHABET = (
    "\n\n\naZ.’đ\u0301\u0323ơê \u00a0\t\n\r\u2009\u3000\u2028\x1c\x85\u200b\u200d\u00ad\ufeff\u2060"
    "\u200e\u200f\u202b\u2067"
)


@pytest.mark.parametrize("seed", range(20))
def test_clean_fast_path_equals_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(500):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(12)))
        assert clean(text) == _reference_clean(text), repr(text)
        paragraphs = re.sub(r"\n{3,}", "\n\n", text).split("\n\n")
        joined = "\n\n".join(p for p in map(_reference_clean, paragraphs) if p) or None
        assert clean_paragraphs(text) == joined, repr(text)


def test_key_knows_the_white_space_the_pattern_knows() -> None:
    spaces = [chr(c) for c in range(0x110000) if re.match(r"\s", chr(c))]
    assert same_text("".join(f"a{s}" for s in spaces), "a" * len(spaces))
    assert not same_text("a\u200bb", "ab")  # zero-width is not white space: the key keeps it
