"""Helpers every text-reading layout shares: the page as lines, the headline among them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.blocks import Block, linearize
from mpscrawler.parsers.dates import find_date
from mpscrawler.parsers.document import Metadata
from mpscrawler.parsers.fields import Page
from mpscrawler.parsers.markup import HEADINGS
from mpscrawler.text import same_text, text_key

# How far above the lead the headline may sit: title, date, counter, icons, print/share tools.
HEAD_LINES = 10
# "COMMIT’s 14th SOM takes place in Hanoi - Ministry of Public Security": the `<title>` is the
# headline and the site's name on either side of a separator.
SEPARATOR = r"\s*[-|–—:»·]\s*"
SEP_AFTER = re.compile(rf"{SEPARATOR}.+", re.I)
SEP_BEFORE = re.compile(rf".+{SEPARATOR}", re.I)
# How much two spellings of one headline may differ in length (spaces, a stray " .").
SLACK = 8
ELLIPSES = ("...", "…")
MIN_CUT = 8  # characters a cut `<title>` keeps, at the least, to name its headline


def page_blocks(page: Page, furniture: bool = True) -> list[Block]:
    """The visible page as blocks (from `<body>`, or the whole tree), URLs on its `<base>`."""
    root = page.doc.find("body")
    base = page.meta.base or page.url
    return linearize(root if root is not None else page.doc, base, furniture)


def find_title(blocks: Sequence[Block], meta: Metadata, stop: int) -> int | None:
    """Index of the headline above line `stop`: the line (or photo) the metadata names."""
    window = _window(blocks, stop)
    tests = (
        _same(meta.title),
        _same(meta.page_title),
        _affix(meta.page_title),
        lambda text: title_part(text, meta) != text,
        _cut_short(meta.title),
    )
    for matches in tests:
        found = next((i for i in window if matches(blocks[i].text)), None)
        if found is not None:
            return found
    # No line names it: a headline set as an image, `<img alt="COMMIT’s 14th SOM …">`.
    pictured = [i for i in range(stop - 1, head_start(blocks, stop) - 1, -1) if blocks[i].alt]
    for matches in tests[:3]:
        found = next((i for i in pictured if matches(blocks[i].alt or "")), None)
        if found is not None:
            return found
    return None


def h1_above(blocks: Sequence[Block], stop: int) -> str | None:
    """The nearest `<h1>` line above line `stop`."""
    return next((blocks[i].text for i in _window(blocks, stop) if _h1(blocks[i])), None)


def title_part(text: str, meta: Metadata) -> str:
    """The headline of a line that holds it and its date, in either order.

    "… in Hanoi December, 17 2020", "December, 06 2018 Lượt xem: 791 MPS reviews …".
    """
    for title in (meta.title, meta.page_title):
        size = len(title or "")
        if not title or len(text) <= size:
            continue
        if same_text(text[:size], title) and find_date(text[size:]):
            return text[:size]
        if same_text(text[-size:], title) and find_date(text[:-size]):
            return text[-size:]
    return text


def headline(blocks: Sequence[Block], meta: Metadata) -> int | None:
    """Index of the page's first `<h1>`, else of the first line equal to the metadata title."""
    found = next((i for i, b in enumerate(blocks) if _h1(b)), None)
    if found is None:
        found = next((i for i, b in enumerate(blocks) if same_text(b.text, meta.title)), None)
    return found


def title_above(blocks: Sequence[Block], at: int) -> str | None:
    """The nearest line above line `at` that can be a headline (not a link, widget or date)."""
    for block in reversed(blocks[:at]):
        if not _skippable(block):
            return _shown(block) if headline_like(_shown(block)) else None
    return None


def title_below(blocks: Sequence[Block], at: int, stop: int) -> str | None:
    """The first line between line `at` and `stop` that can be a headline (a date above it)."""
    for block in blocks[at + 1 : stop]:
        if not _skippable(block):
            return _shown(block) if headline_like(_shown(block)) else None
    return None


def _skippable(block: Block) -> bool:
    """Photos, links (but a headline that links to its page), widget lines: no headline.

    A photo whose alt reads as a headline is one: the headline set as an image.
    """
    if block.is_image:
        return not (block.alt and headline_like(block.alt))
    linked = block.linked and block.tag not in HEADINGS
    return linked or conv.is_furniture_line(block.text)


def _shown(block: Block) -> str:
    """The text a line shows: a photo's alt."""
    return (block.alt or "") if block.is_image else block.text


def headline_like(text: str) -> bool:
    """Two words or more, no date, no full stop (the portal's headlines end without one).

    Nor a colon: "Ngày đăng:" before a date is the template's label.
    """
    words = len(text.split()) >= 2 and not text.endswith((".", ":"))
    return words and not conv.is_date_line(text)


def _h1(block: Block) -> bool:
    """An `<h1>` line that is not the era-A banner."""
    return block.tag == "h1" and block.text != conv.BANNER


def _window(blocks: Sequence[Block], stop: int) -> list[int]:
    """Indexes of the text lines just above `stop`, closest first."""
    return [i for i in range(stop - 1, head_start(blocks, stop) - 1, -1) if blocks[i].src is None]


def head_start(blocks: Sequence[Block], stop: int) -> int:
    """First index of the few text lines above `stop` (counted back from it).

    Lines of links and widgets are not counted: a template may set lists of share and
    font-size links between the date line and the text.
    """
    seen = 0
    for i in range(stop - 1, -1, -1):
        block = blocks[i]
        seen += block.src is None and not block.linked and not conv.is_furniture_line(block.text)
        if seen == HEAD_LINES:
            return i
    return 0


def _same(title: str | None) -> Callable[[str], bool]:
    """A test for a line equal to `title` (lines of another length are not compared)."""
    size = len(title or "")
    keys: list[str] = []  # the title's key, made once at the first line compared

    def matches(text: str) -> bool:
        if title is None or abs(len(text) - size) > SLACK:
            return False
        if not keys:
            keys.append(text_key(title))
        return text_key(text) == keys[0]

    return matches


def _cut_short(title: str | None) -> Callable[[str], bool]:
    """A test for a line that `title` gives the start of: "… rolls out new working pl...".

    Templates cut a long `<title>` to its first characters and an ellipsis.
    """
    cut = title.rstrip(".…").rstrip() if title and title.endswith(ELLIPSES) else None
    start = text_key(cut) if cut else None

    def matches(text: str) -> bool:
        return start is not None and len(start) >= MIN_CUT and text_key(text).startswith(start)

    return matches


def _affix(title: str | None) -> Callable[[str], bool]:
    """A test for a line that is `title` less the site's name before or after a separator."""

    def matches(text: str) -> bool:
        if not title or len(text) < 8 or len(text) >= len(title):
            return False
        # The pattern matches `text` char for char, so a separator must sit right after its
        # length or right before the last as many characters: tested first, no compile a line.
        cut = len(title) - len(text)
        if not (SEP_AFTER.fullmatch(title, len(text)) or SEP_BEFORE.fullmatch(title, 0, cut)):
            return False
        quoted = re.escape(text)
        return bool(re.fullmatch(rf"(?:{quoted}{SEPARATOR}.+|.+{SEPARATOR}{quoted})", title, re.I))

    return matches
