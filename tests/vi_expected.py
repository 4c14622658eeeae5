"""What a record of each article of the Vietnamese mirror must hold, from the sources.

Generated articles: the feed item, payload item or card they were built from (`vi_sources`),
never the parser. Captured articles: their reviewed `expected.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fixtures.build_site_vi import ROOT, captured
from tests.fixtures.vi_sources import CAPTURES, PORTAL, SECTION, ViArticle, articles

# The fields a record of the mirror is checked on (not the run's: version, first_seen, …).
FIELDS = (
    "id",
    "url",
    "edition",
    "language",
    "title",
    "lead",
    "body",
    "published_date",
    "published_at",
    "published_raw",
    "modified_at",
    "byline",
    "byline_raw",
    "images",
    "captions",
    "section",
    "section_url",
    "tags",
    "layout",
)
# Page furniture that must stay out of every text field.
FURNITURE = ("Nghe đọc bài", "00:00", "Tin đọc nhiều", "Nữ Miền Bắc", "Chỉ đạo điều hành")


def generated_record(art: ViArticle) -> dict[str, Any]:
    """The record of a generated page: title, lead, date, byline as the sources give them.

    Body: the lead as shown under the title, then the article text, which is the lead again
    (the only text the sources hold); the title alone where no source has a lead.
    """
    name, path = SECTION
    return {
        "id": f"vi-{art.ident}",
        "url": art.url,
        "edition": "vi",
        "language": "vi",
        "title": art.title,
        "lead": art.lead,
        "body": f"{art.lead}\n\n{art.lead}" if art.lead else art.title,
        "published_date": art.hanoi.date().isoformat(),
        "published_at": art.hanoi.replace(microsecond=0).isoformat(),
        "published_raw": f"{art.hanoi:%d/%m/%Y}",
        "modified_at": None,
        "byline": art.author,
        "byline_raw": art.author,
        "images": [],
        "captions": [],
        "section": name if art.in_section else None,
        "section_url": PORTAL + path if art.in_section else None,
        "tags": [],
        "layout": "current",
    }


def captured_record(page: Path) -> dict[str, Any]:
    """The reviewed `expected.json` of a captured page."""
    expected = json.loads((page.parent / "expected.json").read_text(encoding="utf-8"))
    return {name: expected[name] for name in FIELDS}


def records() -> dict[str, dict[str, Any]]:
    """Every article of the mirror: its URL path -> the record it must give."""
    paths = captured()
    found = {a.path: generated_record(a) for a in articles() if a.path not in paths}
    for page in CAPTURES:
        record = captured_record(page)
        found[record["url"].removeprefix(PORTAL)] = record
    return dict(sorted(found.items()))


def mirror_file(path: str) -> Path:
    """The file of the mirror that serves a `/bai-viet/…` path."""
    return ROOT / (path.lstrip("/") + ".html")
