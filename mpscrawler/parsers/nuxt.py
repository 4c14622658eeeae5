"""The current site's Nuxt data payload (`__NUXT_DATA__`): a precise but undocumented source.

The payload is a flattened array (Nuxt's `devalue` format): values refer to other entries by
index. Keys look like `flame:/articles/category-slug:{"category_slug":"…","page":0,"size":10}:{}`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from mpscrawler.parsers.dates import hanoi_day, parse_iso

PAYLOAD = re.compile(r'<script[^>]*id="__NUXT_DATA__"[^>]*>(.*?)</script>', re.S)
CONFIG_API = re.compile(r'apiBase\s*:\s*"(https?://[^"]+)"')
WRAPPERS = frozenset(
    {"Reactive", "ShallowReactive", "Ref", "ShallowRef", "EmptyRef", "EmptyShallowRef"}
)
SECTION_KEY = re.compile(r"^flame:/articles/category-slug:(\{.*\}):\{\}$")
COUNT_KEY = "flame:/articles/category-slug-count:"
SLUG = re.compile(r"[\w-]+-\d{10}")


@dataclass
class SectionFeed:
    """What the payload says about a section's paging, and how to ask the backend for a page."""

    api_base: str
    category_slug: str
    size: int
    total: int | None = None
    articles: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Number of pages of `size` articles (1 when the total is unknown)."""
        return max(1, -(-self.total // self.size)) if self.total else 1

    def page_url(self, page: int) -> str:
        """Backend URL of one 0-based page (inferred from the payload's keys, never observed)."""
        query = urlencode({"category_slug": self.category_slug, "page": page, "size": self.size})
        return f"{self.api_base}/articles/category-slug?{query}"


def payload_data(html: str) -> dict[str, Any]:
    """The payload's `data` object with references resolved; `{}` when absent or broken."""
    match = PAYLOAD.search(html)
    try:
        table = json.loads(match.group(1)) if match else []
    except ValueError:
        return {}
    if not isinstance(table, list) or len(table) < 2 or not isinstance(table[1], dict):
        return {}
    root = _resolve(table, table[1].get("data", -1), depth=0)
    return root if isinstance(root, dict) else {}


def _resolve(table: list, index: Any, depth: int) -> Any:
    """Value at `index`, its references followed (bounded depth: the payload is untrusted)."""
    if not isinstance(index, int) or not 0 <= index < len(table) or depth > 40:
        return None
    value = table[index]
    if isinstance(value, dict):
        return {k: _resolve(table, v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        if value and isinstance(value[0], str) and value[0] in WRAPPERS:
            return _resolve(table, value[1], depth + 1) if len(value) > 1 else None
        return [_resolve(table, v, depth + 1) for v in value]
    return value


def section_feed(html: str) -> SectionFeed | None:
    """Paging of the section a category page shows, or None when the payload lacks it."""
    api = CONFIG_API.search(html)
    if api is None:
        return None
    data = payload_data(html)
    for key, items in data.items():
        match = SECTION_KEY.match(key)
        if not match:
            continue
        params = json.loads(match.group(1))
        total = next((v for k, v in data.items() if k.startswith(COUNT_KEY)), None)
        return SectionFeed(
            api_base=api.group(1).rstrip("/"),
            category_slug=str(params.get("category_slug", "")),
            size=int(params.get("size") or 10),
            total=total if isinstance(total, int) else None,
            articles=backend_articles(items),
        )
    return None


def backend_articles(items: Any) -> list[tuple[str, str | None]]:
    """(slug, Hanoi date) of each article of a backend or payload answer; [] if not as expected.

    Items hold `slug` (`…-1791199677`) and `publish_date` in UTC (`2026-10-05T11:18:25.389Z`).
    """
    if isinstance(items, dict):
        items = next((items[k] for k in ("data", "content", "items") if k in items), None)
    if not isinstance(items, list):
        return []
    found = [
        (item["slug"], _hanoi_day(item.get("publish_date")))
        for item in items
        if isinstance(item, dict) and SLUG.fullmatch(str(item.get("slug")))
    ]
    return found if len(found) == len(items) else []


def _hanoi_day(value: Any) -> str | None:
    """Hanoi date of a UTC timestamp."""
    return hanoi_day(parse_iso(value) if isinstance(value, str) else None)
