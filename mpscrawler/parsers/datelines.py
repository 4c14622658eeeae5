"""The date line of a text-reading page: the first date by the headline, and a headline in it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time

from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.blocks import Block
from mpscrawler.parsers.dates import find_date
from mpscrawler.parsers.reading import head_start, headline_like

# What parts a date from the text beside it in its line.
DATE_SEPARATORS = " |-–·"


@dataclass(frozen=True)
class DateLine:
    """The date a page shows: where, as written, and its value."""

    index: int
    raw: str
    value: tuple[date, time | None]


def find_dateline(
    blocks: Sequence[Block], title_at: int | None, stop: int, inline: bool = True
) -> DateLine | None:
    """The first date between the headline and line `stop` (or just above the headline).

    `inline`: a date beside other text in its line counts too ("December, 17 2020 | Views: 69").
    A date labelled as the last update ("Last updated: …", "Cập nhật: …") gives way to the
    next date line there is.
    """
    found = _datelines(blocks, title_at, stop, inline)
    first = next(found, None)
    if first is not None and conv.is_update_line(blocks[first.index].text):
        return next(found, first)
    return first


def _datelines(
    blocks: Sequence[Block], title_at: int | None, stop: int, inline: bool
) -> Iterator[DateLine]:
    """The date lines between the headline and line `stop` (or just above it), in order."""
    start = title_at + 1 if title_at is not None else _after_text(blocks, stop)
    span = list(range(start, stop))
    if title_at is not None:
        # A headline and its date in one line, or the date just above the headline.
        span += [title_at, title_at - 1] if title_at > 0 else [title_at]
    for i in span:
        block = blocks[i]
        found = None if block.is_image else find_date(block.text)
        if found is None or not (inline or conv.is_date_line(block.text)):
            continue
        # A linked date alone in its line links to the article itself (WordPress's
        # `<a rel="bookmark"><time>`); a linked line with more in it is a related item.
        only = conv.date_only(block.text, found[0])
        if (only or not block.linked) and (i >= start - 1 or only):
            yield DateLine(i, found[0], found[1])


def title_in_dateline(date: DateLine, blocks: Sequence[Block]) -> str | None:
    """The headline-like text before (or after) the date in its line.

    "… in Hanoi December, 17 2020"; "December, 17 2020 Lượt xem: 840 COMMIT’s 14th SOM …".
    """
    text = blocks[date.index].text
    at = text.find(date.raw)
    before = conv.WEEKDAY.sub("", text[:at].rstrip()).strip(DATE_SEPARATORS)
    after = conv.COUNTER.sub("", text[at + len(date.raw) :].lstrip(DATE_SEPARATORS))
    for part in (before, after.strip(DATE_SEPARATORS)):
        if part and headline_like(part) and not conv.is_furniture_line(part):
            return part
    return None


def _after_text(blocks: Sequence[Block], stop: int) -> int:
    """First index of the head lines above `stop` that follow any other text above them.

    A lead or a long paragraph there is another article's (a list beside the text): its date
    is not this article's.
    """
    start = head_start(blocks, stop)
    for i in range(stop - 1, start - 1, -1):
        text = blocks[i].text
        if len(text) > conv.MAX_STYLED_CAPTION or conv.is_lead(text):
            return i + 1
    return start
