"""An independent renderer: the portal's legacy texts in page templates of 2010s CMSs.

Written without reading `markup_generator.py` or `markups.py`: each rendering sets one real
legacy text (`build_site.legacy_articles()`) in a random combination of wrapper, headline,
date line, paragraph, photo, caption, byline and furniture markup, with a seeded RNG, and
says what a checker would expect of the record. Run `python -m tests.probe_markups N` to
probe N renderings and print the seeds that fail.
"""

from __future__ import annotations

import html
import random
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mpscrawler.parsers import parse_article
from mpscrawler.parsers.errors import ParseError
from tests.fixtures.build_site import legacy_articles

HOST = "http://en.bocongan.gov.vn"
WAYBACK = "https://web.archive.org/web/20190612083015/"
BANNER = "Ministry of Public Security Portal is under construction"


@dataclass
class Expected:
    """What the record of a rendering must hold (None: the page must raise `ParseError`)."""

    title: str
    published_date: str
    byline: str | None
    lead: str
    paragraphs: list[str]
    images: list[tuple[str, str | None]]


@dataclass
class Rendering:
    """One page: its HTML, the URL it is parsed as, and what the record must be."""

    seed: int
    html: str
    url: str
    expected: Expected | None
    choices: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def articles() -> list[dict]:
    """The annotated legacy texts."""
    return legacy_articles()


def e(text: str) -> str:
    """HTML-escaped text."""
    return html.escape(text, quote=False)


def a(text: str) -> str:
    """HTML-escaped attribute value."""
    return html.escape(text, quote=True)


# ---------------------------------------------------------------- headlines
def h_h1(t: str, r: random.Random) -> str:
    return f'<h1 class="title">{e(t)}</h1>'


def h_h2(t: str, r: random.Random) -> str:
    return f'<h2 class="contentheading">{e(t)}</h2>'


def h_dnn(t: str, r: random.Random) -> str:
    n = r.randint(300, 999)
    return f'<span id="dnn_ctr{n}_ViewNews_lblTitle" class="Head">{e(t)}</span>'


def h_font(t: str, r: random.Random) -> str:
    return f'<font face="Arial" size="4" color="#003366"><b>{e(t)}</b></font>'


def h_td(t: str, r: random.Random) -> str:
    return f'<table width="100%"><tr><td class="news_title"><b>{e(t)}</b></td></tr></table>'


def h_strong_p(t: str, r: random.Random) -> str:
    return f'<p><strong><span style="font-size:16px">{e(t)}</span></strong></p>'


def h_linked(t: str, r: random.Random) -> str:
    return f'<h3><a href="#" class="title-link">{e(t)}</a></h3>'


def h_img(t: str, r: random.Random) -> str:
    return (
        f'<div class="title"><img src="/Portals/0/title_{r.randint(1, 99)}.png" alt="{a(t)}"></div>'
    )


def h_dt(t: str, r: random.Random) -> str:
    return f'<dl class="news-detail"><dt class="tieude">{e(t)}</dt></dl>'


HEADLINES = {
    "h1": h_h1,
    "img-alt": h_img,
    "dt": h_dt,
    "h2": h_h2,
    "dnn-span": h_dnn,
    "font": h_font,
    "td": h_td,
    "strong-p": h_strong_p,
    "linked-h3": h_linked,
}


# ---------------------------------------------------------------- date lines
def d_plain(d: str, counter: str | None, r: random.Random) -> str:
    return f'<div class="date">{e(d)}</div>'


def d_clock_fa(d: str, counter: str | None, r: random.Random) -> str:
    views = f" | Views: {r.randint(10, 9999)}" if r.random() < 0.6 else ""
    return f'<div class="meta"><i class="fa fa-clock-o"></i> {e(d)}{views}</div>'


def d_clock_img(d: str, counter: str | None, r: random.Random) -> str:
    views = f"&nbsp;&nbsp;Lượt xem: {r.randint(10, 999)}" if r.random() < 0.5 else ""
    return (
        f'<span class="ngay"><img src="/Portals/0/images/clock.gif" width="12" height="12"> '
        f"{e(d)}</span>{views}"
    )


def d_span_font(d: str, counter: str | None, r: random.Random) -> str:
    return f'<font color="#888888" size="2"><i>{e(d)}</i></font><br>'


