"""The portal's own text conventions, which survive any change of markup."""

from __future__ import annotations

import re
from functools import lru_cache

from mpscrawler.editions import EDITIONS
from mpscrawler.parsers.dates import DATE_IN_LINE, parse_date_line
from mpscrawler.text import text_key

# Era A pages open with this line above the title.
BANNER = "Ministry of Public Security Portal is under construction"
# "MPS - The 14th Senior Officials Meeting …": the first paragraph of every legacy article.
LEAD_PREFIX = re.compile(r"^MPS\s*[-–—]\s*\S")
# "by Linh Chi" (2019–2022), "By Linh Bui" (2017–2019).
BY = re.compile(r"^(?:by|BY)\s*[:.]?\s+(?P<name>[^.!?:;]{2,60}?)\.?$", re.I)
EDITORIAL = re.compile(r"^(?P<name>Editorial Board|Ban Biên tập)\.?$", re.I)
# The first letters `BY` and `EDITORIAL` can match (no other character folds to them).
BYLINE_INITIALS = "bBeE"
# A bare name with diacritics, "Hoài An"; several writers joined by "-", ",", "and", "&".
_WORD = r"[A-ZÀ-ỸĐ][\wÀ-ỹ'’.-]*"
BARE_NAME = re.compile(
    rf"^(?P<name>{_WORD}(?:\s+{_WORD}){{1,4}}(?:\s*(?:,|-|–|&|and|và)\s*{_WORD}(?:\s+{_WORD}){{1,4}})*)$"
)
# A view counter at the start of what follows a date: "Lượt xem: 791 MPS reviews …".
COUNTER = re.compile(r"^(?:Lượt xem|Views?|Lượt đọc)\s*:?\s*\d[\d.,]*\s*", re.I)
# Lines of page furniture that may sit inside the article area; they never enter a field.
_FURNITURE_WORD = (
    r"(?:00:00|Nghe đọc bài|Listen(?: to (?:the )?article)?|"
    r"(?:Lượt xem|Views?|Lượt đọc)\s*:?\s*\d[\d.,]*|"
    r"A\s*A[+-]?|A[+-]|In|Print|Share|Chia sẻ|Font size|Cỡ chữ|Nữ Miền Bắc|Nam Miền Bắc|"
    r"Facebook|Twitter|Zalo|E-?mail|Copy link|Back|Quay lại|Top|Go back|"
    r"Print this (?:article|page)|"
    r"Send(?: to (?:a )?friends?)?|Gửi (?:cho )?bạn bè|In bài(?: viết)?|Về đầu trang|"
    r"Print\s*\|.*|Rate this (?:article|post)|Đánh giá(?: bài viết)?|Advertisement|Quảng cáo|"
    r"\(?\d+\s*(?:votes?|lượt bình chọn)\)?|" + re.escape(BANNER) + r")"
)
# A row of them, spaced, between bars, glued or after a label's colon: "Print | Email | Back |
# Top", "FacebookTwitter", "Font size: A- A+ Print Email".
FURNITURE_LINE = re.compile(rf"^{_FURNITURE_WORD}(?:\s*[|·/:]?\s*{_FURNITURE_WORD})*$", re.I)
# Lines after which nothing belongs to the article: search box, related and most-read lists.
STOP_LINE = re.compile(
    r"^(?:Search|Tìm kiếm|Related (?:news|articles|posts)|Other news|More news|Read more|"
    r"Most (?:read|viewed)|Latest news|Tin liên quan|Tin khác|Tin cùng chuyên mục|Tin đọc nhiều.*|"
    r"Tin tức mới cập nhật|Tags?(?:\s*:.*)?|Từ khóa(?:\s*:.*)?|Back to top|Lên đầu trang|"
    # The page's footer: "Copyright © 2017 Ministry of Public Security".
    r"(?:Copyright\b|©|Bản quyền\b).*)$",
    re.I,
)
# What sits beside a date in its line: "November, 18 2020 | Views: 8221", "… - Lượt xem: 69",
# "December, 17 2020 / News and Events".
DATE_NEIGHBOURS = re.compile(r"\s+[|·–/-]\s+|\s*\|\s*")
MAX_LABEL_WORDS = 3
# A template's words around its date, colon or not: WordPress's "Posted on <a><time>…</time></a>
# by admin" (its `updated` twin of the date inside the same link), "Ngày đăng", "Post author …".
DATE_LABEL = re.compile(
    r"^(?:posted|published|updated|last updated|date|ngày đăng|đăng ngày|đăng lúc|cập nhật)"
    r"(?:\s+(?:on|at|lúc|ngày))?\s*:?$",
    re.I,
)
UPDATE_LABEL = re.compile(r"^(?:last updated|updated|last modified|modified|cập nhật)\b", re.I)
CREDIT = re.compile(r"^(?:by|bởi|(?:post )?author\s*:?|tác giả\s*:?)\s+\S.{0,40}$", re.I)
# The sections' names as the legacy site shows them, compared as `text_key`s.
SECTION_NAMES = frozenset(
    text_key(name) for edition in EDITIONS.values() for name, _ in edition.legacy_sections.values()
)
# "Thursday, December, 17 2020": the weekday a template writes before the date (not the date).
WEEKDAY = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật),?$",
    re.I,
)
MAX_CAPTION = 170
# "An overview of the event ." (tidy_caption): a stop after white space ending the line.
STOPS = ".,;:!?"
STRAY_SPACE = re.compile(r"\s+([.,;:!?])$")
MAX_STYLED_CAPTION = 300
# "Mr. Tran Quoc Vuong delivers a keynote speech at the event." is one sentence.
ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sen|Lieut|Sr|Jr|St|No|[A-Z])\."
)
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÀ-ỸĐ\"“]")
NOT_NAMES = frozenset({"Search", "Home", "Print", "Share", "English", "Tiếng Việt", "Top"})
# Words of the site's own name and furniture, never of a writer's: "MINISTRY OF PUBLIC SECURITY".
NOT_NAME_WORDS = frozenset(
    {"ministry", "public", "security", "police", "portal", "department", "vietnam", "address"}
)


