"""The notebooks: committed clean, and real papermill runs writing the files of docs/CONTRACTS.md."""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from hallbar.analysis import notebook as hb
from hallbar.inputs.project import Project, load_region
from hallbar.sv import numbers as fmt

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
def test_notebook_parameters_kernel_and_hidden_code(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"  # papermill runs it without -k
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = [t.id for node in ast.parse(tagged[0].source).body if isinstance(node, ast.Assign) for t in node.targets]
    assert names == (SUMMARY_PARAMS if path.stem == "summary" else FOCUS_PARAMS)
    defaults = {t.id: ast.literal_eval(node.value) for node in ast.parse(tagged[0].source).body
                if isinstance(node, ast.Assign) for t in node.targets}
    assert defaults["project_dir"] == ".." and defaults["output_dir"].startswith("../build/")
    for cell in nb.cells:
        if cell.cell_type == "code" and cell is not tagged[0]:
            assert "remove-input" in cell.metadata.get("tags", []), cell.source
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, cell.source
    assert any("from hallbar.analysis import notebook as hb" in c.source for c in nb.cells)


def test_klimat_notebook_is_referenced_by_kronoberg():
    prog = load_region(Project.at(REPO), "kronoberg").programme
    assert prog.focus_area("klimat").notebook == "klimat"


# --- the facade in-process (no kernel) ------------------------------------------------------------


def test_facade_writes_contract_files_and_a_true_manifest(tmp_path):
    run = hb.open_focus_area(REPO, "kronoberg", 2025, "organisation", tmp_path / "out")
    table = run.status_table()
    run.figures()
    run.finish()
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"region", "year", "focus_area", "notebook", "files", "hallbar_version", "started", "finished"} <= set(manifest)
    for rel, digest in manifest["sha256"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
    assert set(manifest["files"]) == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert len(table) == len(run.statuses)


def test_rerun_removes_the_previous_runs_files_only(tmp_path):
    out = tmp_path / "out"
    run = hb.open_focus_area(REPO, "kronoberg", 2025, "organisation", out)
    run.write("figures/old-target.svg", "<svg/>")
    run.finish()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    hb.open_focus_area(REPO, "kronoberg", 2025, "organisation", out)
    assert not (out / "figures/old-target.svg").exists() and not (out / "manifest.json").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_unknown_focus_area_names_the_choices(tmp_path):
    with pytest.raises(ValueError, match="klimat"):
        hb.open_focus_area(REPO, "kronoberg", 2025, "klimatet", tmp_path)


# --- papermill runs ---------------------------------------------------------------------------------


def execute(notebook: str, out: Path, **parameters) -> Path:
    import papermill as pm

    executed = out.parent / f"{out.name}.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / notebook), str(executed), cwd=str(NOTEBOOKS), progress_bar=False,
                        parameters={"project_dir": str(REPO), "output_dir": str(out), **parameters})
    return executed


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def check_focus_area_outputs(out: Path, region: str, year: int, focus_id: str) -> None:
    inputs = load_region(Project.at(REPO), region)
    prog = inputs.programme
    fa = prog.focus_area(focus_id)
    records = {r["target_id"]: r for r in json.loads((out / "status.json").read_text(encoding="utf-8"))}
    targets = [t for g in fa.goals for t in g.targets]
    assert list(records) == [t.id for t in targets]
    table = read_csv(out / "table.csv")
    assert [row[prog.labels.target] for row in table] == [t.title for t in targets]
    for t in targets:
        if not t.indicator:
            assert not (out / "figures" / f"{t.id}.svg").exists()
            continue
        svg = out / "figures" / f"{t.id}.svg"
        alt = (out / "figures" / f"{t.id}.alt.txt").read_text(encoding="utf-8")
        assert svg.read_bytes().startswith(b"<?xml") and alt.strip()
        assert records[t.id]["label"] in alt
        latest = records[t.id]["latest"]
        if latest is not None:
            ind = prog.indicators[t.indicator]
            assert fmt.value(latest["value"], ind.unit, ind.decimals) in alt, alt
    steered = prog.steered_indicators()
    for ind_id, ind in prog.indicators.items():  # kontrollmått: one figure each, the latest value in words
        if ind.focus_area == focus_id and ind_id not in steered:
            alt = (out / "figures" / f"{ind_id}.alt.txt").read_text(encoding="utf-8")
            s = inputs.observations
            s = s[(s.indicator == ind_id) & (s.sex == "T") & (s.year <= year) & s.value.notna()].sort_values("year")
            if len(s):
                assert fmt.value(float(s.value.iloc[-1]), ind.unit, ind.decimals) in alt, alt
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["region"], manifest["year"], manifest["focus_area"]) == (region, year, focus_id)
    kinds = {f["id"]: f["kind"] for f in manifest["figures"]}
    assert all(kinds[t.id] == "target" for t in targets if t.indicator)
    for rel in manifest["files"]:
        assert (out / rel).is_file()
    for fig in manifest["figures"]:
        assert (out / fig["alt"]).read_text(encoding="utf-8").strip()


