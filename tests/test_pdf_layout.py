"""The PDF's page layout, read back from the built PDFs (poppler and pdfminer).

Every region of the shared demo build (conftest `demo_build`):

- no heading ends a page (its text on the next): the lowest line of every page is not in a heading's font;
- tables and figures are numbered 1, 2, 3 … each through the report, as "Tabell N" and "Figur N",
  one number per captioned table and figure of the sources;
- the running header names the chapter (the page's level-1 heading), the region and the report,
  and says "Exempeldata" when the data are examples;
- no text runs past the page's margins (the colophon's checksums and timestamps included), and every
  checksum of the colophon is in the text whole;
- table header cells are never hyphenated, numbers are never split over two lines, and running text
  is hyphenated (Swedish patterns: typst marks its own hyphens as soft hyphens, U+00AD, in the text).

And without the demo: a made-up report whose headings would fall at page ends keeps them with their
text (report.typ), a wide table gets its columns from its text (tables.lua), and the lines Quarto's
PDF includes (quarto.typ, exempeldata.typ) compile and give the same running header and numbering.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from conftest import DEMO_REGIONS, DEMO_YEAR, dest_pages, flat, html_text, pdf_chars, pdf_text, require_poppler

pytestmark = [pytest.mark.slow]
demo = pytest.mark.xdist_group("demo")  # the tests that read the shared demo build

MARGIN_X = 2 / 2.54 * 72  # report.typ: margin x 2 cm
HEADER_PT = 2.4 / 2.54 * 72  # margin top: the running header sits above it
FOOTER_PT = 2 / 2.54 * 72  # margin bottom: the page number sits below it
HEADING_MIN_PT = 10.4  # report.typ: headings are bold and 10.5 pt (level 3) or larger; bold running text is 10 pt
SOFT_HYPHEN = "\u00ad"  # how typst's own hyphens read in the PDF's text


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_poppler()


def _pdf(root: Path, region: str) -> Path:
    return root / "report" / "_output" / region / str(DEMO_YEAR) / f"hallbarhetsredovisning-{region}-{DEMO_YEAR}.pdf"


def _page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@cache
def _sources(root: Path, region: str) -> list[dict]:
    """The pandoc AST of every page of the report's Quarto project, in book order."""
    from hallbar.report.pandoc import page_ast
    from hallbar.report.sources import read_project

    project = root / "build" / region / str(DEMO_YEAR) / "quarto"
    _, pages = read_project(project)
    return [_without_html_only(page_ast(project / p.file)) for p in pages]


def _without_html_only(node):
    """The AST as the PDF has it: divs shown in HTML only (`.content-visible when-format="html"`) left out."""
    def html_only(n) -> bool:
        if not (isinstance(n, dict) and n.get("t") == "Div"):
            return False
        _ident, classes, attrs = n["c"][0]
        return "content-visible" in classes and ["when-format", "html"] in [list(a) for a in attrs]

    if isinstance(node, dict):
        return {k: _without_html_only(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_html_only(v) for v in node if not html_only(v)]
    return node


def _walk(node, t: str):
    if isinstance(node, dict):
        if node.get("t") == t:
            yield node
        for v in node.values():
            yield from _walk(v, t)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, t)


def _text(node) -> str:
    """The plain text of pandoc JSON inlines, as a reader sees it."""
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    t = node.get("t")
    if t == "Str":
        return node["c"]
    if t in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if t == "Code":
        return node["c"][1]
    if t in ("Link", "Image", "Span", "Quoted", "Cite"):
        return _text(node["c"][-2] if t in ("Link", "Image") else node["c"][-1])
    return _text(node.get("c", []))


def _chapters(root: Path, region: str) -> list[tuple[str, str]]:
    """(anchor, title) of every page's level-1 heading, in book order."""
    out = []
    for ast in _sources(root, region):
        for block in ast["blocks"]:
            if block.get("t") == "Header" and block["c"][0] == 1:
                out.append((block["c"][1][0], _text(block["c"][2])))
                break
    return out