def d_time(d: str, counter: str | None, r: random.Random) -> str:
    return f'<p class="post-meta"><time datetime="x">{e(d)}</time></p>'


def d_dnn(d: str, counter: str | None, r: random.Random) -> str:
    n = r.randint(300, 999)
    return f'<span id="dnn_ctr{n}_ViewNews_lblDate" class="Normal">{e(d)}</span><br />'


def d_label(d: str, counter: str | None, r: random.Random) -> str:
    label = ["Ngày đăng:", "Posted:", "Cập nhật:", "Date:"][len(d) % 4]
    return f'<div class="date">{label} {e(d)}</div>'


EXTRA_DATES = {"label": d_label}

DATES = {
    "plain": d_plain,
    "clock-fa": d_clock_fa,
    "clock-img": d_clock_img,
    "font": d_span_font,
    "time": d_time,
    "dnn": d_dnn,
}


# ---------------------------------------------------------------- paragraphs
def p_p(t: str, r: random.Random) -> str:
    return f"<p>{e(t)}</p>"


def p_justify(t: str, r: random.Random) -> str:
    return f'<p style="text-align: justify;">{e(t)}</p>'


def p_div(t: str, r: random.Random) -> str:
    return f"<div>{e(t)}</div>"


def p_mso(t: str, r: random.Random) -> str:
    words = e(t)
    return (
        '<p class="MsoNormal" style="margin-bottom:6.0pt;text-align:justify;line-height:130%">'
        f'<span style="font-size:12.0pt;line-height:130%;font-family:&quot;Times New Roman&quot;">'
        f"{words}</span><o:p></o:p></p>"
    )


def p_font(t: str, r: random.Random) -> str:
    return f'<p><font face="Tahoma" size="2">{e(t)}</font></p>'


def p_nbsp(t: str, r: random.Random) -> str:
    return f"<p>&nbsp;&nbsp;&nbsp;{e(t)}&nbsp;</p>"


def p_comment(t: str, r: random.Random) -> str:
    words = e(t).split(" ")
    at = r.randint(1, max(1, len(words) - 1))
    mark = r.choice(["<!-- x -->", "<span></span>", '<a name="_GoBack"></a>', "<o:p></o:p>"])
    return f"<p>{' '.join(words[:at])} {mark}{' '.join(words[at:])}</p>"


def p_dd(t: str, r: random.Random) -> str:
    return f"<dl><dd>{e(t)}</dd></dl>"


PARAGRAPHS = {
    "p": p_p,
    "comment": p_comment,
    "dd": p_dd,
    "justify": p_justify,
    "div": p_div,
    "mso": p_mso,
    "font": p_font,
    "nbsp": p_nbsp,
}


# ---------------------------------------------------------------- photos and captions
def i_em(src: str, cap: str, r: random.Random) -> str:
    img = f'<p style="text-align:center"><img src="{src}" width="500" alt=""></p>'
    return img + (f'<p style="text-align:center"><em>{e(cap)}</em></p>' if cap else "")


def i_table(src: str, cap: str, r: random.Random) -> str:
    row = f'<tr><td class="caption">{e(cap)}</td></tr>' if cap else ""
    return f'<table class="image" align="center"><tr><td><img src="{src}"></td></tr>{row}</table>'


def i_title(src: str, cap: str, r: random.Random) -> str:
    img = f'<p><img src="{src}" title="{a(cap)}" alt="{a(cap)}"></p>'
    return img + (f"<p>{e(cap)}</p>" if cap else "")


def i_link(src: str, cap: str, r: random.Random) -> str:
    big = src.replace(".jpg", "_big.jpg")
    img = f'<p><a href="{big}" target="_blank"><img src="{src}" border="0"></a></p>'
    return img + (f'<p align="center"><i>{e(cap)}</i></p>' if cap else "")


def i_figure(src: str, cap: str, r: random.Random) -> str:
    fc = f"<figcaption>{e(cap)}</figcaption>" if cap else ""
    return f'<figure class="wp-caption aligncenter"><img src="{src}">{fc}</figure>'


def i_br(src: str, cap: str, r: random.Random) -> str:
    c = f"<br><i>{e(cap)}</i>" if cap else ""
    return f'<div align="center"><img src="{src}" style="width:500px">{c}</div>'