@pytest.mark.slow
@pytest.mark.parametrize("region,focus_id", [("kronoberg", "organisation"), ("orebro", "jamlikt-och-jamstallt"),
                                             ("norrbotten", "miljomassig")])
def test_focus_area_notebook_runs(tmp_path, region, focus_id):
    out = tmp_path / "out"
    executed = execute("focus_area.ipynb", out, region=region, year=2025, focus_area=focus_id)
    check_focus_area_outputs(out, region, 2025, focus_id)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notebook"] == "focus_area"
    nb = nbformat.read(executed, as_version=4)
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")  # the executed copy shows its work
    if region == "kronoberg":  # same bytes as an in-process run: deterministic, kernel or not
        again = tmp_path / "again"
        run = hb.open_focus_area(REPO, region, 2025, focus_id, again)
        run.status_table()
        run.figures()
        run.kontrollmatt_figures()
        run.indicator_overview()
        for rel in run.files:
            assert (again / rel).read_bytes() == (out / rel).read_bytes(), rel


@pytest.mark.slow
def test_klimat_notebook_runs(tmp_path):
    out = tmp_path / "out"
    execute("klimat.ipynb", out, region="kronoberg", year=2025, focus_area="klimat")
    check_focus_area_outputs(out, "kronoberg", 2025, "klimat")
    for name in ("bana-utslapp-scope12", "klimat-oversikt"):
        assert (out / "figures" / f"{name}.svg").is_file()
        assert (out / "figures" / f"{name}.alt.txt").read_text(encoding="utf-8").strip()
        assert (out / f"{name}.csv").is_file()
    bana = read_csv(out / "bana-utslapp-scope12.csv")
    assert bana, "the path table has a row per year"  # the demo has the 2021 base value, so the path is drawn
    assert [int(r["År"]) for r in bana] == list(range(2021, 2029))
    overview = read_csv(out / "klimat-oversikt.csv")
    assert {"Styrmått", "Kontrollmått"} <= {r["Typ"] for r in overview}
    assert "Totala utsläpp av växthusgaser" in {r["Indikator"] for r in overview}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notebook"] == "klimat"


@pytest.mark.slow
def test_summary_notebook_runs(tmp_path):
    out = tmp_path / "out"
    execute("summary.ipynb", out, region="kronoberg", year=2025)
    prog = load_region(Project.at(REPO), "kronoberg").programme
    lab = prog.labels
    for rel in ("figures/status-bar.svg", "figures/status-bar.alt.txt", "counts.csv", "targets.csv", "changes.csv",
                "agenda2030.csv", "manifest.json"):
        assert (out / rel).is_file(), rel
    counts = read_csv(out / "counts.csv")
    assert [r[lab.focus_area] for r in counts] == [fa.title for fa in prog.focus_areas] + ["Totalt"]
    n_targets = sum(1 for _ in prog.targets())
    assert int(counts[-1]["Totalt"]) == n_targets
    alt = (out / "figures/status-bar.alt.txt").read_text(encoding="utf-8")
    for row in counts[:-1]:
        assert f"{row[lab.focus_area]}: {row['Totalt']} delmål" in alt
    targets = read_csv(out / "targets.csv")
    assert [r[lab.target] for r in targets] == [t.title for _, _, t in prog.targets()]
    changes = read_csv(out / "changes.csv")
    assert all(r["Förändring"] in ("↑ Förbättrad", "↓ Försämrad") for r in changes)
    sdg = read_csv(out / "agenda2030.csv")
    assert [int(r["Mål"]) for r in sdg] == list(range(1, 18))
    klimat = prog.focus_area("klimat")
    assert all(sdg[n - 1][klimat.title] == "Ja" for n in klimat.agenda2030)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["focus_area"] is None and manifest["notebook"] == "summary"


def test_status_json_has_no_infinities():
    """A rate from a zero start value is inf in Python; status.json writes null (JSON has no inf)."""
    from hallbar.jsonio import dumps

    text = dumps({"actual_pace": float("inf"), "ratio": float("nan"), "first": {"value": 0.0}})
    assert json.loads(text) == {"actual_pace": None, "first": {"value": 0.0}, "ratio": None}
