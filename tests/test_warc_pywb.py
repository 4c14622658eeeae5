"""The crawler's WARC files as a real pywb reads them: indexed, then played back byte for byte.

A crawl of the snapshot leaves its WARCs; pywb's `wb-manager add` indexes them into a
collection (its CDXJ index names each record's file and offset), and pywb's server plays the
responses back. Skipped when pywb is not installed (`pip install pywb`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import crawl_snapshot, free_port, records, wait_for

pytest.importorskip("pywb")
warcio = pytest.importorskip("warcio")
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

MANAGER = [sys.executable, "-c", "from pywb.manager.manager import main; main()"]


def stored(warc: Path, offset: int) -> tuple[str, str, bytes]:
    """Target URI, WARC date and HTTP body of the response record at `offset`."""
    with warc.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_type == "response"
        headers = record.rec_headers
        return (
            headers.get_header("WARC-Target-URI"),
            headers.get_header("WARC-Date"),
            record.content_stream().read(),
        )


def indexed(collection: Path) -> dict[tuple[str, int], dict]:
    """pywb's CDXJ index of the collection: (file, offset) -> the line's fields."""
    found = {}
    for index in (collection / "indexes").glob("*.cdxj"):
        for line in index.read_text().splitlines():
            fields = json.loads(line.split(" ", 2)[2])
            found[(fields["filename"], int(fields["offset"]))] = fields
    return found


def test_pywb_indexes_the_crawls_warcs_at_the_records_offsets_and_plays_them_back(
    tmp_path: Path,
) -> None:
    crawled = records(crawl_snapshot(tmp_path))
    root = tmp_path / "output" / "warc"
    warcs = sorted(root.rglob("*.warc.gz"))
    pywb = tmp_path / "pywb"
    pywb.mkdir()
    subprocess.run([*MANAGER, "init", "web"], cwd=pywb, check=True, capture_output=True)
    added = subprocess.run([*MANAGER, "add", "web", *map(str, warcs)], cwd=pywb,
                           capture_output=True, text=True)  # fmt: skip
    assert added.returncode == 0, added.stderr[-3000:]
    index = indexed(pywb / "collections" / "web")
    bodies = {}
    for record in crawled:  # each record's location is a response pywb indexed there
        place = (Path(record["warc_file"]).name, record["warc_offset"])
        assert place in index, f"{record['id']}: {place} not in pywb's index"
        url, date, body = stored(root / record["warc_file"], record["warc_offset"])
        assert (index[place]["url"], index[place]["status"]) == (url, "200"), record["id"]
        bodies[record["id"]] = (url, date, body)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from pywb.apps.cli import wayback; wayback()",
         "-p", str(port), "-b", "127.0.0.1", "-d", str(pywb)],
        cwd=pywb, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port, server)
        for ident in sorted(bodies)[:4]:  # a few, each played back as it was stored
            url, date, body = bodies[ident]
            stamp = "".join(c for c in date if c.isdigit())[:14]
            playback = f"http://127.0.0.1:{port}/web/{stamp}id_/{url}"
            with urllib.request.urlopen(playback, timeout=10) as answer:
                assert answer.read() == body, ident
    finally:
        server.terminate()
        server.wait(timeout=10)