def i_plain(src: str, cap: str, r: random.Random) -> str:
    return f'<p><img src="{src}"></p>' + (f"<p>{e(cap)}</p>" if cap else "")


def i_same_p(src: str, cap: str, r: random.Random) -> str:
    c = f"<br><em>{e(cap)}</em>" if cap else ""
    return f'<p style="text-align:center"><img src="{src}" alt="">{c}</p>'


def i_td_br(src: str, cap: str, r: random.Random) -> str:
    c = f"<br>{e(cap)}" if cap else ""
    return f'<table align="center" width="500"><tr><td><img src="{src}">{c}</td></tr></table>'


# Variants of the second probe (`extended`): drawn from an RNG of their own, so the renderings
# of the first probe's seeds stay as they were.
EXTRA_IMAGES = {"same-p": i_same_p, "td-br": i_td_br}

IMAGES = {
    "em": i_em,
    "table": i_table,
    "title": i_title,
    "link": i_link,
    "figure": i_figure,
    "br": i_br,
    "plain": i_plain,
}


# ---------------------------------------------------------------- bylines
def b_right(t: str, r: random.Random) -> str:
    return f'<p align="right"><b>{e(t)}</b></p>'


def b_author(t: str, r: random.Random) -> str:
    return f'<div class="author">{e(t)}</div>'


def b_strong(t: str, r: random.Random) -> str:
    return f'<p style="text-align: right;"><strong><em>{e(t)}</em></strong></p>'


def b_plain(t: str, r: random.Random) -> str:
    return f"<p>{e(t)}</p>"


def b_td(t: str, r: random.Random) -> str:
    return (
        f'<table width="100%"><tr><td align="right" class="tacgia"><b>{e(t)}</b></td></tr></table>'
    )


BYLINES = {"td": b_td, "right": b_right, "author": b_author, "strong": b_strong, "plain": b_plain}


# ---------------------------------------------------------------- furniture
def menu(r: random.Random) -> str:
    items = ["Home", "About MPS", "News and Events", "International Relations", "Contact"]
    lis = "".join(f'<li><a href="/{i.lower().replace(" ", "-")}.html">{i}</a></li>' for i in items)
    return f'<div id="dnn_pnav"><ul class="mainmenu">{lis}</ul></div>'


def search(r: random.Random) -> str:
    return '<div class="search-box"><input type="text" name="q"><a href="#">Search</a></div>'


def tools(r: random.Random) -> str:
    return (
        '<div class="tools"><a href="#">Print</a> | <a href="#">Email</a> | '
        '<a href="javascript:history.back()">Back</a> | <a href="#top">Top</a></div>'
    )


def share(r: random.Random) -> str:
    return (
        '<div class="addthis_toolbox"><a class="addthis_button_facebook">Facebook</a>'
        '<a class="addthis_button_twitter">Twitter</a><a class="addthis_button_email">Email</a>'
        "</div>"
    )


def related(r: random.Random) -> str:
    titles = [
        ("Minister To Lam receives Ambassador of Japan", "June, 11 2019"),
        ("Vietnam, Laos strengthen cooperation in crime prevention", "June, 09 2019"),
        ("Deputy Minister works with delegation of Interpol", "June, 05 2019"),
    ]
    head = r.choice(["Other news", "Related news", "Tin khác"])
    lis = "".join(
        f'<li><a href="/news-events/x-t{r.randint(4000, 9000)}.html">{t}</a> '
        f'<span class="d">({d})</span></li>'
        for t, d in titles
    )
    return f'<div class="othernews"><h3>{head}</h3><ul>{lis}</ul></div>'


def footer(r: random.Random) -> str:
    return (
        '<div id="footer"><p>MINISTRY OF PUBLIC SECURITY OF THE SOCIALIST REPUBLIC OF VIETNAM</p>'
        "<p>Address: 44 Yet Kieu Street, Hoan Kiem District, Ha Noi</p>"
        "<p>Tel: (+84) 069 2342 355 - Fax: (+84) 069 2342 356</p>"
        "<p>Copyright © 2017 Ministry of Public Security</p></div>"
    )


