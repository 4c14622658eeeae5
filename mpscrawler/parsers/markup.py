"""What the markup says, whatever the layout: block and hidden tags, furniture and caption names."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "button",
        "select",
        "input",
        "textarea",
        "iframe",
        "audio",
        "video",
        "object",
        "embed",
        "map",
        "canvas",
        "nav",
        "aside",
        "head",
        "link",
        "meta",
    ]
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
ITALIC_TAGS = frozenset({"em", "i"})
CAPTION_TAGS = frozenset({"figcaption", "caption"})
# Page furniture by class or id: menus, search, share/print, related and most-read lists, counters,
# the current site's text-to-speech player (`#text-to-speech`) and its `#action-social` bar.
FURNITURE = re.compile(
    r"(^|[\s_-])(menu|navbar|nav|breadcrumbs?|search|share|sharing|social|print|related|"
    r"most-?read|most-?view|popular|other-?news|sidebar|banner|advert|ads|comments?|counter|"
    r"view-?count|text-to-speech|tts|player|pagination|pager|toolbar|tags?|footer|header|"
    r"action-social|card-small|card-medium|card-large)($|[\s_-])",
    re.I,
)
HAS_H1 = etree.XPath("boolean(.//h1)")
# The web archive's playback toolbar: `<div id="wm-ipp-base">`, `<div id="wm-ipp-print">The
# Wayback Machine - https://web.archive.org/web/…</div>`, and its donation banner.
ARCHIVE_IDS = frozenset({"wm-ipp-base", "wm-ipp", "wm-ipp-print", "donato", "wm-capinfo"})
# A style that hides its element: `<div id="printArea" style="display:none">` holds a copy of the
# text for printing, `<span style="display: none">` a headline for search engines.
UNSEEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Text for screen readers only: WordPress's `<span class="screen-reader-text">Posted </span>`,
# Bootstrap's `sr-only` copy of a drop cap's letter ("MMPS - …" otherwise).
UNSEEN_CLASS = re.compile(
    r"(?:^|\s)(?:sr-only|screen-reader-(?:text|only)|visually-?hidden|element-invisible|"
    r"assistive-text|show-for-sr)(?:$|\s)",
    re.I,
)
# A link to an image file, or to a script that serves one: `/ImageHandler.ashx?file=….jpg&w=1200`.
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp)(?:$|[?#&/])", re.I)
# A link that opens no page (`javascript:void(0);` of a lightbox, `#`): a photo alone inside it
# is shown larger; one beside a label ("Print") or calling a tool is the tool's icon.
TOOL_CALL = re.compile(r"(?:print|mail|share|font|scroll)\w*\s*\(|history\.", re.I)
# Photo elements: AMP's `<amp-img>` too (its `<noscript>` fallback is never read).
IMAGE_TAGS = frozenset({"img", "amp-img"})
# Icons the template sets without a size: `/Portal/images/icon-author.png` before the byline.
ICON_WORDS = ("ico", "bullet", "arrow", "spacer", "blank", "pixel")
ICON_FILE = re.compile(rf"(?:^|[/_.-])(?:icons?|{'|'.join(ICON_WORDS)})(?:$|[/_.\d-])")
CAPTION_CLASS = re.compile(
    r"caption|chu-?thich|photo-?desc|image-?desc|img-?desc|pic-?desc|note", re.I
)


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
    return furniture_marker(marker) and not HAS_H1(el)


@lru_cache(maxsize=4096)
def furniture_marker(marker: str) -> bool:
    """Class and id names (`"{class} {id}"`) that call their element furniture."""
    return bool(marker.strip()) and bool(FURNITURE.search(marker))


def _inside_article(el: etree._Element) -> bool:
    """True when an `<article>` or `<main>` holds the element."""
    return any(a.tag in {"article", "main"} for a in el.iterancestors())