def is_date_line(text: str) -> bool:
    """True for a line that is only a date, `December, 17 2020` or `05/10/2026`."""
    return parse_date_line(text) is not None


def date_only(text: str, shown: str) -> bool:
    """True for a line of its date `shown` and what a template sets beside it: widgets, labels,
    a weekday, the date again, the author's credit, the section ("Posted: … | Views: 8")."""
    rest = DATE_IN_LINE.sub("|", text.replace(shown, "|", 1))
    pieces = (WEEKDAY.sub("", p).strip().lstrip("|·–/-") for p in DATE_NEIGHBOURS.split(rest))
    return all(not p or _beside_date(p.lstrip()) for p in pieces)


def _beside_date(piece: str) -> bool:
    """A piece of a date's line that is the template's, not another article's headline."""
    return (
        is_furniture_line(piece)
        or is_label(piece)
        or bool(DATE_LABEL.match(piece) or CREDIT.match(piece))
        or text_key(piece.replace("&", "and")) in SECTION_NAMES
    )


def is_update_line(text: str) -> bool:
    """True for a line that gives the last update's date: "Last updated: …", "Cập nhật …"."""
    return bool(UPDATE_LABEL.match(text))


def is_label(text: str) -> bool:
    """True for a template's label before a value: "Ngày đăng:", "Posted:", "Cập nhật:"."""
    return text.endswith(":") and len(text.split()) <= MAX_LABEL_WORDS


def ends_sentence(text: str) -> bool:
    """True for a line that ends as prose does: a stop, `:`, `…`, a closing quote or bracket."""
    return text.rstrip().endswith((".", "!", "?", ":", ";", "…", "”", "’", '"', "'", ")", "]", "»"))


def is_lead(text: str) -> bool:
    """True for the legacy lead paragraph, `MPS - …`."""
    return bool(LEAD_PREFIX.match(text))


def byline_name(text: str) -> str | None:
    """The writer's name in a byline line: `by Linh Chi`, `By Linh Bui`, `Editorial Board`."""
    if text[:1] not in BYLINE_INITIALS:  # most lines: no pattern to try
        return None
    for pattern in (BY, EDITORIAL):
        match = pattern.match(text)
        if match and not any(ch.isdigit() for ch in match["name"]):
            return match["name"].strip()
    return None


def bare_name(text: str) -> bool:
    """True for a line that is only a name, `Hoài An`: a byline when it is the last line."""
    if len(text) > 40 or text in NOT_NAMES or text.isupper() or not BARE_NAME.match(text):
        return False
    return not NOT_NAME_WORDS.intersection(text.casefold().split())


@lru_cache(maxsize=4096)
def is_furniture_line(text: str) -> bool:
    """True for a widget line inside the article area: player, counter, font size, share.

    Cached: the reading of one page asks of the same lines again and again.
    """
    return bool(FURNITURE_LINE.match(text))


@lru_cache(maxsize=4096)
def is_stop_line(text: str) -> bool:
    """True for a line that ends the article: search, related or most-read headings, tags."""
    return bool(STOP_LINE.match(text))


def tidy_caption(text: str) -> str:
    """A caption as a reader expects it: "An overview of the event ." loses the stray space."""
    # The pattern's `$` also matches before a final line break: the stop is last or last but one.
    usable = text[-1:] in STOPS or text[-2:-1] in STOPS
    return STRAY_SPACE.sub(r"\1", text) if usable else text


def caption_like(text: str, styled: bool = False) -> bool:
    """A short single line such as "Overview of the meeting." that can stand under a photo.

    `styled` (the whole line in italics) allows a longer line of several sentences.
    """
    if len(text) > (MAX_STYLED_CAPTION if styled else MAX_CAPTION) or text.endswith(":"):
        return False
    if is_lead(text) or text.startswith(("*", "-", "•")):
        return False
    return styled or not SENTENCE_BREAK.search(ABBREVIATION.sub("", text))
