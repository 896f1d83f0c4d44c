"""The notebooks and the analysis API they call: committed clean, readable code, real papermill runs.

The executed notebook is the chapter, so the runs are checked on what the executed notebooks show.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import hallbar.analysis as hb
from hallbar.inputs.notebooks import NARRATIVE_TYPE, cells, image_outputs
from hallbar.inputs.project import Project, load_region
from hallbar.sv import numbers as fmt
from hallbar.sv.words import STATUS

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
COMMITTED = sorted(NOTEBOOKS.glob("*.ipynb"))
FOCUS_PARAMS = ["region", "year", "focus_area", "project_dir", "output_dir"]
SUMMARY_PARAMS = ["region", "year", "project_dir", "output_dir"]


# --- committed notebooks ----------------------------------------------------------------------


def test_notebooks_exist():
    names = {p.name for p in COMMITTED}
    assert {"focus_area.ipynb", "summary.ipynb", "klimat.ipynb"} <= names


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs_or_execution_counts(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; run nbstripout (pre-commit install)"


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_notebook_is_a_fixed_point_of_nbstripout(path, tmp_path):
    """The pre-commit hook (nbstripout --keep-id) leaves a committed notebook unchanged."""
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    subprocess.run([sys.executable, "-m", "nbstripout", "--keep-id", str(copy)], check=True, capture_output=True)
    assert copy.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_notebook_parameters_kernel_and_readable_code(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"  # papermill runs it without -k
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = [t.id for node in ast.parse(tagged[0].source).body if isinstance(node, ast.Assign) for t in node.targets]
    assert names == (SUMMARY_PARAMS if path.stem == "summary" else FOCUS_PARAMS)
    defaults = {t.id: ast.literal_eval(node.value) for node in ast.parse(tagged[0].source).body
                if isinstance(node, ast.Assign) for t in node.targets}
    assert defaults["project_dir"] == ".." and defaults["output_dir"].startswith("../build/")
    for cell in nb.cells:  # code stays readable in Jupyter: nothing collapsed (the report never shows code anyway)
        assert not cell.metadata.get("jupyter", {}).get("source_hidden"), cell.source
    assert any("import hallbar.analysis as hb" in c.source for c in nb.cells)
    about = [c for c in nb.cells if c.cell_type == "markdown" and "remove-cell" in c.metadata.get("tags", [])]
    assert about and "Om den här anteckningsboken" in about[0].source  # the analysts' guide is not chapter text
    if path.stem != "summary":  # a fokusområde's notebook shows pandas and seaborn an analyst can change
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "import seaborn as sns" in code and "sns." in code and ".query(" in code


def test_klimat_notebook_is_referenced_by_kronoberg():
    prog = load_region(Project.at(REPO), "kronoberg").programme
    assert prog.focus_area("klimat").notebook == "klimat"


# --- the analysis API in-process (no kernel) --------------------------------------------------------


@pytest.fixture(scope="module")
def organisation():
    return hb.chapter(REPO, "kronoberg", 2025, "organisation")


def test_status_table_is_a_dataframe_of_the_chapters_targets(organisation):
    prog = organisation.programme
    table = organisation.status_table()
    targets = list(prog.focus_area("organisation").targets())
    assert list(table[prog.labels.target]) == [t.short_title or t.title for t in targets]
    assert list(table["Nr"]) == [f"2.{i}" for i in range(1, len(targets) + 1)]
    assert set(table["Status"]) <= {f"{w.symbol} {w.label}" for w in STATUS.values()}
    assert set(table["Värde jämfört med föregående år"]) - {"–"}, "the value change is filled in where both years have a value"


def test_nulage_figure_is_a_matplotlib_figure_with_alt_text_from_its_data(organisation):
    from matplotlib.figure import Figure

    fig = organisation.nulage_figure("sjukfranvaro")
    assert isinstance(fig, Figure)
    ts = organisation.status("sjukfranvaro")
    alt = fig._hallbar_alt
    assert fmt.value(ts.latest.value, "procent", 1) in alt and STATUS[ts.status].label in alt
    fig.axes[0].set_ylim(0, 10)  # an analyst may adjust it before showing it
    svg, meta = hb.display.figure_output(fig)
    assert svg.startswith("<?xml") and meta["alt"] == alt and meta["caption"].startswith("Utveckling och målbana")


def test_reason_kontrollmatt_and_observations(organisation):
    assert organisation.reason("sjukfranvaro").startswith("Sjukfrånvaron var ")
    k = organisation.kontrollmatt()
    assert list(k.columns) == ["Mått", "Senaste värde", "År", "Källa"] and "heltid" in k["Mått"].iloc[0]
    obs = organisation.observations
    assert {"indicator", "year", "value", "sex", "example"} <= set(obs.columns) and obs.year.max() <= 2025
    assert len(obs.query("indicator == 'sjukfranvaro' and sex == 'T'")) >= 5


def test_text_parts_escape_what_they_insert(organisation):
    intro = organisation.intro()
    assert intro.startswith("# Hållbar organisation och arbetssätt {#f-organisation}")
    text = organisation.target_text("sjukfranvaro")
    assert "{#t-sjukfranvaro}" in text and "**Status 2025:**" in text and "Utfall:" in text
    assert hb.heading(2, "A *b* <script>", "x") == "## A \\*b\\* \\<script\\> {#x}"


def test_the_chapter_reads_the_builds_statuses_and_never_reassesses(tmp_path):
    """With build/<region>/<year>/status.json present, the parts come from it, not from a new assessment."""
    from hallbar.analysis.status import assess, records
    from hallbar.jsonio import write_json

    project = tmp_path / "p"
    for name in ("params", "data"):
        shutil.copytree(REPO / name, project / name)
    recs = records(assess(load_region(Project.at(project), "kronoberg"), 2025))
    for r in recs:
        if r["target_id"] == "sjukfranvaro":
            r["reason"] = "Meningen som bygget skrev."
    write_json(project / "build" / "kronoberg" / "2025" / "status.json", recs)
    ch = hb.chapter(project, "kronoberg", 2025, "organisation")
    assert ch.report_year.from_build and ch.reason("sjukfranvaro") == "Meningen som bygget skrev."


def test_unknown_focus_area_names_the_choices():
    with pytest.raises(ValueError, match="klimat"):
        hb.chapter(REPO, "kronoberg", 2025, "klimatet")


# --- papermill runs: the executed notebook shows the chapter ---------------------------------------


def execute(notebook: str, out: Path, **parameters) -> dict:
    import papermill as pm

    executed = out.parent / f"{out.name}.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / notebook), str(executed), cwd=str(NOTEBOOKS), progress_bar=False,
                        parameters={"project_dir": str(REPO), "output_dir": str(out), **parameters})
    return json.loads(executed.read_text(encoding="utf-8"))


def shown(nb: dict) -> tuple[str, list[dict]]:
    """(all Markdown the notebook displays, every figure output with its metadata)."""
    text, figures = [], []
    for cell in cells(nb):
        for o in cell.outputs:
            data = o.get("data") or {}
            if "text/markdown" in data and NARRATIVE_TYPE not in data:
                md = data["text/markdown"]
                text.append("".join(md) if isinstance(md, list) else md)
        figures += [{"svg": "".join(o["data"][m]) if isinstance(o["data"][m], list) else o["data"][m],
                     **((o.get("metadata") or {}).get(m) or {})} for _k, o, m in image_outputs(cell)]
    return "\n".join(text), figures


@pytest.mark.slow
@pytest.mark.parametrize("region,focus_id", [("kronoberg", "organisation"), ("orebro", "jamlikt-och-jamstallt"),
                                             ("norrbotten", "miljomassig")])
def test_focus_area_notebook_shows_every_target(tmp_path, region, focus_id):
    nb = execute("focus_area.ipynb", tmp_path / "out", region=region, year=2025, focus_area=focus_id)
    text, figs = shown(nb)
    inputs = load_region(Project.at(REPO), region)
    prog = inputs.programme
    fa = prog.focus_area(focus_id)
    assert text.startswith(f"# {fa.title}") or f"# {fa.title}" in text
    drawn = [t for t in fa.targets() if t.indicator]
    for t in fa.targets():
        assert f"{{#t-{t.id}}}" in text
    kontroll = prog.kontrollmatt(focus_id)
    with_values = [i for i in kontroll if not inputs.observations.query("indicator == @i and value.notna()").empty]
    assert len(figs) == len(drawn) + len(with_values)
    for f in figs:
        assert f["svg"].lstrip().startswith("<?xml") and f["alt"].strip(), f
    if drawn:
        assert STATUS[hb.chapter(REPO, region, 2025, focus_id).status(drawn[0].id).status].label in figs[0]["alt"]
    assert any(NARRATIVE_TYPE in (o.get("data") or {}) for c in nb["cells"] for o in c.get("outputs", []))


@pytest.mark.slow
def test_klimat_notebook_runs_its_own_analysis(tmp_path):
    nb = execute("klimat.ipynb", tmp_path / "out", region="kronoberg", year=2025, focus_area="klimat")
    text, figs = shown(nb)
    assert "Utsläpp i scope 1 och 2 mot programmets bana" in text  # the path table's caption
    rows = [ln for ln in text.splitlines() if ln.startswith("| 20")]
    assert [int(r.split("|")[1]) for r in rows][:8] == list(range(2021, 2029))
    assert "{#t-utslapp-scope12}" in text
    # no series drawn twice: the path is a table, the one figure of scope 1 och 2 is its nuläge figure
    assert sum(f.get("caption", "").startswith("Utveckling och målbana – Utsläpp av växthusgaser, scope 1 och 2") for f in figs) == 1
    assert not any(f.get("caption") == "Utsläpp i scope 1 och 2 mot programmets bana" for f in figs)
    # the notebook's own seaborn view of the emission sources, with alt text from its numbers
    sources = next(f for f in figs if f.get("caption", "").startswith("Utsläpp per källa"))
    assert "Arbetspendling" in sources["alt"] and "ton CO₂e" in sources["alt"]


@pytest.mark.slow
def test_summary_notebook_shows_the_year(tmp_path):
    nb = execute("summary.ipynb", tmp_path / "out", region="kronoberg", year=2025)
    text, figs = shown(nb)
    prog = load_region(Project.at(REPO), "kronoberg").programme
    assert text.startswith("# Sammanfattning {#sammanfattning}")
    assert len(figs) == 1 and all(f"{fa.title}:" in figs[0]["alt"] for fa in prog.focus_areas)
    for _fa, _g, t in prog.targets():
        assert f"#t-{t.id})" in text  # every target, linked to its chapter
    for fa in prog.focus_areas:  # the status grid: one heading per fokusområde, its tables searchable in HTML
        assert f"{{#s-{fa.id}}}" in text and f": {fa.title} – delmål med mätetal" in text
    assert text.count("::: {.malfilter") >= len(prog.focus_areas)
    assert ": Nyckeltal 2025" in text and "Sjukfrånvaro\\, procent" in text
    assert "Förändringar sedan 2024" in text and "värden för både 2024 och 2025" in text
    keys = [(o.get("data") or {}).get(NARRATIVE_TYPE, {}).get("text") for c in nb["cells"] for o in c.get("outputs", [])]
    assert [k for k in keys if k] == ["forord", "aret-i-korthet", "fortsatt-arbete"]


@pytest.mark.slow
def test_a_notebooks_figures_are_the_same_bytes_run_after_run(tmp_path):
    a = shown(execute("focus_area.ipynb", tmp_path / "a", region="kronoberg", year=2025, focus_area="konsumtion"))[1]
    b = shown(execute("focus_area.ipynb", tmp_path / "b", region="kronoberg", year=2025, focus_area="konsumtion"))[1]
    assert a and [f["svg"] for f in a] == [f["svg"] for f in b]


def test_status_json_has_no_infinities():
    """A rate from a zero start value is inf in Python; status.json writes null (JSON has no inf)."""
    from hallbar.jsonio import dumps

    text = dumps({"actual_pace": float("inf"), "ratio": float("nan"), "first": {"value": 0.0}})
    assert json.loads(text) == {"actual_pace": None, "first": {"value": 0.0}, "ratio": None}
