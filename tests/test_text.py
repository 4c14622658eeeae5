"""Text normalisation, table-driven."""

import pytest

from mpscrawler.text import clean, clean_paragraphs, content_hash, same_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Linh\u00a0Chi  ", "Linh Chi"),
        ("a\u200bb\ufeff", "ab"),
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
