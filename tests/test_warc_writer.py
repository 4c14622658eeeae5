"""Rolling WARC files: records read back by warcio, offsets, rolling, crash safety."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from mpscrawler.warc import writer as writer_module
from mpscrawler.warc.reader import iter_captures, read_capture, warc_files
from mpscrawler.warc.writer import RollingWarcWriter, part_path
from tests.warc_helpers import CURRENT, LEGACY, LISTING, exchange, records

INFO = {"software": "mpscrawler/9.9.9", "format": "WARC File Format 1.1"}


def writer(root: Path, max_size: int = 10**9) -> RollingWarcWriter:
    """A writer of `en/` files under root."""
    return RollingWarcWriter(root, "en", "mps_news", max_size, INFO)


def test_records_read_back_as_warcinfo_then_response_and_request_pairs(tmp_path: Path) -> None:
    pages = [LISTING.read_bytes(), LEGACY.read_bytes(), CURRENT.read_bytes()]
    w = writer(tmp_path)
    names = {w.write(exchange(f"http://127.0.0.1/p{i}", body))[0] for i, body in enumerate(pages)}
    w.close()
    assert len(names) == 1
    found = records(tmp_path / names.pop())
    assert [kind for kind, *_ in found] == ["warcinfo"] + ["response", "request"] * 3
    assert b"software: mpscrawler/9.9.9" in found[0][2]
    for i, body in enumerate(pages):
        (_, response, payload, _), (_, request, _, _) = found[1 + 2 * i], found[2 + 2 * i]
        assert payload == body
        assert response["WARC-Target-URI"] == request["WARC-Target-URI"] == f"http://127.0.0.1/p{i}"
        assert request["WARC-Concurrent-To"] == response["WARC-Record-ID"]
        assert response["WARC-Warcinfo-ID"] == found[0][1]["WARC-Record-ID"]


def test_offsets_seek_to_the_exact_response(tmp_path: Path) -> None:
    w = writer(tmp_path)
    bodies = {f"http://127.0.0.1/p{i}": LEGACY.read_bytes() + b"<!-- %d -->" % i for i in range(5)}
    where = {url: w.write(exchange(url, body)) for url, body in bodies.items()}
    w.close()
    for url, (name, offset) in where.items():
        with (tmp_path / name).open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_type == "response"
            assert record.rec_headers["WARC-Target-URI"] == url
        capture = read_capture(tmp_path / name, offset, name)
        assert capture is not None and capture.html == bodies[url] and capture.offset == offset
    found = records(tmp_path / name)
    assert sorted(o for kind, _, _, o in found if kind == "response") == sorted(
        o for _, o in where.values()
    )


def test_rolling_by_size_finishes_several_files_and_leaves_no_part(tmp_path: Path) -> None:
    # An era-C page is ~50 KB gzipped: each one fills a 40 KB file; the small pages share one.
    w = writer(tmp_path, max_size=40_000)
    where = [w.write(exchange(f"http://127.0.0.1/a{i}", CURRENT.read_bytes())) for i in range(4)]
    where += [w.write(exchange(f"http://127.0.0.1/b{i}", LEGACY.read_bytes())) for i in range(3)]
    w.close()
    files = sorted((tmp_path / "en").iterdir())
    assert len(files) == 5
    assert not [f for f in files if f.name.startswith(".") or f.name.endswith(".part")]
    assert [f"en/{f.name}" for f in files] == w.finished
    assert {name for name, _ in where} == set(w.finished)
    for f in files:
        kinds = [kind for kind, *_ in records(f)]
        assert kinds[0] == "warcinfo" and kinds.count("response") == kinds.count("request") >= 1
        assert f.stat().st_size < 40_000 + 60_000


def test_a_second_writer_never_overwrites_the_files_of_the_first(tmp_path: Path) -> None:
    first, second = writer(tmp_path), writer(tmp_path)
    second.stamp = first.stamp
    one = first.write(exchange("http://127.0.0.1/one", LEGACY.read_bytes()))[0]
    first.close()
    two = second.write(exchange("http://127.0.0.1/two", LEGACY.read_bytes()))[0]
    second.close()
    assert one != two
    assert read_capture(tmp_path / one, records(tmp_path / one)[1][3]).url.endswith("/one")


def test_file_is_a_hidden_part_until_finished(tmp_path: Path) -> None:
    w = writer(tmp_path)
    name, _ = w.write(exchange("http://127.0.0.1/p", LEGACY.read_bytes()))
    final = tmp_path / name
    assert not final.exists() and part_path(final).exists()
    w.close()
    assert final.exists() and not part_path(final).exists()


CRASHING = """
import sys
from pathlib import Path
from mpscrawler.warc.writer import RollingWarcWriter
from tests.warc_helpers import CURRENT, exchange
w = RollingWarcWriter(Path(sys.argv[1]), "en", "mps_news", 150_000, {})
body = CURRENT.read_bytes()
i = 0
while True:
    i += 1
    w.write(exchange(f"http://127.0.0.1/{i}", body))
    if w.serial == 3 and w.max_size < 10**12:  # two files finished, the third one open
        w.max_size = 10**12  # which then grows until the kill
        print("rolled", flush=True)
