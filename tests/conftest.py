"""Shared test helpers: fixture folders and the bundled snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE = FIXTURES / "site"


@pytest.fixture(scope="session")
def site() -> Path:
    """The bundled snapshot of the portal."""
    return SITE