def breadcrumb(r: random.Random) -> str:
    return (
        '<div class="breadcrumb"><a href="/">Home</a> &raquo; '
        '<a href="/news-events.html">News and Events</a></div>'
    )


def section_image(r: random.Random) -> str:
    return '<div class="module-title"><img src="/images/tt_news.gif" alt="News and Events"></div>'


def wayback_toolbar(r: random.Random) -> str:
    return (
        '<div id="wm-ipp-base" lang="en" style="display:none"><div id="wm-ipp">'
        '<a href="/web/">Wayback Machine</a> <span>60 captures</span> '
        "<span>12 Jun 2019 - 3 Mar 2023</span></div></div>"
        '<div id="wm-ipp-print">The Wayback Machine - '
        "https://web.archive.org/web/20190612083015/http://en.bocongan.gov.vn/</div>"
    )


NOISE = [
    "<!-- Begin content -->",
    '<script type="text/javascript">var _gaq = _gaq || []; document.write("x");</script>',
    "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->",
    "<style>.x{color:red}</style>",
]


# ---------------------------------------------------------------- wrappers
def w_dnn(head: str, main: str, tail: str, r: random.Random) -> str:
    return (
        f'<form id="Form" action="/x.aspx"><table width="980" cellpadding="0" cellspacing="0">'
        f'<tr><td colspan="2">{head}</td></tr><tr><td width="200" valign="top">'
        '<table><tr><td><a href="/a.html">Leaders</a></td></tr></table></td>'
        f'<td valign="top"><div id="dnn_ContentPane"><div class="DNNModuleContent">'
        f"<table><tr><td>{main}</td></tr></table></div></div></td></tr>"
        f'<tr><td colspan="2">{tail}</td></tr></table></form>'
    )


def w_joomla(head: str, main: str, tail: str, r: random.Random) -> str:
    return (
        f'<div id="wrapper"><div id="header">{head}</div><div id="main">'
        f'<div class="item-page"><div class="article-content">{main}</div></div>'
        f'</div><div class="moduletable">{tail}</div></div>'
    )


def w_bootstrap(head: str, main: str, tail: str, r: random.Random) -> str:
    return (
        f'<div class="container"><div class="row">{head}</div><div class="row">'
        f'<div class="col-md-8">{main}</div><div class="col-md-4">'
        '<div class="panel"><a href="/n.html">Hotline</a></div></div></div>'
        f'<div class="row">{tail}</div></div>'
    )


def w_liferay(head: str, main: str, tail: str, r: random.Random) -> str:
    return (
        f'<div id="wrapper">{head}<div class="portlet-boundary portlet-journal-content">'
        f'<section class="portlet"><div class="portlet-content"><div class="journal-content-article">'
        f"{main}</div></div></section></div>{tail}</div>"
    )


def w_center(head: str, main: str, tail: str, r: random.Random) -> str:
    return (
        f'<center><table width="780" border="0" bgcolor="#ffffff"><tr><td>{head}</td></tr>'
        f'<tr><td><font face="Verdana" size="2">{main}</font></td></tr>'
        f"<tr><td>{tail}</td></tr></table></center>"
    )


def w_html5(head: str, main: str, tail: str, r: random.Random) -> str:
    return (
        f'<header>{head}</header><main><section class="content"><article>{main}</article>'
        f"</section></main><footer>{tail}</footer>"
    )


WRAPPERS = {
    "dnn": w_dnn,
    "joomla": w_joomla,
    "bootstrap": w_bootstrap,
    "liferay": w_liferay,
    "center": w_center,
    "html5": w_html5,
}


# ---------------------------------------------------------------- the page
def _byline(raw: str) -> str:
    """The record's byline of a byline line."""
    return re.sub(r"^(?:by|BY|By)\s+", "", raw).rstrip(".")


def _tidy(cap: str) -> str:
    """A caption as the record holds it (a stray space before the stop dropped)."""
    return re.sub(r"\s+([.,;:!?])$", r"\1", " ".join(cap.split()))


