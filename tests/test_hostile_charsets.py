"""A Vietnamese article served in UTF-16 (its BOM says so), under a header that says UTF-8 or
nothing: the record must be the one a clean fetch gives, not a failure for a page cut short."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mpscrawler.parsers import parse_article
from mpscrawler.snapshot import SITES
from tests import hostile_server as hs
from tests.helpers import CRAWL, ENV, FAST, records, run_files

VI = SITES / "vi"
PAGE = "/bai-viet/viet-nam-canada-thuc-day-hop-tac-an-ninh-thuc-thi-phap-luat-1790397583"


@pytest.mark.parametrize(
    ("ctype", "codec"),
    [("text/html; charset=utf-8", "utf-16"), ("text/html", "utf-16-be-bom")],
    ids=["header-says-utf-8", "no-charset-big-endian"],
)
def test_a_utf16_page_gives_the_clean_record(tmp_path: Path, ctype: str, codec: str) -> None:
    def recode(body: bytes) -> bytes:
        if codec == "utf-16-be-bom":
            return b"\xfe\xff" + body.decode("utf-8").encode("utf-16-be")
        return body.decode("utf-8").encode(codec)

    hostile = hs.Hostile(VI)
    hostile.fault(PAGE, hs.typed(ctype, recode))
    with hostile.serve() as base:
        command = [*CRAWL, "-a", "edition=vi", "-a", f"base_url={base}", *FAST]
        subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, timeout=120, check=True)
    got = {r["id"]: r for f in run_files(tmp_path, "vi") for r in records(f)}
    clean = parse_article((VI / (PAGE.lstrip("/") + ".html")).read_bytes(), base + PAGE)
    record = got["vi-1790397583"]
    assert (record["title"], record["body"]) == (clean.title, clean.body)
