"""Dates as the portal writes them, read into Hanoi dates and times."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from types import ModuleType

HANOI = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH = r"(?P<month>" + "|".join(MONTHS) + r"|" + "|".join(m[:3] for m in MONTHS) + r")\.?"
_WEEKDAY = r"(?:(?:\w+day|thứ\s+\w+|chủ\s+nhật),?\s+)?"
_TIME = r"(?:\s*[-,|]?\s*(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?:\s*(?P<ampm>[ap]m))?)?"
# Legacy pages: "December, 17 2020" (comma after the month, zero-padded day); also the usual forms.
DATE_LINE_PATTERNS = [
    re.compile(
        rf"^{_WEEKDAY}{_MONTH},?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$",
        re.I,
    ),
    re.compile(rf"^{_WEEKDAY}(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    # Current site: "05/10/2026" (DD/MM/YYYY), sometimes with a time before or after it.
    re.compile(
        rf"^{_WEEKDAY}(?P<day>\d{{1,2}})[/.-](?P<month>\d{{1,2}})[/.-](?P<year>\d{{4}}){_TIME}$",
        re.I,
    ),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$"),
]
# "17 tháng 12 năm 2020", "ngày 17/12/2020", "17th of December 2020": forms left to dateparser.
OTHER_FORM = re.compile(
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|th[aá]ng\s*\d|" + "|".join(MONTHS) + r")", re.I
)
MAX_DATE_WORDS = 8
DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
# A date inside a longer line, beside an icon's alt or a view counter:
# "December, 17 2020 | Lượt xem: 69", "17/12/2020 10:30 - Views: 12"; or glued to the headline
# by inline elements without a space between them: "… ASEAN 2018September, 12 2018",
# "March, 08 2019Deputy Minister …" (a capital letter, never a lower-case one, starts the next).
_MONTH_WORD = _MONTH.replace("(?P<month>", "(?:")
_GLUED = r"(?<=[^\W_])(?=(?-i:[A-ZĐ]))"
_GLUED_AFTER = r"(?=(?-i:[A-ZĐ])[^\W\d_])"
DATE_IN_LINE = re.compile(
    rf"(?:(?<!\w)|{_GLUED})(?:{_MONTH_WORD},?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH_WORD},?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}})"
    rf"{_TIME}(?:(?!\w)|{_GLUED_AFTER})",
    re.I,
)
YEAR = re.compile(r"\d{4}")
DIGIT = re.compile(r"\d")
_LEADING_TIME = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*[-,|]?\s*(?P<rest>.+)$")


def parse_date_line(text: str) -> tuple[date, time | None] | None:
    """Read a line that is only a date (and maybe a time) into a Hanoi date and time."""
    text = text.strip()
    if len(text) > 48 or not YEAR.search(text):
        return None
    lead = _LEADING_TIME.match(text)
    if lead:
        found = parse_date_line(lead["rest"])
        clock = time(int(lead["hour"]), int(lead["minute"])) if found else None
        return (found[0], clock) if found and _valid_time(lead) else None
    for pattern in DATE_LINE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _from_match(match)
    return _other_forms(text)


def find_date(text: str) -> tuple[str, tuple[date, time | None]] | None:
    """The date a line shows, alone or beside other text: (the date as shown, its value)."""
    if not DIGIT.search(text):  # every form has digits; most lines (headlines, menus) none
        return None
    for match in DATE_IN_LINE.finditer(text):
        found = parse_date_line(match.group(0))
        if found:
            return match.group(0).strip(), found
    whole = parse_date_line(text)
    return (text.strip(), whole) if whole else None


def _other_forms(text: str) -> tuple[date, time | None] | None:
    """Date lines in forms the patterns above do not know ("17 tháng 12 năm 2020"): dateparser.

    The slow path: only for short lines with a year and a month word or a numeric date.
    """
    if len(text.split()) > MAX_DATE_WORDS or not OTHER_FORM.search(text):
        return None
    moment = _dateparser().parse(text, languages=["en", "vi"], settings=DATEPARSER_SETTINGS)
    if moment is None:
        return None
    clock = moment.time() if (moment.hour, moment.minute) != (0, 0) else None
    return moment.date(), clock


@cache
def _dateparser() -> ModuleType:
    """dateparser, imported on first use (it loads its language data then)."""
    import dateparser

    return dateparser


def _from_match(match: re.Match[str]) -> tuple[date, time | None] | None:
    """Build the date and optional time of a matched date line; None if impossible."""
    month = match["month"]
    number = int(month) if month.isdigit() else _month_number(month)
    try:
        day = date(int(match["year"]), number, int(match["day"]))
    except ValueError:
        return None
    groups = match.groupdict()
    if not groups.get("hour") or not _valid_time(match):
        return day, None
    hour = int(groups["hour"]) % 12 + (12 if (groups.get("ampm") or "").lower() == "pm" else 0)
    return day, time(hour if groups.get("ampm") else int(groups["hour"]), int(groups["minute"]))


def _month_number(name: str) -> int:
    """Month number of an English month name or its three-letter abbreviation."""
    name = name.lower().rstrip(".")
    return next(n for full, n in MONTHS.items() if full == name or full[:3] == name)


def _valid_time(match: re.Match[str]) -> bool:
    """True when the matched hour and minute make a clock time."""
    return int(match["hour"]) < 24 and int(match["minute"]) < 60


def parse_iso(value: str | None) -> datetime | None:
    """Read an ISO 8601 timestamp (`2026-10-05T10:13:46.526Z`); a naive one is Hanoi time."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=HANOI)


def hanoi_day(moment: datetime | None) -> str | None:
    """The Hanoi date of a moment, `YYYY-MM-DD` (a UTC evening is the next day in Hanoi)."""
    return moment.astimezone(HANOI).date().isoformat() if moment else None


def hanoi_iso(moment: datetime | None) -> str | None:
    """ISO 8601 in Hanoi time, to the second: `2026-10-05T17:13:46+07:00`."""
    if moment is None:
        return None
    return moment.astimezone(HANOI).replace(microsecond=0).isoformat()


def published(
    shown: tuple[date, time | None] | None, meta: datetime | None
) -> tuple[str | None, str | None]:
    """Hanoi date and time: the date the page shows wins, the metadata's UTC time gives the time."""
    meta_local = meta.astimezone(HANOI) if meta else None
    if shown is None:
        return (meta_local.date().isoformat(), hanoi_iso(meta)) if meta_local else (None, None)
    day, clock = shown
    if meta_local and meta_local.date() == day:
        return day.isoformat(), hanoi_iso(meta)
    if clock is not None:
        return day.isoformat(), hanoi_iso(datetime.combine(day, clock, HANOI))
    return day.isoformat(), None
