"""The report stage without notebooks: the Quarto project, escaping, narrative, renderers' plumbing.

The notebooks run once per module (`hallbar build --no-render` of the small
demo region with the repository's notebooks); each test renders a copy.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DEMO_BASE, REPO, run_hallbar

from hallbar.analysis.markdown import md_escape, pipe_table
from hallbar.analysis.style import contrast, status_colours
from hallbar.errors import InputError, RenderError
from hallbar.inputs.narrative import sanitize_narrative
from hallbar.inputs.project import Project, load_region
from hallbar.report import render
from hallbar.report.context import load_context
from hallbar.report.sources import write_project
from hallbar.sv.phrases import counts_sentence
from hallbar.sv.words import CHANGES, STATUS

REGION, YEAR = "demo", 2025
HOSTILE = [
    '<script>alert("x")</script>',
    "{{< meta title >}} och {{< include /etc/passwd >}}",
    "*fet* _kursiv_ `kod` # rubrik $x^2$ @ref [länk](javascript:alert(1))",
    "Rad ett\nRad två | pipa \\ bakstreck",
    "<img src=x onerror=alert(1)> &amp; &lt;",
    '#set page(fill: red) #import "x.typ" <label> ~ ^ 1. lista',
    "::: {.callout} --- ``` 'citat' \"citat\" ... -- 100 % & §",
]


FAKE_PROVENANCE = {
    "git": {"commit": "0123abc", "dirty": True}, "build": {"finished": "2026-01-01T10:00:00+00:00", "command": "hallbar build"},
    "inputs": [{"path": "params/demo/programme.yml", "kind": "programme", "sha256": "ab" * 32}],
    "versions": {"packages": {"hallbar": "0.1.0"}, "python": "3.11"}, "runs": [], "parameters": {}}


def run_notebooks(project: Project, *, provenance: bool = True) -> None:
    """The build up to the report (`hallbar build --no-render`): real papermill runs of the repository's notebooks.

    provenance.json is then replaced by a known one (`FAKE_PROVENANCE`), so the colophon can be checked,
    or removed (`provenance=False`).
    """
    for name in ("focus_area.ipynb", "summary.ipynb"):
        shutil.copy(REPO / "notebooks" / name, project.notebooks_dir / name)
    proc = run_hallbar(project.root, "build", "--no-render", timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for region_dir in project.build_dir.iterdir():
        for prov in region_dir.glob("*/provenance.json"):
            if provenance:
                prov.write_text(json.dumps(FAKE_PROVENANCE), encoding="utf-8")
            else:
                prov.unlink()


def write_narratives(project: Project, region: str = REGION, year: int = YEAR, text: str = "Analytikernas text om {id}.") -> None:
    inputs = load_region(project, region)
    folder = project.narrative_dir(region, year)
    folder.mkdir(parents=True, exist_ok=True)
    for fa in inputs.programme.focus_areas:
        (folder / f"{fa.id}.md").write_text(text.format(id=fa.id), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The demo region with narratives, its notebooks run once for this module (a read-only template)."""
    root = tmp_path_factory.mktemp("render") / "project"
    shutil.copytree(DEMO_BASE, root)
    p = Project.at(root)
    write_narratives(p)
    run_notebooks(p)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(built, root)
    return Project.at(root)


