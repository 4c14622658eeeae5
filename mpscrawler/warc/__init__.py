"""WARC files of the pages the crawler parses: written during a crawl, read back to re-parse."""

from mpscrawler.warc.reader import Capture, iter_captures, read_capture, warc_files
from mpscrawler.warc.writer import RollingWarcWriter

__all__ = ["Capture", "RollingWarcWriter", "iter_captures", "read_capture", "warc_files"]
