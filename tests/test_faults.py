"""Faults and hostile pages from a portal served on loopback: what each must get.

Every page below is fetched once by URL (`-a urls_file=`) from a server that plays one fault
script per URL; the records and the failures listed in the state are then checked.
"""

from __future__ import annotations

import json
import subprocess
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

import jsonschema
import pytest

from mpscrawler.parsers import parse_article
from mpscrawler.snapshot import SITE, serve
from mpscrawler.state import StateStore
from tests.helpers import CRAWL, ENV, SCHEMA, SLOW_FAULTS
from tests.portal import Portal, copy_site

A, N, V = "/article/", "/news-events/", "/bai-viet/"
# Transient faults: the first answer fails, the retry gets the page.
TRANSIENT = {
    "500": A
    + "1st-northern-region-public-security-pickleball-open-successfully-concludes-1754444499",
    "502": A
    + "counter-narcotics-police-department-asked-to-ensure-financial-sources-and-facilities-for-anti-drug-fight-1600264800",
    "503": A
    + "department-of-cyber-security-urged-to-focus-on-fighting-hostile-forces-on-cyberspace-1516456800",
    "retry-after:1": A
    + "deputy-minister-luong-tam-quang-attends-8th-party-congress-of-phu-yen-police-1596117600",
    "slow:2.5": A + "deputy-minister-nguyen-duy-ngoc-works-with-hanoi-police-1590588000",
    "reset": A + "homeland-security-department-rolls-out-2025-work-plan-1736863200",
    "truncated": A
    + "minister-of-public-security-praises-forces-for-eradicating-a-large-transnational-drug-ring-1553176800",
    "truncated-close": A
    + "minister-to-lam-works-with-quang-ninh-provincial-police-department-1565359200",
    "empty": A + "minister-to-lam-works-with-tra-vinh-police-1555077600",
}
# Pages that come out right whatever their declared charset.
CHARSETS = {
    "charset:wrong": V
    + "mo-rong-hop-tac-cong-nghe-cong-nghiep-an-ninh-voi-cac-doi-tac-tho-nhi-ky-1791199100",
    "charset:none": V
    + "cu-the-hoa-hop-tac-dao-tao-nghien-cuu-cong-nghe-an-ninh-voi-dai-hoc-concordia-1791199677",
    "charset:bom": N + "new-deputy-ministers-of-public-security-appointed-t10997.html",
}
MOVED = A + "old-address-1557324000"
TARGET = A + "mps-reviews-task-performance-in-april-1557324000"
# Faults that last: no record, a failure kept with its reason. fault -> (path, reason snippet)
LASTING = {
    "challenge": (
        N
        + "deputy-minister-nguyen-van-son-inspects-premises-of-units-in-the-central-region-t5524.html",
        "HTTP 403",
    ),
    "challenge:200": (
        N + "deputy-minister-nguyen-van-son-works-with-mai-chau-district-police-t4925.html",
        "no article on the page",
    ),
    "pdf": (
        N
        + "deputy-minister-nguyen-van-thanh-attends-9th-party-congress-of-dong-thap-police-t7134.html",
        "not HTML (application/pdf)",
    ),
    "image": (
        N + "fire-police-department-rolls-out-new-working-plans-t6426.html",
        "not HTML (image/jpeg)",
    ),
    "json": (
        N + "ho-chi-minh-city-police-answer-inquires-of-local-people-and-businesses-t5783.html",
        "not HTML (application/json)",
    ),
    "empty": (
        N
        + "minister-of-public-security-requests-public-security-forces-to-strengthen-covid-19-prevention-and-control-t6664.html",
        "empty page",
    ),
    "huge": (
        N + "minister-to-lam-answers-na-deputies-questions-t6228.html",
        "larger than download max size",
    ),
    "gzip-bomb": (
        N
        + "minister-to-lam-defends-draft-law-on-grassroots-level-security-protection-force-at-na-t7482.html",
        "exceeded DOWNLOAD_MAXSIZE",
    ),
    "loop": (
        N
        + "minister-to-lam-underlines-the-need-to-invest-in-communications-cipher-and-it-sectors-t7730.html",
        "redirect",
    ),
    "offsite": (
        N + "mps-asked-to-put-in-use-national-population-database-in-2020-t5616.html",
        "offsite",
    ),
    "private": (
        N + "mps-rehearses-protection-plans-for-13th-national-party-congress-t7642.html",
        "offsite",
    ),
}


