"""The visible page as a flat list of text lines and photos in reading order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree

from mpscrawler.parsers.markup import (
    ARCHIVE_IDS,
    BLOCK_TAGS,
    CAPTION_CLASS,
    CAPTION_TAGS,
    HAS_H1,
    HEADINGS,
    ICON_FILE,
    ICON_WORDS,
    IMAGE_FILE,
    IMAGE_TAGS,
    ITALIC_TAGS,
    SKIP_TAGS,
    TOOL_CALL,
    UNSEEN_CLASS,
    UNSEEN_STYLE,
    furniture_marker,
    is_furniture,
)
from mpscrawler.text import clean
from mpscrawler.urls import original_url

# `is_furniture` looks inside these (an `<article>`'s header holds its title).
FRAME_TAGS = frozenset({"header", "footer"})
ICON, THUMBNAIL = 40, 120  # px, as `<img width height>` declare them
MIN_FOLDER = 8  # characters of a folder name that tells one image's from others ("2020" not)


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


def linearize(root: etree._Element, base_url: str, furniture: bool = True) -> list[Block]:
    """Flatten `root` into blocks; `<br>` and block elements split lines.

    `furniture=False` keeps what class and id names call furniture: the text conventions, not
    the markup, then say where the article is.
    """
    walker = _Walker(base_url, furniture)
    walker.visit(root, italic=False)
    walker.flush()
    return walker.blocks


class _Walker:
    """Depth-first walk that buffers inline text and emits a block at each block boundary.

    The hot loop of every legacy parse (about 40 elements and 30 lines on a 3 KB page): the
    hidden-tag test is inlined and each owner carries its tag and caption flag, computed once.
    """

    __slots__ = (
        "base_url",
        "blocks",
        "captionish",
        "chars",
        "furniture",
        "away",
        "nowhere",
        "last_image",
        "linked_chars",
        "links",
        "origin",
        "owners",
        "pieces",
        "upright",
    )

    def __init__(self, base_url: str, furniture: bool) -> None:
        self.base_url, self.furniture = base_url, furniture
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.links = 0  # depth of `<a href>` (not to an image file) around the walk
        self.away: list[str] = []  # of them, those to another page (not `javascript:`, `#`)
        self.nowhere: list[etree._Element] = []  # the others around the walk, innermost last
        self.last_image: etree._Element | None = None  # the `<img>` of the last photo block
        self.linked_chars = self.chars = 0  # chars > 0 once the buffer holds a word
        self.upright = False  # some text of the buffer is not in <em>/<i>
        self.owners: list[tuple[etree._Element, str, bool]] = []  # element, tag, caption lines
        self.captionish: list[bool] = []  # per owner: a caption container itself

    def visit(self, el: etree._Element, italic: bool) -> None:
        """Blocks of one element and its descendants (not its tail)."""
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            if tag == "noscript" and not self.away and not self._repeats(el):
                for image in el.iter(*IMAGE_TAGS):  # a lazy page's real `<img>` is in there
                    self.image(image)
            return
        if self.furniture and self._skipped(el, tag):
            return
        classes = None
        if el.keys():  # most elements have no attribute: one call for all three tests
            get = el.get
            if tag == "div" and get("id") in ARCHIVE_IDS:  # the web archive's toolbar
                return
            style, classes = get("style"), get("class")
            if style is not None and _unseen_style(style):
                return
            if classes is not None and _unseen_class(classes):
                return
        if tag in IMAGE_TAGS:
            # An image linked to a page is an icon, a banner or a related thumbnail, unless the
            # page shows it larger; one in a link that opens nothing may be a tool's icon.
            if self.away and not _enlarges(self.away[-1], _source(el)):
                return
            if not (self.nowhere and _tool(self.nowhere[-1])):
                self.image(el)
            return
        if tag == "br" and self.owners and self.owners[-1][1] in HEADINGS:
            self.add(" ", italic)  # "MPS hosts year-end meeting<br>with press and media"
            return
        italic = italic or tag in ITALIC_TAGS
        block = tag in BLOCK_TAGS or tag == "br"
        if block and not len(el):
            self.leaf(el, tag, italic, classes)
            return
        link = away = False
        if tag == "a":  # a link not to an image file: its text is linked, a photo in it may not be
            href = el.get("href")
            if href is not None and not IMAGE_FILE.search(href):
                link, away = True, not _nowhere(href)
                self.links += 1
                if away:
                    self.away.append(href)
                else:
                    self.nowhere.append(el)
        if block:
            self.open(el, tag, classes)
        if el.text:
            self.add(el.text, italic)
        for child in el:
            self.visit(child, italic)
            if child.tail:
                self.add(child.tail, italic)
        if link:
            self.links -= 1
            if away:
                self.away.pop()
            else:
                self.nowhere.pop()
        if block:
            self.close()

    def _skipped(self, el: etree._Element, tag: str) -> bool:
        """What markup names furniture (with `furniture`; `visit` tests the archive's toolbar).

        `is_furniture`'s tests less those `visit` has made, and none for the many elements
        without a class or an id (a `<p>`, `<td>`, `<span>`, `<br>` of the text).
        """
        ident = el.get("id")
        if tag in FRAME_TAGS:
            return is_furniture(el)
        classes = el.get("class")
        if classes is None and ident is None:
            return False
        return furniture_marker(f"{classes or ''} {ident or ''}") and not HAS_H1(el)

    def open(self, el: etree._Element, tag: str, classes: str | None) -> None:
        """A block element starts: the buffer so far is a line; its lines are its own."""
        if self.pieces:
            self.flush()
        own = _caption_container(tag, classes)
        self.owners.append((el, tag, own or any(self.captionish[-2:])))
        self.captionish.append(own)

    def leaf(self, el: etree._Element, tag: str, italic: bool, classes: str | None) -> None:
        """A block element without children (most `<p>`, `<li>`, `<td>`, `<br>`): one line.

        What `open`, `add` and `close` would do, in one call: its text is the whole line.
        """
        if self.pieces:
            self.flush()
        text = el.text
        line = clean(text) if text and not text.isspace() else None
        if line:
            caption = _caption_container(tag, classes) or any(self.captionish[-2:])
            self.blocks.append(Block(line, tag, el, italic, caption, None, None, self.links > 0))

    def close(self) -> None:
        """A block element ends: the buffer is a line."""
        if self.pieces:
            self.flush()
        self.owners.pop()
        self.captionish.pop()

    def add(self, text: str, italic: bool) -> None:
        """Buffer inline text; white space before any word is dropped (the line is cleaned)."""
        if text.isspace():
            if self.chars:
                self.pieces.append(text)
            return
        self.pieces.append(text)
        self.upright = self.upright or not italic
        size = len(text.strip())
        self.chars += size
        if self.links:
            self.linked_chars += size

    def flush(self) -> None:
        """Emit the buffered inline text as one block."""
        text = clean("".join(self.pieces))
        if text:
            owner, tag, caption = self.owners[-1] if self.owners else (None, "", False)
            linked = self.linked_chars * 2 > self.chars
            self.blocks.append(Block(text, tag, owner, not self.upright, caption, linked=linked))
        self.pieces, self.upright = [], False
        self.linked_chars = self.chars = 0

    def _repeats(self, noscript: etree._Element) -> bool:
        """The `<noscript>` right after the lazy `<img>` that gave the last photo: its twin."""
        before = noscript.getprevious()
        return before is not None and before is self.last_image

    def image(self, el: etree._Element) -> None:
        """A photo block; lazy-loading attributes win over a placeholder `src`.

        WP Rocket: `src="data:image/svg+xml,…" data-lazy-src="/wp-content/uploads/….jpg"`.
        """
        src = _source(el)
        if src is None or _tiny(el) or _icon(src):
            return  # an icon in a line does not split it
        if self.pieces:
            self.flush()
        alt = clean(el.get("alt")) or clean(el.get("title"))
        owner = self.owners[-1][0] if self.owners else None
        src = src.strip()
        if src.startswith("/") and not src.startswith("//"):
            url = original_url(self.origin + src)  # a root-relative path: no urljoin needed
        else:
            try:
                url = original_url(urljoin(self.base_url, src))
            except ValueError:  # "http://[x/a.jpg": no URL, no photo
                return
        self.blocks.append(Block(element=owner, src=url, alt=alt))
        self.last_image = el


def _source(el: etree._Element) -> str | None:
    """The address of an image: lazy-loading attributes first; None for a placeholder.

    echo.js keeps it in `data-echo` beside `src="blank.gif"`, lazysizes in `data-srcset`.
    """
    get = el.get
    src = (
        get("data-src")
        or get("data-lazy-src")
        or get("data-original")
        or get("data-echo")
        or _first_candidate(get("data-srcset"))
        or get("src")
        or _first_candidate(get("srcset"))
    )
    return None if not src or src.startswith("data:") else src


def _first_candidate(srcset: str | None) -> str | None:
    """The first URL of a `srcset` ("a.jpg 300w, b.jpg 1024w")."""
    candidates = (c.split()[0] for c in (srcset or "").split(",") if c.strip())
    return next(candidates, None)


def _caption_container(tag: str, classes: str | None) -> bool:
    """A caption container: `<figcaption>`, table `<caption>`, or a class that says so."""
    return tag in CAPTION_TAGS or (classes is not None and _caption_class(classes))


@lru_cache(maxsize=4096)
def _unseen_style(style: str) -> bool:
    """A style that hides its element: `display:none` (a print copy, SEO text)."""
    return bool(UNSEEN_STYLE.search(style))


@lru_cache(maxsize=4096)
def _unseen_class(classes: str) -> bool:
    """Classes that hide text from the eye, for screen readers only (`sr-only`)."""
    return bool(UNSEEN_CLASS.search(classes))


@lru_cache(maxsize=4096)
def _caption_class(classes: str) -> bool:
    """A class attribute that names a caption (pages repeat a few class names)."""
    return bool(CAPTION_CLASS.search(classes))


def _enlarges(href: str, src: str | None) -> bool:
    """A link to the page that shows the image larger: its URL holds the image's file name or
    a long name of the image's folders as a whole part.

    Blogger links `…/AVvXsEg7564x1Qz/s640/7564-1.jpg` to `…/AVvXsEg7564x1Qz/s1600/`, Plone
    `…/7564-1.jpg/@@images/image/preview` to `…/7564-1.jpg/image_view_fullscreen`.
    """
    if not src:
        return False
    try:
        parts = [p for p in urlsplit(src).path.split("/") if p]
    except ValueError:  # "http://[x/a.jpg"
        return False
    names = parts[-1:] + [p for p in parts[-3:-1] if len(p) >= MIN_FOLDER]
    held = set(re.split(r"[/?&=#]", href))
    return any(name in held for name in names)


def _nowhere(href: str) -> bool:
    """A link that opens no page: `javascript:…`, `#…` or empty."""
    start = href.lstrip()
    return not start or start[0] == "#" or start[:11].lower() == "javascript:"


def _tool(link: etree._Element) -> bool:
    """A link opening no page that is a tool: labelled ("Print"), or calling one (`print()`)."""
    code = f"{link.get('href')} {link.get('onclick') or ''}"
    return any(not text.isspace() for text in link.itertext()) or bool(TOOL_CALL.search(code))


def _tiny(el: etree._Element) -> bool:
    """Icons and spacers (declared 40 px or smaller), thumbnails (120 px or smaller both ways).

    A gallery's strip of thumbnails repeats its photos: `7642-4_thumb.jpg`, 100 × 66.
    """
    width, height = el.get("width", ""), el.get("height", "")
    wide = int(width) if width.isdecimal() else None
    high = int(height) if height.isdecimal() else None
    if (wide is not None and wide <= ICON) or (high is not None and high <= ICON):
        return True
    return wide is not None and high is not None and wide <= THUMBNAIL and high <= THUMBNAIL


def _icon(src: str) -> bool:
    """An image file named as an icon (`icon-author.png`, `bullet_red.gif`, `spacer.gif`)."""
    low = src.lower()
    return any(word in low for word in ICON_WORDS) and bool(ICON_FILE.search(low))