def _page_title(title: str, r: random.Random, choices: dict[str, str]) -> str:
    """The `<title>`: the headline, with the site's name, or the site's name alone."""
    kind = r.choice(["alone", "suffix", "prefix", "site"])
    choices["page_title"] = kind
    if choices.get("t_title") == "truncated":  # an SEO plugin's cut: "Minister To Lam def..."
        return f"{title[:40].rstrip()}... - Ministry of Public Security"
    return {
        "alone": title,
        "suffix": f"{title} - Ministry of Public Security",
        "prefix": f"Ministry of Public Security | {title}",
        "site": "Ministry of Public Security Portal",
    }[kind]


def _head_block(art: dict, r: random.Random, ch: dict[str, str]) -> str:
    """Headline, date line and counter in the order and form chosen."""
    title, date = art["title"], art["date"]
    if ch.get("t_date") == "weekday":
        date = f"{art['published']:%A}, {date}"
    elif ch.get("t_date") == "time":
        date = f"{date} - 10:30"
    ch["headline"] = r.choice(sorted(HEADLINES))
    ch["date"] = r.choice(sorted(DATES)) if ch.get("nodate") != "yes" else "none"
    hl = HEADLINES[ch["headline"]](title, r)
    if ch["date"] != "none" and ch.get("x_date"):
        ch["date"] = ch["x_date"]
    dates = {**DATES, **EXTRA_DATES}
    dl = dates[ch["date"]](date, art["counter"], r) if ch["date"] != "none" else ""
    if ch.get("s_date_link") == "yes":  # WordPress: the date links to the article itself
        dl = dl.replace(e(date), f'<a href="{art["path"]}" rel="bookmark">{e(date)}</a>', 1)
    if ch["date"] != "none" and r.random() < 0.15 and ch["headline"] in {"h1", "h2", "font"}:
        ch["date"] = "in-title"
        hl = hl.replace(e(title), f'{e(title)} <span class="date">{e(date)}</span>', 1)
        dl = ""
    counter = f"<div>{e(art['counter'])}</div>" if art["counter"] else ""
    # Template sources put a line break between the pieces; some glue them.
    ch["glue"] = "yes" if r.random() < 0.15 else "no"
    sep = "" if ch["glue"] == "yes" else "\n"
    if r.random() < 0.2:
        ch["order"] = "date-first"
        return sep.join([dl, hl, counter])
    return sep.join([hl, dl, counter])


def _body(art: dict, r: random.Random, ch: dict[str, str], src_of: Callable[[str], str]) -> str:
    """The paragraphs and photos of the text, with noise between them."""
    ch["para"] = r.choice(sorted(PARAGRAPHS))
    ch["image"] = ch.get("x_image") or r.choice(sorted(IMAGES))
    ch["br_runs"] = "yes" if r.random() < 0.15 else "no"
    parts: list[str] = []
    n = 0
    for kind, text in art["blocks"]:
        if kind == "p" and text is art["blocks"][0][1] and ch.get("lead", "same") != "same":
            lead = {
                "bold": f"<p><b>{e(text)}</b></p>",
                "h2": f'<h2 class="sapo">{e(text)}</h2>',
            }.get(ch["lead"], f'<div class="sapo"><strong>{e(text)}</strong></div>')
            parts.append(lead)
            continue
        if kind == "img":
            n += 1
            src = src_of(f"{art['id']}-{n}.jpg")
            photo = {**IMAGES, **EXTRA_IMAGES}[ch["image"]](src, text, r)
            if ch["br_runs"] == "yes" and ch.get("f_br_photo") == "yes":
                photo = f'<img src="{src}"><br>' + (f"<i>{e(text)}</i><br><br>" if text else "<br>")
            if ch.get("x_lazy") == "yes":  # lazy loading: a placeholder in `src`
                photo = photo.replace(
                    f'src="{src}"', f'src="/images/blank.gif" data-original="{src}"'
                )
            parts.append(photo)
        elif ch["br_runs"] == "yes":
            parts.append(f"{_wrapped(text, ch)}<br><br>")
        elif ch.get("t_para") in {"div-br", "br1"}:
            parts.append(f"{e(text)}<br>" + ("<br>" if ch["t_para"] == "div-br" else ""))
        elif ch.get("t_para") == "tr":
            parts.append(f"<tr><td>{e(text)}</td></tr>")
        else:
            para = PARAGRAPHS[ch["para"]](text, r)
            if ch.get("f_wrap") == "yes":
                para = para.replace(e(text), _wrapped(text, ch))
            if ch.get("f_italic") == "yes" and r.random() < 0.2:  # a quoted passage in italics
                para = para.replace(e(text), f"<em>{e(text)}</em>")
            parts.append(para)
        if r.random() < 0.08:
            parts.append(r.choice(NOISE))
        if ch["para"] == "mso" and r.random() < 0.3:
            parts.append('<p class="MsoNormal">&nbsp;<o:p></o:p></p>')
    if ch["br_runs"] == "yes":
        return f'<td class="content">{"".join(parts)}</td>'
    if ch.get("t_para") == "tr":  # each paragraph a row; photos each in a row of their own
        rows = (p if p.startswith("<tr>") else f"<tr><td>{p}</td></tr>" for p in parts)
        return f'<table class="news-content">{"".join(rows)}</table>'
    if ch.get("t_para") in {"div-br", "br1"}:
        return f'<div class="content">{"".join(parts)}</div>'
    return "".join(parts)