# --- the PDF's text with its fonts (pdfminer) --------------------------------------------------------

@cache
def _segments(pdf: Path) -> list[list[tuple[float, float, float, str, bool, float]]]:
    """Per page: runs of text in one font size on one baseline, split where a gap parts them (table cells):
    (baseline y, x0, x1, text, all bold, size)."""
    pages = []
    for chars in pdf_chars(pdf):
        rows: dict[tuple[float, float], list] = {}
        for c in chars:
            rows.setdefault((round(c.y0, 0), round(c.size, 1)), []).append(c)
        segs = []
        for (y, size), cs in rows.items():
            cs.sort(key=lambda c: c.x0)
            run = [cs[0]]
            for c in cs[1:]:
                gap = c.x0 - run[-1].x1
                if gap > 0.55 * size:  # wider than a space: the next cell
                    segs.append(_segment(y, size, run))
                    run = [c]
                else:
                    if gap > 0.15 * size:
                        run.append(None)  # a space
                    run.append(c)
            segs.append(_segment(y, size, run))
        pages.append(segs)
    return pages


def _segment(y: float, size: float, run: list) -> tuple[float, float, float, str, bool, float]:
    cs = [c for c in run if c is not None]
    text = "".join(" " if c is None else c.get_text() for c in run)
    bold = all("bold" in c.fontname.lower() for c in cs if c.get_text().strip())
    return (y, cs[0].x0, cs[-1].x1, text, bold, size)


def _body(segs: list, page_height: float = 841.89) -> list:
    """The runs between the running header and the page number (the last line's descenders reach into the margin)."""
    return [s for s in segs if FOOTER_PT - 12 < s[0] < page_height - HEADER_PT + 4 and s[3].strip()]


# --- headings ------------------------------------------------------------------------------------------

@demo
@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_no_heading_ends_a_page(demo_build: Path, region: str) -> None:
    pdf = _pdf(demo_build, region)
    pages = _segments(pdf)
    first = min(dest_pages(pdf)[a] for a, _ in _chapters(demo_build, region))
    headings, at_foot = 0, []
    for n, segs in enumerate(pages, start=1):
        body = _body(segs)
        headings += sum(1 for s in body if s[4] and s[5] >= HEADING_MIN_PT)
        if n < first or not body:
            continue
        lowest = min(s[0] for s in body)
        last = [s for s in body if s[0] == lowest]
        if all(s[4] and s[5] >= HEADING_MIN_PT for s in last):
            at_foot.append((n, " ".join(s[3] for s in last)))
    assert headings > 20, f"{region}: only {headings} heading lines found: is the heading font still bold and >= {HEADING_MIN_PT} pt?"
    assert not at_foot, f"{region}: headings at the foot of a page, their text on the next: {at_foot}"


# --- numbering -----------------------------------------------------------------------------------------

def _captioned(root: Path, region: str) -> tuple[int, int]:
    """(tables with a caption, figures with a caption) in the sources."""
    tables = figures = 0
    for ast in _sources(root, region):
        for t in _walk(ast["blocks"], "Table"):
            if t["c"][1][1]:  # Caption (short, long): long has blocks
                tables += 1
        for f in _walk(ast["blocks"], "Figure"):
            if f["c"][1][1] and list(_walk(f["c"][2], "Image")):
                figures += 1
    return tables, figures


@demo
@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_tables_and_figures_are_numbered_one_two_three(demo_build: Path, region: str) -> None:
    text = pdf_text(_pdf(demo_build, region))
    numbers: dict[str, list[int]] = {"Tabell": [], "Figur": []}
    for m in re.finditer(r"^(Tabell|Figur) (\d+): ", text, re.M):
        numbers[m.group(1)].append(int(m.group(2)))
    tables, figures = _captioned(demo_build, region)
    assert tables and figures, "the demo has captioned tables and figures"
    assert numbers["Tabell"] == list(range(1, tables + 1)), f"{region}: table numbers {numbers['Tabell']}, {tables} captioned tables"
    assert numbers["Figur"] == list(range(1, figures + 1)), f"{region}: figure numbers {numbers['Figur']}, {figures} captioned figures"
    assert not re.search(r"^(Table|Figure) \d+", text, re.M), "captions in English"


