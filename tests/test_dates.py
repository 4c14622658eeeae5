"""Dates of the portal into Hanoi dates and times, table-driven."""

from datetime import date, time

import pytest

from mpscrawler.parsers.dates import parse_date_line, parse_iso, published


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December, 17 2020", (date(2020, 12, 17), None)),
        ("March, 08 2019", (date(2019, 3, 8), None)),
        ("05/10/2026", (date(2026, 10, 5), None)),
        ("05/10/2026 10:30", (date(2026, 10, 5), time(10, 30))),
        ("10:30 - 05/10/2026", (date(2026, 10, 5), time(10, 30))),
        ("17 December 2020", (date(2020, 12, 17), None)),
        ("Thursday, December 17, 2020", (date(2020, 12, 17), None)),
        ("Dec. 17, 2020", (date(2020, 12, 17), None)),
        ("2020-12-17", (date(2020, 12, 17), None)),
        # Other forms, read by dateparser: Vietnamese, ordinals, a time after "at".
        ("17 tháng 12 năm 2020", (date(2020, 12, 17), None)),
        ("Thứ năm, ngày 17/12/2020", (date(2020, 12, 17), None)),
        ("17th of December 2020", (date(2020, 12, 17), None)),
        ("December 17th, 2020 at 10:30", (date(2020, 12, 17), time(10, 30))),
        ("Cập nhật: 10:30 17/12/2020", None),
        ("Delegates at the December 2020 meeting.", None),
        ("31/02/2020", None),
        ("Lượt xem: 69", None),
        ("The 2020 plan was approved", None),
        ("MPS - The 14th Senior Officials Meeting took place on December 16, 2020 in Hanoi.", None),
    ],
)
def test_parse_date_line(line: str, expected: tuple | None) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    ("shown", "meta", "expected"),
    [
        # The page's date wins; the metadata's UTC time gives the Hanoi time.
        ("05/10/2026", "2026-10-05T10:13:46.526Z", ("2026-10-05", "2026-10-05T17:13:46+07:00")),
        # 01:30 in Hanoi is the day before in UTC: still the page's day.
        ("06/10/2026", "2026-10-05T18:30:00Z", ("2026-10-06", "2026-10-06T01:30:00+07:00")),
        # Metadata on another day than the page: the page wins, no time is invented.
        ("06/10/2026", "2026-10-01T03:00:00Z", ("2026-10-06", None)),
        ("December, 17 2020", None, ("2020-12-17", None)),
        ("05/10/2026 08:15", None, ("2026-10-05", "2026-10-05T08:15:00+07:00")),
        (None, "2026-10-05T20:00:00Z", ("2026-10-06", "2026-10-06T03:00:00+07:00")),
        (None, "2026-10-05T20:00:00", ("2026-10-05", "2026-10-05T20:00:00+07:00")),
        (None, None, (None, None)),
    ],
)
def test_published(shown: str | None, meta: str | None, expected: tuple) -> None:
    assert published(parse_date_line(shown) if shown else None, parse_iso(meta)) == expected
