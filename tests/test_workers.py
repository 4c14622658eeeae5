"""Worker processes: jobs answered as in the crawl's own process; faults cost one job at most."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from mpscrawler.items import Article
from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.spiders.mps_news import MpsNewsSpider
from mpscrawler.warc.records import Exchange
from mpscrawler.workers import jobs
from mpscrawler.workers.pool import WorkerLost, Workers

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "article"
CURRENT = FIXTURES / "current-en-vote-caption"
URL = "https://en.bocongan.gov.vn/article/seven-leaders-of-ministry-of-public-security-elected-to-14th-party-central-committee-1769419716"
FAULTS = "tests.worker_faults"


def with_workers(
    test: Callable[[Workers], Awaitable[Any]],
    child: str | None = None,
    ring_size: int | None = None,
    **settings: Any,
) -> tuple[Any, dict[str, Any]]:
    """Run `test` against a crawl's workers in an event loop; its result, and the stats."""
    crawler = get_crawler(MpsNewsSpider, {"MPS_WORKERS": 1, "MPS_WORKER_TIMEOUT": 60, **settings})
    workers = Workers.from_crawler(crawler)
    if child is not None:
        workers.child = child
    if ring_size is not None:
        workers.ring_size = ring_size
    started: list[asyncio.subprocess.Process] = []
    start = workers._start

    async def recorded() -> Any:
        worker = await start()
        if worker is not None:
            started.append(worker.process)
        return worker

    workers._start = recorded  # type: ignore[method-assign]

    async def run() -> Any:
        try:
            return await test(workers)
        finally:
            await workers.close()
            assert workers.workers == [] and all(p.returncode is not None for p in started)

    result = asyncio.run(run())
    assert crawler.stats is not None
    return result, crawler.stats.get_stats()


def test_a_page_parses_in_a_worker_as_it_does_here() -> None:
    page = (CURRENT / "page.html").read_bytes()

    async def test(workers: Workers) -> Any:
        return await workers.run("article", page, URL)

    (article, notes), stats = with_workers(test)
    assert isinstance(article, Article)
    assert dataclasses.asdict(article) == dataclasses.asdict(parse_article(page, URL))
    assert notes == []
    assert stats["mps/workers/started"] == 1


def test_warc_records_made_in_a_worker_are_those_made_here() -> None:
    exchange = Exchange(url=URL, status=200, headers=[("Content-Type", "text/html")], body=b"<p>x")
    bare = dataclasses.replace(exchange, body=b"")

    async def test(workers: Workers) -> Any:
        return await workers.run("records", exchange.body, bare, "<urn:uuid:info>")

    made, _ = with_workers(test)
    here = jobs.records(exchange.body, bare, "<urn:uuid:info>")
    assert without_ids(made) == without_ids(here) and b"WARC-Type: response" in without_ids(made)


def without_ids(records: bytes) -> bytes:
    """Gzipped WARC records inflated, their record ids (a uuid each) blanked."""
    return re.sub(rb"<urn:uuid:[0-9a-f-]{36}>", b"<id>", gzip.decompress(records))


def test_a_page_that_does_not_parse_raises_its_parse_error_here() -> None:
    async def test(workers: Workers) -> Any:
        with pytest.raises(ParseError) as raised:
            await workers.run("article", b"<html><body><p>Request unsuccessful.</p>", URL)
        return raised.value

    error, _ = with_workers(test)
    assert (error.reason, error.url) == ("no article on the page", URL)


def test_a_worker_that_dies_fails_only_the_job_it_ran() -> None:
    async def test(workers: Workers) -> Any:
        before = [asyncio.ensure_future(workers.run("echo", n)) for n in range(3)]
        crash = asyncio.ensure_future(workers.run("crash"))
        after = [asyncio.ensure_future(workers.run("echo", n)) for n in range(3, 6)]
        return await asyncio.gather(*before, crash, *after, return_exceptions=True)

    answers, stats = with_workers(test, child=FAULTS)
    assert answers[:3] == [0, 1, 2] and answers[4:] == [3, 4, 5]
    assert isinstance(answers[3], WorkerLost)
    assert str(answers[3]) == "worker: process ended (exit -11)"
    assert (stats["mps/workers/lost"], stats["mps/workers/started"]) == (1, 2)


def test_a_job_that_never_ends_is_killed_and_those_behind_it_go_on() -> None:
    async def test(workers: Workers) -> Any:
        hang = asyncio.ensure_future(workers.run("hang"))
        after = [asyncio.ensure_future(workers.run("echo", n)) for n in range(2)]
        return await asyncio.gather(hang, *after, return_exceptions=True)

    answers, stats = with_workers(test, child=FAULTS, MPS_WORKER_TIMEOUT=1)
    assert isinstance(answers[0], WorkerLost) and str(answers[0]) == "worker: no answer in 1 s"
    assert answers[1:] == [0, 1]
    assert stats["mps/workers/lost"] == 1


def test_stray_output_of_a_job_does_not_garble_the_answers() -> None:
    async def test(workers: Workers) -> Any:
        return [await workers.run("chatty", "one"), await workers.run("echo", b"two")]

    answers, _ = with_workers(test, child=FAULTS)
    assert answers == ["one", b"two"]


def test_a_worker_that_cannot_start_leaves_the_jobs_to_the_crawl() -> None:
    page = (CURRENT / "page.html").read_bytes()

    async def test(workers: Workers) -> Any:
        first = await workers.run("article", page, URL)
        return first, await workers.run("article", page, URL), workers.unavailable

    (first, second, unavailable), stats = with_workers(test, child="tests.no_such_module")
    assert first[0].title == second[0].title == parse_article(page, URL).title
    assert unavailable and stats["mps/workers/unavailable"] == 1
    assert "mps/workers/lost" not in stats