# --- the running header --------------------------------------------------------------------------------

def _header_text(pdf: Path, page: int) -> str:
    """The text above the page's top margin: the running header."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0",
                          "-W", "596", "-H", str(int(HEADER_PT) - 4), str(pdf), "-"],
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout
    return flat(out)


@demo
@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_the_running_header_names_the_chapter(demo_build: Path, region: str) -> None:
    pdf = _pdf(demo_build, region)
    info = json.loads((pdf.parent / "rapport.json").read_text(encoding="utf-8"))
    dests, total = dest_pages(pdf), _page_count(pdf)
    chapters = [(dests[a], title) for a, title in _chapters(demo_build, region)]
    assert len(chapters) >= 6, chapters
    wrong = []
    for (start, title), (end, _) in zip(chapters, [*chapters[1:], (total + 1, "")], strict=True):
        for page in range(start, end):
            header = _header_text(pdf, page)
            expected = [flat(title), info["region_name"], info["title"]] + (["Exempeldata"] if info["example_data"] else [])
            missing = [e for e in expected if e not in header]
            if missing:
                wrong.append((page, title, header, missing))
    assert not wrong, f"{region}: running headers without their chapter, region, title or marker:\n" + "\n".join(map(str, wrong[:10]))


# --- nothing past the margins; checksums whole -----------------------------------------------------------

@demo
@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_no_text_runs_past_the_margins(demo_build: Path, region: str) -> None:
    pdf = _pdf(demo_build, region)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout
    page, width, outside = 0, 0.0, []
    for line in out.splitlines():
        if "<page " in line:
            page += 1
            width = float(re.search(r'width="([\d.]+)"', line).group(1))
        m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if m and (float(m.group(2)) > width - MARGIN_X + 0.5 or float(m.group(1)) < MARGIN_X - 0.5):
            outside.append((page, m.group(3)))
    assert page > 1, "pages were read"
    assert not outside, f"{region}: text past the margins (page, word): {outside[:20]}"


@demo
@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_the_build_record_is_on_the_html_technical_page_and_not_in_the_pdf(demo_build: Path, region: str) -> None:
    pdf = _pdf(demo_build, region)
    prov = json.loads((demo_build / "build" / region / str(DEMO_YEAR) / "provenance.json").read_text(encoding="utf-8"))
    checksums = {i["sha256"] for i in prov["inputs"]}  # the input files' checksums
    assert checksums, "the provenance has checksums"
    technical = html_text(pdf.parent / "bilaga-kolofon.html")
    assert checksums <= set(technical.split()), f"{region}: the technical page does not show every input's checksum whole"
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", technical), f"{region}: no build time on the technical page"
    text = flat(pdf_text(pdf))
    assert not re.search(r"\b[0-9a-f]{64}\b", text) and "bilaga-kolofon" not in dest_pages(pdf), region
    assert "Utgivare och kontakt" in text, f"{region}: the reader's colophon is in the PDF"


# --- hyphenation -----------------------------------------------------------------------------------------

def _cell_texts(root: Path, region: str) -> str:
    """Every table cell's text in the sources, as one string to look fragments up in."""
    out = []
    for ast in _sources(root, region):
        for t in _walk(ast["blocks"], "Table"):
            for cell in _walk(t["c"][3:], "Str"):
                out.append(cell["c"])
    return " ".join(out)