def render(
    seed: int,
    nodate: bool = False,
    extended: bool = False,
    third: bool = False,
    fourth: bool = False,
    fifth: bool = False,
    sixth: bool = False,
) -> Rendering:
    """The rendering of one seed (`extended` … `fifth`: the later probes' variants too)."""
    r = random.Random(seed)
    art = articles()[seed % len(articles())]
    ch: dict[str, str] = {"article": art["id"], "nodate": "yes" if nodate else "no"}
    if extended:
        _extend(random.Random(f"extended-{seed}"), ch)
    if third:
        _third(random.Random(f"third-{seed}"), ch)
    if fourth:
        _fourth(random.Random(f"fourth-{seed}"), ch)
    if fifth:
        ch["v_sidebar"] = random.Random(f"fifth-{seed}").choice(["before", "after", "none"])
    if sixth:
        z = random.Random(f"sixth-{seed}")
        ch["s_date_link"] = "yes" if z.random() < 0.5 else "no"
        ch["s_byline_link"] = "yes" if z.random() < 0.5 else "no"
    ch["wrapper"] = r.choice(sorted(WRAPPERS))
    ch["wayback"] = "yes" if r.random() < 0.2 else "no"
    prefix = WAYBACK if ch["wayback"] == "yes" else ""
    pre = "/web/20190612083015im_/" + HOST if prefix else ""
    based = ch.get("t_base") == "yes" and not prefix

    def src_of(name: str) -> str:
        return f"Uploads/images/{name}" if based else f"{pre}/Uploads/images/{name}"

    title_tag = _page_title(art["title"], r, ch)
    head = "".join(f(r) for f in (menu, breadcrumb, section_image) if r.random() < 0.6)
    if ch.get("x_crumb") == "yes":  # the headline as the breadcrumb's last, unlinked, item
        head += f'<div class="path"><a href="/">Home</a> » <span>{e(art["title"])}</span></div>'

    if art["banner"]:
        head += f"<h1>{BANNER}</h1>" if r.random() < 0.5 else f"<marquee>{BANNER}</marquee>"
    top = _head_block(art, r, ch)
    ch["tools_above"] = "yes" if r.random() < 0.2 else "no"
    if ch["tools_above"] == "yes":
        top += r.choice([tools, share])(r)
    body = _body(art, r, ch, src_of)
    ch["byline"] = r.choice(sorted(BYLINES))
    byline = BYLINES[ch["byline"]](art["byline"], r)
    if ch.get("s_byline_link") == "yes":  # the writer's name links to the writer's page
        name = _byline(art["byline"])
        byline = byline.replace(e(name), f'<a href="/author/{len(name)}">{e(name)}</a>', 1)
    extras = [f for f in (tools, share, related) if r.random() < 0.5]
    after = "".join(f(r) for f in extras)
    after = AFTER.get(ch.get("x_after", ""), "") + after
    if ch.get("t_thumbs") == "yes":
        after += THUMBS
    if ch.get("x_byline") == "br" and body.endswith("</p>"):  # the byline in the last <p>
        body, byline = f"{body[:-4]}<br><br>{e(art['byline'])}</p>", ""
    if ch.get("f_hidden") == "copy":  # a print copy the page hides: not what a reader sees
        top = f'<div id="printArea" style="display:none">{e(art["title"])}<br>{e(art["date"])}<br>{e(art["blocks"][0][1])}</div>{top}'
    elif ch.get("f_hidden") == "attr":
        top = (
            f"<div hidden>Loading...</div><span style='display: none'>{e(art['title'])}</span>{top}"
        )
    if ch.get("f_icons") == "yes":
        after = (
            '<div class="tool"><img src="/images/print.gif"> <span onclick="p()">Print</span> '
            '<img src="/images/email.gif"> <span>Email</span></div>'
        ) + after
    main = top + body + byline + after
    if ch["br_runs"] == "yes":
        main = f"<table><tr>{body}</tr></table>".join([top, byline + after])
    tail = (search(r) if r.random() < 0.6 else "") + (footer(r) if r.random() < 0.7 else "")
    if ch.get("v_sidebar") == "before":  # a "Latest news" box with other articles' leads
        main = f'<table width="100%"><tr><td width="30%">{_latest(art)}</td><td>{main}</td></tr></table>'
    elif ch.get("v_sidebar") == "after":
        main = f'<div class="row"><div class="col-8">{main}</div><div class="col-4">{_latest(art)}</div></div>'
    page = WRAPPERS[ch["wrapper"]](head, main, tail, r)
    toolbar = wayback_toolbar(r) if prefix else ""
    doc = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">\n'
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{e(title_tag)}</title>{BASE if based else ''}"
        f"</head><body>{toolbar}{page}</body></html>"
    )
    doc = _characters(doc, ch.get("t_chars", "plain"))
    url = prefix + HOST + art["path"]
    expected = None if nodate else _expected(art)
    return Rendering(seed, doc, url, expected, ch)


