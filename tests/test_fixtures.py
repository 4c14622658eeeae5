"""Every fixture case, field by field, against its reviewed `expected.json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.regenerate import cases, parse_case

CASES = [(kind, folder) for kind in ("article", "listing") for folder in cases(kind)]
TEXT_FIELDS = ("title", "lead", "body")


@pytest.mark.parametrize(("kind", "folder"), CASES, ids=[f"{k}/{f.name}" for k, f in CASES])
def test_fixture(kind: str, folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    got = parse_case(kind, folder)
    assert sorted(got) == sorted(expected), f"{folder.name}: fields differ"
    for name in expected:
        assert got[name] == expected[name], f"{folder.name}: field {name!r}"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if "expect_error" in meta:  # a page that must be refused, for the reason its meta gives
        assert expected == {"error": meta["expect_error"]}, f"{folder.name}: not refused"
        return
    for snippet in meta.get("must_contain", []):
        assert snippet in got["body"], f"{folder.name}: body lacks {snippet!r}"
    for snippet in meta.get("must_not_contain", []):
        for name in TEXT_FIELDS:
            assert snippet not in (got[name] or ""), (
                f"{folder.name}: {snippet!r} leaked into {name}"
            )