def script() -> dict[str, list]:
    """The fault script of every URL of the test."""
    plays: dict[str, list] = {
        path: [fault, "ok"] for fault, path in {**TRANSIENT, **CHARSETS}.items()
    }
    plays[MOVED] = [f"redirect:{TARGET}"]
    for fault, (path, _) in LASTING.items():
        plays[path] = {
            "loop": [f"redirect:{path}"] * 10,
            "offsite": ["redirect:http://example.invalid/news-events/x-t1.html"] * 4,
            "private": ["redirect:http://127.0.0.2:9/news-events/x-t2.html"] * 4,
        }.get(fault, [fault] * 4)
    for fault in ("charset:wrong", "charset:none", "charset:bom"):
        plays[CHARSETS[fault]] = [fault] * 4  # every answer has the odd charset
    return plays


# The Vietnamese captures: their diacritics are what a wrong charset would garble.
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "article"
VI_PAGES = {
    CHARSETS["charset:wrong"]: FIXTURES / "current-vi-tho-nhi-ky" / "page.html",
    CHARSETS["charset:none"]: FIXTURES / "current-vi-concordia" / "page.html",
}


def page_file(path: str) -> Path:
    """The file a path of the test's portal serves."""
    return VI_PAGES.get(path) or SITE / (
        path.lstrip("/") + ("" if path.endswith(".html") else ".html")
    )


def reference(path: str) -> dict:
    """The record a clean fetch of the page gives (fields that do not depend on the fetch)."""
    file = page_file(path)
    record = asdict(parse_article(file.read_bytes(), "http://127.0.0.1" + path))
    return {
        k: v
        for k, v in record.items()
        if k not in {"crawled_at", "version", "first_seen", "updated", "warc_file", "warc_offset"}
    }


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], list, dict, Portal]:
    """One crawl of every URL above through the faulty portal."""
    work = tmp_path_factory.mktemp("faults")
    portal = Portal(script=script(), slow=2.5)
    paths = [*TRANSIENT.values(), *CHARSETS.values(), MOVED, *(p for p, _ in LASTING.values())]
    site = copy_site(work / "site")
    for path, file in VI_PAGES.items():
        (site / (path.lstrip("/") + ".html")).parent.mkdir(parents=True, exist_ok=True)
        (site / (path.lstrip("/") + ".html")).write_bytes(file.read_bytes())
    with serve(site, hook=portal) as base_url:
        (work / "urls.txt").write_text("".join(base_url + p + "\n" for p in paths))
        command = [
            *CRAWL,
            "-a",
            "urls_file=urls.txt",
            *SLOW_FAULTS,
        ]
        done = subprocess.run(
            command, cwd=work, env=ENV, capture_output=True, text=True, timeout=300
        )
    assert done.returncode == 0, done.stderr[-3000:]
    (output,) = (work / "output" / "mps_news" / "en").glob("*.jsonl")
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    with closing(StateStore(work / "output" / "state" / "mps_news-en.sqlite3", "check")) as store:
        failures = store.failures()
    report = json.loads(
        next((work / "output" / "reports" / "mps_news" / "en").glob("*.json")).read_text()
    )
    return records, failures, report, portal


