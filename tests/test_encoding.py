"""The encoding of a page is decided from the whole page, not from one byte.

Pages are the live captures of the Vietnamese portal (`tests/fixtures/article/current-vi-*`,
copies of `shared/portal/live/`) and a legacy English page, re-declared, re-encoded or given a
stray byte. A UTF-8 page stays UTF-8 with a stray byte (as U+FFFD) whatever it declares; a
genuine windows-1258 or windows-1252 page still reads right; weak evidence leaves the declared
charset in charge.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from mpscrawler.encoding import page_source, page_text
from mpscrawler.parsers import ParseError, parse_article
from mpscrawler.parsers.charset import decode
from mpscrawler.snapshot import SITE, SITES, serve
from tests.helpers import CRAWL, ENV, FAST, records, run_files
from tests.portal import send

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "article"
VI = "current-vi-concordia"
VI_URL = "https://bocongan.gov.vn/bai-viet/cu-the-hoa-hop-tac-dao-tao-nghien-cuu-cong-nghe-an-ninh-voi-dai-hoc-concordia-1791199677"
EN = "legacy-banner-seed-em-caption"  # four "’" in its text
EN_URL = "https://en.bocongan.gov.vn/news-events/commit-s-14th-som-takes-place-in-hanoi-t7046.html"
UTF8_META = '<meta charset="utf-8">'
TONES = "\u0300\u0301\u0303\u0309\u0323"  # the tone marks windows-1258 writes as combining


def page(case: str) -> str:
    """The text of a fixture page."""
    return (ARTICLES / case / "page.html").read_text(encoding="utf-8")


def declared(text: str, charset: str) -> str:
    """The page with its `<meta charset>` (either form) naming `charset`."""
    text = text.replace(UTF8_META, f'<meta charset="{charset}">', 1)
    return text.replace("charset=utf-8", f"charset={charset}", 1)


def windows_1258(text: str) -> bytes:
    """Text as a windows-1258 page writes it: a base letter, then its tone mark if need be."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


def stray(text: str, at: int, byte: bytes = b"\xff") -> tuple[bytes, str]:
    """UTF-8 bytes of `text` with `byte` before character `at`, and the text that must come out."""
    return (
        text[:at].encode() + byte + text[at:].encode(),
        text[:at] + "\ufffd" + text[at:],
    )


def body_at(text: str, form: str = "NFC") -> int:
    """Where the body's "Tại buổi làm việc" begins (the page's markup after its style sheet)."""
    return text.index(unicodedata.normalize(form, "Tại buổi làm việc"), text.index("tinymce"))


def cases() -> dict[str, tuple[bytes, str | None, str]]:
    """name -> (bytes served, Content-Type, the text that must come out)."""
    vi, en = declared(page(VI), "windows-1258"), declared(page(EN), "windows-1252")
    nfd = unicodedata.normalize("NFD", vi)
    head = vi.index("<title")
    found: dict[str, tuple[bytes, str | None, str]] = {}
    for name, (body, want) in {
        "1258-declared/stray-ff-in-head": stray(vi, head),
        "1258-declared/stray-81-in-body": stray(vi, body_at(vi), b"\x81"),
        "1258-declared/stray-lead-byte": stray(vi, body_at(vi), b"\xc3"),
        "1258-declared/decomposed/stray": stray(nfd, body_at(nfd, "NFD")),
        "1258-declared/bom/stray": stray(vi, head),
        "1252-declared/english/stray": stray(en, en.index("<title")),
    }.items():
        if "bom" in name:
            body = b"\xef\xbb\xbf" + body
        found[name] = (body, None, want)
        found[name + "/header-too"] = (body, f"text/html; charset=windows-{name[:4]}", want)
    cut = vi.index("ộ")  # its last UTF-8 byte lost: one U+FFFD for the two left
    found["1258-declared/cut-sequence"] = (
        vi[:cut].encode() + "ộ".encode()[:2] + vi[cut + 1 :].encode(),
        "text/html; charset=windows-1258",
        vi[:cut] + "\ufffd" + vi[cut + 1 :],
    )
    found["utf8-header/1258-meta/stray"] = (
        stray(vi, head)[0],
        "text/html; charset=utf-8",
        stray(vi, head)[1],
    )
    # Genuine single-byte pages: read with what they declare.
    found["genuine-1258/meta"] = (windows_1258(vi), None, vi)
    found["genuine-1258/header"] = (windows_1258(vi), "text/html; charset=windows-1258", vi)
    found["genuine-1252/meta"] = (en.encode("cp1252"), None, en)
    found["genuine-1252/latin-1-header"] = (
        en.encode("cp1252"),
        "text/html; charset=iso-8859-1",
        en,
    )
    return found


CASES = cases()


@pytest.mark.parametrize("name", list(CASES))
def test_a_page_is_decoded_from_the_evidence_of_its_bytes(name: str) -> None:
    body, content_type, want = CASES[name]
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(VI_URL, body=body, headers=headers)
    for how, got in {
        "decode": decode(body, content_type),
        "page_text": page_text(response),
    }.items():
        if name.startswith("genuine-1258"):  # windows-1258 writes tone marks apart: compare NFC
            got = unicodedata.normalize("NFC", got)
        diff = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
        assert got == want, f"{name}: {how} differs from character {diff} on"


def test_weak_evidence_leaves_the_declared_charset_in_charge() -> None:
    text = declared(page(EN), "windows-1252")
    body = text.encode().replace("’".encode(), b"\x92", 3)  # one "’" left in UTF-8, three not
    assert decode(body) == body.decode("cp1252")
    assert decode(body, "text/html; charset=utf-8") == body.decode("utf-8", "replace")


