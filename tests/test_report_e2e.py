"""End to end: `hallbar build --renderer builtin` of the demo, then the report read as a reviewer would.

HTML: every target's title, an alt text on every image, a header row on every
table, lang="sv", headings in order. PDF (poppler's pdftotext/pdftoppm): every
target's title, å/ä/ö and the status symbols intact, a sane page count, page 1
rendered to PNG. Quarto: only where `quarto` is on PATH.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO_BASE, REPO, run_hallbar

from hallbar import status
from hallbar.project import Project

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("report-e2e")]
REGIONS = ("kronoberg", "orebro")  # two sets of level names: fokusområde/delmål and övergripande mål/indikator
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")
NEEDS_POPPLER = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm, pdfinfo) not installed; CI installs it")


def _words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("e2e") / "project"
    for name in ("params", "data", "notebooks"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(REPO / "report", root / "report", ignore=shutil.ignore_patterns("_output"))
    args = ["build", "--renderer", "builtin"] + [a for r in REGIONS for a in ("--region", r)]
    proc = run_hallbar(root, *args, timeout=1500)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return root


def _reports(root: Path):
    project = Project.at(root)
    for region in REGIONS:
        year = max(project.years(region))
        out = root / "report" / "_output" / region / str(year)
        records = json.loads((root / "build" / region / str(year) / "status.json").read_text(encoding="utf-8"))
        yield region, year, out, records


def test_outputs_and_landing_page(built: Path) -> None:
    landing = built / "report" / "_output" / "index.html"
    assert landing.is_file()
    text = landing.read_text(encoding="utf-8")
    for region, year, out, _ in _reports(built):
        for name in ("index.html", f"hallbarhetsredovisning-{region}-{year}.pdf", f"statustabell-{region}-{year}.xlsx",
                     f"statustabell-{region}-{year}.csv"):
            assert (out / name).is_file(), name
            assert f"{region}/{year}/{name}" in text


def test_html_is_complete_and_accessible(built: Path) -> None:
    from bs4 import BeautifulSoup

    for region, _year, out, records in _reports(built):
        pages = sorted(out.glob("*.html"))
        assert len(pages) >= 6, region
        all_text = []
        for page in pages:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            where = f"{region}/{page.name}"
            assert soup.html.get("lang") == "sv", where
            assert soup.find("a", class_="skip-link", href="#innehall") and soup.find(id="innehall"), where
            for img in soup.find_all("img"):
                assert (img.get("alt") or "").strip(), f"{where}: img {img.get('src')} has no alt text"
                assert (out / img["src"]).is_file(), f"{where}: {img['src']} missing"
            for table in soup.find_all("table"):
                head = table.find("thead")
                assert head and head.find("th"), f"{where}: a table without a header row"
                assert all(th.get("scope") == "col" for th in head.find_all("th")), where
            levels = [int(h.name[1]) for h in soup.find("main").find_all(re.compile(r"^h[1-6]$"))]
            assert levels[0] == 1 and levels.count(1) == 1, f"{where}: {levels}"
            assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), f"{where}: heading levels skip: {levels}"
            for badge in soup.find_all("span", class_="status"):  # never colour alone: symbol + word
                assert re.match(r"^\S \w", badge.get_text()), where
            for a in soup.find_all("a", href=True):
                target = a["href"].split("#")[0]
                if target and not target.startswith(("http:", "https:", "mailto:")):
                    assert (out / target).is_file(), f"{where}: broken link {a['href']}"
            all_text.append(_words(soup.get_text(" ")))
        text = " ".join(all_text)
        for rec in records:
            assert _words(rec["title"]) in text, f"{region}: target {rec['target_id']} missing from the HTML"
        assert "Exempeldata" in text


@NEEDS_POPPLER
def test_pdf_text_glyphs_pages_and_png(built: Path, tmp_path: Path) -> None:
    for region, year, out, records in _reports(built):
        pdf = out / f"hallbarhetsredovisning-{region}-{year}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert 8 <= pages <= 250, f"{region}: {pages} pages"
        assert re.search(r"^Title:\s+Hållbarhetsredovisning", info, re.M), info
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = _words(text)
        for rec in records:
            assert _words(rec["title"]) in flat, f"{region}: target {rec['target_id']} missing from the PDF"
        assert "Hållbarhetsredovisning" in flat and "Innehåll" in flat
        assert all(ch in flat for ch in "åäöÖ"), f"{region}: å/ä/ö lost in the PDF"
        used = {rec["status"] for rec in records}
        for code in used:
            assert status.STATUSES[code].symbol in flat, f"{region}: status symbol of {code} lost in the PDF"
        assert flat.count("Exempeldata") >= pages - 1  # the header on every page after the cover
        png = tmp_path / f"{region}-p1"
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(png)], check=True)
        rendered = sorted(tmp_path.glob(f"{region}-p1*.png"))
        assert rendered and rendered[0].stat().st_size > 5000


@pytest.mark.quarto
@pytest.mark.skipif(not shutil.which("quarto"), reason="quarto is not on PATH (it cannot be installed on the build machines)")
def test_quarto_renders_the_same_project(tmp_path: Path) -> None:
    from test_render import fake_build, write_narratives

    from hallbar import render

    root = tmp_path / "project"
    shutil.copytree(DEMO_BASE, root)
    shutil.copytree(REPO / "report" / "templates", root / "report" / "templates")
    project = Project.at(root)
    write_narratives(project, "demo", 2025)
    fake_build(project, "demo", 2025)
    out = render.render_report(project, "demo", 2025, renderer="quarto")
    assert (out / "index.html").is_file() and (out / "klimat.html").is_file()
    assert (out / "hallbarhetsredovisning-demo-2025.pdf").is_file()
    assert 'lang="sv"' in (out / "index.html").read_text(encoding="utf-8")
    assert json.loads((out / "rapport.json").read_text(encoding="utf-8"))["renderer"] == "quarto"
