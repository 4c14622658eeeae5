"""Random markups for the annotated legacy texts: one seed, one page, one known answer.

The legacy portal's markup is unknown; only its text survives. Each rendering sets one hand-read
text (`tests/fixtures/site_texts.py`) in a random combination of page containers, title, date,
paragraph and caption elements, furniture before and after the article, and maybe the web
archive's playback toolbar. The answer comes from the annotation, never from the parser.

Replay one rendering: `python -m tests.markup_generator SEED` prints its page and choices.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from tests.fixtures.build_site import legacy_articles

ARTICLES = legacy_articles()
BANNER = "Ministry of Public Security Portal is under construction"
ARCHIVE = "https://web.archive.org/web/{stamp}/{url}"
# Names a page may show for a section (the breadcrumb or the marked menu entry wins over the URL).
SHOWN_SECTIONS = ["News & Events", "NEWS", "Tin tức", "International cooperation"]
CLASSES = ["tieude", "title-news", "ctl00_lblTitle", "x1", "newsdetail", "ndung", "c-item"]
RELATED = [
    ("Deputy Minister works with Son La police", "December, 16 2020"),
    ("Police forces support flood-affected people", "October, 19 2020"),
    ("MPS reviews task performance in April", "May, 01 2019"),
]
STOPS = ["Related news", "Other news", "Tin khác", "Most read", "See also", "Xem thêm", "More"]
FOOTERS = [
    "Copyright © 2017 Ministry of Public Security<br>Address: 44 Yet Kieu, Hoan Kiem, Hanoi",
    "MINISTRY OF PUBLIC SECURITY<br>Address: 44 Yet Kieu, Hoan Kiem, Hanoi<br>Tel: 069.2342.448",
    "© Bộ Công an - Ministry of Public Security of Vietnam",
    "Copyright © 2017 by the Ministry of Public Security of the Socialist Republic of Vietnam. "
    "Address: 44 Yet Kieu Street, Hoan Kiem District, Hanoi. Telephone: 069.2342.448. "
    "Licence No. 92/GP-BC of the Ministry of Information and Communications. Editor in chief: "
    "the Head of the Department of Communications. Content may be quoted with the source.",
]


@dataclass
class Rendering:
    """One page: its HTML and URL, what went into it, and the record it must give."""

    seed: int
    html: str
    url: str
    choices: dict[str, str] = field(default_factory=dict)
    expected: dict | None = None  # None: the page shows no date, so it must not parse


class _Page:
    """The random choices of one rendering and the pieces they build."""

    def __init__(self, art: dict, rng: random.Random) -> None:
        self.art, self.rng, self.choices = art, rng, {}
        self.wayback = self.pick("wayback", ["no", "no", "yes"]) == "yes"
        self.stamp = f"2021{rng.randrange(10, 12)}{rng.randrange(10, 28)}0{rng.randrange(10**5)}"

    def pick(self, name: str, options: list[str]) -> str:
        """One choice, remembered for the report."""
        self.choices[name] = self.rng.choice(options)
        return self.choices[name]

    def link(self, path: str) -> str:
        """A site link as the page has it (rewritten by the archive in a toolbar capture)."""
        url = "http://en.bocongan.gov.vn" + path
        return "/web/" + self.stamp + "/" + url if self.wayback else path

    def cls(self) -> str:
        """A class or id attribute with a name that says nothing about what the element holds."""
        name = self.rng.choice(CLASSES)
        return f'class="{name}"' if self.rng.random() < 0.6 else f'id="{name}"'


def render(seed: int) -> Rendering:
    """The rendering of one seed: which text, which markup, and the answer."""
    rng = random.Random(seed)
    art = ARTICLES[seed % len(ARTICLES)]
    page = _Page(art, rng)
    if page.pick("text", ["whole", "whole", "whole", "cut"]) == "cut":
        art = page.art = _cut(art)
    dates = ["block", "icon", "counter", "counter-first", "weekday", "time", "td", "above", "br"]
    dates += ["inline"]
    dated = page.pick("date", [*dates, "none"]) != "none"
    bylines = ["p", "right", "bold", "same-block", "td", "none"]
    byline = page.pick("byline", bylines if art["byline"] else ["none"]) != "none"
    section = _section(page)
    head = _head(page)
    before = _before(page)
    article = _article(page)
    after = _after(page)
    html = _container(page, before, article, after)
    html = f"<!DOCTYPE html>\n<html>{head}<body>{_toolbar(page)}{html}</body></html>"
    if page.wayback:
        html += "\n<!-- FILE ARCHIVED ON 04:12:09 Dec 18, 2020 AND RETRIEVED FROM THE INTERNET -->"
    if page.pick("characters", ["as-is", "as-is", "entities"]) == "entities":
        html = "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in html)
    url = ARCHIVE.format(stamp=page.stamp, url=art["url"]) if page.wayback else art["url"]
    expected = _expected(art, byline, section) if dated else None
    return Rendering(seed=seed, html=html, url=url, choices=page.choices, expected=expected)


def _cut(art: dict) -> dict:
    """The text as a capture cut at 2,000 characters has it: the last long paragraph broken off
    mid-sentence, nothing after it, no byline."""
    blocks = list(art["blocks"])
    long = [i for i, (kind, text) in enumerate(blocks) if kind == "p" and len(text.split()) > 24]
    if len(long) < 2:
        return art
    last = long[-1]
    words = blocks[last][1].split()
    blocks[last] = ("p", " ".join(words[: len(words) * 2 // 3]).rstrip(".,;:!?”\"'"))
    return {**art, "blocks": blocks[: last + 1], "byline": None}


def _expected(art: dict, byline: bool, section: str | None) -> dict:
    """The record's fields as the annotation says they are."""
    paragraphs = [" ".join(text.split()) for kind, text in art["blocks"] if kind == "p"]
    captions = [_tidy(t) for kind, t in art["blocks"] if kind == "img" and t]
    photos = [_tidy(t) or None for kind, t in art["blocks"] if kind == "img"]
    name = art["byline"]
    return {
        "id": f"en-{art['id']}",
        "url": art["url"],
        "title": art["title"],
        "published_date": art["published"].isoformat(),
        "published_raw": art["date"],
        "lead": paragraphs[0],
        "body": "\n\n".join(paragraphs),
        "captions": captions,
        "photo_captions": photos,
        "byline": _byline_name(name) if byline else None,
        "byline_raw": name if byline else None,
        "section": section,
    }


