"""Legacy texts in CMS templates of our own (`probe_markups`): every field as the page shows it."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from mpscrawler.parsers import parse_article
from mpscrawler.parsers.errors import ParseError
from tests.probe_markups import HOST, check, render

# Renderings that failed before the fixes, a few of each class (seeds of `render`):
FAILED = {
    # A date above the headline beside a counter: "November, 18 2020 | Views: 8221".
    "date above, with a counter": [1, 138, 330],
    # Headline and date in inline elements with no space: "… in 2020April, 18 2019".
    "date glued to the headline": [105, 202, 401, 536, 790],
    # The date, its counter, then the headline, in one line ("site" `<title>`).
    "date, counter, headline in one line": [62, 438, 492],
    "date glued before the headline": [180, 399, 2650],
    # A share row of glued link texts ("FacebookTwitterEmail") after a bare-name byline.
    "share row glued": [117, 134, 185, 644],
    # The headline set as an image: its alt names it, whether `<title>` does or not.
    "headline as an image": [6, 27, 40, 120, 121, 286],
}
SEEDS = sorted(set(range(200)) | {s for seeds in FAILED.values() for s in seeds})
# No date at all: the page raises ParseError, never gives a record.
UNDATED = range(0, 200, 5)
# The second probe's variants (`render(seed, extended=True)`), the same way:
FAILED_EXTENDED = {
    # "Ngày đăng: December, 17 2020": no date found, or the label taken for the headline.
    "date after a label": [5, 41, 73, 154],
    # A bare-name byline over the page's "Your comments" / "Full name".
    "bare name over a form's labels": [49, 151, 185, 559],
}
EXTENDED = sorted(set(range(60)) | {s for seeds in FAILED_EXTENDED.values() for s in seeds})
# The third probe's (`render(seed, third=True)`; `both`: with the second's too):
FAILED_THIRD = {
    # `<base href="http://en.bocongan.gov.vn/">` and `<img src="Uploads/…">`: the photo's URL.
    "relative photos under <base href>": [1, 3, 5, 7],
    # "Thursday, December, 17 2020": no date found, or "… Thursday," in the title.
    "a weekday before the date": [72, 97, 163, 170, 174, 260],
}
THIRD = sorted(set(range(60)) | {s for seeds in FAILED_THIRD.values() for s in seeds})
# "Posted: Thursday, December, 17 2020" (label and weekday, from both probes).
BOTH = sorted(set(range(20)) | {46, 316, 358})
# The fourth probe's (`render(seed, fourth=True)`):
FAILED_FOURTH = {
    # `<div id="printArea" style="display:none">` with the title, date and lead: the text was
    # read from the hidden copy, its byline lost; undated pages took the copy's date.
    "a hidden print copy": [4, 5, 7, 13, 17],
    # `<span style='display: none'>` with the headline for search engines: a doubled title.
    "a hidden headline": [35, 119, 170, 288],
}
FOURTH = sorted(set(range(40)) | {s for seeds in FAILED_FOURTH.values() for s in seeds})
# The fifth probe's (`render(seed, fifth=True)`): a "Latest news" box of other articles, each
# a linked title, its date and its `MPS - ` lead, before the text: its first item's lead was
# taken for the article's (title "Latest news"), and an undated page took an item's date.
FIFTH = sorted(set(range(30)) | {0, 6, 27, 28, 50})
FIFTH_UNDATED = [5, 35, 50, 65]
# The sixth probe's (`render(seed, sixth=True)`): the date a link to the article itself, as
# WordPress writes it (`<a rel="bookmark">`), raised "legacy page without its date line";
# the writer's name a link to their page.
SIXTH = sorted(set(range(20)) | {1, 6, 12, 13, 37})


# Each probe: the options `render` takes for it, and the seeds it is rendered with.
PROBES: dict[str, tuple[dict[str, bool], Iterable[int]]] = {
    "first": ({}, SEEDS),
    "first, no date": ({"nodate": True}, UNDATED),
    "extended": ({"extended": True}, EXTENDED),
    "third": ({"third": True}, THIRD),
    "extended+third": ({"extended": True, "third": True}, BOTH),
    "fourth": ({"fourth": True}, FOURTH),
    "fourth, no date": ({"nodate": True, "fourth": True}, [5, 20, 40, 85, 90]),
    "fifth": ({"fifth": True}, FIFTH),
    "fifth, no date": ({"nodate": True, "fifth": True}, FIFTH_UNDATED),
    "sixth": ({"sixth": True}, SIXTH),
}
CASES = [
    pytest.param(options, seed, id=f"{probe}-{seed}")
    for probe, (options, seeds) in PROBES.items()
    for seed in seeds
]


@pytest.mark.parametrize(("options", "seed"), CASES)
def test_rendering_reads_as_the_page_shows(options: dict[str, bool], seed: int) -> None:
    """Every field as the page shows it; a page without a date raises `ParseError`."""
    rendering = render(seed, **options)
    assert check(rendering) == [], f"seed={seed} {options} {rendering.choices}"


def test_every_template_is_covered() -> None:
    seen: dict[str, set[str]] = {}
    for seed in SEEDS:
        for name, value in render(seed).choices.items():
            seen.setdefault(name, set()).add(value)
    assert {"h1", "dnn-span", "font", "td", "img-alt", "dt", "linked-h3"} <= seen["headline"]
    assert {"plain", "clock-fa", "clock-img", "dnn", "in-title", "time"} <= seen["date"]
    assert {"dnn", "joomla", "bootstrap", "liferay", "center", "html5"} <= seen["wrapper"]
    assert {"em", "table", "title", "link", "figure", "br", "plain"} <= seen["image"]
    assert {"mso", "comment", "dd", "font", "nbsp"} <= seen["para"]
    assert seen["wayback"] == {"yes", "no"} and seen["br_runs"] == {"yes", "no"}
    assert {"alone", "suffix", "prefix", "site"} <= seen["page_title"]
    extended: dict[str, set[str]] = {}
    for seed in EXTENDED:
        for name, value in render(seed, extended=True).choices.items():
            extended.setdefault(name, set()).add(value)
    assert "label" in extended["date"] and {"same-p", "td-br"} <= extended["image"]
    assert {"comments", "your-comments", "views", "tags", "related-bare"} <= extended["x_after"]
    assert {"same", "bold", "sapo"} <= extended["lead"] and extended["x_lazy"] == {"yes", "no"}
    third: dict[str, set[str]] = {}
    for seed in THIRD:
        for name, value in render(seed, third=True).choices.items():
            third.setdefault(name, set()).add(value)
    assert {"as-is", "weekday", "time"} <= third["t_date"] and "h2" in third["lead"]
    assert {"own", "div-br", "br1", "tr"} <= third["t_para"] and third["t_base"] == {"yes", "no"}
    assert {"plain", "entities", "nfd", "zwsp"} <= third["t_chars"]
    assert third["t_title"] == {"full", "truncated"} and third["t_thumbs"] == {"yes", "no"}
    fourth: dict[str, set[str]] = {}
    for seed in FOURTH:
        for name, value in render(seed, fourth=True).choices.items():
            fourth.setdefault(name, set()).add(value)
    assert fourth["f_hidden"] == {"none", "copy", "attr"} and fourth["f_wrap"] == {"yes", "no"}
    assert fourth["f_italic"] == fourth["f_icons"] == fourth["f_br_photo"] == {"yes", "no"}
    sidebars = {render(seed, fifth=True).choices["v_sidebar"] for seed in FIFTH}
    assert sidebars == {"before", "after", "none"}
    links = {
        (c["s_date_link"], c["s_byline_link"])
        for c in (render(s, sixth=True).choices for s in SIXTH)
    }
    assert links == {("yes", "yes"), ("yes", "no"), ("no", "yes"), ("no", "no")}


# The smallest page of each class.
URL = f"{HOST}/news-events/minister-to-lam-defends-draft-law-t7482.html"
TITLE = "Minister To Lam defends draft law at NA"
LEAD = "MPS - Minister of Public Security General To Lam defended the draft law on November 17."
TEXT = "The Minister also said that the draft law will strengthen the management of the force."


def _page(head: str, tail: str = "<p>by Bui Tuan</p>", title: str = TITLE) -> str:
    """A page of `head`, the lead, one paragraph and `tail`."""
    return (
        f"<html><head><title>{title}</title></head><body>{head}"
        f"<p>{LEAD}</p><p>{TEXT}</p>{tail}</body></html>"
    )


@pytest.mark.parametrize(
    "head",
    [
        f"<div>November, 18 2020 | Views: 8221</div><p>{TITLE}</p>",
        f"<div><span>{TITLE}</span><span>November, 18 2020</span></div>",
        f"<div><span>November, 18 2020</span><b>{TITLE}</b></div>",
        f'<div><img src="/t.png" alt="{TITLE}"></div><div>November, 18 2020</div>',
    ],
    ids=["date-above-counter", "date-glued-after", "date-glued-before", "headline-image"],
)
def test_headline_and_date(head: str) -> None:
    article = parse_article(_page(head), URL)
    assert (article.title, article.published_date) == (TITLE, "2020-11-18")
    assert article.body == f"{LEAD}\n\n{TEXT}" and article.byline == "Bui Tuan"


def test_date_counter_and_headline_in_one_line() -> None:
    head = f"<div><span>November, 18 2020</span> Lượt xem: 840 <b>{TITLE}</b></div>"
    article = parse_article(_page(head, title="Ministry of Public Security Portal"), URL)
    assert (article.title, article.published_date) == (TITLE, "2020-11-18")


def test_bare_name_before_a_glued_share_row() -> None:
    tail = "<p>Hoài An</p><div><a>Facebook</a><a>Twitter</a><a>Email</a></div>"
    article = parse_article(_page(f"<h1>{TITLE}</h1><div>November, 18 2020</div>", tail), URL)
    assert article.byline == "Hoài An" and article.body == f"{LEAD}\n\n{TEXT}"


def test_a_page_without_its_date_raises() -> None:
    with pytest.raises(ParseError):
        parse_article(_page(f"<span>{TITLE}</span><span>Views: 8221</span>"), URL)


@pytest.mark.parametrize("label", ["Ngày đăng:", "Posted:", "Cập nhật:"])
@pytest.mark.parametrize("order", ["headline first", "date first"])
def test_a_date_after_a_label(label: str, order: str) -> None:
    lines = [f"<p>{TITLE}</p>", f"<div>{label} November, 18 2020</div>"]
    head = "".join(lines if order == "headline first" else lines[::-1])
    article = parse_article(_page(head, title="Ministry of Public Security Portal"), URL)
    assert (article.title, article.published_date) == (TITLE, "2020-11-18")


def test_headline_image_under_a_site_title() -> None:
    head = f'<div><img src="/t.png" alt="{TITLE}"></div><div>November, 18 2020</div>'
    article = parse_article(_page(head, title="Ministry of Public Security Portal"), URL)
    assert (article.title, article.published_date) == (TITLE, "2020-11-18")


def test_bare_name_over_a_form_s_labels() -> None:
    tail = "<p>Hoài An</p><div><b>Your comments</b></div><div>Full name</div>"
    article = parse_article(_page(f"<h1>{TITLE}</h1><div>November, 18 2020</div>", tail), URL)
    assert article.byline == "Hoài An" and article.body == f"{LEAD}\n\n{TEXT}"


@pytest.mark.parametrize("glue", [" ", ""])
@pytest.mark.parametrize("order", ["headline first", "date first"])
def test_a_weekday_before_the_date(glue: str, order: str) -> None:
    parts = [f"<span>{TITLE}</span>", "<span>Thursday, November, 18 2020</span>"]
    head = f"<div>{glue.join(parts if order == 'headline first' else parts[::-1])}</div>"
    for title in (TITLE, "Ministry of Public Security Portal"):
        article = parse_article(_page(head, title=title), URL)
        assert (article.title, article.published_date) == (TITLE, "2020-11-18"), (head, title)


def test_a_labelled_date_with_its_weekday_above_the_headline() -> None:
    head = f"<div>Posted: Thursday, November, 18 2020</div><h2>{TITLE}</h2>"
    article = parse_article(_page(head, title="Ministry of Public Security Portal"), URL)
    assert (article.title, article.published_date) == (TITLE, "2020-11-18")


def test_relative_photos_resolve_on_base_href() -> None:
    head = f'<h1>{TITLE}</h1><div>November, 18 2020</div><p><img src="Uploads/images/1.jpg"></p>'
    page = _page(head).replace("<head>", f'<head><base href="{HOST}/">')
    page = page.replace(f"<p>{TEXT}</p>", f'<p>{TEXT}</p><p><img src="Uploads/images/2.jpg"></p>')
    assert [image.url for image in parse_article(page, URL).images] == [
        f"{HOST}/Uploads/images/2.jpg"
    ]


def test_a_hidden_print_copy_is_not_read() -> None:
    hidden = f'<div style="display:none">{TITLE}<br>November, 18 2020<br>{LEAD}</div>'
    page = _page(f"{hidden}<h1>{TITLE}</h1><div>November, 18 2020</div>")
    article = parse_article(page, URL)
    assert article.body == f"{LEAD}\n\n{TEXT}" and article.byline == "Bui Tuan"
    undated = _page(f"{hidden}<h1>{TITLE}</h1>")
    with pytest.raises(ParseError):
        parse_article(undated, URL)


def test_a_hidden_headline_is_not_read() -> None:
    shown = f"<b>{TITLE}</b>"
    head = (
        f"<div><span style='display: none'>{TITLE}</span>{shown}</div><div>November, 18 2020</div>"
    )
    assert parse_article(_page(head), URL).title == TITLE


LATEST = (
    '<div class="box"><h3>Latest news</h3><a href="/news-events/a-t7564.html">COMMIT’s 14th SOM'
    " takes place in Hanoi</a><div>December, 17 2020</div><p>MPS - The 14th Senior Officials "
    "Meeting (SOM) of the Coordinated Mekong Ministerial Initiative Against ...</p></div>"
)


def test_a_box_of_other_articles_leads_above_the_text() -> None:
    head = f"{LATEST}<h1>{TITLE}</h1><div>November, 18 2020</div>"
    article = parse_article(_page(head, title="Ministry of Public Security Portal"), URL)
    assert (article.title, article.published_date, article.lead) == (TITLE, "2020-11-18", LEAD)
    with pytest.raises(ParseError):
        parse_article(_page(f"{LATEST}<h1>{TITLE}</h1>", title="Portal"), URL)


def test_a_date_linking_to_its_article() -> None:
    head = f'<h1>{TITLE}</h1><div><a href="{URL}" rel="bookmark">November, 18 2020</a></div>'
    assert parse_article(_page(head), URL).published_date == "2020-11-18"


def test_a_related_item_s_linked_date_above_the_headline_is_not_the_date() -> None:
    related = '<ul><li><a href="/news-events/a-t5001.html">Police academy opens (June, 11 2019)</a></li></ul>'
    with pytest.raises(ParseError):
        parse_article(_page(f"{related}<h1>{TITLE}</h1>"), URL)
