"""Any other page: metadata first, then the main text block, marked `layout: "fallback"`."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.blocks import Block
from mpscrawler.parsers.body import Body, read_body
from mpscrawler.parsers.datelines import DateLine, find_dateline
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.reading import (
    headline,
    page_blocks,
    title_above,
)
from mpscrawler.parsers.sections import section
from mpscrawler.text import same_text

MIN_LEAD = 60


def extract(page: Page) -> Fields | None:
    """Fields from the standfirst (or first real paragraph) on; None when there is no text."""
    blocks = page_blocks(page)
    if any(b.text == conv.BANNER for b in blocks):
        # "Ministry of Public Security Portal is under construction": a legacy page, and the
        # legacy layout found no `MPS - ` lead on it.
        raise ParseError("legacy page without its article text", page.url)
    title_at = headline(blocks, page.meta)
    lead_at = find_lead(blocks, title_at + 1 if title_at is not None else 0, page.meta.description)
    if lead_at is None:
        return None
    # The current site shows its date after the lead: a few lines past it count.
    dateline = find_dateline(blocks, title_at, min(lead_at + 4, len(blocks)), inline=False)
    if dateline is None and not page.meta.published:
        return None  # no date anywhere: not an article (a challenge or error page, a listing)
    name, link = section(page.doc, page.url)
    return Fields(
        layout="fallback",
        title=title(blocks, title_at, dateline, page.meta.title),
        lead=blocks[lead_at].text,
        body=body(blocks, lead_at),
        published_raw=dateline.raw if dateline else None,
        shown_date=dateline.value if dateline else None,
        tags=page.meta.keywords,
        section=name,
        section_url=link,
    )


def find_lead(blocks: Sequence[Block], start: int, description: str | None) -> int | None:
    """The line equal to the meta description, else the first paragraph long enough to be text."""
    texts = [(i, b) for i, b in enumerate(blocks) if i >= start and not b.is_image]
    for i, block in texts:
        if same_text(block.text, description):
            return i
    for i, block in texts:
        if len(block.text) >= MIN_LEAD and not conv.is_stop_line(block.text):
            return i
    return None


def title(
    blocks: Sequence[Block], title_at: int | None, dateline: DateLine | None, meta: str | None
) -> str | None:
    """The visible headline; else the metadata title; else the line above the date."""
    if title_at is not None:
        return blocks[title_at].text
    return meta or (title_above(blocks, dateline.index) if dateline else None)


def body(blocks: Sequence[Block], lead_at: int) -> Body:
    """From the lead on; what lies outside the element around the lead is not the article."""
    return read_body(blocks[lead_at:], region=_region(blocks[lead_at]))


def _region(block: Block) -> etree._Element | None:
    """The element around the lead paragraph."""
    element = block.element
    return element.getparent() if element is not None and element.tag == "p" else element