def _tidy(text: str) -> str:
    """ "An overview of the event ." as a reader expects it."""
    return text[:-2] + "." if text.endswith(" .") else text


def _byline_name(line: str) -> str:
    """`by Linh Chi` → `Linh Chi`; a bare name as it is."""
    return line[3:] if line.lower().startswith("by ") else line


def _section(page: _Page) -> str | None:
    """Which section name the page shows (None: only its URL says it)."""
    where = page.pick("section-shown", ["breadcrumb", "menu-current", "url", "url"])
    page.section_name = page.rng.choice(SHOWN_SECTIONS)  # type: ignore[attr-defined]
    return page.section_name if where != "url" else None  # type: ignore[attr-defined]


def _head(page: _Page) -> str:
    """`<head>`: the title as `<title>` (with a site suffix or not) or only in `og:title`."""
    title = escape(page.art["title"])
    form = page.pick("title-meta", ["dash", "pipe", "prefix", "bare", "og", "generic"])
    shown = {
        "dash": f"{title} - Ministry of Public Security",
        "pipe": f"{title} | Bộ Công an",
        "prefix": f"MPS :: {title}",
        "bare": title,
    }.get(form, "Ministry of Public Security - Portal")
    og = f'<meta property="og:title" content="{title}">' if form == "og" else ""
    archive = (
        '<script src="//archive.org/includes/athena.js" type="text/javascript"></script>'
        '<script type="text/javascript">window.RufflePlayer=window.RufflePlayer||{};'
        '__wm.init("https://web.archive.org/web");</script>'
        '<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css?v=S1zqJ">'
        "<!-- End Wayback Rewrite JS Include -->"
        if page.wayback
        else ""
    )
    return (
        f'<head>{archive}<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{shown}</title>{og}<script>var _gaq = _gaq || []; // December, 01 2020</script>"
        "<style>.x1{color:red}</style></head>"
    )


