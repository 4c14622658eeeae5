"""Reading pages by their text: dates inside lines, sections, and pages that must be refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.parsers.dates import find_date
from mpscrawler.parsers.sections import legacy_section

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "article"
URL = "http://en.bocongan.gov.vn/news-events/commits-14th-som-t7564.html"
TEXT = """<div>MPS - The 14th Senior Officials Meeting took place on December 16 in Hanoi.</div>
<div>The event saw the presence of many delegates from the member countries.</div>
<div>by Linh Chi</div>"""


def page(before: str, title: str = "COMMIT’s 14th SOM takes place in Hanoi") -> str:
    """A legacy-like page of `<div>`s: `<title>`, what comes before the text, the text."""
    return f"<html><head><title>{title} - MPS</title></head><body>{before}{TEXT}</body></html>"


@pytest.mark.parametrize(
    ("line", "raw", "day"),
    [
        ("December, 17 2020", "December, 17 2020", date(2020, 12, 17)),
        ("December, 17 2020 | Lượt xem: 69", "December, 17 2020", date(2020, 12, 17)),
        ("Views: 12 - Thursday, December, 17 2020", "December, 17 2020", date(2020, 12, 17)),
        ("Cập nhật 17/12/2020", "17/12/2020", date(2020, 12, 17)),
        ("17 tháng 12 năm 2020", "17 tháng 12 năm 2020", date(2020, 12, 17)),
    ],
)
def test_a_date_is_found_inside_its_line(line: str, raw: str, day: date) -> None:
    found = find_date(line)
    assert found is not None and (found[0], found[1][0]) == (raw, day)


@pytest.mark.parametrize("line", ["On December 16 in Hanoi", "Lượt xem: 2020", "February, 30 2020"])
def test_no_date_where_there_is_none(line: str) -> None:
    assert find_date(line) is None


def test_date_beside_a_view_counter_and_no_h1_nor_p() -> None:
    before = (
        '<div class="tieude">COMMIT’s 14th SOM takes place in Hanoi</div>'
        '<div class="ngay"><img src="/i/clock.gif"> December, 17 2020 | Lượt xem: 69</div>'
    )
    record = parse_article(page(before), URL)
    assert (record.title, record.published_raw, record.published_date) == (
        "COMMIT’s 14th SOM takes place in Hanoi",
        "December, 17 2020",
        "2020-12-17",
    )
    assert record.body.count("\n\n") == 1 and record.byline == "Linh Chi"


def test_a_title_cut_short_in_the_title_element_names_its_headline() -> None:
    before = (
        '<div class="tieude">COMMIT’s 14th SOM takes place in Hanoi</div>'
        "<div>Officials of six countries met in Hanoi.</div><div>December, 17 2020</div>"
    )
    record = parse_article(page(before, title="COMMIT’s 14th SOM takes..."), URL)
    assert record.title == "COMMIT’s 14th SOM takes place in Hanoi"


def test_lists_of_tools_between_the_date_and_the_text_do_not_hide_the_date() -> None:
    tools = "".join(f'<li><a href="#">{name}</a></li>' for name in ["Facebook", "Zalo"] * 6)
    before = f"<h1>COMMIT’s 14th SOM takes place in Hanoi</h1><div>December, 17 2020</div><ul>{tools}</ul>"
    assert parse_article(page(before), URL).published_date == "2020-12-17"


def test_the_last_update_above_the_date_is_not_the_date() -> None:
    before = (
        "<h1>COMMIT’s 14th SOM takes place in Hanoi</h1>"
        "<div>Last updated: December, 18 2020</div><div>December, 17 2020</div>"
    )
    assert parse_article(page(before), URL).published_date == "2020-12-17"


def test_a_lead_without_a_date_line_is_refused_even_beside_dated_lists() -> None:
    before = (
        '<div><a href="/news-events/x-t1.html">Other story</a> (December, 16 2020)</div>'
        "<div>COMMIT’s 14th SOM takes place in Hanoi</div>"
    )
    with pytest.raises(ParseError, match="legacy page without its date line"):
        parse_article(page(before), URL)


def test_a_legacy_page_without_its_lead_is_refused_not_read_by_the_fallback() -> None:
    html = (
        "<html><body><div>Ministry of Public Security Portal is under construction</div>"
        "<h2>About MPS</h2><p>December, 17 2020</p><p>"
        + "The Vietnam People’s Public Security Organization was founded long ago. " * 2
        + "</p></body></html>"
    )
    with pytest.raises(ParseError, match="legacy page without its article text"):
        parse_article(html, URL)


def test_a_current_site_page_without_its_article_container_is_refused() -> None:
    folder = FIXTURES / "current-vi-tho-nhi-ky"
    html = (folder / "page.html").read_text(encoding="utf-8").replace("tinymce-content", "x-body")
    url = "https://bocongan.gov.vn/bai-viet/mo-rong-hop-tac-cong-nghe-cong-nghiep-an-ninh-voi-cac-doi-tac-tho-nhi-ky-1791199100"
    with pytest.raises(ParseError, match="current-site page without its article container"):
        parse_article(html, url)


@pytest.mark.parametrize(
    ("url", "name", "listing"),
    [
        (URL, "News and Events", "http://en.bocongan.gov.vn/news-and-events.html"),
        (
            "https://web.archive.org/web/20201218000000/http://en.bocongan.gov.vn/"
            "international-relations-cooperation/commits-t7564.html",
            "International Relations and Cooperation",
            None,
        ),
        ("http://en.bocongan.gov.vn/social-ativities/x-t6928.html", "Social Activities", None),
        ("http://en.bocongan.gov.vn/articles/x-t8632.html", "Articles", None),
        ("http://en.bocongan.gov.vn/news/top-stories/some-story-5732.html", "Top Stories", None),
        ("http://en.bocongan.gov.vn/unknown/x-t1.html", None, None),
        ("http://en.bocongan.gov.vn/news-and-events.html", None, None),
    ],
)
def test_section_from_the_url_slug(url: str, name: str | None, listing: str | None) -> None:
    assert legacy_section(url) == (name, listing)


@pytest.mark.parametrize(
    ("before", "name", "link"),
    [
        (
            '<div id="breadcrumbs"><a href="/">Home</a> › <a href="/intl.html">Hợp tác</a></div>',
            "Hợp tác",
            "http://en.bocongan.gov.vn/intl.html",
        ),
        (
            '<ul><li><a href="/">Home</a></li><li class="menu-item active">'
            '<a href="/news.html">NEWS</a></li><li><a href="/about-mps.html">About</a></li></ul>',
            "NEWS",
            "http://en.bocongan.gov.vn/news.html",
        ),
        ('<ul><li><a href="/news.html">NEWS</a></li></ul>', "News and Events", None),
    ],
)
def test_section_from_the_page_before_the_url(before: str, name: str, link: str | None) -> None:
    head = "<div>COMMIT’s 14th SOM takes place in Hanoi</div><div>December, 17 2020</div>"
    record = parse_article(page(before + head), URL)
    assert (record.section, record.section_url) == (
        name,
        link or "http://en.bocongan.gov.vn/news-and-events.html",
    )


def test_a_box_after_the_article_is_not_read_on_into_for_its_byline() -> None:
    url = (
        "http://en.bocongan.gov.vn/news-events/deputy-minister-works-with-son-la-police-t7001.html"
    )
    html = """<html><head><title>Deputy Minister works with Son La police</title>