@demo
@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_table_header_cells_are_not_hyphenated(demo_build: Path, region: str) -> None:
    """A bold 8.5 pt run (a header cell, or a status badge) that ends in a hyphen the sources do not have."""
    pdf = _pdf(demo_build, region)
    corpus = _cell_texts(demo_build, region)
    header_runs, hyphenated = 0, []
    for n, segs in enumerate(_segments(pdf), start=1):
        for _y, _x0, _x1, text, bold, size in _body(segs):
            if not (bold and 8.0 <= size <= 9.0):
                continue
            header_runs += 1
            last = text.rstrip().split(" ")[-1]
            if last.endswith(("-", SOFT_HYPHEN, "\u2010")) and last[:-1] + "-" not in corpus:
                hyphenated.append((n, text))
    assert header_runs > 10, f"{region}: no table header cells found in bold 8.5 pt"
    assert not hyphenated, f"{region}: hyphenated header cells (page, text): {hyphenated}"


@demo
@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_numbers_stay_on_one_line_and_text_is_hyphenated(demo_build: Path, region: str) -> None:
    pdf = _pdf(demo_build, region)
    split = []
    for n, segs in enumerate(_segments(pdf), start=1):
        body = sorted(_body(segs), key=lambda s: (-s[0], s[1]))
        for s in body:
            text = s[3].rstrip()
            if re.search(r"\d[-–\u00ad\u2010]$", text):
                below = [t for t in body if abs(t[1] - s[1]) < 2 and s[0] - 2.2 * s[5] < t[0] < s[0]]
                if below and re.match(r"\d", max(below, key=lambda t: t[0])[3]):
                    split.append((n, text, max(below, key=lambda t: t[0])[3]))
    assert not split, f"{region}: numbers split over two lines (page, line, next line): {split}"
    # pdfminer reads typst's hyphen glyph as "-" or as U+00AD depending on the font subset; pdftotext follows
    # the PDF's ActualText and tells typst's hyphens (U+00AD) from the text's own (-)
    hyphens = sum(1 for line in pdf_text(pdf).splitlines() if line.endswith(SOFT_HYPHEN))
    assert hyphens > 10, f"{region}: only {hyphens} hyphenated line ends: is Swedish hyphenation on?"


# --- made-up reports: the template itself --------------------------------------------------------------------

SENTENCE = "Regionen följer upp sina mål varje år och redovisar utvecklingen för regionstyrelsen. "


def _render_builtin(tmp_path: Path, markdown: str) -> Path:
    from hallbar.report.builtin import render_pdf
    from hallbar.report.sources import Page

    project, out = tmp_path / "project", tmp_path / "out"
    project.mkdir()
    out.mkdir()
    (project / "index.qmd").write_text(markdown, encoding="utf-8")
    conf = {"book": {"title": "Hållbarhetsredovisning 2025"},
            "hallbar": {"region-name": "Region Exempel", "programme": "Program 2024–2028", "year": 2025,
                        "example-data": True, "pdf": "rapport.pdf"}}
    return render_pdf(project, out, conf, [Page("index.qmd", "index")])


def test_headings_keep_to_their_text_in_a_made_up_report(tmp_path: Path) -> None:
    """Sections of every length, so that without sticky headings some heading would end a page."""
    parts = ["# Kapitel {#kapitel}\n"]
    for i in range(60):
        parts.append(f"### Delmål {i + 1}: ett mål med en rubrik på en rad\n\n" + SENTENCE * (1 + (i * 7) % 11) + "\n")
    pdf = _render_builtin(tmp_path, "\n".join(parts))
    pages, at_foot = _segments(pdf), []
    for n, segs in enumerate(pages, start=1):
        body = _body(segs)
        if n > 2 and body:
            lowest = min(s[0] for s in body)
            last = [s for s in body if s[0] == lowest]
            if all(s[4] and s[5] >= HEADING_MIN_PT for s in last):
                at_foot.append((n, last[0][3]))
    assert len(pages) > 6
    assert not at_foot, f"headings at the foot of a page: {at_foot}"