# What follows the byline in the second probe.
AFTER = {
    "comments": '<div class="binhluan"><h4>Ý kiến bạn đọc</h4><p>Họ tên:</p><p>Email:</p></div>',
    "your-comments": "<div><b>Your comments</b></div><div>Full name</div>",
    "views": "<div>Views: 1234</div>",
    "tags": '<div class="keywords">Tags: <a href="/t/1">COMMIT</a>, <a href="/t/2">MPS</a></div>',
    "related-bare": (
        '<ul><li><a href="/news-events/a-t5001.html">Minister To Lam receives Ambassador of '
        'Japan</a> (June, 11 2019)</li><li><a href="/news-events/b-t5002.html">Vietnam, Laos '
        "strengthen cooperation</a> (June, 09 2019)</li></ul>"
    ),
}


def _extend(x: random.Random, ch: dict[str, str]) -> None:
    """The second probe's choices: labelled dates, photos and captions in one box, bold leads."""
    if x.random() < 0.3:
        ch["x_date"] = x.choice(sorted(EXTRA_DATES))
    if x.random() < 0.4:
        ch["x_image"] = x.choice(sorted(EXTRA_IMAGES))
    ch["lead"] = x.choice(["same", "bold", "sapo"])
    ch["x_after"] = x.choice(["none", *sorted(AFTER)])
    ch["x_byline"] = "br" if x.random() < 0.2 else "own"
    ch["x_lazy"] = "yes" if x.random() < 0.2 else "no"
    ch["x_crumb"] = "yes" if x.random() < 0.2 else "no"


BASE = f'<base href="{HOST}/">'
# Related news with thumbnails, as many portals list them under the text.
THUMBS = "".join(
    f'<div class="tinkhac-item"><a href="/news-events/x-t{n}.html"><img src="/Uploads/thumbs/{n}.jpg">'
    f'</a><a href="/news-events/x-t{n}.html">{t}</a><span>June, 0{n % 9 + 1} 2019</span></div>'
    for n, t in [(5101, "Minister receives Interpol delegation"), (5102, "Police academy opens")]
)


def _third(y: random.Random, ch: dict[str, str]) -> None:
    """The third probe's choices: <base href>, entities and decomposed text, decorated dates."""
    ch["t_title"] = "truncated" if y.random() < 0.25 else "full"
    ch["t_date"] = y.choice(["as-is", "as-is", "weekday", "time"])
    ch["lead"] = y.choice(["same", "same", "h2", "bold"])
    ch["t_para"] = y.choice(["own", "own", "div-br", "br1", "tr"])
    ch["t_base"] = "yes" if y.random() < 0.3 else "no"
    ch["t_thumbs"] = "yes" if y.random() < 0.3 else "no"
    ch["t_chars"] = y.choice(["plain", "entities", "nfd", "zwsp"])


