"""The WARC records' bytes are warcio's whatever deflate writes them; one gzip member each."""

from __future__ import annotations

import gzip
import itertools
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.recordbuilder import RecordBuilder
from warcio.warcwriter import WARCWriter

from mpscrawler.warc import records as records_module
from mpscrawler.warc.records import RecordMaker, gzip_member
from tests.warc_helpers import CURRENT, LEGACY, LISTING, exchange

PAGES = [CURRENT, LEGACY, LISTING]
MOMENT = datetime(2026, 12, 1, 10, 15, tzinfo=UTC)


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Record ids `<urn:uuid:n>` counted from 0 again at each call, the warcinfo's date fixed."""
    counter = itertools.count()

    def restart() -> None:
        nonlocal counter
        counter = itertools.count()

    monkeypatch.setattr(RecordBuilder, "_make_warc_id", lambda self: f"<urn:uuid:{next(counter)}>")
    monkeypatch.setattr(RecordBuilder, "curr_warc_date", lambda self: "2026-12-01T10:15:00Z")
    return restart


def warcio_gzip_maker() -> RecordMaker:
    """The maker as it was: warcio's own gzip writer (zlib level 9), no recompression."""
    maker = RecordMaker()
    maker.warc = WARCWriter(BytesIO(), gzip=True, warc_version=records_module.WARC_VERSION)
    return maker


def members(data: bytes) -> list[bytes]:
    """The inflated bytes of each gzip member of `data`, in order."""
    found = []
    while data:
        member = zlib.decompressobj(zlib.MAX_WBITS + 16)
        found.append(member.decompress(data))
        assert member.eof, "a member cut short"
        data = member.unused_data
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_exchange_records_inflate_to_the_bytes_warcio_writes(
    page: Path, fixed_ids: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = page.read_bytes()
    ours = RecordMaker().exchange(_exchange(body), "<urn:uuid:info>")
    fixed_ids()
    monkeypatch.setattr(records_module, "gzip_member", lambda data: data)
    theirs = warcio_gzip_maker().exchange(_exchange(body), "<urn:uuid:info>")
    assert members(ours) == members(theirs)
    assert len(members(ours)) == 2  # response, then request: one member each
    assert body in members(ours)[0]


def test_warcinfo_inflates_to_the_bytes_warcio_writes(
    fixed_ids: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    info = {"software": "mpscrawler/9.9.9", "format": "WARC File Format 1.1"}
    ours = RecordMaker().warcinfo("x.warc.gz", info)
    fixed_ids()
    monkeypatch.setattr(records_module, "gzip_member", lambda data: data)
    theirs = warcio_gzip_maker().warcinfo("x.warc.gz", info)
    assert ours[0] == theirs[0]
    assert members(ours[1]) == members(theirs[1])


def test_a_member_is_standard_gzip_and_smaller_than_its_page() -> None:
    body = CURRENT.read_bytes()
    member = gzip_member(body)
    assert gzip.decompress(member) == body
    assert len(member) < len(body) / 4


def _exchange(body: bytes) -> records_module.Exchange:
    """An exchange of `body` at a fixed time."""
    made = exchange("http://127.0.0.1/article/x-1557324000", body)
    made.fetched_at = MOMENT
    return made
