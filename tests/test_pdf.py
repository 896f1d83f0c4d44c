"""The built PDFs read with poppler (pdftotext, pdftoppm, pdfinfo) and the raw PDF's catalog.

Every region of the shared demo build (conftest `demo_build`): every target's and
fokusområde's title is in the text (whitespace and hyphenation at line ends
normalised), å/ä/ö and the status symbols are intact, the document has a Title and
its language is Swedish (the catalog's /Lang, and no tagged element in another
language), the page count is sane. Page 1 and the first fokusområde's first page are
rendered to PNG (artifacts in test-artifacts/pdf/) and must not be blank.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest
from conftest import DEMO_REGIONS, DEMO_YEAR, dest_pages, flat, pdf_text, require_poppler

from hallbar.sv.words import STATUS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]
MOJIBAKE = ("Ã¥", "Ã¤", "Ã¶", "Ã…", "Ã„", "Ã–", "\ufffd")


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_poppler()


def canonical(text: str) -> str:
    """Text without whitespace, soft hyphens and hyphens: immune to line breaks and hyphenation in table cells."""
    return re.sub(r"[\s\u00ad\u2010\u2011\-]", "", unicodedata.normalize("NFC", text))


def _report(root: Path, region: str) -> tuple[Path, list[dict]]:
    pdf = root / "report" / "_output" / region / str(DEMO_YEAR) / f"hallbarhetsredovisning-{region}-{DEMO_YEAR}.pdf"
    records = json.loads((root / "build" / region / str(DEMO_YEAR) / "status.json").read_text(encoding="utf-8"))
    return pdf, records


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v}


def pdf_objects(pdf: Path) -> list[bytes]:
    """Every object's dictionary text, from the file and from compressed object streams (no PDF library needed)."""
    data = pdf.read_bytes()
    out = [m.group(1) for m in re.finditer(rb"\d+\s+\d+\s+obj\s*(.*?)\bendobj", data, re.S)]
    for obj in list(out):
        if b"/ObjStm" in obj[:300] and b"stream" in obj:
            raw = obj.split(b"stream", 1)[1].lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            try:
                out.append(zlib.decompress(raw))
            except zlib.error:
                pass
    return out


def lang_entries(pdf: Path) -> tuple[str | None, set[str]]:
    """(the catalog's /Lang, every other /Lang in the file)."""
    catalog, others = None, set()
    for obj in pdf_objects(pdf):
        for m in re.finditer(rb"/Lang\s*\(([^)]*)\)", obj):
            lang = m.group(1).decode("latin-1")
            if re.search(rb"/Type\s*/Catalog", obj):
                catalog = lang
            else:
                others.add(lang)
    return catalog, others


@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_titles_and_swedish_letters_survive(demo_build: Path, region: str) -> None:
    pdf, records = _report(demo_build, region)
    text = unicodedata.normalize("NFC", pdf_text(pdf))
    words, canon = flat(text), canonical(text)
    missing = [f"{r['target_id']}: {r['title']}" for r in records if canonical(r["title"]) not in canon]
    assert not missing, f"{region}: target titles missing from the PDF text:\n" + "\n".join(missing)
    focus_titles = {r["focus_area"] for r in records}
    assert focus_titles and all(f"f-{fa}" in dest_pages(pdf) for fa in focus_titles), "every fokusområde has its anchor"
    letters = {ch for r in records for ch in r["title"] if ch in "åäöÅÄÖ"}
    assert letters, "the titles have Swedish letters to check"
    assert letters <= set(text), f"{region}: lost {letters - set(text)}"
    bad = [m for m in MOJIBAKE if m in text]
    assert not bad, f"{region}: mis-encoded text in the PDF: {bad}"
    assert "Hållbarhetsredovisning" in words and "Innehåll" in words
    for code in {r["status"] for r in records}:
        assert STATUS[code].symbol in words, f"{region}: the status symbol of {code} is lost"


@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_metadata_language_and_pages(demo_build: Path, region: str) -> None:
    pdf, _ = _report(demo_build, region)
    info = pdf_info(pdf)
    region_name = json.loads((pdf.parent / "rapport.json").read_text(encoding="utf-8"))["region_name"]
    assert info.get("Title", "").startswith("Hållbarhetsredovisning") and region_name in info["Title"], info
    assert info.get("Tagged") == "yes", "the PDF is tagged (structure for screen readers)"
    pages = int(info["Pages"])
    assert 8 <= pages <= 250, f"{region}: {pages} pages"
    catalog, others = lang_entries(pdf)
    assert catalog is not None and catalog.lower().startswith("sv"), f"{region}: the catalog's /Lang is {catalog!r}, not Swedish"
    assert not {lang for lang in others if not lang.lower().startswith("sv")}, f"{region}: parts tagged in another language: {others}"
    text = pdf_text(pdf)
    assert text.count("\f") >= pages - 1
    assert flat(text).count("Exempeldata") >= pages - 1  # the header on every page after the cover


@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_page_one_and_a_focus_area_page_render(demo_build: Path, region: str, artifacts: Path) -> None:
    from PIL import Image

    pdf, records = _report(demo_build, region)
    first_focus = records[0]["focus_area"]
    focus_page = dest_pages(pdf)[f"f-{first_focus}"]
    assert focus_page > 2
    page_text = flat(pdf_text(pdf, focus_page))
    assert page_text, f"{region}: page {focus_page} has no text"
    out = artifacts / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for page, name in ((1, f"{region}-{DEMO_YEAR}-sida1"), (focus_page, f"{region}-{DEMO_YEAR}-fokus-{first_focus}-sida{focus_page}")):
        for old in out.glob(f"{name}*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(out / name)],
                       check=True, capture_output=True)
        png = out / f"{name}.png"
        assert png.is_file() and png.stat().st_size > 5000, png
        with Image.open(png) as img:
            grey = img.convert("L")
            lo, hi = grey.getextrema()
            dark = sum(grey.histogram()[:128]) / (grey.width * grey.height)
        assert lo < 80 and hi > 200, f"{png}: no contrast ({lo}..{hi}), a blank page?"
        assert 0.002 < dark < 0.6, f"{png}: {dark:.1%} dark pixels"
        written.append(png)
    print("PDF pages:", *written)
