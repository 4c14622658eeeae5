"""Is a run healthy? Pure checks of a run report against thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mpscrawler.items import REQUIRED


@dataclass(frozen=True)
class Thresholds:
    """Limits past which a run is unhealthy (settings `MPS_HEALTH_*`, their one owner)."""

    max_failure_rate: float
    max_fallback_rate: float
    min_coverage: dict[str, float]
    min_records: int


def problems(report: dict[str, Any], limits: Thresholds) -> list[str]:
    """Every reason the run is unhealthy; [] when healthy."""
    return [*kept(report), *reached(report), *failed(report, limits), *fields(report, limits)]


def kept(report: dict[str, Any]) -> list[str]:
    """Did the run finish and keep everything it wrote?"""
    found = []
    if report["finish_reason"] != "finished":
        found.append(f"run did not finish: {report['finish_reason']}")
    for failure in report.get("write_failed", []):
        found.append(f"could not write {failure['path']}: {failure['error']}")
    if report.get("unkept"):
        found.append(f"{report['unkept']} records were not kept; the next run emits them again")
    errors = report.get("errors", {})
    if errors.get("count"):
        first = (errors.get("first") or ["?"])[0]
        found.append(f"{errors['count']} errors logged; the first: {first}")
    return found


def reached(report: dict[str, Any]) -> list[str]:
    """Did the run reach the site and find its articles?"""
    rec = report["records"]
    parsed = rec["new"] + rec["updated"] + rec["unchanged"] + rec.get("again", 0)
    ok = sum(n for status, n in report["responses"].items() if str(status).startswith(("2", "3")))
    found = []
    if report.get("robots_unreachable"):  # RFC 9309: a server error there forbids the host
        found.append("robots.txt unreachable (a server error or no answer): nothing was fetched")
    if ok == 0:
        return [*found, f"site unreachable: {report['requests']} requests, no successful response"]
    if report.get("robots_forbidden"):
        found.append(f"robots.txt forbade {report['robots_forbidden']} requests")
    if report["listing_entries"] and not (parsed or rec["skipped_known"]):
        found.append(f"listings showed {report['listing_entries']} articles, none was parsed")
    seen = report["listing_entries"] + report.get("feed_entries", 0)
    if not seen and not parsed and not report.get("explicit"):
        found.append("no article found on the site: no listing, feed or sitemap entry")
    return found


def failed(report: dict[str, Any], limits: Thresholds) -> list[str]:
    """Did too many pages fail, or need the fallback layout?"""
    rec, found = report["records"], []
    failures = sum(report["failed"].values())
    parsed = rec["new"] + rec["updated"] + rec["unchanged"] + rec.get("again", 0)
    if failures and failures / (failures + parsed) > limits.max_failure_rate:
        named = report.get("failures") or [{}]
        first = f"; the first: {named[0]['url']}: {named[0]['reason']}" if named[0] else ""
        found.append(f"{failures} of {failures + parsed} pages failed (kept for a retry){first}")
    if report.get("canonical_disagrees"):  # another article's page served at this URL?
        found.append(
            f"{report['canonical_disagrees']} pages name another page as their canonical URL:"
            " their records keep the URL fetched; check they are not another article's page"
        )
    written = rec["written"]
    if written and report["fallback"] / written > limits.max_fallback_rate:
        found.append(f"{report['fallback']} of {written} records needed the fallback layout")
    return found


def fields(report: dict[str, Any], limits: Thresholds) -> list[str]:
    """Do the records hold their required fields, and enough of the others?"""
    found, written, coverage = [], report["records"]["written"], report["coverage"]
    for name in (n for n in REQUIRED if n in coverage):
        if written and coverage.get(name) != 1.0:
            found.append(f"required field {name} only in {coverage.get(name):.0%} of records")
    for name, floor in limits.min_coverage.items():
        share, of, base = _share(coverage, name)
        if written * base >= limits.min_records and share < floor:
            found.append(f"{name} in {share:.0%} of {of} (floor {floor:.0%})")
    return found


def _share(coverage: dict[str, Any], name: str) -> tuple[float, str, float]:
    """A field's share of the records that can have it, what they are, and their share.

    A caption needs a photo: captions are judged among the records with photos, so a run of
    articles without any (the Vietnamese snapshot's texts) is not taken for lost captions.
    """
    value = coverage.get(name) or 0
    if name == "captions":
        photos = coverage.get("images") or 0
        return (value / photos if photos else 1.0), "records with photos", photos
    return value, "records", 1.0
