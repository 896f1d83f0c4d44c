"""The executed notebook is the chapter: cell options and tags, alt text, tables, narrative placement.

Part one turns hand-made executed notebooks (the report stage's input format) into chapters, for each
rule. Part two is the analyst's round trip on a real project: add cells to notebooks/focus_area.ipynb,
run `hallbar build`, find them in the HTML and the PDF of every chapter the notebook makes; remove one;
forget an alt text.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import DEMO_BASE, REPO, flat, html_text, pdf_text, require_poppler, run_hallbar

from hallbar.errors import Problems
from hallbar.report.chapters import chapter_from, place_narrative
from hallbar.report.yamltext import load_yaml_text

SVG = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
PNG = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")).decode()
DF_HTML = ('<div><style scoped>.dataframe tbody tr th {vertical-align: top;}</style><table border="1" class="dataframe">'
           '<thead><tr style="text-align: right;"><th></th><th>År</th><th>Värde</th></tr></thead><tbody>'
           '<tr><th>0</th><td>2024</td><td>5,1</td></tr><tr><th>1</th><td>2025</td><td>4,9</td></tr></tbody></table></div>')


def code(source: str, *outputs: dict, tags=()) -> dict:
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def display(data: dict, metadata: dict | None = None) -> dict:
    return {"output_type": "display_data", "data": data, "metadata": metadata or {}}


def executed(*cells) -> dict:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('region = "x"')
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell('region = "demo"')
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells = [params, injected, *cells]
    return json.loads(nbformat.writes(nb))


def chapter(nb: dict):
    problems = Problems()
    ch = chapter_from(nb, "notebooks/x.ipynb", "x", "figures", problems)
    return ch, problems


def markdown_of(ch) -> str:
    out = []
    for c in ch.notebook.cells:
        if c.cell_type == "markdown":
            out.append(c.source)
        for o in c.get("outputs", []):
            out.append(o["data"]["text/markdown"])
    return "\n\n".join(out)


def test_markdown_cells_and_outputs_in_cell_order_code_never():
    nb = executed(nbformat.v4.new_markdown_cell("# Kapitel {#f-x}\n\nEn mening av analytikern."),
                  code('display(Markdown("**Fetstil**"))', display({"text/markdown": "**Fetstil**", "text/plain": "<Markdown>"})),
                  code("x = 1\nprint('hej')", {"output_type": "stream", "name": "stdout", "text": "hej\n"},
                       {"output_type": "stream", "name": "stderr", "text": "UserWarning: bort\n"}))
    ch, problems = chapter(nb)
    assert not problems.items
    md = markdown_of(ch)
    assert md.index("# Kapitel") < md.index("**Fetstil**") < md.index("hej")
    assert "UserWarning" not in md and "region =" not in md  # stderr and papermill's parameters are not chapter text
    code_cells = [c for c in ch.notebook.cells if c.cell_type == "code"]
    assert all(c.metadata["echo"] is False for c in code_cells)  # Quarto shows no code either


def test_tags_and_options_remove_cells_inputs_and_outputs():
    nb = executed(code("a = 1", display({"text/markdown": "Syns inte: remove-cell"}), tags=["remove-cell"]),
                  code("#| include: false\nb = 1", display({"text/markdown": "Syns inte: include false"})),
                  code("c = 1", display({"text/markdown": "Syns inte: remove-output"}), tags=["remove-output"]),
                  code("#| output: false\nd = 1", display({"text/markdown": "Syns inte: output false"})),
                  code("#| echo: true\ne = 1", display({"text/markdown": "Syns: bara utdata"}), tags=["remove-input"]))
    ch, _ = chapter(nb)
    md = markdown_of(ch)
    assert "Syns inte" not in md and "Syns: bara utdata" in md
    assert "e = 1" not in md


def test_figures_get_files_captions_alt_texts_and_labels():
    nb = executed(
        code("#| label: fig-egen\n#| fig-cap: Min figur\n#| fig-alt: Staplar som visar 5 och 7.\nplt.show()",
             display({"image/svg+xml": SVG, "text/plain": "<Figure>"})),
        code("#| fig-alt: [Första bilden., Andra bilden.]\nfor i in range(2): plt.show()",
             display({"image/png": PNG, "text/plain": "<Figure>"}), display({"image/png": PNG, "text/plain": "<Figure>"})),
        code("ch.nulage_figure('t')", display({"image/svg+xml": SVG, "text/plain": "<Figure>"},
                                              {"image/svg+xml": {"alt": "Bibliotekets alt-text.", "caption": "Nuläge"}})))
    ch, problems = chapter(nb)
    assert not problems.items
    md = markdown_of(ch)
    assert '![Min figur](figures/x-c2-1.svg){#fig-egen fig-alt="Staplar som visar 5 och 7." width="100%"}' in md
    assert 'fig-alt="Första bilden."' in md and 'fig-alt="Andra bilden."' in md
    assert '![Nuläge](figures/x-c4-1.svg){fig-alt="Bibliotekets alt-text." width="100%"}' in md
    assert ch.files["figures/x-c2-1.svg"] == SVG.encode() and ch.files["figures/x-c3-2.png"].startswith(b"\x89PNG")


def test_a_figure_without_alt_text_names_notebook_cell_and_fix():
    nb = executed(nbformat.v4.new_markdown_cell("Text"),
                  code("import seaborn as sns\nsns.lineplot(x=[1, 2], y=[3, 4])", display({"image/png": PNG, "text/plain": "<Axes>"})))
    _ch, problems = chapter(nb)
    (p,) = problems.errors
    assert p.file == "notebooks/x.ipynb" and p.where == "cell 3 ('import seaborn as sns')"
    assert "has no alt text" in p.what and "#| fig-alt:" in p.fix


def test_a_dataframe_with_tbl_cap_becomes_a_real_table_without_the_default_index():
    nb = executed(code("#| tbl-cap: Värden per år\n#| label: tbl-varden\ndf", {"output_type": "execute_result", "execution_count": 3,
                                                                                  "data": {"text/html": DF_HTML, "text/plain": "..."},
                                                                                  "metadata": {}}))
    ch, _ = chapter(nb)
    md = markdown_of(ch)
    assert "| År | Värde |" in md.replace("  ", " ") or "År" in md.splitlines()[0]
    assert ": Värden per år {#tbl-varden}" in md
    assert "| 0 " not in md and "style" not in md


def test_raw_html_in_markdown_is_text_and_unsafe_links_go():
    nb = executed(nbformat.v4.new_markdown_cell("<script>alert(1)</script> [x](javascript:alert(1))"),
                  code("Markdown(...)", display({"text/markdown": '<img src=x onerror="alert(2)">'})))
    ch, _ = chapter(nb)
    md = markdown_of(ch)
    assert "<script>" not in md and "\\<script\\>" in md and "javascript:" not in md
    assert "<img" not in md.replace("\\<img", "")  # escaped: shown as the characters, never an element
    assert any("osäker länk" in n for n in ch.notes)


def test_the_narrative_goes_where_the_notebook_asks_else_after_the_heading():
    marker = display({"application/vnd.hallbar.narrative+json": {"focus_area": "x"}, "text/markdown": "(text i Jupyter)"})
    nb = executed(code("ch.intro()", display({"text/markdown": "# Rubrik {#f-x}"})), code("tabell", display({"text/markdown": "Tabell"})),
                  code("ch.narrative()", marker), code("mer", display({"text/markdown": "Efter"})))
    ch, _ = chapter(nb)
    place_narrative(ch, "## Analys\n\nBerättelsen.")
    md = markdown_of(ch)
    assert md.index("Tabell") < md.index("Berättelsen.") < md.index("Efter") and "(text i Jupyter)" not in md
    nb = executed(code("ch.intro()", display({"text/markdown": "# Rubrik {#f-x}"})), code("tabell", display({"text/markdown": "Tabell"})))
    ch, _ = chapter(nb)
    place_narrative(ch, "## Analys\n\nBerättelsen.")
    md = markdown_of(ch)
    assert md.index("# Rubrik") < md.index("Berättelsen.") < md.index("Tabell")


def test_editorial_texts_go_where_the_summary_asks_and_nowhere_else():
    def mark(key):
        return display({"application/vnd.hallbar.narrative+json": {"text": key}, "text/markdown": f"({key} i Jupyter)"})
    nb = executed(code("s.intro()", display({"text/markdown": "# Sammanfattning"})), code("s.foreword()", mark("forord")),
                  code("tabell", display({"text/markdown": "Tabell"})), code("s.next_steps()", mark("fortsatt-arbete")))
    ch, _ = chapter(nb)
    assert ch.narrative_keys == ["forord", "fortsatt-arbete"]
    assert place_narrative(ch, "## Förord\n\nFörordet.", "forord")
    assert place_narrative(ch, "## Fortsatt arbete\n\nNästa steg.", "fortsatt-arbete")
    md = markdown_of(ch)
    assert md.index("Förordet.") < md.index("Tabell") < md.index("Nästa steg.") and "i Jupyter)" not in md
    assert not place_narrative(ch, "## Året i korthet\n\nBudskap.", "aret-i-korthet")  # not asked for: after the heading


# --- the analyst's round trip ---------------------------------------------------------------------

ADDED_MD = "Den här meningen skrev analytikern i en ny markdowncell."
ADDED_FIG = '''#| fig-cap: Analytikerns egen figur
#| fig-alt: Stapeldiagram med två staplar, 3 för 2024 och 5 för 2025.
import matplotlib.pyplot as plt
import seaborn as sns
fig, ax = plt.subplots(figsize=(6, 2.5))
sns.barplot(x=["2024", "2025"], y=[3, 5], ax=ax)
plt.show()'''
ADDED_TABLE = '''#| tbl-cap: Analytikerns egen tabell
import pandas as pd
pd.DataFrame({"Mått": ["Cykelresor", "Bussresor"], "Antal": ["1 200", "3 400"]})'''


def edit_notebook(path: Path, *, add: bool = True, drop_marker: str | None = None, no_alt: bool = False) -> None:
    nb = nbformat.read(path, as_version=4)
    if drop_marker:
        nb.cells = [c for c in nb.cells if drop_marker not in c.source]
    if add:
        new = [nbformat.v4.new_markdown_cell(ADDED_MD), nbformat.v4.new_code_cell(ADDED_FIG), nbformat.v4.new_code_cell(ADDED_TABLE)]
        if no_alt:
            new = [nbformat.v4.new_code_cell(ADDED_FIG.replace("#| fig-alt: Stapeldiagram med två staplar, 3 för 2024 och 5 för 2025.\n", ""))]
        at = next(i for i, c in enumerate(nb.cells) if "ch.narrative()" in c.source) + 1
        nb.cells[at:at] = new
    for i, c in enumerate(nb.cells):
        c["id"] = f"cell-{i}"
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The small demo region (two fokusområden on notebooks/focus_area.ipynb) with the repository's notebooks, built."""
    root = tmp_path_factory.mktemp("chapters") / "project"
    shutil.copytree(DEMO_BASE, root)
    for name in ("focus_area.ipynb", "summary.ipynb"):
        shutil.copy(REPO / "notebooks" / name, root / "notebooks" / name)
    proc = run_hallbar(root, "build", "--renderer", "builtin", timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root


@pytest.mark.slow
def test_added_cells_appear_in_every_chapter_in_html_and_pdf_and_a_removed_cell_goes(demo, tmp_path):
    require_poppler()
    from bs4 import BeautifulSoup

    root = tmp_path / "p"
    shutil.copytree(demo, root)
    edit_notebook(root / "notebooks" / "focus_area.ipynb")
    proc = run_hallbar(root, "build", "--renderer", "builtin", timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "summary" not in proc.stdout.split("Runs")[-1]  # only the runs of the edited notebook re-ran
    out = root / "report" / "_output" / "demo" / "2025"
    pdf = flat(pdf_text(out / "hallbarhetsredovisning-demo-2025.pdf"))
    for chapter in ("klimat", "organisation"):
        soup = BeautifulSoup((out / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
        assert ADDED_MD in soup.get_text(" ")
        img = next(i for i in soup.find_all("img") if i.get("alt", "").startswith("Stapeldiagram med två staplar"))
        assert "Analytikerns egen figur" in img.find_parent("figure").get_text(" ")
        assert (out / img["src"]).is_file()
        table = next(t for t in soup.find_all("table") if t.caption and "Analytikerns egen tabell" in t.caption.get_text())
        assert [th.get_text(strip=True) for th in table.find_all("th")] == ["Mått", "Antal"]
        assert [td.get_text(strip=True) for td in table.find_all("td")] == ["Cykelresor", "1 200", "Bussresor", "3 400"]
    assert pdf.count(ADDED_MD) == 2 and pdf.count("Analytikerns egen figur") == 2 and pdf.count("Analytikerns egen tabell") == 2
    assert pdf.count("Cykelresor") == 2
    # remove the markdown cell again: it leaves the report
    edit_notebook(root / "notebooks" / "focus_area.ipynb", add=False, drop_marker=ADDED_MD)
    proc = run_hallbar(root, "build", "--renderer", "builtin", timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert ADDED_MD not in html_text(out / "klimat.html")
    assert ADDED_MD not in flat(pdf_text(out / "hallbarhetsredovisning-demo-2025.pdf"))
    assert "Analytikerns egen tabell" in html_text(out / "klimat.html")  # the others stay


@pytest.mark.slow
def test_a_figure_without_alt_text_fails_the_build_and_keeps_the_report(demo, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(demo, root)
    out = root / "report" / "_output" / "demo" / "2025"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    edit_notebook(root / "notebooks" / "focus_area.ipynb", no_alt=True)
    proc = run_hallbar(root, "build", "--renderer", "builtin", timeout=900)
    assert proc.returncode == 1
    err = proc.stderr
    cell_no = next(i for i, c in enumerate(nbformat.read(root / "notebooks" / "focus_area.ipynb", as_version=4).cells)
                   if "sns.barplot" in c.source) + 1
    assert f"notebooks/focus_area.ipynb: cell {cell_no} ('import matplotlib.pyplot as plt'): a figure in this cell has no alt text" in err
    assert "#| fig-alt:" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_check_warns_about_a_drawing_cell_without_alt_text(demo_project, hallbar_cli):
    shutil.copy(REPO / "notebooks" / "focus_area.ipynb", demo_project / "notebooks" / "focus_area.ipynb")
    edit_notebook(demo_project / "notebooks" / "focus_area.ipynb", no_alt=True)
    proc = hallbar_cli(demo_project, "check")
    assert proc.returncode == 0
    assert "warning: notebooks/focus_area.ipynb: cell" in proc.stdout and "seems to draw a chart but gives it no alt text" in proc.stdout


@pytest.mark.slow
def test_the_quarto_project_lists_the_executed_notebooks_as_chapters(demo):
    q = demo / "build" / "demo" / "2025" / "quarto"
    conf = load_yaml_text((q / "_quarto.yml").read_text(encoding="utf-8"))
    assert conf["book"]["chapters"] == ["index.qmd", "summary.ipynb", "klimat.ipynb", "organisation.ipynb"]
    assert conf["execute"]["enabled"] is False and conf["execute"]["echo"] is False
    for name in ("summary.ipynb", "klimat.ipynb", "organisation.ipynb"):
        nb = nbformat.read(q / name, as_version=4)
        executed = nbformat.read(demo / "build" / "demo" / "2025" / "notebooks" / name, as_version=4)
        assert all(c.metadata.get("echo") is False for c in nb.cells if c.cell_type == "code")
        # each output is one Markdown output: Quarto and the built-in renderer read the same thing
        assert all(set(o["data"]) == {"text/markdown"} for c in nb.cells for o in c.get("outputs", []))
        sources = [c.source for c in executed.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
                   and "injected-parameters" not in c.metadata.get("tags", [])]
        # the same code cells, in order; their `#|` options are resolved, so Quarto does not apply them a second time
        assert [c.source for c in nb.cells if c.cell_type == "code"] == [
            "\n".join(ln for ln in s.splitlines() if not ln.startswith("#|")) for s in sources]
    for fig in (q / "figures").glob("*.svg"):
        assert fig.read_bytes().startswith(b"<?xml")
