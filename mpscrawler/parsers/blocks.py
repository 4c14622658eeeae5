"""The visible page as a flat list of text lines and photos in reading order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from mpscrawler.parsers.markup import (
    ARCHIVE_IDS,
    BLOCK_TAGS,
    CAPTION_CLASS,
    CAPTION_TAGS,
    FURNITURE,
    HAS_H1,
    IMAGE_FILE,
    ITALIC_TAGS,
    SKIP_TAGS,
)
from mpscrawler.text import clean
from mpscrawler.urls import original_url


@dataclass(slots=True)
class Block:
    """One line of visible text, or one photo (`src` set), with cues about where it sits."""

    text: str = ""
    tag: str = ""
    element: etree._Element | None = None
    italic: bool = False
    caption: bool = False
    src: str | None = None
    alt: str | None = None
    linked: bool = False  # most of the line is the text of links (menus, tools, related lists)

    @property
    def is_image(self) -> bool:
        """True for a photo block."""
        return self.src is not None


def is_hidden(el: etree._Element) -> bool:
    """Never text: scripts, styles, form controls, `<nav>`, the web archive's toolbar."""
    tag = el.tag
    return tag in SKIP_TAGS or (tag == "div" and el.get("id") in ARCHIVE_IDS)


def is_furniture(el: etree._Element) -> bool:
    """Menus, search boxes, share bars, related lists and the like, by tag, class or id."""
    if is_hidden(el):
        return True
    if el.tag in {"header", "footer"}:
        # Inside `<article>` a header holds the title and a footer may hold the byline.
        return not _inside_article(el) and (el.tag == "footer" or not HAS_H1(el))
    marker = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(marker.strip()) and bool(FURNITURE.search(marker)) and not HAS_H1(el)


def _inside_article(el: etree._Element) -> bool:
    """True when an `<article>` or `<main>` holds the element."""
    return any(a.tag in {"article", "main"} for a in el.iterancestors())


def linearize(root: etree._Element, base_url: str, furniture: bool = True) -> list[Block]:
    """Flatten `root` into blocks; `<br>` and block elements split lines.

    `furniture=False` keeps what class and id names call furniture: the text conventions, not
    the markup, then say where the article is.
    """
    walker = _Walker(base_url, is_furniture if furniture else is_hidden)
    walker.visit(root, italic=False)
    walker.flush()
    return walker.blocks


class _Walker:
    """Depth-first walk that buffers inline text and emits a block at each block boundary."""

    def __init__(self, base_url: str, skip: Callable[[etree._Element], bool]) -> None:
        self.base_url, self.skip = base_url, skip
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.links = 0  # depth of `<a href>` (not to an image file) around the walk
        self.linked_chars = self.chars = 0
        self.worded = False  # the buffer holds more than white space
        self.upright = False  # some text of the buffer is not in <em>/<i>
        self.owners: list[etree._Element] = []
        self.captionish: list[bool] = []  # per owner: a caption container

    def visit(self, el: etree._Element, italic: bool) -> None:
        """Blocks of one element and its descendants (not its tail)."""
        tag = el.tag
        if not isinstance(tag, str) or self.skip(el):
            return
        italic = italic or tag in ITALIC_TAGS
        if tag == "img":
            if not self.links:  # a linked image is an icon, a banner or a related thumbnail
                if self.pieces:
                    self.flush()
                self.image(el)
            return
        link = tag == "a" and not IMAGE_FILE.search(el.get("href") or ".jpg")
        self.links += link
        block = tag in BLOCK_TAGS or tag == "br"
        if block:
            if self.pieces:
                self.flush()
            self.owners.append(el)
            self.captionish.append(_captionish(el))
        if el.text:
            self.add(el.text, italic)
        for child in el:
            self.visit(child, italic)
            if child.tail:
                self.add(child.tail, italic)
        self.links -= link
        if block:
            if self.pieces:
                self.flush()
            self.owners.pop()
            self.captionish.pop()

    def add(self, text: str, italic: bool) -> None:
        """Buffer inline text."""
        self.pieces.append(text)
        if not text.isspace():
            self.worded, self.upright = True, self.upright or not italic
            size = len(text.strip())
            self.chars += size
            if self.links:
                self.linked_chars += size

    def flush(self) -> None:
        """Emit the buffered inline text as one block."""
        text = clean("".join(self.pieces)) if self.worded else None
        if text:
            owner = self.owners[-1] if self.owners else None
            self.blocks.append(
                Block(
                    text=text,
                    tag=owner.tag if owner is not None else "",
                    element=owner,
                    italic=not self.upright,
                    caption=any(self.captionish[-3:]),
                    linked=self.linked_chars * 2 > self.chars,
                )
            )
        self.pieces, self.worded, self.upright = [], False, False
        self.linked_chars = self.chars = 0

    def image(self, el: etree._Element) -> None:
        """A photo block; lazy-loading attributes win over a placeholder `src`."""
        src = next((el.get(a) for a in ("data-src", "data-original", "src") if el.get(a)), None)
        if not src or src.startswith("data:") or _tiny(el):
            return
        alt = clean(el.get("alt")) or clean(el.get("title"))
        owner = self.owners[-1] if self.owners else None
        src = src.strip()
        if src.startswith("/") and not src.startswith("//"):
            url = original_url(self.origin + src)  # a root-relative path: no urljoin needed
        else:
            url = original_url(urljoin(self.base_url, src))
        self.blocks.append(Block(element=owner, src=url, alt=alt))


def _captionish(el: etree._Element) -> bool:
    """A caption container: `<figcaption>`, table `<caption>`, or a class that says so."""
    classes = el.get("class")
    return el.tag in CAPTION_TAGS or (classes is not None and bool(CAPTION_CLASS.search(classes)))


def _tiny(el: etree._Element) -> bool:
    """Icons and spacers: declared 40 px or smaller."""
    sizes = [el.get("width", ""), el.get("height", "")]
    return any(s.isdigit() and int(s) <= 40 for s in sizes)