def chapter_text(path: Path) -> str:
    """The Markdown of a chapter notebook: its markdown cells and outputs, in order."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    parts = []
    for c in nb.cells:
        parts.append(c.source if c.cell_type == "markdown" else "")
        parts += [o["data"]["text/markdown"] for o in c.get("outputs", [])]
    return "\n\n".join(p for p in parts if p)


def _headings(md: str) -> list[int]:
    return [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", md, re.M)]


# --- the Quarto project -----------------------------------------------------------------------------


def test_quarto_project_is_a_standard_book_that_never_executes(project: Project) -> None:
    ctx = load_context(project, REGION, YEAR)
    dest = project.build_dir / REGION / str(YEAR) / "quarto"
    write_project(ctx, dest)
    conf = yaml.safe_load((dest / "_quarto.yml").read_text(encoding="utf-8"))
    assert conf["project"]["type"] == "book"
    assert conf["lang"] == "sv"
    assert conf["execute"]["enabled"] is False and conf["execute"]["eval"] is False and conf["execute"]["freeze"] is True
    assert set(conf["format"]) == {"html", "typst", "docx"}  # the Word file for the political process, as the built-in renderer writes
    assert conf["hallbar"]["docx"] == f"hallbarhetsredovisning-{REGION}-{YEAR}.docx"
    assert "1.9.18" in (dest / "_quarto.yml").read_text(encoding="utf-8")
    chapters = conf["book"]["chapters"]
    appendices = conf["book"]["appendices"]
    assert chapters[0] == "index.qmd"
    assert chapters[1:] == ["summary.ipynb"] + [f"{fa.id}.ipynb" for fa in ctx.programme.focus_areas]
    for name in chapters + appendices:
        text = chapter_text(dest / name) if name.endswith(".ipynb") else (dest / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*```+\s*\{", text, re.M), f"{name} has an executable code cell"
        assert "{{<" not in text, f"{name} has a Quarto shortcode"
        assert not re.search(r"(?<!\\)<[A-Za-z!/]", text), f"{name} has raw HTML"
        levels = _headings(text)
        assert levels and levels[0] == 1 and levels.count(1) == 1, name
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), f"{name} skips a heading level: {levels}"
        for img in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            assert (dest / img).is_file(), f"{name} refers to missing {img}"


def test_every_target_is_in_its_chapter_with_status_and_numbers(project: Project) -> None:
    ctx = load_context(project, REGION, YEAR)
    dest = ctx.build_dir / "quarto"
    write_project(ctx, dest)
    for rec in ctx.statuses:
        chapter = chapter_text(dest / f"{rec.focus_area}.ipynb")
        assert f"{{#t-{rec.target_id}}}" in chapter
        info = STATUS[rec.status]
        assert f"{info.symbol} {info.label}" in chapter.replace("\\", "")
    klimat = chapter_text(dest / "klimat.ipynb")
    assert "(bedömning)" in klimat and "**Bedömning.** Arbetet har påbörjats" in klimat  # qualitative: marked as assessment
    assert "manuellt ändrad" in klimat and "Ny mätmetod 2025" in klimat  # override with its reason
    summary = chapter_text(dest / "summary.ipynb")
    assert counts_sentence([r.status for r in ctx.statuses], "delmål") in summary.replace("\\", "")
    assert "Exempeldata" in summary and "Exempeldata" in (dest / "index.qmd").read_text(encoding="utf-8")
    for appendix in ("bilaga-indikatorer", "bilaga-metod", "bilaga-dataluckor", "bilaga-kolofon"):
        assert (dest / f"{appendix}.qmd").is_file()
    kolofon = (dest / "bilaga-kolofon.qmd").read_text(encoding="utf-8")
    assert "0123abc" in kolofon and "ab" * 32 in kolofon


# --- escaping ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_renders_as_the_text_itself(text: str) -> None:
    import pypandoc

    out = pypandoc.convert_text(md_escape(text), "plain", format="markdown", extra_args=["--wrap=none"]).strip()
    assert out == " ".join(text.split())
    html_out = pypandoc.convert_text(md_escape(text), "html5", format="markdown")
    assert "<script" not in html_out and "<img" not in html_out and "<a " not in html_out


def test_pipe_table_cells_keep_pipes_and_newlines_as_text() -> None:
    import pypandoc

    table = pipe_table(["A | B", "C"], [["x|y", "rad\nny"]], caption="Tabell *1*")
    out = pypandoc.convert_text(table, "html5", format="markdown")
    assert "<th>A | B</th>" in out.replace(' scope="col"', "") or "A | B" in out
    assert "x|y" in out and "rad ny" in out and "Tabell *1*" in out


def _hostile_project(project: Project) -> Project:
    prog_path = project.params_dir / REGION / "programme.yml"
    prog = yaml.safe_load(prog_path.read_text(encoding="utf-8"))
    prog["region"]["name"] = 'Region "Test" & <b>fet</b> {{< meta x >}}'
    prog["focus_areas"][0]["title"] = HOSTILE[0] + " " + HOSTILE[1]
    prog["focus_areas"][0]["summary"] = HOSTILE[5] + "\n\n" + HOSTILE[6]
    prog["focus_areas"][0]["goals"][0]["title"] = HOSTILE[2]
    prog["focus_areas"][0]["goals"][0]["targets"][0]["title"] = HOSTILE[3]
    prog["indicators"]["utslapp"]["source"] = HOSTILE[4]
    prog_path.write_text(yaml.safe_dump(prog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    year_path = project.params_dir / REGION / f"{YEAR}.yml"
    yp = yaml.safe_load(year_path.read_text(encoding="utf-8"))
    yp["assessments"]["struktur"]["motivation"] = HOSTILE[4] + " " + HOSTILE[5]
    yp["report"]["approved_by"] = '<script>alert(1)</script> "Styrelsen"'
    year_path.write_text(yaml.safe_dump(yp, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run_notebooks(project)
    return project


def test_hostile_strings_render_as_text_in_html_and_pdf(project: Project) -> None:
    from bs4 import BeautifulSoup

    from hallbar.report.builtin import filter_script

    OWN_SCRIPT = str(filter_script()[0])  # noqa: N806

    _hostile_project(project)
    out = render.render_report(project, REGION, YEAR, renderer="builtin")
    conf = yaml.safe_load((project.build_dir / REGION / str(YEAR) / "quarto" / "_quarto.yml").read_text(encoding="utf-8"))
    assert conf["hallbar"]["region"] == REGION  # YAML stayed valid
    texts = []
    for page in sorted(out.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        # no script but hallbar's own filter (the summary), which the page's CSP admits by its hash
        assert [str(s.string) for s in soup.find_all("script")] == ([OWN_SCRIPT] if page.name == "summary.html" else []), page.name
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], f"{page.name}: event handler on <{tag.name}>"
            href = tag.get("href") or ""
            assert not href.lower().startswith("javascript:"), page.name
        assert all(img.get("src", "").startswith("figures/") for img in soup.find_all("img")), page.name
        texts.append(" ".join(soup.get_text(" ").split()))
    text = " ".join(texts)
    for s in HOSTILE[:6]:
        assert " ".join(s.split()) in text, s
    assert 'Region "Test" & <b>fet</b> {{< meta x >}}' in text
    if shutil.which("pdftotext"):
        pdf = next(out.glob("*.pdf"))
        pdf_text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
        for s in ('<script>alert("x")</script>', "{{< meta title >}}", '#set page(fill: red) #import "x.typ" <label>'):
            assert s in pdf_text, s


# --- narrative --------------------------------------------------------------------------------------


def test_missing_narrative_is_a_visible_placeholder_and_a_warning(project: Project, caplog) -> None:
    missing = project.narrative_dir(REGION, YEAR) / "organisation.md"
    missing.unlink()
    with caplog.at_level(logging.WARNING, logger="hallbar.render"):
        ctx = load_context(project, REGION, YEAR)
    assert any("report/narrative/demo/2025/organisation.md" in r.getMessage() for r in caplog.records)
    dest = ctx.build_dir / "quarto"
    write_project(ctx, dest)
    chapter = chapter_text(dest / "organisation.ipynb")
    assert "Analystext saknas för" in chapter and "organisation\\.md" in chapter
    assert "Analytikernas text om klimat" in chapter_text(dest / "klimat.ipynb")


def test_missing_narrative_with_strict_is_an_error_naming_the_expected_path(project: Project) -> None:
    (project.narrative_dir(REGION, YEAR) / "klimat.md").unlink()
    with pytest.raises(InputError) as exc:
        render.render_report(project, REGION, YEAR, renderer="builtin", strict=True)
    assert any(p.file == "report/narrative/demo/2025/klimat.md" and p.is_error for p in exc.value.problems)
    assert not (project.output_dir / REGION).exists()


def test_narrative_for_an_unknown_focus_area_is_an_error(project: Project) -> None:
    (project.narrative_dir(REGION, YEAR) / "klimatet.md").write_text("Text", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_context(project, REGION, YEAR)
    problem = next(p for p in exc.value.problems if p.is_error)
    assert problem.file == "report/narrative/demo/2025/klimatet.md"
    assert "klimatet" in problem.what and "Did you mean 'klimat'" in problem.what


def test_narrative_markdown_is_kept_and_raw_html_made_inert() -> None:
    n = sanitize_narrative(
        "# Läget\n\nText med *betoning*, <script>alert(1)</script> och [länk](https://example.se).\n\n"
        "[x]{onclick=\"alert(1)\"} [y](javascript:alert(1)) {{< meta title >}} `{{< kod >}}` <!-- anteckning -->\n\n"
        "```{=html}\n<b>raw</b>\n```\n\n### Djupare\n\n- punkt\n", heading_base=3)
    md = n.markdown
    assert md.startswith("### Läget") and "#### Djupare" in md  # under the chapter's own h2, no skipped level
    assert "*betoning*" in md and "[länk](https://example.se)" in md
    assert "\\<script\\>" in md and "javascript" not in md and "onclick" not in md and "anteckning" not in md
    assert "{{<" not in md.replace("{{\u2060<", "")
    assert "- punkt" in md
    assert any("onclick" in note for note in n.notes)


# --- renderer plumbing ------------------------------------------------------------------------------


def test_unknown_renderer_and_missing_quarto_are_input_errors(project: Project, monkeypatch) -> None:
    with pytest.raises(InputError):
        render.render_report(project, REGION, YEAR, renderer="latex")
    monkeypatch.setattr(render, "quarto_path", lambda: None)
    assert render.choose_renderer("auto") == "builtin"
    with pytest.raises(InputError):
        render.choose_renderer("quarto")


FAKE_QUARTO = """#!{python}
# Stands in for Quarto (which cannot be installed here): records how hallbar calls it and writes what
# `quarto render` of a book writes into _book/, or fails as told by the environment.
import json, os, sys
from pathlib import Path
if sys.argv[1:] == ["--version"]:
    print("1.9.18")
    sys.exit(0)
