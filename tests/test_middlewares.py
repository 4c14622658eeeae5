"""Retry-After parsing."""

from datetime import UTC, datetime

from mpscrawler.middlewares import retry_after_seconds


def test_retry_after_forms() -> None:
    now = datetime(2026, 10, 6, 15, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds("Tue, 06 Oct 2026 15:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Tue, 06 Oct 2026 14:00:00 GMT", now) == 0.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None
