"""The captured legacy texts as common CMS templates of the legacy era would set them.

Each template carries the quirks its CMS is known for, none of them in the snapshot, the
generator or `tests/markups.py`: WordPress's `Posted on <a rel=bookmark><time>…` date line,
lazy-loading and AMP photos, photos inside lightbox links, captions set before their photos,
a portal's tool lists between the date and the text, related items with leads and authors.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from mpscrawler.parsers.sections import legacy_section
from tests.fixtures.site_templates import BANNER

Photo = Callable[[str, str, int], str]
OTHERS = [
    ("Deputy Minister works with Son La police", "December, 16 2020", "Thu Hung"),
    ("Police forces support flood-affected people", "October, 19 2020", "Minh Ngan"),
    ("MPS reviews task performance in April", "May, 01 2019", "Bui Tuan"),
]


def _text(art: dict, photo: Photo, para: str = "<p>{}</p>") -> str:
    """The article's blocks: paragraphs in `para`, photos as `photo(src, caption, n)` sets them."""
    return "\n".join(
        para.format(escape(text))
        if kind == "p"
        else photo(f"/Uploads/images/2020/{art['id']}-{n}.jpg", text, n)
        for n, (kind, text) in enumerate(art["blocks"])
    )


def _banner(art: dict) -> str:
    """Era A's line above everything."""
    return f'<div class="construction">{BANNER}</div>' if art["banner"] else ""


def _recent(tag: str = "li") -> str:
    """Other articles' headlines with their dates, as sidebars list them."""
    return "".join(
        f'<{tag}><a href="/news-events/other-t{n}.html">{t}</a> <span class="date">{d}</span></{tag}>'
        for n, (t, d, _) in enumerate(OTHERS, start=1)
    )


def wordpress(art: dict) -> str:
    """A WordPress theme: the date in `<a rel=bookmark>` with its `updated` twin, then the author."""

    def photo(src: str, cap: str, n: int) -> str:
        caption = (
            f'<figcaption class="wp-element-caption">{escape(cap)}</figcaption>' if cap else ""
        )
        return (
            f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" '
            f'height="683" src="{src}" alt="" class="wp-image-{n}"/>{caption}</figure>'
        )

    day = art["published"].isoformat()
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{escape(art["title"])} &#8211; Ministry of Public Security</title><link rel="canonical" href="{art["url"]}"></head>
<body class="post-template-default single single-post"><div id="page" class="site">{_banner(art)}
<header id="masthead" class="site-header"><p class="site-title"><a href="/" rel="home">Ministry of Public Security</a></p>
<nav id="site-navigation" class="main-navigation"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/news-and-events.html">News and Events</a></li></ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main"><article id="post-{art["id"]}" class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{escape(art["title"])}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{art["url"]}" rel="bookmark"><time class="entry-date published" datetime="{day}T08:00:00+07:00">{escape(art["date"])}</time><time class="updated" datetime="{day}T09:30:00+07:00">{escape(art["date"])}</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/admin/">admin</a></span></span></div></header>
<div class="entry-content">
{_text(art, photo)}
<p>{escape(art["byline"])}</p></div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/news-and-events.html" rel="category tag">News and Events</a></span></footer></article>
<nav class="navigation post-navigation"><a href="/news-events/other-t1.html" rel="prev">{OTHERS[0][0]}</a></nav></main>
<aside id="secondary" class="widget-area"><h2 class="widget-title">Recent Posts</h2><ul>{_recent()}</ul></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">Copyright © 2020 Ministry of Public Security</div></footer></div></body></html>"""


