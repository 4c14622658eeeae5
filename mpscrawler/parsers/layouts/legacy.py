"""Eras A and B (2017–2025): `/{section}/{slug}-t{ID}.html`, read from the site's text conventions.

The markup of these pages is not known, only their text; so this layout rests on what any
rendering keeps: one `<h1>` or the metadata title, the `December, 17 2020` date line, the
`MPS - ` lead, short caption lines under photos and the byline as the last line.
"""

from __future__ import annotations

from collections.abc import Sequence

from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.blocks import Block, linearize
from mpscrawler.parsers.body import read_body
from mpscrawler.parsers.dates import parse_date_line
from mpscrawler.parsers.document import section
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.text import same_text

BODY = "//body"


def extract(page: Page) -> Fields | None:
    """Fields of a legacy page; None when it has no `MPS - ` lead."""
    blocks = page_blocks(page)
    title_at = find_title(blocks, page.meta.title)
    start = title_at + 1 if title_at is not None else 0
    lead_at = next((i for i in range(start, len(blocks)) if conv.is_lead(blocks[i].text)), None)
    if lead_at is None:
        return None
    date_at = find_date(blocks, start, lead_at)
    name, link = section(page.doc, page.url)
    banner = any(b.text == conv.BANNER for b in blocks[: lead_at + 1])
    return Fields(
        layout="legacy-banner" if banner else "legacy",
        title=title_text(blocks, title_at, date_at, page.meta.title),
        lead=blocks[lead_at].text,
        body=read_body(blocks[lead_at:], region=blocks[lead_at].element.getparent()),
        published_raw=blocks[date_at].text if date_at is not None else None,
        shown_date=parse_date_line(blocks[date_at].text) if date_at is not None else None,
        tags=page.meta.keywords,
        section=name,
        section_url=link,
    )


def page_blocks(page: Page) -> list[Block]:
    """The visible page as blocks (from `<body>`, or the whole tree)."""
    roots = page.doc.xpath(BODY)
    return linearize(roots[0] if roots else page.doc, page.url)


def find_title(blocks: Sequence[Block], meta_title: str | None) -> int | None:
    """Index of the headline: the `<h1>`, else the line equal to the metadata title."""
    for i, block in enumerate(blocks):
        if block.tag == "h1" and block.text != conv.BANNER:
            return i
    return next((i for i, b in enumerate(blocks) if same_text(b.text, meta_title)), None)


def find_date(blocks: Sequence[Block], start: int, stop: int) -> int | None:
    """Index of the date line between the headline and the lead (or the first one after it)."""
    span = range(max(start - 1, 0), min(stop + 4, len(blocks)))
    return next(
        (i for i in span if not blocks[i].is_image and conv.is_date_line(blocks[i].text)), None
    )


def title_text(
    blocks: Sequence[Block], title_at: int | None, date_at: int | None, meta_title: str | None
) -> str | None:
    """The visible headline; else the metadata title; else the line above the date."""
    if title_at is not None:
        return blocks[title_at].text
    if meta_title:
        return meta_title
    above = [b.text for b in blocks[:date_at] if b.text and not conv.is_furniture_line(b.text)]
    return above[-1] if date_at is not None and above else None
