"""Every record the parser makes of the benchmark's pages, as JSON, to compare two commits.

`python -m bench.records OUT.json [--seeds N]`: the fixture and snapshot pages (as bytes and
as text), N markup-generator seeds (3,000 by default) and every annotated legacy text in
each unseen markup; each key names the page, each value is the whole record (or the
`ParseError`). A speed change is done when the file is byte for byte the one its parent
commit writes: `git stash; python -m bench.records a.json; git stash pop; python -m
bench.records b.json; cmp a.json b.json`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json

from bench.parser import pages
from mpscrawler.parsers import ParseError, parse_article
from tests.fixtures.build_site import legacy_articles
from tests.markup_generator import render
from tests.markups import MARKUPS
from tests.markups_cms import MARKUPS as CMS_MARKUPS

ARCHIVE = "https://web.archive.org/web/20201218000000/"


def record(html: str | bytes, url: str) -> dict:
    """The whole record of one page, or the error it raises."""
    try:
        return dataclasses.asdict(parse_article(html, url))
    except ParseError as exc:
        return {"error": str(exc)}


def records(seeds: int) -> dict[str, dict]:
    """Every page's record, keyed by what the page is."""
    found = {}
    for url, page in pages():
        found[f"page {url}"] = record(page, url)
        found[f"page-str {url}"] = record(page.decode("utf-8", "replace"), url)
    for seed in range(seeds):
        rendering = render(seed)
        html = rendering.html if seed % 2 else rendering.html.encode("utf-8")
        found[f"seed {seed}"] = record(html, rendering.url)
    for art in legacy_articles():
        for name, markup in sorted({**MARKUPS, **CMS_MARKUPS}.items()):
            url = (ARCHIVE if name == "wayback" else "") + art["url"]
            found[f"markup {name} {art['id']}"] = record(markup(art), url)
    return found


def main() -> None:
    """Write the records to the file named."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seeds", type=int, default=3000)
    options = parser.parse_args()
    with open(options.out, "w", encoding="utf-8") as out:
        json.dump(records(options.seeds), out, ensure_ascii=False, indent=0, sort_keys=True)
    print(options.out)


if __name__ == "__main__":
    main()
