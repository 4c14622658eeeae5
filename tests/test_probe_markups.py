"""Legacy texts in CMS templates of our own (`probe_markups`): every field as the page shows it."""

from __future__ import annotations

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
    # The headline set as an image, its alt naming it as `<title>` does.
    "headline as an image": [27, 40, 286],
}
SEEDS = sorted(set(range(200)) | {s for seeds in FAILED.values() for s in seeds})
# No date at all: the page raises ParseError, never gives a record.
UNDATED = range(0, 200, 5)


def _readable(seed: int) -> bool:
    """All but a headline set as an image under a `<title>` naming only the site (see below)."""
    choices = render(seed).choices
    return not (choices["headline"] == "img-alt" and choices["page_title"] == "site")


@pytest.mark.parametrize("seed", [s for s in SEEDS if _readable(s)])
def test_rendering_reads_as_the_page_shows(seed: int) -> None:
    rendering = render(seed)
    assert check(rendering) == [], f"seed={seed} {rendering.choices}"


@pytest.mark.parametrize("seed", UNDATED)
def test_rendering_without_a_date_raises(seed: int) -> None:
    rendering = render(seed, nodate=True)
    assert check(rendering) == [], f"seed={seed} {rendering.choices}"


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