<meta property="article:published_time" content="2020-12-17T08:00:00+07:00"></head><body>
<article><h1>Deputy Minister works with Son La police</h1><p>December, 17 2020</p>
<p>Deputy Minister Nguyen Van Son had a working session with Son La provincial police on December 16 to review security work.</p>
<p>He praised the force for its results in the fight against drug crimes along the border this year.</p>
<p><a href="/news-events/other-t7000.html">Read also: Police forces support flood-affected people</a></p>
</article><div class="box"><p>Police forces in the central provinces have mobilised thousands of officers to help people affected by the floods this week.</p>
<p>By Thu Hang</p></div></body></html>"""
    record = parse_article(html, url)
    assert (record.body.count("\n\n"), record.byline) == (1, None)


def test_a_second_caption_line_is_not_the_next_photos_caption() -> None:
    before = "<h1>COMMIT’s 14th SOM takes place in Hanoi</h1><div>December, 17 2020</div>"
    text = """<div class="content"><p>MPS - The 14th Senior Officials Meeting took place on December 16 in Hanoi.</p>
<p><img src="/Uploads/images/a.jpg"></p><p class="caption">Delegates at the meeting.</p>
<p class="caption">Photo: Linh Chi</p><p><img src="/Uploads/images/b.jpg"></p>
<p class="caption">Deputy Minister speaks at the event.</p>
<p>The event saw the presence of many delegates from the member countries.</p><p>by Linh Chi</p></div>"""
    html = f"<html><head><title>COMMIT’s 14th SOM takes place in Hanoi - MPS</title></head><body>{before}{text}</body></html>"
    images = parse_article(html, URL).images
    assert [i.caption for i in images] == [
        "Delegates at the meeting.",
        "Deputy Minister speaks at the event.",
    ]
