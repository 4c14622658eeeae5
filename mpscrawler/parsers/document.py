"""One parse of the page, and the structured data it carries (JSON-LD, meta tags, `<html lang>`)."""

from __future__ import annotations

import codecs
import json
import threading
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from mpscrawler.parsers.charset import decode
from mpscrawler.parsers.errors import ParseError
from mpscrawler.text import clean

LD_TYPE = "application/ld+json"
ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage"}
SITE_SUFFIXES = (" - Bộ Công an", " | Bộ Công an", " - Ministry of Public Security", " - MPS")
_PARSERS = threading.local()
# Replacement characters a page may show for stray bytes (a few, in a page of UTF-8).
MAX_LOST = 10


@dataclass
class Metadata:
    """What the page says about itself outside the visible text."""

    title: str | None = None
    """JSON-LD `headline`, `og:title`, else `<title>` less the site's suffix."""
    page_title: str | None = None
    """`<title>` as the page has it (site name included)."""
    description: str | None = None
    author: str | None = None
    published: str | None = None
    modified: str | None = None
    canonical: str | None = None
    base: str | None = None
    """`<base href>`, absolute: what the page's relative links and photos resolve against."""
    language: str | None = None
    images: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def load(html: str | bytes, url: str) -> etree._Element:
    """Build the lxml tree once; a page that is not HTML raises `ParseError`.

    Bytes are read as UTF-8 (a BOM dropped), the portal's encoding, straight into libxml2;
    bytes that are not UTF-8 are decoded from the whole page (`charset.decode`) and read again.
    Plain `etree` elements, not `lxml.html`'s: its class lookup runs Python code for every
    element touched (about a quarter of the time on a 3 KB page).
    """
    if not html or not html.strip():
        raise ParseError("empty page", url)
    try:
        if isinstance(html, str):
            return _checked(etree.fromstring(_legible(html, url), etree.HTMLParser()), url)
        parser = utf8_parser()
        doc = etree.fromstring(html.removeprefix(codecs.BOM_UTF8), parser)
        if any(e.type_name == "ERR_INVALID_ENCODING" for e in parser.error_log):
            doc = etree.fromstring(_legible(decode(html), url), etree.HTMLParser())
    except ParseError:
        raise
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not HTML: {exc}", url) from exc
    return _checked(doc, url)


def _legible(text: str, url: str) -> str:
    """The page's text; `ParseError` when decoding it lost more than a few stray bytes.

    Windows-1258 bytes that the header and `<meta>` both call UTF-8 decode to U+FFFD for
    every accented letter ("H��p t�c"): no record, a failure to retry, not that text.
    """
    lost = text.count("\ufffd")
    if lost > MAX_LOST and lost * 100 > len(text):
        raise ParseError(f"bytes not in the charset the page declares ({lost} lost)", url)
    return text


def utf8_parser() -> etree.HTMLParser:
    """This thread's parser of UTF-8 bytes, used again: a new one's first page costs 0.07 ms.

    Its `error_log` is that of the last page it read (lxml clears it at each parse).
    """
    parser: etree.HTMLParser | None = getattr(_PARSERS, "utf8", None)
    if parser is None:
        parser = _PARSERS.utf8 = etree.HTMLParser(encoding="utf-8")
    return parser


def _checked(doc: etree._Element | None, url: str) -> etree._Element:
    """The tree, unless the parser found nothing to build."""
    if doc is None or doc.find("body") is None and len(doc) == 0:
        raise ParseError("not HTML", url)
    return doc


def elements(path: etree.XPath, doc: etree._Element) -> list[etree._Element]:
    """The elements an XPath selects (as a list mypy can type)."""
    found = path(doc)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def text_of(element: etree._Element) -> str:
    """All the text inside an element, as `text_content()` gives it (typed for mypy)."""
    return "".join(t for t in element.itertext() if isinstance(t, str))


def metas(doc: etree._Element) -> dict[str, str]:
    """Every `<meta name|property=… content=…>` of the page, first one of a name wins."""
    found: dict[str, str] = {}
    for element in doc.iter("meta"):
        name, value = element.get("property") or element.get("name"), clean(element.get("content"))
        if name and value:
            found.setdefault(name, value)
    return found


