"""Is a run healthy? Pure checks of a run report against thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field

REQUIRED = ("title", "published_date", "body")


@dataclass(frozen=True)
class Thresholds:
    """Limits past which a run is unhealthy (settings `MPS_HEALTH_*`)."""

    max_failure_rate: float = 0.05
    max_fallback_rate: float = 0.10
    min_coverage: dict[str, float] = field(default_factory=lambda: {"byline": 0.3, "captions": 0.2})
    min_records: int = 10


def problems(report: dict, limits: Thresholds) -> list[str]:
    """Every reason the run is unhealthy; [] when healthy."""
    found = []
    rec, failed = report["records"], report["failed"]
    failures = failed["parse"] + failed["fetch"]
    parsed = rec["new"] + rec["updated"] + rec["unchanged"]
    if report["finish_reason"] != "finished":
        found.append(f"run did not finish: {report['finish_reason']}")
    ok = sum(n for status, n in report["responses"].items() if str(status).startswith(("2", "3")))
    if ok == 0:
        found.append(f"site unreachable: {report['requests']} requests, no successful response")
    if report["listing_entries"] and not (parsed or rec["skipped_known"]):
        found.append(f"listings showed {report['listing_entries']} articles, none was parsed")
    if failures and failures / (failures + parsed) > limits.max_failure_rate:
        found.append(f"{failures} of {failures + parsed} article pages failed")
    written = rec["written"]
    if written and report["fallback"] / written > limits.max_fallback_rate:
        found.append(f"{report['fallback']} of {written} records needed the fallback layout")
    coverage = report["coverage"]
    for name in REQUIRED:
        if written and coverage.get(name) != 1.0:
            found.append(f"required field {name} only in {coverage.get(name):.0%} of records")
    if written >= limits.min_records:
        for name, floor in limits.min_coverage.items():
            if (coverage.get(name) or 0) < floor:
                found.append(
                    f"{name} in {coverage.get(name) or 0:.0%} of records (floor {floor:.0%})"
                )
    return found