def _toolbar(page: _Page) -> str:
    """The web archive's playback toolbar, its scripts and comments."""
    if not page.wayback:
        return ""
    original = page.art["url"]
    return (
        '<!-- BEGIN WAYBACK TOOLBAR INSERT --><script type="text/javascript">__wm.rw(0);</script>'
        '<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;"><div id="wm-ipp">'
        '<a href="/web/">Wayback Machine</a><form target="_top" action="/web/submit">'
        f'<input type="text" name="url" value="{original}"></form>'
        "<div>44 captures</div><div>18 Dec 2020 - 02 Mar 2024</div>"
        f'<a href="/web/20201218/{original}">DEC</a> <span>18</span> <span>2020</span>'
        "</div></div>"
        f'<div id="wm-ipp-print">The Wayback Machine - https://web.archive.org/web/{page.stamp}/'
        f"{original}</div>"
        '<script type="text/javascript">__wm.bt(700,27,25,2,"web","' + original + '");</script>'
        "<!-- END WAYBACK TOOLBAR INSERT -->"
    )


def _before(page: _Page) -> str:
    """Furniture above the article: banner, menu, search, ticker, breadcrumb (random subset)."""
    rng, parts = page.rng, []
    if page.art["banner"]:
        parts.append(f"<div {page.cls()}><marquee>{BANNER}</marquee></div>")
    else:
        parts.append(
            f'<div id="banner"><img src="{page.link("/images/banner.jpg")}" alt="MPS"></div>'
        )
    if rng.random() < 0.7 or page.choices["section-shown"] == "menu-current":
        parts.append(_menu(page))
    if rng.random() < 0.5:
        parts.append(_search(page))
    if rng.random() < 0.5:
        items = " ".join(
            f'<a href="{page.link(f"/news-events/t-t{i}.html")}">{escape(t)}</a> ({d})'
            for i, (t, d) in enumerate(RELATED)
        )
        parts.append(f"<div {page.cls()}><marquee>{items}</marquee></div>")
    if page.choices["section-shown"] == "breadcrumb":
        parts.append(
            f'<div class="breadcrumb"><a href="{page.link("/")}">Home</a> » '
            f'<a href="{page.link("/news-and-events.html")}">{escape(page.section_name)}</a></div>'  # type: ignore[attr-defined]
        )
    return "\n".join(parts)


def _menu(page: _Page) -> str:
    """The site menu; the article's section marked current when the page says so."""
    current = page.choices["section-shown"] == "menu-current"
    name = page.section_name if current else "News and Events"  # type: ignore[attr-defined]
    mark = page.rng.choice(['class="active"', 'class="current"', 'class="menu-item selected"'])
    entries = [
        ("/", "Home", ""),
        ("/news-and-events.html", name, mark if current else ""),
        ("/about-mps.html", "About MPS", ""),
        ("/contact.html", "Contact", ""),
    ]
    items = "".join(f'<li {m}><a href="{page.link(h)}">{escape(t)}</a></li>' for h, t, m in entries)
    return f"<ul {page.cls()}>{items}</ul>"


def _search(page: _Page) -> str:
    """A search box (inside its own form: nested in the WebForms one)."""
    return (
        f'<form action="{page.link("/search.aspx")}"><input type="text" name="q">'
        '<input type="submit" value="Search"></form><div><a href="/search.html">Search</a></div>'
    )


def _article(page: _Page) -> str:
    """Title, date (and counter), maybe page tools, the text, the byline."""
    form = page.choices["date"]
    if form == "above":
        head = f"<div {page.cls()}>{escape(page.art['date'])}</div>" + _title(page)
    elif form == "inline":  # headline and date side by side in one block
        head = (
            f'<div {page.cls()}><span id="lblTitle">{escape(page.art["title"])}</span> '
            f'<span id="lblDate">{escape(page.art["date"])}</span></div>'
        )
    elif form == "br":
        head = (
            f"<div {page.cls()}><b>{escape(page.art['title'])}</b><br>"
            f"<i>{escape(page.art['date'])}</i></div>"
        )
    else:
        head = _title(page) + _date(page)
    tools = _tools(page, "tools-above") if page.rng.random() < 0.3 else ""
    return head + tools + _text(page) + _byline(page)


def _title(page: _Page) -> str:
    """The headline in a heading, a class- or id-named container, or `<strong>`."""
    title = escape(page.art["title"])
    form = page.pick("title", ["h1", "h2", "h3", "h4", "div", "span", "td", "strong", "a"])
    if form == "a":  # the headline links to the page itself
        return f'<h2 {page.cls()}><a href="{page.link(page.art["path"])}">{title}</a></h2>'
    if form == "td":
        return f"<table><tr><td {page.cls()}>{title}</td></tr></table>"
    if form == "span":
        return f'<span id="ctl00_ContentPlaceHolder1_lblTitle">{title}</span><br>'
    if form == "strong":
        return f"<div><strong>{title}</strong></div>"
    return f"<{form} {page.cls()}>{title}</{form}>"


