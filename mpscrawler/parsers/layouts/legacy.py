"""Eras A and B (2017–2025): `/{section}/{slug}-t{ID}.html`, read from the site's text conventions.

The markup of these pages is not known, only their text (`shared/portal/seed-article.txt`): so
the page is read as its visible lines, whatever elements hold them, and the article is found by
what every rendering keeps: the headline the `<title>` names, the `December, 17 2020` date line
(alone or beside an icon or a counter), the `MPS - ` lead, captions under photos and the byline
as the last line. Markup only splits lines and binds captions to photos.
"""

from __future__ import annotations

from collections.abc import Sequence

from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.blocks import Block
from mpscrawler.parsers.body import Body, read_body
from mpscrawler.parsers.datelines import DateLine, find_dateline, title_in_dateline
from mpscrawler.parsers.document import Metadata
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.fields import Fields, Page
from mpscrawler.parsers.reading import (
    find_title,
    h1_above,
    page_blocks,
    title_above,
    title_below,
    title_part,
)
from mpscrawler.parsers.sections import section

# A lead shorter than this is a menu entry or a ticker item that happens to start "MPS - ".
MIN_LEAD = 40


def extract(page: Page) -> Fields | None:
    """Fields of a legacy page; None when it has no `MPS - ` lead."""
    blocks = page_blocks(page, furniture=False)
    lead_at = find_lead(blocks, page.meta)
    if lead_at is None:
        return None
    title_at = find_title(blocks, page.meta, lead_at)
    dateline = find_dateline(blocks, title_at, lead_at)
    if dateline is None and not page.meta.published:
        raise ParseError("legacy page without its date line", page.url)
    name, link = section(page.doc, page.url)
    return Fields(
        layout=layout(blocks, lead_at),
        title=title(page, blocks, title_at, dateline, lead_at),
        lead=blocks[lead_at].text,
        body=body(blocks, lead_at),
        published_raw=dateline.raw if dateline else None,
        shown_date=dateline.value if dateline else None,
        tags=page.meta.keywords,
        section=name,
        section_url=link,
    )


def find_lead(blocks: Sequence[Block], meta: Metadata) -> int | None:
    """Index of the article's `MPS - …` paragraph: the only one, or the one under the headline.

    A "Latest news" box beside the text lists other articles, a title, a date and their own
    `MPS - ` lead each (no captured text has a second one), and their authors too. Of several
    leads, the article's is the last under the headline the metadata names (`_headed`) whose
    text runs to a byline (every complete legacy text ends with one), else the first under it;
    without one, the last of all that runs to a byline: a box above the article reads on into
    it, one below ends at its list; else the first.
    """
    found = [i for i, b in enumerate(blocks) if b.text.startswith("MPS") and _lead_like(b)]
    if len(found) <= 1:
        return found[0] if found else None
    headed = [at for at in found if _headed(blocks, meta, at)]
    # A "Latest news" box above the text may list the article itself, its lead cut short:
    # of the leads under the headline, the last that runs to a byline.
    fallback = headed[0] if headed else found[0]
    return next((at for at in reversed(headed or found) if body(blocks, at).byline), fallback)


def _headed(blocks: Sequence[Block], meta: Metadata, lead_at: int) -> bool:
    """The headline the metadata names stands above line `lead_at`, no byline between them.

    A byline ends an article: a lead after it is another's, however near the headline.
    """
    title_at = find_title(blocks, meta, lead_at)
    return title_at is not None and not any(
        conv.byline_name(b.text) for b in blocks[title_at + 1 : lead_at]
    )


def _lead_like(block: Block) -> bool:
    """A paragraph of its own that starts `MPS - `, long enough not to be a menu entry."""
    text = block.text
    return not block.is_image and not block.linked and len(text) >= MIN_LEAD and conv.is_lead(text)


def layout(blocks: Sequence[Block], lead_at: int) -> str:
    """`legacy-banner` for era A (the "under construction" banner above the text), else `legacy`."""
    banner = any(b.text == conv.BANNER for b in blocks[:lead_at])
    return "legacy-banner" if banner else "legacy"


def title(
    page: Page, blocks: Sequence[Block], at: int | None, date: DateLine | None, lead_at: int
) -> str | None:
    """The line the metadata names; else the headline-like line beside the date; else an `<h1>`.

    The line the metadata names may hold the date too, and a `<title>` cut short ("Minister
    To Lam def...") cannot say where the headline ends in it: the date line does.
    """
    if at is not None:
        line = blocks[at].text or blocks[at].alt or ""
        shown = title_part(line, page.meta)
        if shown == line and date is not None and date.index == at:
            shown = title_in_dateline(date, blocks) or line
        return shown
    beside = None
    if date is not None:
        beside = (
            title_in_dateline(date, blocks)
            or title_below(blocks, date.index, lead_at)
            or title_above(blocks, date.index)
        )
    return beside or h1_above(blocks, lead_at)


def body(blocks: Sequence[Block], lead_at: int) -> Body:
    """From the lead to the byline, or to the first line of furniture when there is none."""
    element = blocks[lead_at].element
    region = element.getparent() if element is not None else None
    return read_body(blocks[lead_at:], region=region, prose=True)
