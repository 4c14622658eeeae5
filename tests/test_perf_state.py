"""The state stages what it always staged: the record as itemadapter gives it, versioned."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from itemadapter import ItemAdapter

from mpscrawler.state import lock
from mpscrawler.state.extension import State, plain
from mpscrawler.state.rules import fields_digest
from tests.helpers import crawler
from tests.test_pipelines import RECORD


@pytest.fixture
def state(tmp_path: Path) -> Any:
    """The state extension of a crawler, its store in tmp_path; unlocked afterwards."""
    # The crawler's own extension (building another would open the store a second time).
    extension = crawler(MPS_STATE_PATH=str(tmp_path / "state.sqlite3")).get_extension(State)
    assert extension is not None
    yield extension
    extension.store.close()
    lock.release(extension.store.path)


def test_the_staged_row_is_the_versioned_record_and_its_fields_hash(
    state: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged: list[dict] = []
    stage = state.store.stage
    monkeypatch.setattr(state.store, "stage", lambda row: staged.append(row) or stage(row))
    item = replace(RECORD)
    before = ItemAdapter(replace(RECORD)).asdict()
    assert state.version(item) is item
    after = ItemAdapter(item).asdict()
    assert after["version"] == 1 and after["first_seen"] == item.crawled_at
    assert staged == [{**after, "fields_hash": fields_digest(before)}]


def test_a_dataclass_record_is_the_dict_itemadapter_gives() -> None:
    item = replace(RECORD)
    assert plain(item, ItemAdapter(item)) == ItemAdapter(item).asdict()
    assert plain({"id": "en-1", "images": []}, ItemAdapter({"id": "en-1", "images": []})) == {
        "id": "en-1",
        "images": [],
    }
