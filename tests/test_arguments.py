"""Spider arguments: checked before any request."""

import re
from datetime import date
from pathlib import Path

import pytest

from mpscrawler import editions
from mpscrawler.arguments import WAYBACK, ArgumentError, parse_arguments


def test_defaults_target_the_live_english_portal() -> None:
    args = parse_arguments()
    assert (args.edition, args.base_url, args.mirror, args.urls, args.since, args.max_pages) == (
        editions.EN,
        "https://en.bocongan.gov.vn",
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
        # Misspelt names are never ignored: a misspelt base_url would crawl the live portal.
        ({"sinse": "2020-01-01"}, "unknown argument 'sinse' (did you mean since?)"),
        ({"max_page": "3"}, "unknown argument 'max_page' (did you mean max_pages?)"),
        ({"baseurl": "http://127.0.0.1:1"}, "unknown argument 'baseurl' (did you mean base_url?)"),
        ({"colour": "red"}, "unknown argument 'colour'; known: edition"),
        # Given but empty is a mistake, never a full crawl.
        ({"urls": ""}, "urls: no URL given"),
        ({"urls": " , "}, "urls: no URL given"),
        ({"edition": "fr"}, "edition: expected one of en, vi"),
        ({"archive": "ia"}, "archive: expected wayback"),
        ({"archive_url": "http://127.0.0.1:1"}, "archive_url: needs archive=wayback"),
        ({"archive": "wayback", "edition": "vi"}, "archive: edition vi has no legacy site"),
        ({"archive": "wayback", "base_url": "http://127.0.0.1:1"}, "archive: cannot be combined"),
        ({"full": "maybe"}, "full: expected 1 or 0"),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs: dict, message: str) -> None:
    with pytest.raises(ArgumentError, match=re.escape(message)):
        parse_arguments(**kwargs)


def test_a_urls_file_with_only_comments_is_an_error(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("# nothing yet\n\n   # still nothing\n")
    with pytest.raises(ArgumentError, match="urls_file: no URL in"):
        parse_arguments(urls_file=str(listed))


def test_edition_and_archive() -> None:
    vi = parse_arguments(edition="vi")
    assert (vi.edition, vi.base_url, vi.mirror) == (editions.VI, "https://bocongan.gov.vn", False)
    mirror = parse_arguments(edition="vi", base_url="http://127.0.0.1:9/")
    assert (mirror.edition, mirror.base_url, mirror.mirror) == (
        editions.VI,
        "http://127.0.0.1:9",
        True,
    )
    assert parse_arguments(archive="wayback").archive_url == WAYBACK
    local = parse_arguments(archive="wayback", archive_url="http://127.0.0.1:9/")
    assert local.archive_url == "http://127.0.0.1:9"


def test_scrapyd_job_argument_is_accepted() -> None:
    assert parse_arguments(_job="6487ec79947edab326d6db28a2d86511e8247444").urls == []
