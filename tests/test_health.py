"""Health verdicts of run reports, table-driven."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from mpscrawler.ops.cli import settings, thresholds
from mpscrawler.ops.health import problems

LIMITS = thresholds(settings())

HEALTHY = {
    "finish_reason": "finished",
    "requests": 48,
    "responses": {"200": 44, "404": 4},
    "records": {"new": 31, "updated": 0, "unchanged": 0, "skipped_known": 0, "written": 31},
    "failed": {"parse": 0, "fetch": 0},
    "fallback": 0,
    "listing_entries": 39,
    "coverage": {
        "title": 1.0,
        "published_date": 1.0,
        "body": 1.0,
        "byline": 0.61,
        "images": 0.9,
        "captions": 0.77,
    },
}


def report(**changes: object) -> dict:
    """The healthy report with some values replaced (dotted keys reach inside)."""
    result = copy.deepcopy(HEALTHY)
    for key, value in changes.items():
        target = result
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    return result


def test_a_healthy_run_and_a_quiet_incremental_run_pass() -> None:
    assert problems(HEALTHY, LIMITS) == []
    quiet = report(
        requests=14,
        responses={"200": 10, "404": 4},
        listing_entries=30,
        records={"new": 0, "updated": 0, "unchanged": 0, "skipped_known": 44, "written": 0},
        coverage={},
    )
    assert problems(quiet, LIMITS) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"finish_reason": "shutdown"}, "run did not finish: shutdown"),
        ({"responses": {"503": 40}}, "site unreachable"),
        (
            {
                "records": {
                    "new": 0,
                    "updated": 0,
                    "unchanged": 0,
                    "skipped_known": 0,
                    "written": 0,
                },
                "coverage": {},
            },
            "listings showed 39 articles, none was parsed",
        ),
        ({"failed": {"parse": 2, "fetch": 1}}, "3 of 34 pages failed"),
        (
            {
                "write_failed": [
                    {"path": "output/mps_news/en/r.jsonl", "error": "[Errno 28] No space"}
                ]
            },
            "could not write output/mps_news/en/r.jsonl: [Errno 28] No space",
        ),
        ({"unkept": 31}, "31 records were not kept; the next run emits them again"),
        (
            {"errors": {"count": 2, "first": ["Error processing item"]}},
            "2 errors logged; the first: Error processing item",
        ),
        ({"robots_forbidden": 5}, "robots.txt forbade 5 requests"),
        ({"robots_unreachable": 1, "responses": {"503": 4}}, "robots.txt unreachable"),
        (
            {
                "listing_entries": 0,
                "feed_entries": 0,
                "records": {
                    "new": 0,
                    "updated": 0,
                    "unchanged": 0,
                    "skipped_known": 0,
                    "written": 0,
                },
                "coverage": {},
            },
            "no article found on the site",
        ),
        ({"fallback": 4}, "4 of 31 records needed the fallback layout"),
        ({"coverage__body": 0.97}, "required field body only in 97% of records"),
        ({"coverage__byline": 0.1}, "byline in 10% of records (floor 30%)"),
        ({"coverage__captions": 0.09}, "captions in 10% of records with photos (floor 20%)"),
    ],
)
def test_unhealthy_runs_say_why(changes: dict, expected: str) -> None:
    found = problems(report(**changes), LIMITS)
    assert any(expected in problem for problem in found), found


def test_coverage_floors_wait_for_enough_records() -> None:
    few = report(
        records={"new": 3, "updated": 0, "unchanged": 0, "skipped_known": 0, "written": 3},
        coverage__byline=0.0,
    )
    assert problems(few, LIMITS) == []
    assert problems(few, replace(LIMITS, min_records=3)) == ["byline in 0% of records (floor 30%)"]


def test_captions_are_judged_among_the_records_with_photos() -> None:
    # Articles without photos have no captions to lose (41 of the Vietnamese snapshot's 43).
    few_photos = report(coverage__images=0.05, coverage__captions=0.05)
    assert problems(few_photos, LIMITS) == []
    no_photos = report(coverage__images=0.0, coverage__captions=0.0)
    assert problems(no_photos, LIMITS) == []
    lost = report(coverage__images=0.8, coverage__captions=0.05)
    assert problems(lost, LIMITS) == ["captions in 6% of records with photos (floor 20%)"]
    # The floor waits for enough records with photos: 31 records, 3 of them with photos.
    assert problems(report(coverage__images=0.1, coverage__captions=0.0), LIMITS) == []