def test_tables_get_columns_from_their_text(tmp_path: Path) -> None:
    """Pandoc would size the columns by the Markdown's dashes. Header words, status badges, checksums and
    timestamps stay whole where the page has room for them, and nothing runs past the margin where it has not."""
    sha = "90cf3d1dc6500992b07a77f6c189499355deaa32f12ae5f0f02bf0911dbf2498"
    stamp = "2026-03-17T09:30:00+01:00"
    summary = "\n".join(f"| Hållbar organisation och arbetssätt | {SENTENCE * 2} | [◆ Osäkert]{{.status .s-moderate}} "
                        f"| 86,1 procent (2025) | minst 88,0 procent år 2028 | → Oförändrad |" for _ in range(3))
    md = ("# Tabeller {#t}\n\n"
          "| Fokusområde | Delmål | Status | Utfall | Saknar data | Jämfört med 2024 |\n"
          "|-|-----------------------------------------------------------|-|-|-|-|\n" + summary + "\n\n: Alla delmål\n\n"
          "| Fil | Typ | Kontrollsumma (SHA-256) |\n|------------------------------|--|--|\n"
          f"| report/narrative/kronoberg/2025/livsmiljo-halsa.md | narrative | `{sha}` |\n\n: Indata\n\n"
          "| Körning | Parametrar | Utfall | Klar |\n|--|------------------------------|--|--|\n"
          f"| livsmiljo-halsa | `output_dir=build/kronoberg/2025/runs/livsmiljo-halsa`, `year=2025` | ok | {stamp} |\n\n"
          ": Körningar\n\n"
          "| Klar | Kontrollsumma | Fil |\n|--|--|--|\n"  # too wide for the page: the checksum breaks
          f"| {stamp} | `{sha}` | report/narrative/kronoberg/2025/livsmiljo-halsa.md |\n\n: För bred\n")
    pdf = _render_builtin(tmp_path, md)
    text = pdf_text(pdf)
    assert re.findall(r"^Tabell (\d): ", text, re.M) == ["1", "2", "3", "4"], text
    words = text.split()
    for word in ("Fokusområde", "Saknar", "Jämfört", "Oförändrad", "Osäkert", sha, stamp):
        assert word in words, f"{word} is broken over lines"
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    right = max(float(m.group(1)) for m in re.finditer(r'xMax="([\d.]+)"', out))
    assert right <= 595.28 - MARGIN_X + 0.5, f"text runs past the right margin, to {right:.1f} pt"


def test_quartos_typst_lines_compile_and_head_each_page_with_its_chapter(tmp_path: Path) -> None:
    """What Quarto's PDF includes (include-before-body: quarto.typ, then exempeldata.typ) with a made-up body."""
    import typst

    from hallbar.report.sources import PACKAGE_TEMPLATES

    lines = "\n".join((PACKAGE_TEMPLATES / "builtin" / f).read_text(encoding="utf-8") for f in ("quarto.typ", "exempeldata.typ"))
    body = ("= Minskad klimatpåverkan\n" + SENTENCE * 60 + "\n"
            "#figure(table(columns: 2, [Saknar data], [b]), kind: table)\n"
            "#figure(table(columns: 2, [a], [b]), kind: table, caption: [Med rubrik])\n"
            "= Kolofon\n" + SENTENCE * 120 + "\n")
    src = tmp_path / "doc.typ"
    src.write_text('#set text(lang: "sv")\n' + lines + "\n" + body, encoding="utf-8")
    pdf = tmp_path / "doc.pdf"
    typst.compile(str(src), output=str(pdf))
    assert re.search(r"^Tabell 1: Med rubrik", pdf_text(pdf), re.M), "the uncaptioned table takes no number"
    headers = [_header_text(pdf, n) for n in range(1, _page_count(pdf) + 1)]
    assert len(headers) >= 3
    assert headers[0].startswith("Exempeldata") and "Minskad klimatpåverkan" in headers[0], headers
    assert all("Kolofon" in h and "Exempeldata" in h for h in headers[1:]), headers
