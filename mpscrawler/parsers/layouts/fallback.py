"""Any other page: metadata first, then the main text block, marked `layout: "fallback"`."""

from __future__ import annotations

from collections.abc import Sequence

from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.blocks import Block
from mpscrawler.parsers.body import read_body
from mpscrawler.parsers.dates import parse_date_line
from mpscrawler.parsers.document import section
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.layouts.legacy import find_date, find_title, page_blocks, title_text
from mpscrawler.text import same_text

MIN_LEAD = 60


def extract(page: Page) -> Fields | None:
    """Fields from the standfirst (or first real paragraph) on; None when there is no text."""
    blocks = page_blocks(page)
    title_at = find_title(blocks, page.meta.title)
    start = title_at + 1 if title_at is not None else 0
    lead_at = find_lead(blocks, start, page.meta.description)
    if lead_at is None:
        return None
    date_at = find_date(blocks, start, lead_at)
    name, link = section(page.doc, page.url)
    if date_at is None and not page.meta.published:
        return None  # no date anywhere: not an article (a challenge or error page, a listing)
    return Fields(
        layout="fallback",
        title=title_text(blocks, title_at, date_at, page.meta.title),
        lead=blocks[lead_at].text,
        body=read_body(blocks[lead_at:], region=_region(blocks[lead_at])),
        published_raw=blocks[date_at].text if date_at is not None else None,
        shown_date=parse_date_line(blocks[date_at].text) if date_at is not None else None,
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


def _region(block: Block):  # noqa: ANN202
    """The element around the lead paragraph: what lies outside it is not the article."""
    element = block.element
    return element.getparent() if element is not None and element.tag == "p" else element
