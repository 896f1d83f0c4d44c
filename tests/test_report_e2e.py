"""End to end: `hallbar build --renderer builtin` of the demo, then the report read as a reviewer would.

The build is conftest's `demo_build` (every region, built once per run, shared with test_browser,
test_pdf, test_reproducible and test_faults in the xdist group "demo").
HTML: every target's title, an alt text on every image, a header row on every
table, lang="sv", headings in order. The PDF is read in test_pdf.py, the pages in
a real browser in test_browser.py. Quarto: only where `quarto` is on PATH.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import DEMO_BASE, DEMO_REGIONS, DEMO_YEAR, html_text, missing_tool

from hallbar.inputs.project import Project

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]
REGIONS = DEMO_REGIONS  # two sets of level names: fokusområde/delmål (Kronoberg) and övergripande mål/indikator (Örebro)


def _words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.fixture
def built(demo_build: Path) -> Path:
    return demo_build


def _reports(root: Path):
    for region in REGIONS:
        year = DEMO_YEAR
        out = root / "report" / "_output" / region / str(year)
        records = json.loads((root / "build" / region / str(year) / "status.json").read_text(encoding="utf-8"))
        yield region, year, out, records


def test_outputs_and_landing_page(built: Path) -> None:
    landing = built / "report" / "_output" / "index.html"
    assert landing.is_file()
    text = landing.read_text(encoding="utf-8")
    for region, year, out, _ in _reports(built):
        for name in ("index.html", f"hallbarhetsredovisning-{region}-{year}.pdf", f"hallbarhetsredovisning-{region}-{year}.docx",
                     f"statustabell-{region}-{year}.xlsx",
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


def _section(heading) -> list:
    """A heading and what follows it up to the next heading of the same or a higher level."""
    level = int(heading.name[1])
    out = [heading]
    for el in heading.find_next_siblings():
        if el.name and re.fullmatch(r"h[1-6]", el.name) and int(el.name[1]) <= level:
            break
        out.append(el)
    return out


def test_every_target_carries_its_content_in_html_and_pdf(built: Path) -> None:
    """Per target, as before the chapters became notebooks: status, reason, nuläge figure, utfall, mål, change."""
    from bs4 import BeautifulSoup
    from conftest import pdf_text

    from hallbar.analysis.summary import chapter_file
    from hallbar.sv.words import STATUS

    for region, year, out, records in _reports(built):
        pages: dict[str, BeautifulSoup] = {}
        for rec in records:
            page = chapter_file(rec["focus_area"]).replace(".ipynb", ".html")
            soup = pages.setdefault(page, BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser"))
            heading = soup.find(id=f"t-{rec['target_id']}")
            assert heading is not None, f"{region}: no heading for target {rec['target_id']} in {page}"
            section = _section(heading)
            text = _words(" ".join(el.get_text(" ") for el in section))
            where = f"{region} {rec['target_id']}"
            status = STATUS[rec["status"]]
            assert _words(rec["title"]) in text and f"Status {year}: {status.symbol} {status.label}" in text, where
            assert _words(rec["reason"])[:60] in text, where
            if rec["kind"] != "qualitative":
                assert "Utfall:" in text and "Mål:" in text and "Värde:" in text, where
            assert "Status: " in text and str(year - 1) in text, f"{where}: the change in status since last year"
            # HTML only: the target links to its data series (where it has one), the method and the summary
            hrefs = [a.get("href", "") for el in section for a in el.find_all("a")]
            assert any(h.startswith("bilaga-metod.html#") for h in hrefs) and any(h.startswith("summary.html#s-") for h in hrefs), where
            if rec["indicator"]:
                assert f"bilaga-indikatorer.html#i-{rec['indicator']}" in hrefs, where
            if rec["indicator"]:
                imgs = [img for el in section for img in ([el] if el.name == "img" else el.find_all("img"))]
                assert imgs and all(i.get("alt", "").strip() for i in imgs), f"{where}: no nuläge figure with alt text"
        pdf = _words(pdf_text(out / f"hallbarhetsredovisning-{region}-{year}.pdf")).replace("\u00ad", "")
        assert pdf.count(f"Status {year}:") >= len(records), f"{region}: a target's status line is missing from the PDF"
        assert "Tillbaka till sammanfattningen" not in pdf, f"{region}: the HTML-only links are in the PDF"
        # the reader's PDF carries no build record: no SHA-256 checksums, no package list, no notebook parameters
        assert not re.search(r"\b[0-9a-f]{64}\b", pdf), f"{region}: a SHA-256 checksum in the PDF"
        assert "Teknisk redovisning" not in pdf and "Körmiljö" not in pdf and "papermill" not in pdf.lower(), region
        # no "generated by" lines for the reader: the example data are marked as such, not explained as a program's output
        appendix = _words(html_text(out / "bilaga-indikatorer.html"))
        assert "Genererad av" not in pdf and "Genererad av" not in appendix and "exampledata" not in appendix, region
        assert "Värden märkta med * är exempeldata" in appendix, region
        for rec in records:
            status = STATUS[rec["status"]]
            assert f"{status.symbol} {status.label}" in pdf, f"{region}: {status.label}"


def test_the_word_file_is_the_pdfs_document_and_opens_in_libreoffice(built: Path, tmp_path: Path) -> None:
    """The docx for the political process: every target with its status, every figure with its alt text as the
    picture's description, real tables with a repeating header row, Swedish; no build record; LibreOffice opens it."""
    import html
    import subprocess
    import zipfile

    from bs4 import BeautifulSoup

    from hallbar.sv.words import STATUS

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    docs = {region: out / f"hallbarhetsredovisning-{region}-{year}.docx" for region, year, out, _ in _reports(built)}
    for region, _year, out, records in _reports(built):
        with zipfile.ZipFile(docs[region]) as z:
            body = z.read("word/document.xml").decode("utf-8")
            core = z.read("docProps/core.xml").decode("utf-8")
            media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert "<dc:language>sv-SE</dc:language>" in core and "<dc:title>Hållbarhetsredovisning" in core, region
        # each picture's description is the figure's alt text, as the HTML's img alt (not its shorter caption)
        alts = {_words(img.get("alt", "")) for page in out.glob("*.html")
                for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img")}
        descr = [_words(html.unescape(d)) for d in re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)]
        assert len(descr) == body.count("<wp:docPr ") >= sum(1 for r in records if r["indicator"]), f"{region}: a picture without description"
        assert all(d and d in alts for d in descr), f"{region}: a picture's description is not its alt text: {set(descr) - alts}"
        assert media and all(n.endswith(".png") for n in media), f"{region}: figures must be PNG for every Word version: {media}"
        tables = body.count("<w:tbl>")
        assert tables >= 3 and body.count('<w:tblHeader w:val="on" />') >= tables, f"{region}: a table without a header row"
        assert '<w:pStyle w:val="Heading1" />' in body and '<w:pStyle w:val="Heading3" />' in body, region
        assert re.search(r'<w:pgSz (?=[^>]*w:w="11906")(?=[^>]*w:h="16838")', body), f"{region}: the Word file is not on A4"
    if not soffice:
        missing_tool("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    txt = tmp_path / "txt"
    proc = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                           "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(txt), *map(str, docs.values())],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for region, year, _out, records in _reports(built):
        text = _words((txt / docs[region].with_suffix(".txt").name).read_text(encoding="utf-8-sig"))
        assert text.count(f"Status {year}:") >= len(records), f"{region}: a target's status line is missing from the Word file"
        for rec in records:
            status = STATUS[rec["status"]]
            assert _words(rec["title"]) in text and f"{status.symbol} {status.label}" in text, f"{region} {rec['target_id']}"
        assert "Exempeldata" in text, region
        assert not re.search(r"\b[0-9a-f]{64}\b", text) and "Teknisk redovisning" not in text and "Körmiljö" not in text, region
        assert "Tillbaka till sammanfattningen" not in text, f"{region}: the HTML-only links are in the Word file"


@pytest.mark.quarto
@pytest.mark.skipif(not shutil.which("quarto"), reason="quarto is not on PATH (it cannot be installed on the build machines)")
def test_quarto_renders_the_same_project(tmp_path: Path) -> None:
    from test_render import fake_build, write_narratives

    from hallbar.report import render

    root = tmp_path / "project"
    shutil.copytree(DEMO_BASE, root)
    project = Project.at(root)
    write_narratives(project, "demo", 2025)
    fake_build(project, "demo", 2025)
    out = render.render_report(project, "demo", 2025, renderer="quarto")
    assert (out / "index.html").is_file() and (out / "klimat.html").is_file()
    assert (out / "hallbarhetsredovisning-demo-2025.pdf").is_file()
    assert 'lang="sv"' in (out / "index.html").read_text(encoding="utf-8")
    assert json.loads((out / "rapport.json").read_text(encoding="utf-8"))["renderer"] == "quarto"


def test_every_interpretation_is_marked_in_html_and_pdf_and_listed_in_the_method(built: Path) -> None:
    """What the transcription inferred shows as *Tolkning* where it applies, and the method appendix lists all."""
    from bs4 import BeautifulSoup
    from conftest import pdf_text

    from hallbar.analysis.summary import chapter_file
    from hallbar.inputs.project import load_region

    for region, year, out, _records in _reports(built):
        prog = load_region(Project.at(built), region).programme
        marked = prog.interpretations()
        assert marked, region
        for fa, _goal, t in prog.targets():
            ind = prog.indicators.get(t.indicator) if t.indicator else None
            if not (t.interpretation or (ind and ind.interpretation)):
                continue
            soup = BeautifulSoup((out / chapter_file(fa.id).replace(".ipynb", ".html")).read_text(encoding="utf-8"), "html.parser")
            section = _words(" ".join(el.get_text(" ") for el in _section(soup.find(id=f"t-{t.id}"))))
            assert "Tolkning." in section, f"{region} {t.id}: no Tolkning marker"
        method = BeautifulSoup((out / "bilaga-metod.html").read_text(encoding="utf-8"), "html.parser")
        table = next(tb for tb in method.find_all("table") if tb.caption and "Tolkningar" in tb.caption.get_text())
        assert len(table.find("tbody").find_all("tr")) == len(marked)
        pdf = _words(pdf_text(out / f"hallbarhetsredovisning-{region}-{year}.pdf"))
        shown = sum(1 for fa, _g, t in prog.targets() if t.interpretation) + sum(1 for fa in prog.focus_areas if fa.interpretation)
        assert pdf.count("Tolkning") >= shown, f"{region}: the PDF shows fewer Tolkning markers than targets and areas carry"


def test_norrbottens_insatser_are_shown_past_their_target_year_with_the_assessment(built: Path) -> None:
    from bs4 import BeautifulSoup

    from hallbar.analysis.summary import chapter_file
    from hallbar.inputs.project import load_region

    out = built / "report" / "_output" / "norrbotten" / str(DEMO_YEAR)
    prog = load_region(Project.at(built), "norrbotten").programme
    assert prog.labels.target == "Inriktning"  # not "Styrmått": the strategy does not name its styrmått
    insatser = [(fa, t) for fa, _g, t in prog.targets() if t.rule.year == 2023]
    assert len(insatser) == 8 and "hallbar-upphandling" in {t.id for _fa, t in insatser}
    for fa, t in insatser:
        soup = BeautifulSoup((out / chapter_file(fa.id).replace(".ipynb", ".html")).read_text(encoding="utf-8"), "html.parser")
        text = _words(" ".join(el.get_text(" ") for el in _section(soup.find(id=f"t-{t.id}"))))
        assert "Målår: 2023, som har passerats" in text and "Bedömning." in text, t.id
        assert _words(t.description.rstrip(".")) in text and t.description.startswith("Handlingsplanens insats"), t.id
