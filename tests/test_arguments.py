"""Spider arguments: checked before any request."""

from datetime import date
from pathlib import Path

import pytest

from mpscrawler.arguments import DEFAULT_BASE_URL, ArgumentError, parse_arguments


def test_defaults_target_the_live_english_portal() -> None:
    args = parse_arguments()
    assert (args.base_url, args.mirror, args.urls, args.since, args.max_pages) == (
        DEFAULT_BASE_URL,
        False,
        [],
        None,
        None,
    )


def test_all_arguments(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text(
        "# archive captures\nhttps://web.archive.org/web/2020/http://en.bocongan.gov.vn/a-t1.html\n\n"
    )
    args = parse_arguments(
        base_url="http://127.0.0.1:8800/",
        urls="https://en.bocongan.gov.vn/b-t2.html",
        urls_file=str(listed),
        since="2020-01-31",
        max_pages="3",
    )
    assert args.base_url == "http://127.0.0.1:8800" and args.mirror
    assert args.urls == [
        "https://en.bocongan.gov.vn/b-t2.html",
        "https://web.archive.org/web/2020/http://en.bocongan.gov.vn/a-t1.html",
    ]
    assert (args.since, args.max_pages) == (date(2020, 1, 31), 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "17/12/2020"}, "since: expected YYYY-MM-DD"),
        ({"max_pages": "0"}, "max_pages"),
        ({"max_pages": "many"}, "max_pages"),
        ({"base_url": "en.bocongan.gov.vn"}, "not an http(s) URL"),
        ({"urls": "file:///etc/passwd"}, "not an http(s) URL"),
        ({"urls_file": "/no/such/file"}, "urls_file: no such file"),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs: dict, message: str) -> None:
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_arguments(**kwargs)
