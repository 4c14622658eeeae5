"""The page as lines: what `linearize` joins, splits and leaves out of the visible text."""

from __future__ import annotations

import pytest
from lxml import etree

from mpscrawler.parsers.blocks import linearize

BASE = "http://en.bocongan.gov.vn/news-events/x-t1.html"


def lines(markup: str) -> list[str]:
    """The text lines `linearize` finds in a body of `markup`."""
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    return [b.text for b in linearize(root.find("body"), BASE, furniture=False) if not b.src]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # A drop cap shown as a letter, the same letter again for screen readers only.
        (
            '<p><span class="dropcap" aria-hidden="true">M</span><span class="sr-only">M</span>'
            "PS - The meeting took place.</p>",
            ["MPS - The meeting took place."],
        ),
        (
            '<p><span class="screen-reader-text">Posted </span>December, 17 2020</p>',
            ["December, 17 2020"],
        ),
        (
            "<h1>MPS hosts year-end meeting<br>with press and media</h1>",
            ["MPS hosts year-end meeting with press and media"],
        ),
        ("<p>One line<br>and the next</p>", ["One line", "and the next"]),
        (
            '<p>Delegates <img src="/i/flag.png" width="16" height="12" alt=""> attended.</p>',
            ["Delegates attended."],
        ),
    ],
    ids=["sr-only", "screen-reader-text", "br-in-heading", "br-in-paragraph", "inline-icon"],
)
def test_lines(markup: str, expected: list[str]) -> None:
    assert lines(markup) == expected