Path(os.environ["FAKE_QUARTO_LOG"]).write_text(json.dumps({{"argv": sys.argv[1:], "cwd": os.getcwd()}}))
if os.environ.get("FAKE_QUARTO_FAIL"):
    print("ERROR: typst compile failed", file=sys.stderr)
    sys.exit(1)
project = Path(sys.argv[2])
name = next(line.split(":", 1)[1].strip().strip('"') for line in (project / "_quarto.yml").read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("output-file:"))
book = project / "_book"
book.mkdir()
(book / "index.html").write_text("<!DOCTYPE html><html lang=sv><title>x</title></html>", encoding="utf-8")
(book / (name + ".pdf")).write_bytes(b"%PDF-1.7 fake")
(book / (name + ".docx")).write_bytes(b"PK fake")
"""


@pytest.mark.skipif(os.name == "nt", reason="the stand-in quarto is a POSIX script")
def test_the_quarto_renderer_runs_the_exact_command_and_takes_the_books_files(project: Project, tmp_path: Path,
                                                                              monkeypatch) -> None:
    """`quarto render <project> --no-execute` in the project folder; _book/ becomes the report, the PDF and the
    Word file under hallbar's names; a failing Quarto is a RenderError with its message, the previous report kept."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "quarto"
    exe.write_text(FAKE_QUARTO.format(python=sys.executable), encoding="utf-8")
    exe.chmod(0o755)
    log = tmp_path / "quarto.json"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    out = render.render_report(project, REGION, YEAR, renderer="quarto")
    qdir = project.build_dir / REGION / str(YEAR) / "quarto"
    call = json.loads(log.read_text(encoding="utf-8"))
    assert call["argv"] == ["render", str(qdir), "--no-execute"] and Path(call["cwd"]) == qdir
    names = {p.name for p in out.iterdir()}
    assert {"index.html", "hallbarhetsredovisning-demo-2025.pdf", "hallbarhetsredovisning-demo-2025.docx",
            "statustabell-demo-2025.xlsx", "statustabell-demo-2025.csv", "rapport.json"} <= names
    meta = json.loads((out / "rapport.json").read_text(encoding="utf-8"))
    assert meta["renderer"] == "quarto" and meta["files"]["docx"] == "hallbarhetsredovisning-demo-2025.docx"
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    with pytest.raises(RenderError, match="typst compile failed"):
        render.render_report(project, REGION, YEAR, renderer="quarto")
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_missing_build_is_an_input_error(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(DEMO_BASE, root)
    with pytest.raises(InputError) as exc:
        render.render_report(root, REGION, YEAR, renderer="builtin")
    assert "hallbar build" in str(exc.value)


def test_render_writes_every_output_and_a_failed_render_keeps_the_previous(project: Project) -> None:
    out = render.render_report(project, REGION, YEAR, renderer="builtin")
    assert out == project.output_dir / REGION / str(YEAR)
    names = {p.name for p in out.iterdir()}
    assert {"index.html", "klimat.html", "organisation.html", "hallbarhetsredovisning-demo-2025.pdf",
            "hallbarhetsredovisning-demo-2025.docx", "statustabell-demo-2025.xlsx", "statustabell-demo-2025.csv", "rapport.json"} <= names
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # an executed notebook that shows a figure typst cannot read: the render fails midway
    executed = project.build_dir / REGION / str(YEAR) / "notebooks" / "klimat.ipynb"
    nb = json.loads(executed.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and c.get("outputs"))
    cell["outputs"].append({"output_type": "display_data", "data": {"image/svg+xml": "<svg this is not svg"},
                            "metadata": {"image/svg+xml": {"alt": "Trasig figur."}}})
    executed.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(Exception, match="(?i)svg|typst"):
        render.render_report(project, REGION, YEAR, renderer="builtin")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.parent.iterdir()] == [str(YEAR)]  # no temp folder left behind


