"""Which images of a page are its photos: `linearize` keeps photos, drops icons and thumbnails."""

from __future__ import annotations

import pytest
from lxml import etree

from mpscrawler.parsers.blocks import linearize

BASE = "http://en.bocongan.gov.vn/news-events/x-t1.html"
PHOTO = "/Uploads/images/2020/7564-3.jpg"


def photos(markup: str) -> list[str]:
    """The photo URLs `linearize` finds in a body of `markup`."""
    root = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())
    return [b.src for b in linearize(root.find("body"), BASE) if b.src]


@pytest.mark.parametrize(
    "markup",
    [
        f'<img src="{PHOTO}">',
        f'<amp-img src="{PHOTO}" width="1024" height="683"><noscript><img src="{PHOTO}"></noscript></amp-img>',
        f'<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-lazy-src="{PHOTO}">',
        f'<a href="javascript:void(0);" onclick="ShowImage(\'{PHOTO}\')"><img src="{PHOTO}"></a>',
        f'<a href="/ImageHandler.ashx?file={PHOTO}&amp;w=1200"><img src="{PHOTO}"></a>',
        f'<a href="{PHOTO}"><img src="{PHOTO}"></a>',
        f'<img src="{PHOTO}" width="600" height="400">',
        f'<img src="{PHOTO}" width="100">',
        f'<img src="/images/blank.gif" data-echo="{PHOTO}">',
        f'<img src="data:image/gif;base64,R0lGOD" data-srcset="{PHOTO} 600w, /big.jpg 1200w">',
        f'<div class="lazy-wrapper"></div><noscript><img src="{PHOTO}"></noscript>',
        f'<a href="javascript:void(0);" onclick="zoomImage(this);"><img src="{PHOTO}"></a>',
        '<a href="javascript:;" onclick="ShowImage(\'/Uploads/images/2020/fingerprint-database.jpg\')">'
        f'<img src="{PHOTO}"></a>',
        f'<img src="data:image/gif;base64,R0" data-srcset="{PHOTO} 300w, /big.jpg 1024w">'
        '<noscript><img src="/big.jpg"></noscript>',
    ],
    ids=[
        "plain",
        "amp",
        "lazy",
        "lightbox",
        "image-handler",
        "image-link",
        "sized",
        "narrow",
        "echo",
        "lazysizes",
        "noscript",
        "zoom-lightbox",
        "lightbox-call",
        "lazy-and-noscript",
    ],
)
def test_a_photo_is_kept(markup: str) -> None:
    assert photos(markup) == ["http://en.bocongan.gov.vn" + PHOTO]


@pytest.mark.parametrize(
    ("href", "src"),
    [
        (
            "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEg7564x1Qz/s1600/",
            "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEg7564x1Qz/s640/7564-1.jpg",
        ),
        (
            "https://mps.example/news/som/7564-1.jpg/image_view_fullscreen",
            "https://mps.example/news/som/7564-1.jpg/@@images/image/preview",
        ),
    ],
    ids=["blogger", "plone"],
)
def test_a_photo_linked_to_its_larger_view_is_kept(href: str, src: str) -> None:
    assert photos(f'<a href="{href}"><img src="{src}"></a>') == [src]


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="/news-events/other-t2.html"><img src="/Uploads/images/2020/other.jpg"></a>',
        '<a href="javascript:window.print()"><img src="/images/print.gif"> Print</a>',
        '<a href="javascript:window.print()"><img src="/images/print.gif"></a>',
        '<a href="#" onclick="sendMail()"><img src="/images/send.png"></a>',
        '<p><img src="/Portal/images/icon-author.png"> by Linh Chi</p>',
        '<img src="/images/bullet_red.gif">',
        '<img src="/images/clock.gif" width="16" height="16">',
        '<img src="/Uploads/images/2020/7642-4_thumb.jpg" width="100" height="66">',
    ],
    ids=[
        "related",
        "labelled-tool",
        "print-call",
        "mail-call",
        "icon",
        "bullet",
        "sized-icon",
        "thumbnail",
    ],
)
def test_an_icon_or_a_thumbnail_is_not(markup: str) -> None:
    assert photos(markup) == []


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="data:," srcset=",">',
        '<img src="data:," data-srcset=", b.jpg 2x">',
        '<img src="http://[x/a.jpg">',
        '<a href="/news-events/a-t1.html"><img src="http://[x/a.jpg"></a>',
        f'<img src="{PHOTO}" width="\u00b2">',
    ],
    ids=["empty-srcset", "srcset-comma", "bad-url", "linked-bad-url", "superscript-width"],
)
def test_hostile_image_attributes_raise_nothing(markup: str) -> None:
    assert len(photos(markup)) <= 1


def test_a_lazy_photo_in_noscript_after_another_photo_is_kept() -> None:
    """next/image: a placeholder `<img>` in a `<span>`, the real one in `<noscript>` after it."""
    second = "/Uploads/images/2020/7564-4.jpg"
    markup = (
        f'<p><img src="{PHOTO}"></p><span><img src="data:image/gif;base64,R0"></span>'
        f'<noscript><img src="{second}"></noscript>'
    )
    assert photos(markup) == ["http://en.bocongan.gov.vn" + u for u in (PHOTO, second)]
