"""Files appear whole or not at all."""

from __future__ import annotations

from pathlib import Path

from mpscrawler.feedstorage import AtomicFileFeedStorage, part_path


def test_file_appears_only_when_stored(tmp_path: Path) -> None:
    final = tmp_path / "runs" / "a.jsonl"
    storage = AtomicFileFeedStorage(str(final), feed_options={"overwrite": True})
    handle = storage.open(None)
    handle.write(b'{"id": "en-1"}\n')
    assert not final.exists() and part_path(final).exists()
    storage.store(handle)
    assert final.read_bytes() == b'{"id": "en-1"}\n' and not part_path(final).exists()


def test_append_keeps_old_lines_and_swaps_in_one_step(tmp_path: Path) -> None:
    final = tmp_path / "a.jsonl"
    final.write_bytes(b'{"id": "en-1"}\n')
    storage = AtomicFileFeedStorage(str(final), feed_options={"overwrite": False})
    handle = storage.open(None)
    handle.write(b'{"id": "en-2"}\n')
    assert final.read_bytes() == b'{"id": "en-1"}\n'
    storage.store(handle)
    assert final.read_bytes() == b'{"id": "en-1"}\n{"id": "en-2"}\n'