def test_no_workers_at_zero() -> None:
    with pytest.raises(NotConfigured):
        Workers.from_crawler(get_crawler(MpsNewsSpider, {"MPS_WORKERS": 0}))


def test_out_of_an_event_loop_jobs_run_here() -> None:
    workers = Workers.from_crawler(get_crawler(MpsNewsSpider, {"MPS_WORKERS": 1}))
    page = (CURRENT / "page.html").read_bytes()
    step = workers.run("article", page, URL)
    with pytest.raises(StopIteration) as done:
        step.send(None)
    assert done.value.value[0].title == parse_article(page, URL).title
    assert workers.workers == []


def test_the_workers_peak_memory_is_in_the_stats() -> None:
    async def test(workers: Workers) -> Any:
        return await workers.run("echo", b"x" * 1_000_000)

    _, stats = with_workers(test, child=FAULTS)
    assert 5 < stats["mps/workers/peak_rss_mb"] < 500


def sent_by_pipe(page: bytes, ring_size: int) -> tuple[list[bytes], int, int]:
    """A page sent, sent again, then sent after `KEPT` others: the answers, and the bytes the
    pipe carried for the second and for the third."""

    async def test(workers: Workers) -> Any:
        first = await workers.run("echo", page)
        (worker,) = workers.workers
        written: list[int] = []
        write = worker.process.stdin.write
        worker.process.stdin.write = lambda data: (written.append(len(data)), write(data))[1]
        again = await workers.run("echo", page)
        sent_again = sum(written)
        others = [await workers.run("echo", bytes([n]) * 10) for n in range(jobs.KEPT)]
        assert others == [bytes([n]) * 10 for n in range(jobs.KEPT)]
        evicted = await workers.run("echo", page)  # no longer kept: sent whole
        return [first, again, evicted], sent_again, sum(written) - sent_again

    return with_workers(test, child=FAULTS, ring_size=ring_size)[0]


def test_a_page_crosses_the_pipe_once_for_the_jobs_on_it() -> None:
    page = b"<p>Bo Cong an</p>" * 20_000
    answers, sent_again, sent_last = sent_by_pipe(page, ring_size=0)
    assert answers == [page, page, page]
    assert sent_again < 200 < len(page) < sent_last


def test_pages_go_through_shared_memory_not_the_pipe() -> None:
    page = b"<p>Bo Cong an</p>" * 20_000
    answers, sent_again, sent_last = sent_by_pipe(page, ring_size=1 << 20)
    assert answers == [page, page, page]
    assert sent_again < 200 and sent_last < 1000 < len(page)  # the messages alone


def test_a_page_larger_than_the_ring_goes_by_the_pipe() -> None:
    page = b"<p>Bo Cong an</p>" * 20_000
    answers, _, sent_last = sent_by_pipe(page, ring_size=len(page) - 1)
    assert answers == [page, page, page]
    assert sent_last > len(page)


def test_pages_the_worker_has_not_read_are_not_overwritten() -> None:
    pages = [bytes([65 + n]) * 300_000 for n in range(12)]  # 3.6 MB sent before any answer

    async def test(workers: Workers) -> Any:
        answers = await asyncio.gather(*(workers.run("echo", page) for page in pages))
        (worker,) = workers.workers
        return answers, worker.ring is not None and not worker.ring.live

    (answers, emptied), _ = with_workers(test, child=FAULTS, ring_size=1 << 20)
    assert answers == pages
    assert emptied


def test_jobs_sent_behind_a_job_that_never_ends_do_not_keep_it_alive() -> None:
    async def test(workers: Workers) -> Any:
        hang = asyncio.ensure_future(workers.run("hang"))
        behind = []
        for n in range(8):  # a job every 0.3 s: past the timeout of 1 s in all
            behind.append(asyncio.ensure_future(workers.run("echo", n)))
            await asyncio.sleep(0.3)
            if hang.done():
                break
        return hang.done(), await asyncio.gather(hang, *behind, return_exceptions=True)

    (killed_in_time, answers), _ = with_workers(test, child=FAULTS, MPS_WORKER_TIMEOUT=1)
    assert killed_in_time
    assert isinstance(answers[0], WorkerLost) and answers[1:] == list(range(len(answers) - 1))


def test_answers_that_cannot_come_back_fail_their_job_and_the_rest_go_on() -> None:
    async def test(workers: Workers) -> Any:
        names = [("stop",), ("odd",), ("echo", 1), ("poison",), ("echo", 2)]
        sent = [asyncio.ensure_future(workers.run(*job)) for job in names]
        return await asyncio.gather(*sent, return_exceptions=True)

    answers, stats = with_workers(test, child=FAULTS)
    assert isinstance(answers[0], RuntimeError) and "StopIteration('done early')" in str(answers[0])
    assert isinstance(answers[1], RuntimeError) and str(answers[1]) == (
        "TwoArgs: odd (https://en.bocongan.gov.vn/)"
    )
    assert answers[2] == 1 and answers[4] == 2
    assert isinstance(answers[3], WorkerLost)
    assert str(answers[3]) == "worker: an answer that could not be read"
    assert stats["mps/workers/lost"] == 1


def test_a_worker_starting_while_the_crawl_closes_is_closed_with_it() -> None:
    page = (CURRENT / "page.html").read_bytes()

    async def test(workers: Workers) -> Any:
        job = asyncio.ensure_future(workers.run("article", page, URL))
        await asyncio.sleep(0)  # the job now waits for the worker to start
        await workers.close()
        return await job

    (article, _), stats = with_workers(test)
    assert article.title == parse_article(page, URL).title
    assert stats["mps/workers/started"] == 1