@pytest.mark.parametrize("fault", [*TRANSIENT, *CHARSETS])
def test_transient_faults_and_odd_charsets_still_give_the_right_record(
    faulty_run: tuple, fault: str
) -> None:
    records, _, _, portal = faulty_run
    path = {**TRANSIENT, **CHARSETS}[fault]
    want = reference(path)
    got = next(r for r in records if r["id"] == want["id"])
    for name, value in want.items():
        if name not in {"url", "images", "section_url"} or "bocongan" in str(value):
            assert json.loads(json.dumps(value)) == got[name], f"{fault}: {name}"
    assert portal.faults[fault] >= 1, "the fault was played"


def test_retry_after_is_honoured(faulty_run: tuple) -> None:
    _, _, report, portal = faulty_run
    assert portal.requests[[k for k in portal.requests if k.endswith("1596117600")][0]] == 2
    assert report["retry_after"] == 1


def test_a_redirect_to_another_portal_page_is_followed(faulty_run: tuple) -> None:
    records = faulty_run[0]
    assert [r["id"] for r in records].count("en-1557324000") == 1


@pytest.mark.parametrize("fault", list(LASTING))
def test_lasting_faults_give_no_record_and_a_failure_with_its_reason(
    faulty_run: tuple, fault: str
) -> None:
    records, failures, report, _ = faulty_run
    path, reason = LASTING[fault]
    ident = "en-" + path.rsplit("-t", 1)[1].removesuffix(".html")
    assert ident not in {r["id"] for r in records}
    listed = {url.split("/", 3)[3]: why for url, why, _ in failures}
    assert reason in listed[path.lstrip("/")], listed.get(path.lstrip("/"))
    assert any(f["url"].endswith(path) for f in report["failures"]), "named in the run report"


def test_nothing_else_is_fetched_and_every_line_is_valid(faulty_run: tuple) -> None:
    records, failures, _, portal = faulty_run
    assert not [p for p in portal.requests if "x-t1" in p or "x-t2" in p], (
        "no offsite request reached the portal"
    )
    assert len(records) == len(TRANSIENT) + len(CHARSETS) + 1
    for record in records:
        jsonschema.validate(record, SCHEMA)
    assert len(failures) == len(LASTING)


def test_urls_from_pages_cannot_steer_the_crawler_elsewhere(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    hostile = [
        "file:///etc/passwd",
        "ftp://127.0.0.1/news-events/a-t1.html",
        "http://127.0.0.2:9/news-events/b-t2.html",
        "http://localhost:9/article/c-1769419999",
        "javascript:alert(1)//-t3.html",
    ]
    sitemap = site / "sitemap.xml"
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in hostile)
    sitemap.write_text(sitemap.read_text().replace("</urlset>", locs + "</urlset>"))
    robots = site / "robots.txt"
    robots.write_text(
        robots.read_text() + "Sitemap: http://127.0.0.2:9/sitemap.xml\nSitemap: file:///etc/hosts\n"
    )
    index = site / "index.html"
    links = "".join(f'<a href="{u}">x</a>' for u in hostile)
    index.write_text(
        index.read_text(encoding="utf-8").replace("</main>", links + "</main>"), encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    with serve(site) as base_url:
        command = [
            *CRAWL,
            "-a",
            f"base_url={base_url}",
        ]
        command += [*SLOW_FAULTS, "-s", "LOG_LEVEL=DEBUG"]
        done = subprocess.run(
            command, cwd=work, env=ENV, capture_output=True, text=True, timeout=300
        )
    assert done.returncode == 0
    fetched = [
        line
        for line in done.stderr.splitlines()
        if "Crawled (" in line or "failed:" in line and "off the edition's hosts" not in line
    ]
    assert len(fetched) > 40
    for target in ("127.0.0.2", "localhost", "file:", "ftp:", "javascript:"):
        assert not [line for line in fetched if target in line.split("(referer")[0]], target
    assert "Connection refused" not in done.stderr
    (output,) = (work / "output" / "mps_news" / "en").glob("*.jsonl")
    assert len(output.read_text().splitlines()) == 29
