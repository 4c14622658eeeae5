"""Reading order from the lead on: paragraphs, photos bound to their captions, the byline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree

from mpscrawler.items import Image
from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.blocks import Block
from mpscrawler.parsers.markup import CAPTION_TAGS, HEADINGS
from mpscrawler.text import same_text

# An unfinished line this short is the page's (a footer's "MINISTRY OF PUBLIC SECURITY", a
# list's heading); a longer one is text, a paragraph cut mid-sentence as captures are.
SHORT = 15
# How many lines of links or widgets inside the text may stand before it resumes.
INTERLUDE = 8


@dataclass
class Body:
    """The article's text, photos, captions and byline."""

    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    byline_raw: str | None = None
    byline: str | None = None


def read_body(
    blocks: Sequence[Block], region: etree._Element | None = None, prose: bool = False
) -> Body:
    """Walk blocks from the lead to the byline (or the first line of furniture after the text).

    `prose`: every line of the text ends as a sentence does (true of every legacy capture), so
    a short line that does not, with no byline after it, is the page's again.
    """
    reader = _Reader(blocks, region, prose)
    for index, block in enumerate(blocks):
        if reader.take(index, block):
            break
    return reader.body


class _Reader:
    """State of one walk: the body so far and the photos still waiting for a caption."""

    def __init__(self, blocks: Sequence[Block], region: etree._Element | None, prose: bool) -> None:
        self.blocks, self.region, self.prose = blocks, region, prose
        self.body = Body()
        self.pending: list[Image] = []
        self.early: str | None = None  # a caption set before its photo, waiting for it

    def take(self, index: int, block: Block) -> bool:
        """Consume one block; True when the article has ended."""
        if block.is_image:
            self._photo(block)
            return False
        text = block.text
        if len(text) > conv.MAX_STYLED_CAPTION and not (block.linked or block.caption):
            return self._long(block)
        if self._repeat(text) or (not self.body.paragraphs and conv.is_furniture_line(text)):
            return False
        if conv.is_date_line(text):
            return self._date_line()
        name = conv.byline_name(text) or (
            text if conv.bare_name(text) and self._last(index) else None
        )
        if name and self.body.paragraphs:
            self.body.byline_raw, self.body.byline = text, name
            return True
        if self._furniture(index, block):
            # A link or a widget inside the text ("Read also: <a>…</a>", a related box, an
            # "Advertisement" label) is skipped when the text goes on to its byline after it.
            return conv.is_stop_line(text) or not self._resumes(index)
        unfinished = self._unfinished(text)
        if block.caption or (
            self.pending and not unfinished and conv.caption_like(text, block.italic)
        ):
            self._caption(conv.tidy_caption(text), index)
        elif unfinished and not self._byline_ahead(index):
            return True
        else:
            self._paragraph(block)
        return False

    def _paragraph(self, block: Block) -> None:
        """A line of the text: the body's next paragraph; photos waiting for a caption get none."""
        self.body.paragraphs.append(block.text)
        self.pending.clear()

    def _unfinished(self, text: str) -> bool:
        """With `prose`, a short line that ends no sentence: a heading or label of the page's."""
        return self.prose and not conv.ends_sentence(text) and len(text.split()) <= SHORT

    def _long(self, block: Block) -> bool:
        """A line too long to be a date, a byline, a caption or a widget: text, or the end."""
        if conv.is_stop_line(block.text):  # a long footer: "Copyright © … Address: … Tel: …"
            return True
        self._paragraph(block)  # unfinished or not: a capture cut mid-sentence
        return False

    def _furniture(self, index: int, block: Block) -> bool:
        """The page's own lines after the text: search, tools, footer, lists of links.

        A short unpunctuated line over a list of links is that list's heading ("Tin khác").
        """
        if conv.is_stop_line(block.text):
            return True
        if not self.body.paragraphs:
            return False
        if conv.is_furniture_line(block.text) or block.linked:
            return True
        if conv.ends_sentence(block.text) or len(block.text.split()) > 6:
            return False
        following = next((b for b in islice(self.blocks, index + 1, None) if not b.is_image), None)
        return following is None or following.linked

    def _photo(self, block: Block) -> None:
        """A photo joins the article once, waiting for the caption under it (if not set over it)."""
        early, self.early = self.early, None
        if any(image.url == block.src for image in self.body.images):
            return
        image = Image(url=block.src or "", alt=block.alt, caption=early)
        self.body.images.append(image)
        if early is None:
            self.pending.append(image)

    def _caption(self, text: str, index: int) -> None:
        """Bind a caption to the first photo still without one, or to the photo it stands over.

        `<figure><figcaption>…</figcaption><img></figure>`, a table's `<caption>`: the caption
        comes first in the page and CSS shows it below its photo.
        """
        if self.pending:
            self.pending.pop(0).caption = text
        elif self._over_photo(index):
            self.early = text
        self.body.captions.append(text)

    def _over_photo(self, index: int) -> bool:
        """True when block `index` is a caption whose photo follows it in the same container."""
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        element = self.blocks[index].element
        if element is None or element.tag not in CAPTION_TAGS:
            return False  # a caption-class line: it stands under its photo
        container = element.getparent()
        return (
            following is not None
            and following.is_image
            and container is not None
            and _within(following.element, container)
        )

    def _repeat(self, text: str) -> bool:
        """2024 pages show each caption twice (alt/title, then caption): the second is not text."""
        last = self.body.captions[-1] if self.body.captions else None
        if self.pending or last is None or abs(len(text) - len(last)) > 3:
            return False
        return same_text(conv.tidy_caption(text), last)

    def _date_line(self) -> bool:
        """A date before the text is the article's own; after it, related items begin."""
        if len(self.body.paragraphs) <= 1:
            return False
        # English era C ends with related items, a title then its date:
        # "Prime Minister Pham Minh Chinh inspects disaster relief work …" / "04/08/2025".
        if not self.body.paragraphs[-1].rstrip().endswith((".", "!", "?", "”", '"', ":")):
            self.body.paragraphs.pop()
        return True

    def _resumes(self, index: int) -> bool:
        """True when the article's byline follows block `index`, after its text or a few lines.

        Not across a stop line, a date line or another article's `MPS - ` lead: what follows
        those is a list of other articles, whatever authors it names.
        """
        # A legacy text's region is its lead's parent, which may hold that paragraph alone
        # (`<div class="block block--text">`): there the text's conventions bound the scan.
        prose, between, scope = False, 0, None if self.prose else self.region
        for at in range(index + 1, len(self.blocks)):
            block = self.blocks[at]
            if block.is_image:
                continue
            text = block.text
            if scope is not None and not _within(block.element, scope):
                return False  # past the article's container: another text's byline
            if conv.is_stop_line(text) or conv.is_date_line(text):
                return False
            if not block.linked and conv.is_lead(text):
                return False
            if conv.byline_name(text) or (conv.bare_name(text) and self._last(at)):
                return True
            if not prose and not block.linked and not self._unfinished(text):
                prose = not conv.is_furniture_line(text) and len(text.split()) > SHORT
            between += not prose
            if between > INTERLUDE:
                return False
        return False

    def _byline_ahead(self, index: int) -> bool:
        """True when a `by …` line follows before the page's furniture does."""
        for block in islice(self.blocks, index + 1, None):
            if block.is_image:
                continue
            if conv.byline_name(block.text):
                return True
            if block.linked or conv.is_stop_line(block.text) or conv.is_furniture_line(block.text):
                return False
        return False

    def _last(self, index: int) -> bool:
        """True when nothing of the article follows block `index` (a bare-name byline).

        With `prose`, a short line that ends no sentence is the page's too ("Your comments").
        """
        for block in islice(self.blocks, index + 1, None):
            if block.is_image:
                continue
            outside = self.region is not None and not _within(block.element, self.region)
            return (
                outside
                or self._unfinished(block.text)
                or block.linked
                or block.tag in HEADINGS
                or conv.is_furniture_line(block.text)
                or conv.is_stop_line(block.text)
                or conv.is_date_line(block.text)
            )
        return True


def _within(element: etree._Element | None, region: etree._Element) -> bool:
    """True when `element` is `region` or inside it."""
    return element is not None and (element is region or region in element.iterancestors())
