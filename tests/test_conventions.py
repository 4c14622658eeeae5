"""The portal's text conventions, table-driven."""

import random
import re

import pytest

from mpscrawler.parsers import conventions as conv
from mpscrawler.parsers.dates import find_date


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("by Linh Chi", "Linh Chi"),
        ("By Linh Bui", "Linh Bui"),
        ("BY: Hoai An.", "Hoai An"),
        ("Editorial Board", "Editorial Board"),
        ("By Editorial Board", "Editorial Board"),
        ("by 2020", None),
        ("Hoài An", None),  # a bare name is a byline only as the last line: see bare_name
        ("By the end of the year, the police had solved 90% of the cases.", None),
    ],
)
def test_byline_name(line: str, name: str | None) -> None:
    assert conv.byline_name(line) == name


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hoài An", True),
        ("Linh Chi - Duy Tien", True),
        ("Nguyen Van Son and Tran Nghiep", True),
        ("Search", False),
        ("Overview of the meeting.", False),
        ("Home", False),
        ("MPS", False),
        ("MINISTRY OF PUBLIC SECURITY", False),  # a footer's first line, not a writer
        ("Public Security Portal", False),
    ],
)
def test_bare_name(line: str, expected: bool) -> None:
    assert conv.bare_name(line) is expected


@pytest.mark.parametrize(
    ("line", "stop", "furniture"),
    [
        ("Search", True, False),
        ("Tags: police, Hanoi", True, False),
        ("Tin liên quan", True, False),
        ("Tagalog speakers joined the event", False, False),
        ("Lượt xem: 69", False, True),
        ("Views: 1,204", False, True),
        ("00:00", False, True),
        ("Nghe đọc bài", False, True),
        ("Ministry of Public Security Portal is under construction", False, True),
        ("The letter reads:", False, False),
        ("Copyright © 2017 Ministry of Public Security", True, False),
        ("© Bộ Công an - Ministry of Public Security of Vietnam", True, False),
        ("Copyrights of the press were discussed at length.", False, False),
        ("Send to friend", False, True),
        ("Print | Send to friend | Top", False, True),
        ("Top", False, True),
        ("Topics of the meeting were agreed.", False, False),
        ("Font size: A- A+ Print Email", False, True),
        ("Rate this article: (0 votes)", False, True),
        ("12 votes were cast at the congress.", False, False),
    ],
)
def test_stop_and_furniture_lines(line: str, stop: bool, furniture: bool) -> None:
    assert (conv.is_stop_line(line), conv.is_furniture_line(line)) == (stop, furniture)


@pytest.mark.parametrize(
    ("line", "styled", "expected"),
    [
        ("Delegates at the event.", False, True),
        ("Mr. Tran Quoc Vuong delivers a keynote speech at the event.", False, True),
        (
            "Accordingly, police units and local agencies should take the following preventive measures:",
            False,
            False,
        ),
        ("MPS - The Ministry of Public Security held a conference.", False, False),
        ("* Some photos of the event:", False, False),
        ("Minister To Lam speaks. Delegates listen.", False, False),
        ("Minister To Lam speaks. Delegates listen.", True, True),
    ],
)
def test_caption_like(line: str, styled: bool, expected: bool) -> None:
    assert conv.caption_like(line, styled) is expected


def test_tidy_caption_drops_the_stray_space_before_the_stop() -> None:
    assert conv.tidy_caption("An overview of the event .") == "An overview of the event."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The event took place in Hanoi.", True),
        ("The dispatch reads:", True),
        ("“We will keep working,” he said.”", True),
        ("drones, robots, (UAV)…", True),
        ("the so-called ‘smart prison’", True),
        ("Minister To Lam works with Tra Vinh police", False),
        ("MINISTRY OF PUBLIC SECURITY", False),
    ],
)
def test_ends_sentence(line: str, expected: bool) -> None:
    assert conv.ends_sentence(line) is expected


def test_tidy_caption_shortcut_equals_the_pattern() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice("ab .?!,;:\n\u00a0") for _ in range(rng.randrange(7)))
        assert conv.tidy_caption(text) == re.sub(r"\s+([.,;:!?])$", r"\1", text), repr(text)


@pytest.mark.parametrize(
    ("line", "only"),
    [
        ("December, 17 2020", True),
        ("December, 17 2020 | Views: 8221", True),
        # WordPress: "Posted on <a rel=bookmark><time>…</time><time class=updated>…</time></a>".
        ("Posted on December, 17 2020December, 17 2020 by admin", True),
        ("December, 17 2020 Post author admin", True),
        ("Ngày đăng December, 17 2020", True),
        ("December, 17 2020 / International Relations and Cooperation", True),
        ("December, 17 2020 | 10:35 Font size: A- A+ Print Email", True),
        # Another article's headline beside its date: a related item, not the date line.
        ("Deputy Minister works with Son La police (December, 16 2020)", False),
        ("December, 16 2020 / Deputy Minister works with Son La police", False),
        ("December, 16 2020 Police forces support flood-affected people", False),
    ],
)
def test_date_only(line: str, only: bool) -> None:
    found = find_date(line)
    assert found is not None
    assert conv.date_only(line, found[0]) is only
