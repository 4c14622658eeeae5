"""Pure parsers of the MPS portal's pages: no Scrapy import, functions of `(html, url)`."""

from mpscrawler.parsers.article import parse_article
from mpscrawler.parsers.errors import ParseError


__all__ = ["ParseError", "parse_article"]
