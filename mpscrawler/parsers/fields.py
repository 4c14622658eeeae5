"""What a layout extracts from a page, before the record is assembled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from lxml import etree

from mpscrawler.parsers.body import Body
from mpscrawler.parsers.document import Metadata


@dataclass
class Page:
    """A parsed page: its tree, URL and structured metadata, built once."""

    doc: etree._Element
    url: str
    meta: Metadata


@dataclass
class Fields:
    """The fields one layout read off a page."""

    layout: str
    title: str | None
    lead: str | None
    body: Body
    published_raw: str | None = None
    shown_date: tuple[date, time | None] | None = None
    section: str | None = None
    section_url: str | None = None
    tags: list[str] = field(default_factory=list)