"""


def test_a_crash_mid_write_leaves_only_parts_and_finished_files_read_cleanly(
    tmp_path: Path,
) -> None:
    script = textwrap.dedent(CRASHING)
    with subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == b"rolled\n"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    names = sorted(p.name for p in (tmp_path / "en").iterdir())
    finished = [n for n in names if not n.startswith(".")]
    parts = [n for n in names if n.startswith(".")]
    assert len(finished) == 2 and len(parts) == 1 and parts[0].endswith(".warc.gz.part")
    for name in finished:
        kinds = [kind for kind, *_ in records(tmp_path / "en" / name)]
        assert kinds[0] == "warcinfo" and kinds.count("response") == kinds.count("request") > 0
    assert [p.name for p in warc_files([tmp_path])] == finished
    assert len([c for p in warc_files([tmp_path]) for c in iter_captures(p)]) > 0


def full_disk_on(calls: set[int]) -> Callable[[int, bytes], None]:
    """A `write_all` that writes half and fails with ENOSPC on the given calls (1-based)."""
    count, original = 0, writer_module.write_all

    def write_all(fd: int, data: bytes) -> None:
        nonlocal count
        count += 1
        if count in calls:
            os.write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        original(fd, data)

    return write_all


def test_a_failed_write_is_cut_off_and_every_offset_given_stays_true(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "write_all", full_disk_on({3}))  # warcinfo, p0, p1
    w = writer(tmp_path)
    body = LEGACY.read_bytes()
    first = w.write(exchange("http://127.0.0.1/p0", body))
    with pytest.raises(OSError, match="No space"):
        w.write(exchange("http://127.0.0.1/p1", body))
    last = w.write(exchange("http://127.0.0.1/p2", body))
    w.close()
    found = records(tmp_path / first[0])
    assert [kind for kind, *_ in found] == ["warcinfo"] + ["response", "request"] * 2
    for (name, offset), url in ((first, "http://127.0.0.1/p0"), (last, "http://127.0.0.1/p2")):
        capture = read_capture(tmp_path / name, offset)
        assert capture is not None and capture.url == url and capture.html == body


def test_a_file_whose_warcinfo_failed_is_dropped_and_the_next_starts_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "write_all", full_disk_on({1}))
    w = writer(tmp_path)
    with pytest.raises(OSError, match="No space"):
        w.write(exchange("http://127.0.0.1/p0", LEGACY.read_bytes()))
    assert list((tmp_path / "en").iterdir()) == []
    name, offset = w.write(exchange("http://127.0.0.1/p1", LEGACY.read_bytes()))
    w.close()
    assert [kind for kind, *_ in records(tmp_path / name)] == ["warcinfo", "response", "request"]
    assert offset == records(tmp_path / name)[1][3]
