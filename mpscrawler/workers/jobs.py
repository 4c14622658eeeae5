"""The jobs a worker process runs, and how they travel on a pipe.

Only the functions named here run in a worker; each is pure (its answer depends on its
arguments alone), so it gives the same answer in the crawl's process when no worker can.

A message is a header (the lengths of what follows), a pickle, then a blob: the page's bytes
(a job's first argument) or a job's bytes answer travel raw, written from the object itself,
not copied into the pickle; a page that lies in the worker's shared memory (`ring.Ring`)
travels as its place there instead. A worker keeps the last `KEPT` pages it was sent, each in
a slot the job names: the parse of a page whose WARC records were just made names its slot,
and the page is sent once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import pickle
import struct
from collections.abc import Callable
from typing import Any

from mpscrawler.items import Article
from mpscrawler.parsers import ParseError, parse_article, parse_listing
from mpscrawler.parsers.listing import Listing
from mpscrawler.warc.records import Exchange, RecordMaker

HEADER = struct.Struct("!II")  # the lengths of the pickle and of the blob that follow
READY = 0  # the id of the message a worker sends once it can take jobs
KEPT = 8  # pages a worker keeps, so a second job on the same page does not send it again
PIPE_SIZE = 1 << 20  # each way: Linux's default is 64 KB
_RECORDS = RecordMaker()


def article(html: str | bytes, url: str) -> tuple[Article, list[str]]:
    """`parse_article` of a page, with the notes it took (a canonical URL that disagrees)."""
    notes: list[str] = []
    return parse_article(html, url, notes), notes


def listing(html: str | bytes, url: str) -> Listing | None:
    """`parse_listing` of a page; None for a page that is no HTML at all (empty, an image)."""
    try:
        return parse_listing(html, url)
    except ParseError:
        return None


def records(body: bytes, exchange: Exchange, info_id: str) -> bytes:
    """The WARC `response` and `request` records of an exchange, gzipped (`RecordMaker`).

    The body comes apart from the rest of the exchange, as the blob of its message.
    """
    return _RECORDS.exchange(dataclasses.replace(exchange, body=body), info_id)


JOBS: dict[str, Callable[..., Any]] = {"article": article, "listing": listing, "records": records}


def widen(fd: int) -> None:
    """A pipe of `PIPE_SIZE` (Linux): a message goes in one write, and its writer goes on while
    the reader is busy, not blocked until it reads."""
    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if size is not None:
        with contextlib.suppress(OSError):  # not a pipe, or past /proc/sys/fs/pipe-max-size
            fcntl.fcntl(fd, size, PIPE_SIZE)


def pack(message: tuple[Any, ...], blob: Any = None) -> tuple[bytes, bytes]:
    """A message's header and pickle, and its blob (bytes, else nothing) to write after them."""
    raw = blob if isinstance(blob, bytes) else b""
    data = pickle.dumps((message, isinstance(blob, bytes)), protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data), len(raw)) + data, raw


def unpack(data: bytes, blob: bytes) -> tuple[tuple[Any, ...], bytes | None]:
    """A message off the pipe (only ever one this crawl or its worker wrote), and its blob."""
    message, has_blob = pickle.loads(data)
    return message, blob if has_blob else None