def lazy(art: dict) -> str:
    """A theme whose photos load lazily (`data-lazy-src`, the real `<img>` in `<noscript>`).

    Its date line names the section after a slash: "December, 17 2020 / News and Events".
    """

    def photo(src: str, cap: str, n: int) -> str:
        blank = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E"
        img = f'<img width="1024" height="683" src="{blank}" data-lazy-src="{src}" alt="">'
        caption = f'<p class="wp-caption-text">{escape(cap)}</p>' if cap else ""
        return (
            f'<div id="attachment_{n}" class="wp-caption aligncenter" style="width: 1034px">{img}'
            f'<noscript><img width="1024" height="683" src="{src}" alt=""></noscript>{caption}</div>'
        )

    name, link = legacy_section(art["url"])
    counter = f'<span class="views">{escape(art["counter"])}</span>' if art["counter"] else ""
    return f"""<!DOCTYPE html><html><head><title>{escape(art["title"])} - Ministry of Public Security</title></head>
<body>{_banner(art)}<div class="td-header"><a href="/">MPS</a> <a href="/news-and-events.html">News</a></div>
<div class="td-post-header"><h3 class="entry-title">{escape(art["title"])}</h3>
<div class="td-module-meta-info"><time class="entry-date" datetime="{art["published"]}">{escape(art["date"])}</time> / <a href="{link or "/"}">{escape(name or "News")}</a> {counter}</div></div>
<div class="td-post-content">
{_text(art, photo)}
<p style="text-align: right;"><strong>{escape(art["byline"])}</strong></p></div>
<div class="td-related"><h4>Related articles</h4>{_recent("div")}</div>
<div class="td-footer">© Ministry of Public Security</div></body></html>"""


def amp(art: dict) -> str:
    """An AMP page: `<amp-img>` photos (their `<noscript>` fallback inside), `<time>`."""

    def photo(src: str, cap: str, n: int) -> str:
        caption = f'<figcaption class="wp-caption-text">{escape(cap)}</figcaption>' if cap else ""
        return (
            f'<figure class="wp-caption"><amp-img src="{src}" width="1024" height="683" '
            f'layout="intrinsic" alt=""><noscript><img src="{src}" width="1024" height="683">'
            f"</noscript></amp-img>{caption}</figure>"
        )

    return f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>{escape(art["title"])}</title>
<link rel="canonical" href="{art["url"]}"><script async src="https://cdn.ampproject.org/v0.js"></script>
<style amp-boilerplate>body{{visibility:hidden}}</style></head><body>
<header class="amp-wp-header"><a href="/">Ministry of Public Security</a></header>
<article class="amp-wp-article"><header class="amp-wp-article-header"><h1 class="amp-wp-title">{escape(art["title"])}</h1>
<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{art["published"]}">{escape(art["date"])}</time></div></header>
<div class="amp-wp-article-content">
{_text(art, photo)}
<p>{escape(art["byline"])}</p></div></article>
<footer class="amp-wp-footer"><p>© 2020 Ministry of Public Security</p><a href="#top" class="back-to-top">Back to top</a></footer></body></html>"""


def lightbox(art: dict) -> str:
    """Photos inside links that open them: `javascript:` ones and an image handler's URL."""

    def photo(src: str, cap: str, n: int) -> str:
        if n % 2:
            img = f'<a href="javascript:void(0);" onclick="ShowImage(\'{src}\')"><img src="{src}" width="500"></a>'
        else:
            img = f'<a href="/ImageHandler.ashx?file={src}&amp;w=1200" class="lightbox"><img src="{src}" width="500"></a>'
        caption = f"<br><em>{escape(cap)}</em>" if cap else ""
        return f'<p style="text-align:center">{img}{caption}</p>'

    return f"""<html><head><title>{escape(art["title"])}</title></head><body><form id="form1" method="post" action="./">
<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk"/>{_banner(art)}
<div id="menu"><a href="/">Home</a> | <a href="/news-and-events.html">News and Events</a></div>
<div class="detail"><div class="detail-title">{escape(art["title"])}</div><div class="detail-date">{escape(art["date"])}</div>
<div class="detail-content">{_text(art, photo)}<p align="right"><b>{escape(art["byline"])}</b></p></div></div>
<div class="other"><b>Other news</b><ul>{_recent()}</ul></div></form></body></html>"""


