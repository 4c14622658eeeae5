"""A failed request read for the crawl: its request, its reason, whether the site lacks the page."""

from __future__ import annotations

import re

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

# Twisted's reasons inside Scrapy's download errors: `[<twisted.python.failure.Failure
# twisted.internet.error.ConnectionLost: Connection to the other side was lost …>]`.
WRAPPED = re.compile(r"\[?<twisted\.python\.failure\.Failure (?:[\w.]+\.)?(\w+: [^>]*)>\]?")
ABSENT = frozenset({404, 410})
# Scrapy's RobotsTxtMiddleware: counted as `robots_forbidden`, judged on its own.
ROBOTS_FORBIDDEN = "Forbidden by robots.txt"
# A discovery point that fails is kept as the kind of page that retries it (robots.txt and the
# feed index are asked for on every run anyway).
DISCOVERY_KINDS = {"parse_listing": "listing", "parse_feed": "sitemap"}


def request_of(failure: Failure) -> scrapy.Request:
    """The request a failure passed to an errback belongs to (Scrapy sets it)."""
    request = getattr(failure, "request", None)
    assert isinstance(request, scrapy.Request)
    return request


def why(failure: Failure) -> str:
    """The reason of a failed request, for the logs and the state."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    message = WRAPPED.sub(r"\1", failure.getErrorMessage()).strip()
    doc = (failure.type.__doc__ or "").strip().splitlines()
    return f"{failure.type.__name__}: {message or (doc[0] if doc else 'no message')}"


def absent(failure: Failure) -> bool:
    """True for a page the site does not have (404, 410), or one robots.txt forbids."""
    if failure.check(HttpError):
        return failure.value.response.status in ABSENT
    return bool(failure.check(IgnoreRequest)) and failure.getErrorMessage() == ROBOTS_FORBIDDEN


def discovery_kind(request: scrapy.Request) -> str:
    """What a failed discovery request is kept as: `listing`, `sitemap`, else `discovery`."""
    return DISCOVERY_KINDS.get(getattr(request.callback, "__name__", ""), "discovery")