def test_a_page_without_a_declaration_that_is_not_utf8_is_windows_1252() -> None:
    text = page(EN).replace(
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', ""
    )
    assert decode(text.encode("cp1252")) == text


def test_an_xml_declaration_does_not_stop_the_parse() -> None:
    text = '<?xml version="1.0" encoding="windows-1252"?>\n' + declared(page(EN), "windows-1252")
    content_type = "application/xhtml+xml; charset=windows-1252"
    assert decode(text.encode("cp1252"), content_type) == text.split("?>", 1)[1]
    response = HtmlResponse(
        EN_URL, body=text.encode("cp1252"), headers={"Content-Type": content_type}
    )
    assert fields(page_source(response), EN_URL) == fields(page(EN), EN_URL)


# --- the parse: the record of a page with a stray byte is the record of the clean page ------

FIELDS = ("title", "lead", "body", "byline", "captions", "section", "published_date")


def fields(html: str | bytes, url: str) -> dict:
    """The text fields of the record of a page."""
    record = asdict(parse_article(html, url))
    return {name: record[name] for name in FIELDS}


@pytest.mark.parametrize(
    "name", [n for n in CASES if "english" not in n and "1252" not in n and "cut" not in n]
)
def test_the_record_of_a_page_with_a_stray_byte_is_the_clean_record(name: str) -> None:
    body, content_type, _ = CASES[name]
    want = fields(page(VI), VI_URL)
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(VI_URL, body=body, headers=headers)
    for got in (fields(body, VI_URL), fields(page_source(response), VI_URL)):
        if "in-body" in name or "lead-byte" in name or "decomposed/stray" in name:
            assert "\ufffd" in got["body"], f"{name}: the stray byte is seen"
            got["body"] = got["body"].replace("\ufffd", "")
        assert got == want, name


@pytest.mark.parametrize("header", ["text/html; charset=utf-8", "text/html"])
def test_windows_1258_bytes_that_everything_calls_utf8_give_no_record(header: str) -> None:
    body = windows_1258(page(VI))  # its <meta charset> still says utf-8
    response = HtmlResponse(VI_URL, body=body, headers={"Content-Type": header})
    with pytest.raises(ParseError, match="not in the charset the page declares"):
        parse_article(page_source(response), VI_URL)


def test_page_text_reads_the_header_the_bytes_and_the_meta() -> None:
    body, _, want = CASES["1258-declared/stray-ff-in-head"]
    response = HtmlResponse(
        VI_URL, body=body, headers={"Content-Type": "text/html; charset=windows-1258"}
    )
    assert page_text(response) == want
    text = declared(page(VI), "windows-1258")
    headers = {"Content-Type": "text/html"}
    genuine = HtmlResponse(VI_URL, body=windows_1258(text), headers=headers)
    assert unicodedata.normalize("NFC", page_text(genuine)) == text


# --- end to end: the portal serves the snapshot's Vietnamese pages oddly encoded ------------

V = "/bai-viet/"
SERVED = {
    "/article/1st-northern-region-public-security-pickleball-open-successfully-concludes-1754444499": (
        "genuine-1258",
        "text/html; charset=windows-1258",
    ),
    # path -> (bytes of the snapshot page -> bytes served, Content-Type)
    V + "mo-rong-hop-tac-cong-nghe-cong-nghiep-an-ninh-voi-cac-doi-tac-tho-nhi-ky-1791199100": (
        "stray-1258",
        "text/html; charset=windows-1258",
    ),
    V
    + "cu-the-hoa-hop-tac-dao-tao-nghien-cuu-cong-nghe-an-ninh-voi-dai-hoc-concordia-1791199677": (
        "stray-utf8-header",
        "text/html; charset=utf-8",
    ),
}


def odd(kind: str, html: str) -> bytes:
    """The page declared windows-1258, with a stray byte in its head, or wholly windows-1258."""
    text = declared(html, "windows-1258")
    if kind == "genuine-1258":
        return windows_1258(text)
    return stray(text, text.index("<title"))[0]


class OddPortal:
    """Hook of `serve`: the pages of `SERVED` in their odd encodings."""

    def __call__(self, request: BaseHTTPRequestHandler, path: Path | None) -> bool:
        """Answer a page of `SERVED`; leave the rest to the snapshot."""
        target = request.path.split("?")[0]
        if target not in SERVED or path is None:
            return False
        kind, content_type = SERVED[target]
        return send(
            request,
            200,
            odd(kind, path.read_text(encoding="utf-8")),
            {"Content-Type": content_type},
        )


def test_a_crawl_captures_oddly_encoded_pages_right(tmp_path: Path) -> None:
    root = tmp_path / "site"  # the English snapshot and the two Vietnamese captures
    shutil.copytree(SITE, root)
    for path in (p for p in SERVED if p.startswith(V)):
        target = root / (path.lstrip("/") + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SITES / "vi" / (path.lstrip("/") + ".html"), target)
    with serve(root, hook=OddPortal()) as base_url:
        (tmp_path / "urls.txt").write_text("".join(base_url + p + "\n" for p in SERVED))
        done = subprocess.run(
            [*CRAWL, "-a", "urls_file=urls.txt", *FAST],
            cwd=tmp_path,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    got = {r["id"]: r for f in run_files(tmp_path) for r in records(f)}
    assert len(got) == len(SERVED), json.dumps(sorted(got))
    for path in SERVED:
        want = fields((root / (path.lstrip("/") + ".html")).read_bytes(), "http://127.0.0.1" + path)
        record = got[("vi-" if path.startswith(V) else "en-") + path.rsplit("-", 1)[1]]
        assert {name: record[name] for name in FIELDS} == want, path