def caption_first(art: dict) -> str:
    """HTML5 whose captions come before their photos (CSS shows them below); a `<br>` in the `<h1>`."""

    def photo(src: str, cap: str, n: int) -> str:
        if not cap:
            return f'<figure><img src="{src}" alt=""></figure>'
        if n % 2:
            return f'<figure class="photo"><figcaption>{escape(cap)}</figcaption><img src="{src}" alt=""></figure>'
        return (
            f'<table class="photo" style="caption-side:bottom"><caption>{escape(cap)}</caption>'
            f'<tr><td><img src="{src}" width="600"></td></tr></table>'
        )

    words = art["title"].split()
    half = len(words) // 2
    heading = f"{escape(' '.join(words[:half]))}<br>{escape(' '.join(words[half:]))}"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(art["title"])} | MPS</title></head>
<body>{_banner(art)}<header><a href="/">MPS</a></header><main><article><h1>{heading}</h1><p class="meta"><time>{escape(art["date"])}</time></p>
{_text(art, photo)}
<p class="author">{escape(art["byline"])}</p></article><section class="more"><h2>More news</h2><ul>{_recent()}</ul></section></main></body></html>"""


def portal_tools(art: dict) -> str:
    """A portal's article: `<title>` cut short with "...", tools in the date's line and lists of
    share and font-size links between it and the text, an icon before the byline."""

    def photo(src: str, cap: str, n: int) -> str:
        caption = f'<p class="img-desc">{escape(cap)}</p>' if cap else ""
        return f'<div class="img-box"><img src="{src}" width="600" height="400">{caption}</div>'

    shown = art["title"] if len(art["title"]) <= 47 else art["title"][:47] + "..."
    share = "".join(
        f'<li><a href="#" class="share-{n}">{n}</a></li>'
        for n in ("Facebook", "Twitter", "LinkedIn", "Zalo", "Email", "Print", "Copy link")
    )
    sizes = "".join(f'<li><a href="javascript:;">{n}</a></li>' for n in ("A-", "A", "A+"))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(shown)} - Ministry of Public Security</title></head>
<body>{_banner(art)}<div class="main-menu"><ul><li><a href="/">Home</a></li><li class="active"><a href="/news-and-events.html">News and Events</a></li></ul></div>
<div class="news-detail"><h1 class="title-detail">{escape(art["title"])}</h1>
<div class="date-detail"><span class="date">{escape(art["date"])} | 10:35</span> <span class="tools">Font size: <a href="javascript:;">A-</a> <a href="javascript:;">A+</a> <a href="javascript:window.print();">Print</a> <a href="#sendmail">Email</a></span></div>
<ul class="share">{share}</ul><ul class="font-size">{sizes}</ul>
<div class="content-detail">{_text(art, photo)}
<p class="author"><img src="/Portal/images/icon-author.png"> {escape(art["byline"])}</p></div></div>
<div class="latest"><h3>Latest news</h3><ul>{_recent()}</ul></div><div class="footer">Copyright © Ministry of Public Security</div></body></html>"""


def related_leads(art: dict) -> str:
    """Related items under the text, each with its headline, its own `MPS - ` lead and author."""
    items = "".join(
        f'<div class="item"><h3><a href="/news-events/other-t{n}.html">{t}</a></h3><p class="date">{d}</p>'
        f'<p class="sapo">MPS - {t}, as the delegation and local police reported on the day.</p>'
        f'<p class="author">by {a}</p></div>'
        for n, (t, d, a) in enumerate(OTHERS, start=1)
    )
    return f"""<html><head><title>{escape(art["title"])}</title><meta property="og:title" content="{escape(art["title"])}"></head>
<body>{_banner(art)}<div class="nav"><a href="/">Home</a></div><div class="article" itemscope itemtype="http://schema.org/NewsArticle">
<h2 itemprop="headline">{escape(art["title"])}</h2><div class="date">{escape(art["date"])}</div>
<div itemprop="articleBody">{_text(art, lambda s, c, n: f'<p><img src="{s}"></p>' + (f"<p><i>{escape(c)}</i></p>" if c else ""))}
<p><b>{escape(art["byline"])}</b></p></div></div>
<div class="related"><h3>Related news</h3>{items}</div></body></html>"""