def _date(page: _Page) -> str:
    """The date line: its own block, beside an icon or a view counter, in `<time>`, or absent."""
    art, form = page.art, page.choices["date"]
    day = escape(art["date"])
    counter = art["counter"] or f"Lượt xem: {page.rng.randrange(20, 900)}"
    icon = f'<img src="{page.link("/images/icon-clock.gif")}" alt="">'
    shown = {
        "block": f"<div {page.cls()}>{day}</div>",
        "icon": f"<div {page.cls()}>{icon} {day}</div>",
        "counter": f"<div {page.cls()}><span>{day}</span> | <span>{escape(counter)}</span></div>",
        "time": f'<p><time datetime="{art["published"].isoformat()}">{day}</time></p>',
        "td": f"<table><tr><td {page.cls()}>{icon}&nbsp;{day}</td></tr></table>",
        "counter-first": f"<p>{escape(counter)} &nbsp;|&nbsp; {day}</p>",
        "weekday": f"<div {page.cls()}>{art['published']:%A}, {day}</div>",
    }.get(form, "")
    if art["counter"] and form != "counter":
        shown += f"<div {page.cls()}>{escape(art['counter'])}</div>"
    return shown


def _text(page: _Page) -> str:
    """Paragraphs and photos in one paragraph style and one caption style."""
    style = page.pick("paragraphs", ["p", "div", "br", "spacer", "nbsp"])
    caption = page.pick("captions", [c for c in CAPTIONS if c != "none"])
    pieces = []
    for index, (kind, text) in enumerate(page.art["blocks"]):
        if kind == "p":
            pieces.append(PARAGRAPHS[style](_inline(page, escape(text))))
        else:
            src = page.link(f"/Uploads/images/2020/{page.art['id']}-{index}.jpg")
            pieces.append(CAPTIONS[caption if text else "none"](src, escape(text)))
    return f"<div {page.cls()}>{''.join(pieces)}"


def _inline(page: _Page, text: str) -> str:
    """A paragraph's text with inline markup, a source line break, or `<strong>MPS</strong>`."""
    words = text.split(" ")
    form = page.rng.choice(["plain", "plain", "bold", "link", "wrap", "nbsp"])
    if text.startswith("MPS - ") and form == "bold":
        return "<strong>MPS</strong> - " + text[6:]
    cut = page.rng.randrange(1, len(words)) if len(words) > 1 else 1
    head, tail = " ".join(words[:cut]), " ".join(words[cut:])
    if form == "bold":
        return f"<b>{head}</b> {tail}"
    if form == "link" and len(words) > 8:
        return (
            f'{head} <a href="{page.link("/news-events/x-t9.html")}">{words[cut] if tail else ""}</a> '
            + " ".join(words[cut + 1 :])
        )
    if form == "wrap":
        return f"{head}\n        {tail}"
    if form == "nbsp":
        return f"{head}&nbsp;{tail}"
    return text


PARAGRAPHS: dict[str, Callable[[str], str]] = {
    "p": lambda t: f"<p>{t}</p>\n",
    "div": lambda t: f"<div>{t}</div>",
    "br": lambda t: f"{t}<br><br>\n",
    "spacer": lambda t: f"<div>{t}</div><div><br></div>",
    "nbsp": lambda t: f"<p>{t}</p><p>&nbsp;</p>",
}
CAPTIONS: dict[str, Callable[[str, str], str]] = {
    "none": lambda s, c: f'<div align="center"><img src="{s}" border="0"></div>',
    "figcaption": lambda s, c: (
        f'<figure><img src="{s}" alt=""><figcaption>{c}</figcaption></figure>'
    ),
    "table": lambda s, c: (
        f'<table align="center"><tr><td><img src="{s}" width="500"></td></tr>'
        f"<tr><td>{c}</td></tr></table>"
    ),
    "em": lambda s, c: f'<p align="center"><img src="{s}"><br><em>{c}</em></p>',
    "i": lambda s, c: f'<div style="text-align:center"><img src="{s}"></div><div><i>{c}</i></div>',
    "font": lambda s, c: f'<img src="{s}"><br><font size="1" color="#333">{c}</font><br><br>',
    "class-div": lambda s, c: (
        f'<div class="pic"><img src="{s}"></div><div class="chuthich">{c}</div>'
    ),
    "center": lambda s, c: (
        f'<center><img src="{s}" width="600"><br><span class="x">{c}</span></center>'
    ),
    "linked": lambda s, c: f'<p><a href="{s}" target="_blank"><img src="{s}"></a></p><p>{c}</p>',
    "alt-title": lambda s, c: (
        f'<p style="text-align:center"><img src="{s}" alt="{c}" title="{c}"></p>'
        f'<p style="text-align:center">{c}</p>'
    ),
}


