"""Feed exporters of the project (setting `FEED_EXPORTERS`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapy.exporters import CsvItemExporter
from scrapy.utils.serialize import ScrapyJSONEncoder


class JsonCellCsvItemExporter(CsvItemExporter):
    """CSV with list and nested fields as JSON text: `[]` an empty list, an empty cell null."""

    # Scrapy's own writes `tags` comma-joined and `images` as a Python repr ("[Image(url=…").

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells = ScrapyJSONEncoder(ensure_ascii=False, sort_keys=False)

    def serialize_field(self, field: Mapping[str, Any], name: str, value: Any) -> Any:
        """A list, tuple or mapping (or an item within one) as JSON; other values as Scrapy does."""
        if "serializer" not in field and isinstance(value, list | tuple | dict):
            return self.cells.encode(value)
        return super().serialize_field(field, name, value)