def latest_first(art: dict, last: bool = False) -> str:
    """A "Latest news" box above the text that lists the article itself, its lead cut short.

    `last`: the article is the box's last item, so its excerpt reads on into the page's text.
    """
    lead = next(text for kind, text in art["blocks"] if kind == "p")
    own = f'<li><a href="{art["url"]}">{escape(art["title"])}</a><p>{escape(lead[:90])}...</p></li>'
    others = "".join(
        f'<li><a href="/news-events/other-t{n}.html">{t}</a><p>MPS - {t}, the ministry said on the day.</p></li>'
        for n, (t, _, _) in enumerate(OTHERS, start=1)
    )
    items = others + own if last else own + others
    views = " | Views: 1204" if last else ""
    return f"""<html><head><title>{escape(art["title"])} - Ministry of Public Security</title></head><body>{_banner(art)}
<div class="latest"><h3>Latest news</h3><ul>{items}</ul></div>
<div class="detail"><div class="detail-title">{escape(art["title"])}</div><div class="detail-date">{escape(art["date"])}{views}</div>
<div class="detail-content">{_text(art, lambda s, c, n: f'<p><img src="{s}"></p>' + (f"<p><em>{escape(c)}</em></p>" if c else ""))}
<p>{escape(art["byline"])}</p></div></div><div class="footer">© Ministry of Public Security</div></body></html>"""


def interrupted(art: dict, blocks: bool = False) -> str:
    """A text broken by "Read also:" links, an "Advertisement" slot and a box of related links.

    `blocks`: each paragraph in a block of its own (`<div class="block block--text">`), as
    Craft and VCCorp set them.
    """
    breaks = [
        '<div class="inline-related"><p><strong>Read also:</strong> '
        f'<a href="/news-events/other-t1.html">{OTHERS[0][0]}</a></p></div>',
        '<div class="ad-slot"><div class="ad-label">Advertisement</div><div id="dfp-1"></div></div>',
        '<div type="RelatedNewsBox"><ul>'
        + "".join(
            f'<li><a href="/news-events/other-t{n}.html">{t}</a></li>'
            for n, (t, _, _) in enumerate(OTHERS)
        )
        + "</ul></div>",
    ]
    parts = []
    for n, (kind, text) in enumerate(art["blocks"]):
        if kind == "p":
            para = f"<p>{escape(text)}</p>"
            parts.append(f'<div class="block block--text">{para}</div>' if blocks else para)
            if n and breaks:
                parts.append(breaks.pop(0))
        else:
            src = f"/Uploads/images/2020/{art['id']}-{n}.jpg"
            parts.append(
                f'<p><img src="{src}"></p>' + (f"<p><em>{escape(text)}</em></p>" if text else "")
            )
    return f"""<html><head><title>{escape(art["title"])} - Ministry of Public Security</title></head><body>{_banner(art)}
<div class="detail"><h2>{escape(art["title"])}</h2><div class="date">{escape(art["date"])}</div>
<div class="detail-content">{"".join(parts)}<p>{escape(art["byline"])}</p></div></div>
<div class="footer">© Ministry of Public Security</div></body></html>"""


def rated(art: dict) -> str:
    """A text whose container ends with its rating widget: "Rate this article:", "(0 votes)"."""
    return f"""<html><head><title>{escape(art["title"])} - MPS</title></head><body>{_banner(art)}
<div class="content-main"><div class="title">{escape(art["title"])}</div><div class="time">{escape(art["date"])}</div>
<div class="text">{_text(art, lambda s, c, n: f'<div><img src="{s}" width="600"></div>' + (f'<div class="photo-caption">{escape(c)}</div>' if c else ""), "<div>{}</div>")}
<div>{escape(art["byline"])}</div><div class="rate"><span>Rate this article:</span> <span>(0 votes)</span></div></div></div>
<div class="foot">© Ministry of Public Security</div></body></html>"""


MARKUPS: dict[str, Callable[[dict], str]] = {
    "amp": amp,
    "lightbox": lightbox,
    "caption-first": caption_first,
    "wordpress": wordpress,
    "lazy": lazy,
    "portal-tools": portal_tools,
    "related-leads": related_leads,
    "rated": rated,
    "latest-first": latest_first,
    "latest-last": lambda art: latest_first(art, last=True),
    "interrupted": interrupted,
    "interrupted-blocks": lambda art: interrupted(art, blocks=True),
}
