"""Pure parsers of the MPS portal's pages: no Scrapy import, functions of `(html, url)`."""

from mpscrawler.parsers.article import parse_article
from mpscrawler.parsers.errors import ParseError
from mpscrawler.parsers.listing import Listing, ListingEntry, parse_listing

__all__ = ["Listing", "ListingEntry", "ParseError", "parse_article", "parse_listing"]
