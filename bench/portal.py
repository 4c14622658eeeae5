"""A large portal for the benchmarks, rendered on the fly: `python -m bench.portal --articles N`.

Half the articles are era-C pages at their real size (the captured template, ~400 KB), half
legacy pages; all from the real captured texts. Listings with pagination (the legacy pager
that repeats `Page=`, era-C sections with linked pages), a sitemap index and robots.txt.
"""

from __future__ import annotations

import argparse
import re
from datetime import date, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from tests.fixtures import site_texts
from tests.fixtures.build_site import (
    SECTIONS,
    TEMPLATE,
    TEXTS,
    _current,
    captured_pages,
    legacy_articles,
)
from tests.fixtures.site_templates import current_page, legacy_listing, legacy_page, listing_page

CURRENT_BASE, LEGACY_BASE = 1_600_000_000, 100_000
PER_LEGACY, PER_CURRENT, PER_SITEMAP = 7, 10, 1000
SECTION = "news-and-events-1752394000"
START = date(2026, 10, 1)
PAYLOAD = re.compile(r'<script type="application/json" id="__NUXT_DATA__".*?</script>', re.S)


class Portal:
    """N articles: even numbers era C (`/article/…-{10 digits}`), odd numbers legacy (`-t{id}`)."""

    def __init__(self, articles: int) -> None:
        self.size = articles
        self.legacy = legacy_articles()
        pages = captured_pages(TEXTS)
        self.current = [_current(pages[k], k) for k in site_texts.CURRENT]
        self.template = TEMPLATE.read_text(encoding="utf-8")

    def day(self, number: int) -> date:
        """Newest first: article 0 is the newest."""
        return START - timedelta(hours=number)

    def path(self, number: int) -> str:
        """URL path of article `number`."""
        if number % 2 == 0:
            slug = self.current[number // 2 % len(self.current)]["slug"]
            return f"/article/{slug}-{CURRENT_BASE + number}"
        art = self.legacy[number // 2 % len(self.legacy)]
        return re.sub(r"-t\d+\.html$", f"-t{LEGACY_BASE + number}.html", art["path"])

    @cache  # noqa: B019 - a handful of templates, kept for the life of the server
    def _current_template(self, index: int) -> tuple[str, str]:
        """An era-C page at its real size: the template keeps the capture's Nuxt payload."""
        art = {**self.current[index], "section": SECTION}
        art["path"] = f"/article/{art['slug']}-{art['id']}"
        page = current_page(self.template, art, SECTIONS)
        payload = PAYLOAD.search(self.template).group(0)
        return PAYLOAD.sub(lambda _: payload, page, count=1), art["id"]

    def article(self, number: int) -> str | None:
        """The page of article `number`."""
        if not 0 <= number < self.size:
            return None
        if number % 2 == 0:
            page, old = self._current_template(number // 2 % len(self.current))
            stamp = self.day(number).strftime("%d/%m/%Y")
            page = re.sub(
                r'(text-bca-gray-400"[^>]*>)\d\d/\d\d/\d{4}', rf"\g<1>{stamp}", page, count=1
            )
            return page.replace(old, str(CURRENT_BASE + number))
        art = self.legacy[number // 2 % len(self.legacy)]
        shown = self.day(number).strftime("%B, %d %Y")
        return legacy_page({**art, "date": shown, "id": str(LEGACY_BASE + number)})

    def legacy_listing(self, page: int) -> str:
        """`news-and-events.html?Page=N`: the legacy articles, seven a page, newest first."""
        numbers = list(range(1, self.size, 2))
        chunk = numbers[(page - 1) * PER_LEGACY : page * PER_LEGACY]
        items = [
            {
                **self.legacy[n // 2 % len(self.legacy)],
                "path": self.path(n),
                "date": self.day(n).strftime("%B, %d %Y"),
            }
            for n in chunk
        ]
        pages = -(-len(numbers) // PER_LEGACY)
        return legacy_listing(items, page, pages, "news-and-events.html")

    def section(self, page: int) -> str:
        """An era-C section page with linked pages (ten articles a page)."""
        numbers = list(range(0, self.size, 2))
        chunk = numbers[(page - 1) * PER_CURRENT : page * PER_CURRENT]
        items = [
            {
                **self.current[n // 2 % len(self.current)],
                "path": self.path(n),
                "published": self.day(n),
                "id": str(CURRENT_BASE + n),
            }
            for n in chunk
        ]
        return listing_page(
            items, SECTIONS[SECTION], SECTION, page, -(-len(numbers) // PER_CURRENT), SECTIONS
        )

    def sitemap(self, part: int | None) -> str:
        """The sitemap index, or one part of a thousand era-C articles."""
        head = '<?xml version="1.0" encoding="UTF-8"?>\n'
        numbers = list(range(0, self.size, 2))
        if part is None:
            parts = range(-(-len(numbers) // PER_SITEMAP))
            newest = [self.day(numbers[p * PER_SITEMAP]) for p in parts]  # a part's lastmod
            body = "".join(
                f"<sitemap><loc>/sitemap-{p}.xml</loc><lastmod>{newest[p]}</lastmod></sitemap>"
                for p in parts
            )
            return f'{head}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
        chunk = numbers[part * PER_SITEMAP : (part + 1) * PER_SITEMAP]
        body = "".join(
            f"<url><loc>{self.path(n)}</loc><lastmod>{self.day(n)}</lastmod></url>" for n in chunk
        )
        return f'{head}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'

    def urls(self) -> list[str]:
        """Every page the portal has (what a crawl of it should fetch)."""
        legacy_pages = -(-len(range(1, self.size, 2)) // PER_LEGACY)
        section_pages = -(-len(range(0, self.size, 2)) // PER_CURRENT)
        return (
            ["/robots.txt", "/sitemap.xml", "/"]
            + [f"/sitemap-{p}.xml" for p in range(-(-len(range(0, self.size, 2)) // PER_SITEMAP))]
            + [
                f"/news-and-events.html?Page={p}" if p > 1 else "/news-and-events.html"
                for p in range(1, legacy_pages + 1)
            ]
            + [
                f"/category/{SECTION}?page={p}" if p > 1 else f"/category/{SECTION}"
                for p in range(1, section_pages + 1)
            ]
            + [self.path(n) for n in range(self.size)]
        )

    def answer(self, target: str) -> tuple[int, str, str]:
        """Status, content type and body for a request target."""
        parts = urlsplit(target)
        pages = [v for k, v in parse_qsl(parts.query) if k.lower() == "page" and v.isdigit()]
        page = int(pages[-1]) if pages else 1
        path = parts.path
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", "User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n"
        if path == "/sitemap.xml" or re.fullmatch(r"/sitemap-\d+\.xml", path):
            part = None if path == "/sitemap.xml" else int(re.findall(r"\d+", path)[0])
            return 200, "application/xml", self.sitemap(part)
        if path == "/news-and-events.html":
            return 200, html, self.legacy_listing(page)
        if path in (f"/category/{SECTION}", "/"):
            return 200, html, self.section(page)
        number = re.search(r"-t?(\d+)(?:\.html)?$", path)
        if number:
            value = int(number.group(1))
            index = value - (CURRENT_BASE if value >= CURRENT_BASE else LEGACY_BASE)
            body = self.article(index) if self.path(index) == path else None
            if body:
                return 200, html, body
        return 404, html, "<html><body>404</body></html>"


def serve(portal: Portal, port: int) -> None:
    """Serve until killed."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm on, the body waits for
        # the client's delayed ACK of the headers (40 ms on Linux) on every keep-alive request.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802
            status, kind, text = portal.answer(self.path)
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(f"serving {portal.size} articles on http://127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--port", type=int, default=8900)
    options = parser.parse_args()
    serve(Portal(options.articles), options.port)