def first(values: dict[str, str], *names: str) -> str | None:
    """The first of `names` that `values` has."""
    return next((values[n] for n in names if n in values), None)


def json_ld(doc: etree._Element) -> dict:
    """The page's JSON-LD article object (`NewsArticle` first), `{}` when absent or broken."""
    found: list[dict] = []
    for raw in (s.text for s in doc.iter("script") if s.get("type") == LD_TYPE and s.text):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        graph = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in graph if isinstance(graph, list) else []:
            if isinstance(item, dict) and types(item) & ARTICLE_TYPES:
                found.append(item)
    found.sort(key=lambda item: "WebPage" in types(item))
    return found[0] if found else {}


def types(item: dict) -> set[str]:
    """The `@type` of a JSON-LD object as a set of strings."""
    kind = item.get("@type", [])
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {k for k in kinds if isinstance(k, str)}


def metadata(doc: etree._Element, url: str) -> Metadata:
    """JSON-LD first, then OpenGraph and `<meta>`, then `<title>` and `<link rel=canonical>`."""
    ld, meta = json_ld(doc), metas(doc)
    title = _text(ld.get("headline")) or first(meta, "og:title", "twitter:title")
    images = _list(ld.get("image")) + _list(meta.get("og:image"))
    shown = clean(next((t.text for t in doc.iter("title")), None))
    return Metadata(
        title=title or without_site_name(shown),
        page_title=shown,
        description=_text(ld.get("description")) or first(meta, "description", "og:description"),
        author=_author(ld.get("author")) or first(meta, "author", "article:author"),
        published=_text(ld.get("datePublished")) or meta.get("article:published_time"),
        modified=_text(ld.get("dateModified")) or meta.get("article:modified_time"),
        canonical=_canonical(doc, url, meta),
        base=_base(doc, url),
        language=(doc.get("lang") or meta.get("og:locale") or "")[:2].lower() or None,
        images=[urljoin(url, i) for i in images],
        keywords=_keywords(ld.get("keywords") or first(meta, "keywords", "news_keywords")),
    )


def without_site_name(title: str | None) -> str | None:
    """`<title>` without the site's name."""
    for suffix in SITE_SUFFIXES:
        if title and title.endswith(suffix):
            title = title[: -len(suffix)]
    return title


def _canonical(doc: etree._Element, url: str, meta: dict[str, str]) -> str | None:
    """`og:url`, else `<link rel=canonical>`, as an absolute http(s) URL."""
    found = meta.get("og:url") or next(
        (link.get("href") for link in doc.iter("link") if link.get("rel") == "canonical"), None
    )
    absolute = urljoin(url, found.strip()) if found else None
    return absolute if absolute and absolute.startswith(("http://", "https://")) else None


def _base(doc: etree._Element, url: str) -> str | None:
    """The first `<base href>` of the page's `<head>`, absolute (relative URLs resolve on it)."""
    head = doc.find("head")
    bases = head.iter("base") if head is not None else iter(())
    href = next((b.get("href") for b in bases if b.get("href")), None)
    absolute = urljoin(url, href.strip()) if href else None
    return absolute if absolute and absolute.startswith(("http://", "https://")) else None


def _author(value: object) -> str | None:
    """Author name(s) of JSON-LD `author` (object, list or string)."""
    items = value if isinstance(value, list) else [value]
    names = [_text(a.get("name") if isinstance(a, dict) else a) for a in items]
    return ", ".join(n for n in names if n) or None


def _list(value: object) -> list[str]:
    """The strings of a JSON-LD value (a string, an `ImageObject`'s url, or a list of them)."""
    if isinstance(value, dict):
        value = value.get("url") or value.get("name")
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str) and v]


def _keywords(value: object) -> list[str]:
    """Keywords from a list or a comma-separated string."""
    parts = value.split(",") if isinstance(value, str) else _list(value)
    return [k for k in (clean(p) for p in parts) if k]


def _text(value: object) -> str | None:
    """A JSON-LD string value, cleaned; None otherwise."""
    return clean(value) if isinstance(value, str) else None