def _latest(art: dict) -> str:
    """A "Latest news" box: three other articles, each a linked title, its date and its lead."""
    others = [o for o in articles() if o["id"] != art["id"]][:3]
    items = "".join(
        f'<div class="item"><a href="{o["path"]}">{e(o["title"])}</a>'
        f'<div class="date">{e(o["date"])}</div><p>{e(o["blocks"][0][1][:160])}...</p></div>'
        for o in others
    )
    return f'<div class="box-latest"><h3>Latest news</h3>{items}</div>'


def _fourth(y: random.Random, ch: dict[str, str]) -> None:
    """The fourth probe's: wrapped source lines, hidden copies, italic quotes, icons, <br> photos."""
    ch["f_wrap"] = "yes" if y.random() < 0.4 else "no"
    ch["f_hidden"] = y.choice(["none", "none", "copy", "attr"])
    ch["f_italic"] = "yes" if y.random() < 0.4 else "no"
    ch["f_icons"] = "yes" if y.random() < 0.3 else "no"
    ch["f_br_photo"] = "yes" if y.random() < 0.5 else "no"


def _wrapped(text: str, ch: dict[str, str]) -> str:
    """Text as a hand-indented source holds it: lines of about 72 characters, indented."""
    if ch.get("f_wrap") != "yes":
        return e(text)
    lines, line = [], ""
    for word in e(text).split(" "):
        if len(line) + len(word) > 72 and line:
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
    return "\n        ".join([*lines, line])


def _characters(doc: str, how: str) -> str:
    """The page's characters written another way: entities, NFD, zero-width spaces."""
    if how == "entities":
        return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in doc)
    if how == "nfd":
        return unicodedata.normalize("NFD", doc)
    if how == "zwsp":
        return doc.replace("the ", "the\u200b ")
    return doc


def _expected(art: dict) -> Expected:
    """The record a reader sees on the page."""
    paragraphs = [" ".join(t.split()) for k, t in art["blocks"] if k == "p"]
    images = []
    n = 0
    for kind, text in art["blocks"]:
        if kind == "img":
            n += 1
            images.append((f"{HOST}/Uploads/images/{art['id']}-{n}.jpg", _tidy(text) or None))
    return Expected(
        title=" ".join(art["title"].split()),
        published_date=art["published"].isoformat(),
        byline=_byline(art["byline"]),
        lead=paragraphs[0],
        paragraphs=paragraphs,
        images=images,
    )


def check(rendering: Rendering) -> list[str]:
    """What the record gets wrong of one rendering ([] when all is right)."""
    try:
        got = parse_article(rendering.html, rendering.url)
    except ParseError as exc:
        return [] if rendering.expected is None else [f"ParseError: {exc}"]
    want = rendering.expected
    if want is None:
        return [f"no date on the page, yet a record dated {got.published_date}"]
    found = {
        "title": got.title,
        "published_date": got.published_date,
        "byline": got.byline,
        "lead": got.lead,
        "paragraphs": (got.body or "").split("\n\n"),
        "images": [(i.url, i.caption) for i in got.images],
    }
    return [
        f"{name}: got {found[name]!r}, want {getattr(want, name)!r}"
        for name in found
        if found[name] != getattr(want, name)
    ]


def main(argv: list[str]) -> None:
    """Probe N renderings (a fifth again without a date) from seed 0; print the failures."""
    count = int(argv[0]) if argv else 1000
    extended, third, fourth = "--extended" in argv, "--third" in argv, "--fourth" in argv
    fifth, sixth = "--fifth" in argv, "--sixth" in argv
    failures = 0
    for seed in range(count):
        for nodate in (False, True) if seed % 5 == 0 else (False,):
            rendering = render(seed, nodate, extended, third, fourth, fifth, sixth)
            problems = check(rendering)
            if problems:
                failures += 1
                print(f"seed={seed} nodate={nodate} {rendering.choices}")
                for p in problems:
                    print("   ", p[:300])
    print(f"{failures} failures")


if __name__ == "__main__":
    main(sys.argv[1:])
