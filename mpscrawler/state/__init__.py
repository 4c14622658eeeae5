"""What runs remember: the SQLite store, its pure rules, its lock, and the Scrapy component."""

from mpscrawler.state.extension import InvalidRecord, State
from mpscrawler.state.store import StateError, StateStore

__all__ = ["InvalidRecord", "State", "StateError", "StateStore"]
