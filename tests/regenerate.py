"""Regenerate `expected.json` of every fixture case from its stored page: `make fixtures`.

Read the diff line by line against the page before committing it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from mpscrawler.parsers import ParseError, parse_article, parse_listing

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PARSERS = {"article": parse_article, "listing": parse_listing}


def cases(kind: str) -> list[Path]:
    """Fixture folders of one kind (`article`, `listing`)."""
    return sorted(p for p in (FIXTURES / kind).iterdir() if (p / "page.html").is_file())


def parse_case(kind: str, folder: Path) -> dict[str, Any]:
    """The parser's output for one fixture, as plain JSON data; `{"error": reason}` if it fails."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    try:
        parsed = PARSERS[kind]((folder / "page.html").read_bytes(), meta["url"])
    except ParseError as error:
        return {"error": error.reason}
    result = dataclasses.asdict(parsed)
    result.pop("crawled_at", None)  # set by the spider at fetch time, not by the parser
    for name in ("warc_file", "warc_offset"):  # set where the page is stored, not by the parser
        result.pop(name, None)
    return json.loads(json.dumps(result))  # as JSON has it: tuples become lists


def main() -> None:
    """Write `expected.json` next to every fixture page."""
    for kind in PARSERS:
        for folder in cases(kind):
            text = json.dumps(
                parse_case(kind, folder), ensure_ascii=False, indent=2, sort_keys=True
            )
            (folder / "expected.json").write_text(text + "\n", encoding="utf-8")
            print(f"{kind}/{folder.name}")


if __name__ == "__main__":
    main()
