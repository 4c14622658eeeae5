"""WARC files of the pages the crawler parses: written during a crawl, read back to re-parse."""

from mpscrawler.warc.reader import Capture, iter_captures, read_capture, warc_files
from mpscrawler.warc.records import Exchange
from mpscrawler.warc.writer import RollingWarcWriter

__all__ = [
    "Capture",
    "Exchange",
    "RollingWarcWriter",
    "iter_captures",
    "read_capture",
    "warc_files",
]
