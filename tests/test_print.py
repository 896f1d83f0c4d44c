"""The PDF in print: no text smaller than 7 pt, figures included, and no half-empty page before a figure.

Figure text is drawn as paths (the same look in browser and PDF), so the figures are measured where they
are made: every figure a notebook shows carries its smallest text as printed (`print_pt`, the font size
times the scale to the page) in the executed notebook. The PDF's own text is measured with pdfminer.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO_REGIONS, DEMO_YEAR, dest_pages, pdf_chars, require_poppler

from hallbar.analysis.display import MIN_PRINT_PT
from hallbar.inputs.notebooks import cells, image_outputs

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]


def _pdf(root: Path, region: str) -> Path:
    return root / "report" / "_output" / region / str(DEMO_YEAR) / f"hallbarhetsredovisning-{region}-{DEMO_YEAR}.pdf"


@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_every_figure_prints_its_text_at_7_pt_or_more(demo_build: Path, region: str) -> None:
    measured = []
    for nb_path in sorted((demo_build / "build" / region / str(DEMO_YEAR) / "notebooks").glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in cells(nb):
            for _k, output, mime in image_outputs(cell):
                pt = ((output.get("metadata") or {}).get(mime) or {}).get("print_pt")
                assert pt is not None, f"{nb_path.name}: {cell.where(nb_path.name)}: a figure without its print size"
                measured.append((pt, f"{nb_path.name} {cell.where(nb_path.name)}"))
    assert measured, "the demo has figures to measure"
    small = [m for m in measured if m[0] < MIN_PRINT_PT]
    assert not small, f"{region}: figure text under {MIN_PRINT_PT} pt in print: {small}"


@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_no_text_in_the_pdf_is_smaller_than_7_pt(demo_build: Path, region: str) -> None:
    smallest: dict[int, float] = {}
    for n, chars in enumerate(pdf_chars(_pdf(demo_build, region)), start=1):
        for el in chars:
            if el.get_text().strip():
                smallest[n] = min(smallest.get(n, 99.0), el.size)
    assert smallest, "text was read"
    small = {p: round(s, 2) for p, s in smallest.items() if s < MIN_PRINT_PT - 0.05}
    assert not small, f"{region}: pages with text under {MIN_PRINT_PT} pt: {small}"


@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_no_half_empty_page_before_a_figure(demo_build: Path, region: str, tmp_path: Path) -> None:
    """Every page filled at least 60 % down (half-empty is 50 %), except the last page of a chapter (the next starts a new one) and the cover/TOC."""
    require_poppler()
    from PIL import Image

    pdf = _pdf(demo_build, region)
    dests = dest_pages(pdf)
    starts = {dests[a] for a in dests if a.startswith(("f-", "bilaga-")) or a in ("sammanfattning", "om-redovisningen")}
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
    first_content = min(starts)
    # every page at once, small and grey: page-NN.png
    subprocess.run(["pdftoppm", "-f", str(first_content), "-l", str(pages), "-r", "20", "-gray", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    images = {int(f.stem.rsplit("-", 1)[1]): f for f in tmp_path.glob("page-*.png")}
    assert len(images) == pages - first_content + 1, sorted(images)
    short = []
    for n in range(first_content, pages):
        if n + 1 in starts:
            continue  # a chapter's last page may end where its text ends
        img = Image.open(images[n]).convert("L")
        w, h = img.size
        px = img.load()
        body_top, body_bottom = int(h * 0.10), int(h * 0.90)  # leave out the running header and the page number
        ink = [y for y in range(body_top, body_bottom) if any(px[x, y] < 200 for x in range(int(w * 0.08), int(w * 0.92)))]
        filled = (max(ink) - body_top) / (body_bottom - body_top) if ink else 0.0
        if filled < 0.60:
            short.append((n, round(filled, 2)))
    assert not short, f"{region}: pages that stop early (page, share filled): {short}"