def test_status_table_exports(project: Project) -> None:
    import csv

    from openpyxl import load_workbook

    out = render.render_report(project, REGION, YEAR, renderer="builtin")
    n = len(json.loads((project.build_dir / REGION / str(YEAR) / "status.json").read_text(encoding="utf-8")))
    raw = (out / "statustabell-demo-2025.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8: å/ä/ö intact
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))  # Swedish Excel splits on ';'
    head = rows[0]
    assert head[:4] == ["Fokusområde", "Övergripande mål", "Nr", "Delmål"] and len(rows) == n + 1
    assert all(len(r) == len(head) for r in rows)
    latest = [r[head.index("Utfall")] for r in rows[1:] if r[head.index("Utfall")]]
    assert latest and all("." not in v for v in latest) and any("," in v for v in latest)  # decimal commas: 5,1 not 5.1
    assert "," not in raw.decode("utf-8-sig").splitlines()[0]  # no comma-separated header left
    ws = load_workbook(out / "statustabell-demo-2025.xlsx").active
    assert ws.max_row == n + 1 and ws.freeze_panes == "A2"
    cols = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    symbols = {ws.cell(r, cols["Symbol"]).value for r in range(2, n + 2)}
    assert symbols <= {s.symbol for s in STATUS.values()}
    for name in ("Målvärde", "Värde 2024", "Utfall"):  # numbers, not text, for the board's own calculations
        values = [ws.cell(r, cols[name]).value for r in range(2, n + 2)]
        assert any(isinstance(v, (int, float)) for v in values), name
        assert all(v is None or isinstance(v, (int, float)) for v in values), name