def _byline(page: _Page) -> str:
    """The byline as the last line of the text (closes the text's container), or none."""
    name = escape(page.art["byline"] or "")
    shown = {
        "p": f"<p>{name}</p>",
        "right": f'<div style="text-align:right"><strong>{name}</strong></div>',
        "bold": f"<b>{name}</b>",
        "same-block": f"<br><strong>{name}</strong>",
        "td": f'<table width="100%"><tr><td align="right"><b>{name}</b></td></tr></table>',
        "none": "",
    }[page.choices["byline"]]
    return shown + "</div>"


def _after(page: _Page) -> str:
    """Furniture below the article: tools, related and most-read lists, search, footer."""
    rng, parts = page.rng, []
    if rng.random() < 0.7:
        parts.append(_tools(page))
    if rng.random() < 0.6:
        parts.append(_related(page))
    if rng.random() < 0.3:
        parts.append(_search(page))
    parts.append(f"<div {page.cls()}>{rng.choice(FOOTERS)}</div>")
    rng.shuffle(parts)
    return "\n".join(parts)


def _tools(page: _Page, name: str = "tools") -> str:
    """Print, send and top links, with icons, on one line or one a line."""
    icon = f'<img src="{page.link("/images/print.gif")}">'
    links = [
        f'<a href="javascript:window.print()">{icon} Print</a>',
        f'<a href="{page.link("/sendmail.aspx?id=1")}">Send to friend</a>',
        '<a href="#top">Top</a>',
        '<a href="javascript:history.back()">Back</a>',
    ]
    links = page.rng.sample(links, page.rng.randrange(1, len(links) + 1))
    if page.pick(name, ["line", "blocks"]) == "line":
        return f"<div {page.cls()}>{' | '.join(links)}</div>"
    return "".join(f"<div>{link}</div>" for link in links)


def _related(page: _Page) -> str:
    """A list of other titles with their dates under a heading."""
    heading = page.rng.choice(STOPS)
    items = "".join(
        f'<li><a href="{page.link(f"/news-events/r-t{i}.html")}">{escape(t)}</a> '
        f"<span>({d})</span></li>"
        for i, (t, d) in enumerate(RELATED)
    )
    return f"<div {page.cls()}><h3>{heading}</h3><ul>{items}</ul></div>"


def _container(page: _Page, before: str, article: str, after: str) -> str:
    """The page's frame: layout tables, nested divs, spans, `<article>`, a WebForms `<form>`."""
    form = page.pick("container", ["table", "divs", "spans", "article", "webforms"])
    if form == "table":
        return (
            f'<table width="980"><tr><td colspan="3">{before}</td></tr><tr>'
            f'<td width="200">{_menu(page)}</td><td valign="top">{article}</td>'
            f"<td>{after}</td></tr></table>"
        )
    if form == "spans":
        return f'<span id="wrap">{before}<span class="content">{article}</span>{after}</span>'
    if form == "article":
        return f"<header>{before}</header><main><article>{article}</article></main>{after}"
    frame = f'<div id="page"><div {page.cls()}><div>{before}</div><div><div>{article}</div></div>{after}</div></div>'
    if form == "divs":
        return frame
    return (
        f'<form name="aspnetForm" method="post" action="./{page.art["path"].rsplit("/", 1)[1]}" '
        'id="aspnetForm"><div><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1"></div>'
        "<script type=\"text/javascript\">//<![CDATA[\nvar theForm = document.forms['aspnetForm'];"
        f"\n//]]></script>{frame}</form>"
    )


def main() -> None:
    """Print one rendering: `python -m tests.markup_generator SEED`."""
    rendering = render(int(sys.argv[1]))
    print(rendering.url, rendering.choices, sep="\n")
    print(rendering.html)


if __name__ == "__main__":
    main()
