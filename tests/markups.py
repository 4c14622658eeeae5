"""Renderings of captured legacy texts in markups the snapshot does not use.

The real legacy markup is unknown, so the parser must not depend on the snapshot's own
reconstruction: these templates set the same texts in very different HTML (semantic HTML5,
`<br>`-separated lines, layout tables, a web-archive capture, class-named paragraphs).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from tests.fixtures.site_templates import legacy_page

RELATED = [
    ("Deputy Minister works with Son La police", "December, 16 2020"),
    ("Police forces support flood-affected people", "October, 19 2020"),
]


def _paragraphs(art: dict, image: Callable[[str, str], str]) -> str:
    """Body blocks: `<p>` paragraphs and photos in the markup `image(src, caption)` gives."""
    return "\n".join(
        f"<p>{escape(text)}</p>" if kind == "p" else image(f"/upload/{art['id']}-{i}.jpg", text)
        for i, (kind, text) in enumerate(art["blocks"])
    )


def semantic(art: dict) -> str:
    """HTML5: `<article>`, `<time>`, `<figure>`, byline in the article's `<footer>`, related `<aside>`."""

    def figure(src: str, cap: str) -> str:
        return (
            f'<figure><img src="{src}" alt="{escape(cap)}"><figcaption>{escape(cap)}</figcaption></figure>'
            if cap
            else f'<figure><img src="{src}" alt=""></figure>'
        )

    related = "".join(
        f"<li><a href='/news-events/r-t{i}.html'>{t}</a> <time>{d}</time></li>"
        for i, (t, d) in enumerate(RELATED)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(art["title"])} | MPS</title>
<meta property="og:title" content="{escape(art["title"])}"></head><body>
<header class="site"><nav><a href="/">Home</a> <a href="/news-and-events.html">News</a></nav><form role="search"><input placeholder="Search"></form></header>
<main><article><header><h1>{escape(art["title"])}</h1><time datetime="{art["published"]}">{escape(art["date"])}</time></header>
<div class="entry-content">{_paragraphs(art, figure)}</div>
<footer><p class="byline">{escape(art["byline"])}</p></footer></article>
<aside><h2>Related news</h2><ul>{related}</ul></aside></main>
<footer class="site">© Ministry of Public Security <a href="/search">Search</a></footer></body></html>"""


def br_lines(art: dict) -> str:
    """One `<div>` of lines split by `<br>`; the title only in a bold div and `<title>`."""

    def image(src: str, cap: str) -> str:
        return (
            f'<img src="{src}" border="0"><br><font size="1">{escape(cap)}</font><br><br>'
            if cap
            else f'<img src="{src}"><br><br>'
        )

    lines = "".join(
        f"{escape(text)}<br><br>" if kind == "p" else image(f"/img/{art['id']}-{i}.jpg", text)
        for i, (kind, text) in enumerate(art["blocks"])
    )
    counter = f"<span>{escape(art['counter'])}</span><br>" if art["counter"] else ""
    return f"""<html><head><title>{escape(art["title"])} - Ministry of Public Security</title></head><body>
<div id="topmenu"><a href="/">Trang chủ</a> | <a href="/news-and-events.html">News and Events</a></div>
<div class="tieude"><b>{escape(art["title"])}</b></div><span class="ngay">{escape(art["date"])}</span><br>{counter}
<div id="noidung">{lines}<b>{escape(art["byline"])}</b></div>
<div class="tinkhac"><b>Other news</b><br><a href="/news-events/x-t1.html">Older story</a></div></body></html>"""


def tables(art: dict) -> str:
    """An old layout of nested tables; captions in italic cells; OpenGraph metadata."""

    def image(src: str, cap: str) -> str:
        cell = f"<tr><td align=center><i>{escape(cap)}</i></td></tr>" if cap else ""
        return f"<table align=center><tr><td><img src='{src}' width=500></td></tr>{cell}</table>"

    return f"""<html><head><meta property="og:title" content="{escape(art["title"])}"><meta property="og:type" content="article">
<title>MPS</title></head><body><table width="100%"><tr><td width="200" class="left">
<table><tr><td><a href="/news-and-events.html">News and Events</a></td></tr><tr><td><a href="/about-mps.html">About MPS</a></td></tr></table></td>
<td><table><tr><td class="titleNews"><strong>{escape(art["title"])}</strong></td></tr>
<tr><td class="dateNews">{escape(art["date"])}</td></tr>
<tr><td class="contentNews">{_paragraphs(art, image)}<p align="right"><b>{escape(art["byline"])}</b></p></td></tr></table>
</td></tr></table><table><tr><td>Search</td></tr></table></body></html>"""


def wayback(art: dict) -> str:
    """A web-archive capture: the archive's toolbar above the snapshot's legacy page."""
    page = legacy_page(art)
    toolbar = (
        '<div id="wm-ipp-base"><div id="wm-ipp"><a href="/web/">Wayback Machine</a> '
        "<span>44 captures</span> <span>18 Dec 2020 - 02 Mar 2024</span></div></div>"
    )
    return page.replace("<body>", f"<body>{toolbar}", 1)


def classed(art: dict) -> str:
    """Paragraphs with class names only, share/print widgets, `Views:` counter, image-caption class."""

    def image(src: str, cap: str) -> str:
        return (
            f'<div class="img"><img data-src="{src}" src="data:image/gif;base64,R0lGOD"></div>'
            + (f'<p class="image-caption">{escape(cap)}</p>' if cap else "")
        )

    counter = (
        f'<p class="meta">Views: {escape(art["counter"].split(":")[-1].strip())}</p>'
        if art["counter"]
        else ""
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(art["title"])}</title></head><body>
<div class="container"><div class="post"><h1 class="post-title">{escape(art["title"])}</h1>
<p class="post-date">{escape(art["date"])}</p>{counter}<div class="tools"><span>Print</span> <span>Share</span></div>
<div class="post-body">{_paragraphs(art, image)}<p class="post-author">{escape(art["byline"])}</p></div></div>
<div class="widget"><h3>Most read</h3><p><a href="/news-events/y-t2.html">Another story</a></p></div></div></body></html>"""


MARKUPS: dict[str, Callable[[dict], str]] = {
    "semantic": semantic,
    "br-lines": br_lines,
    "tables": tables,
    "wayback": wayback,
    "classed": classed,
}