def test_landing_page_lists_every_built_report(project: Project) -> None:
    from bs4 import BeautifulSoup

    render.render_report(project, REGION, YEAR, renderer="builtin")
    landing = render.render_landing(project)
    soup = BeautifulSoup(landing.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "sv"
    hrefs = [a["href"] for a in soup.find_all("a") if a["href"] != "#innehall"]
    assert {"demo/2025/index.html", "demo/2025/hallbarhetsredovisning-demo-2025.pdf",
            "demo/2025/statustabell-demo-2025.xlsx", "demo/2025/statustabell-demo-2025.csv"} <= set(hrefs)
    for href in hrefs:
        assert (landing.parent / href).is_file(), href
    assert all(th.get("scope") for th in soup.find_all("th"))


def test_status_colours_have_text_contrast_of_at_least_4_5() -> None:
    for code, (bg, fg) in status_colours().items():
        assert contrast(bg, fg) >= 4.5, code


def test_pdf_fonts_cover_swedish_letters_and_every_status_symbol(tmp_path: Path) -> None:
    """Even with only typst's embedded fonts (no DejaVu installed) every glyph the report needs exists."""
    import typst

    from hallbar.report.builtin import font_paths

    text = "åäö ÅÄÖ " + " ".join(s.symbol for s in STATUS.values()) + " " + " ".join(a for a, _ in CHANGES.values())
    src = tmp_path / "glyphs.typ"
    src.write_text('#set text(font: ("DejaVu Sans", "Libertinus Serif", "DejaVu Sans Mono"))\n' + text + "\n", encoding="utf-8")
    for fonts in ([], font_paths()):
        pdf = tmp_path / f"glyphs-{len(fonts)}.pdf"
        typst.compile(str(src), output=str(pdf), font_paths=fonts, ignore_system_fonts=True)
        if shutil.which("pdftotext"):
            out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            for ch in text.replace(" ", ""):
                assert ch in out, f"glyph {ch!r} missing with font_paths={fonts}"


def test_a_project_without_report_templates_uses_hallbars_own(project: Project) -> None:
    assert not (project.report_dir / "templates").exists()
    ctx = load_context(project, REGION, YEAR)
    view = write_project(ctx, ctx.build_dir / "quarto")
    assert [p.file for p in view["pages"]][:4] == ["index.qmd", "summary.ipynb", "klimat.ipynb", "organisation.ipynb"]
    assert (ctx.build_dir / "quarto" / "_quarto.yml").is_file()


def test_a_projects_own_template_overrides_hallbars(project: Project) -> None:
    """A region may change wording and layout in report/templates/; the other templates stay hallbar's."""
    from hallbar.report import PACKAGE_TEMPLATES

    own = project.report_dir / "templates"
    own.mkdir(parents=True)
    text = (PACKAGE_TEMPLATES / "quarto" / "index.qmd.j2").read_text(encoding="utf-8")
    (own / "index.qmd.j2").write_text(text + "\nRegionens egen mening i mallen.\n", encoding="utf-8")
    ctx = load_context(project, REGION, YEAR)
    write_project(ctx, ctx.build_dir / "quarto")
    assert "Regionens egen mening i mallen." in (ctx.build_dir / "quarto" / "index.qmd").read_text(encoding="utf-8")
    assert "Regionens egen mening" not in chapter_text(ctx.build_dir / "quarto" / "klimat.ipynb")


def test_a_render_killed_between_the_two_renames_is_recovered(tmp_path):
    """_swap moves the old report aside, then the new one in: a kill in between must not lose the old report."""
    from hallbar.report.render import _recover

    final = tmp_path / "2025"
    old = tmp_path / ".2025.old-4242"
    old.mkdir()
    (old / "index.html").write_text("previous report", encoding="utf-8")
    _recover(final)
    assert (final / "index.html").read_text(encoding="utf-8") == "previous report"
    assert not old.exists()
    stale = tmp_path / ".2025.old-99"
    stale.mkdir()
    _recover(final)  # the report is in place: a stale aside copy is only cleaned up
    assert not stale.exists() and (final / "index.html").exists()


def test_the_table_filter_keeps_every_status_and_change_symbol_with_its_word() -> None:
    """tables.lua's symbol set follows sv.words (a symbol added there but not in the filter would part from its word)."""
    from hallbar.report.pandoc import TABLES_LUA
    from hallbar.sv.words import VALUE_CHANGES

    lua = TABLES_LUA.read_text(encoding="utf-8")
    glued = set(re.search(r'utf8\.codes\("([^"]+)"\) do SYMBOLS', lua).group(1))
    symbols = {s.symbol for s in STATUS.values()} | {a for a, _ in CHANGES.values()} | {a for a, _ in VALUE_CHANGES.values()}
    assert symbols - {"–"} <= glued, symbols - glued  # "–" (not comparable) is also the dash of prose
