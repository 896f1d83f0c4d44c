"""`hallbar build`: check -> assess -> papermill runs (parallel, incremental, fault-tolerant) -> provenance.

The slow tests run real papermill runs of the tiny notebooks in tests/fixtures_build/project
(a second or two each) in a tmp copy of a project, never in the repository's build/.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from fixtures_build.helpers import (
    FIXTURE,
    add_cell,
    build,
    copy_fixture,
    copy_repo_project,
    descendants,
    kill9,
    pid_alive,
    run_cli,
    set_value,
    start_cli_build,
    tree,
    wait_for,
)

from hallbar.errors import BuildLocked, InputError
from hallbar.inputs.project import Project, load_region
from hallbar.jsonio import TMP_PREFIX
from hallbar.pipeline import hashing as provenance
from hallbar.pipeline import runner as execute
from hallbar.pipeline.lock import build_lock

pytestmark = pytest.mark.xdist_group("hallbar-build")  # one worker builds the shared fixture once


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    """The two-region fixture project, built once (alfa and beta, 3 runs each); tests work on copies."""
    root = copy_fixture(tmp_path_factory.mktemp("built") / "project")
    got = build(root)
    assert got.report.exit_code == 0, got.out + got.err
    return root


@pytest.fixture
def project(built_fixture: Path, tmp_path: Path) -> Path:
    """A tmp copy of the built project. The cache holds content hashes, so the copy is up to date as it is."""
    dest = tmp_path / "project"
    shutil.copytree(built_fixture, dest)
    return dest


# --- fast: the pieces ----------------------------------------------------------------------------


def test_notebook_hash_is_its_cells_not_outputs_or_editor_state(tmp_path: Path) -> None:
    """Code, markdown (chapter text) and tags count; outputs, execution counts and editor metadata do not."""
    nb = tmp_path / "nb.ipynb"
    shutil.copy(copy_fixture(tmp_path / "p") / "notebooks" / "focus_area.ipynb", nb)
    before = provenance.notebook_hash(nb)
    data = json.loads(nb.read_text())
    data["cells"][2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hej"}]
    data["cells"][2]["execution_count"] = 7
    data["cells"][2]["metadata"]["collapsed"] = True
    data["metadata"]["authors"] = ["someone"]
    nb.write_text(json.dumps(data))
    assert provenance.notebook_hash(nb) == before
    for change in (lambda d: d["cells"][0].update(source="# Another title"),  # markdown is chapter text
                   lambda d: d["cells"][2]["metadata"].update(tags=["remove-output"]),  # a tag changes the chapter
                   lambda d: d["cells"][2].update(source="".join(d["cells"][2]["source"]) + "\nx = 1")):
        changed = json.loads(json.dumps(data))
        change(changed)
        nb.write_text(json.dumps(changed))
        assert provenance.notebook_hash(nb) != before


@pytest.mark.slow
def test_a_markdown_edit_reruns_only_that_notebooks_runs(project: Path) -> None:
    """notebooks/summary.ipynb's markdown changes: the summary runs again (alfa and beta), the focus areas do not."""
    path = project / "notebooks" / "summary.ipynb"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"][0]["source"] = "# Sammanfattning, omskriven"
    path.write_text(json.dumps(data), encoding="utf-8")
    got = build(project)
    assert got.report.exit_code == 0, got.out + got.err
    assert got.ran() == {("alfa", "summary"), ("beta", "summary")}
    assert all("notebook changed" in r.reason for r in got.report.runs if r.outcome == "ok")


def test_data_hash_is_rows_not_files(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "p")
    project = Project.at(root)
    inputs = load_region(project, "alfa")
    before = provenance.data_hashes(inputs.observations, {"utslapp", "index"})
    # the same rows in another order and another file: nothing changed
    csv = root / "data" / "alfa" / "data.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([lines[0], *reversed(lines[1:8])]) + "\n", encoding="utf-8")
    (root / "data" / "alfa" / "more.csv").write_text("\n".join([lines[0], *lines[8:]]) + "\n", encoding="utf-8")
    moved = provenance.data_hashes(load_region(project, "alfa").observations, {"utslapp", "index"})
    assert moved == before
    set_value(csv, "utslapp", 2024, "931")
    after = provenance.data_hashes(load_region(project, "alfa").observations, {"utslapp", "index"})
    assert [(i, y) for i in after for y in after[i] if after[i][y] != before[i].get(y)] == [("utslapp", "2024")]


def test_focus_indicators_include_compare_to_and_kontrollmatt(tmp_path: Path) -> None:
    prog = load_region(Project.at(copy_fixture(tmp_path / "p")), "alfa").programme
    assert prog.focus_indicators("klimat") == {"utslapp", "index", "index-jamforelse"}
    assert prog.focus_indicators("organisation") == {"sjukfranvaro", "personalomsattning"}


def test_check_failure_writes_nothing(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "p")
    (root / "params" / "beta" / "programme.yml").write_text("region: {id: beta}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        build(root)
    assert any("programme.yml" in str(p) for p in exc.value.problems)
    assert not (root / "build").exists()
    done = run_cli(root)
    assert done.returncode == 1 and "before anything was written" in done.stderr
    assert not (root / "build").exists()


def test_unknown_year_and_missing_summary_are_input_errors(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "p")
    with pytest.raises(InputError, match="2031"):
        build(root, years=[2031])
    with pytest.raises(InputError, match=r"params/beta/2031.yml: does not exist"):
        build(root, regions=["beta"], years=[2031])
    (root / "notebooks" / "summary.ipynb").unlink()
    with pytest.raises(InputError, match="summary.ipynb"):
        build(root)
    assert not (root / "build").exists()


def test_recover_restores_outputs_renamed_aside(tmp_path: Path) -> None:
    year_dir = tmp_path / "build" / "alfa" / "2025"
    (year_dir / "runs" / f"{execute.OLD_PREFIX}klimat-abc123").mkdir(parents=True)
    (year_dir / "runs" / f"{execute.OLD_PREFIX}klimat-abc123" / "table.csv").write_text("old")
    (year_dir / "runs" / f"{TMP_PREFIX}klimat-99aa").mkdir()
    (year_dir / ".cache").mkdir()
    (year_dir / ".cache" / f"{TMP_PREFIX}klimat.json-1234").write_text("{")
    execute.recover(year_dir)
    assert (year_dir / "runs" / "klimat" / "table.csv").read_text() == "old"
    assert sorted(p.name for p in (year_dir / "runs").iterdir()) == ["klimat"]
    assert list((year_dir / ".cache").iterdir()) == []


def test_lock_refuses_a_second_holder(tmp_path: Path) -> None:
    with build_lock(tmp_path / "build"):
        with pytest.raises(BuildLocked, match=r"Another hallbar build is running .*pid \d+"):
            with build_lock(tmp_path / "build"):
                pass
    with build_lock(tmp_path / "build"):  # released
        pass


# --- slow: real runs -----------------------------------------------------------------------------


@pytest.mark.slow
def test_full_build_of_one_region(tmp_path: Path) -> None:
    """The repository's Kronoberg programme and data: every fokusområde + summary runs and succeeds."""
    root = copy_repo_project(tmp_path / "project")
    got = build(root, regions=["kronoberg"])
    report = got.report
    prog = load_region(Project.at(root), "kronoberg").programme
    year = max(Project.at(root).years("kronoberg"))
    expected = [fa.id for fa in prog.focus_areas] + ["summary"]
    assert [r.name for r in report.runs] == expected
    assert all(r.outcome == "ok" and r.reason == "new" for r in report.runs), got.out + got.err
    assert report.exit_code == 0
    year_dir = root / "build" / "kronoberg" / str(year)
    for name in expected:
        assert (year_dir / "runs" / name / "manifest.json").is_file()
        assert (year_dir / "notebooks" / f"{name}.ipynb").is_file()
        assert "outcome: ok" in (year_dir / "logs" / f"{name}.log").read_text(encoding="utf-8")
        rec = json.loads((year_dir / ".cache" / f"{name}.json").read_text())
        assert rec["key"] and f"runs/{name}/manifest.json" in rec["outputs"]
    status = json.loads((year_dir / "status.json").read_text(encoding="utf-8"))
    assert [s["target_id"] for s in status] == [t.id for _, _, t in prog.targets()]
    prov = json.loads((year_dir / "provenance.json").read_text(encoding="utf-8"))
    kinds = {i["kind"] for i in prov["inputs"]}
    assert {"programme", "params", "data", "notebook"} <= kinds
    assert all(len(i["sha256"]) == 64 for i in prov["inputs"])
    assert prov["git"] == {"commit": None, "dirty": None}  # a tmp copy is outside git
    assert prov["versions"]["packages"]["papermill"] and prov["versions"]["python"]
    assert {r["name"]: r["outcome"] for r in prov["runs"]} == {n: "ok" for n in expected}
    assert prov["parameters"]["summary"] == {"region": "kronoberg", "year": year, "output_dir": f"build/kronoberg/{year}/runs/summary"}
    assert not list((year_dir / "runs").glob(".*")), "no temp folder left behind"
    assert "5 runs: 5 ran" in got.out or f"{len(expected)} runs: {len(expected)} ran" in got.out


@pytest.mark.slow
def test_second_build_runs_nothing_and_says_so(project: Path) -> None:
    before = tree(project / "build" / "alfa")
    got = build(project)
    assert {r.outcome for r in got.report.runs} == {"skipped"}
    assert got.report.exit_code == 0
    assert "Nothing to run: all 6 runs are up to date" in got.out
    assert tree(project / "build" / "alfa") == before  # not even provenance.json is rewritten


@pytest.mark.slow
def test_changed_observation_reruns_exactly_its_readers(project: Path) -> None:
    # alfa: index-jamforelse is read by klimat only through a relative target's compare_to
    set_value(project / "data" / "alfa" / "data.csv", "index-jamforelse", 2024, "99")
    # beta: personalomsattning is a kontrollmått shown in organisation (focus_area: organisation)
    set_value(project / "data" / "beta" / "data.csv", "personalomsattning", 2025, "7.5")
    got = build(project)
    assert got.ran() == {("alfa", "klimat"), ("alfa", "summary"), ("beta", "organisation"), ("beta", "summary")}
    runs = got.by_name("alfa")
    assert runs["klimat"].reason == "data changed: index-jamforelse 2024"
    assert runs["summary"].reason == "data changed: index-jamforelse 2024"
    assert runs["organisation"].outcome == "skipped"
    assert got.by_name("beta")["organisation"].reason == "data changed: personalomsattning 2025"
    assert "data changed: index-jamforelse 2024" in got.out
    # the programme file is read by every run of its region
    with open(project / "params" / "beta" / "2025.yml", "a", encoding="utf-8") as fh:
        fh.write("# a comment\n")
    got = build(project)
    assert got.ran() == {("beta", n) for n in ("klimat", "organisation", "summary")}
    assert {r.reason for r in got.report.runs if r.outcome == "ok"} == {"params changed: 2025.yml"}


@pytest.mark.slow
def test_failing_notebook_keeps_others_and_previous_outputs(project: Path) -> None:
    previous = tree(project / "build" / "beta" / "2025" / "runs" / "organisation")
    previous_nb = (project / "build" / "beta" / "2025" / "notebooks" / "organisation.ipynb").read_bytes()
    add_cell(project / "notebooks" / "focus_area.ipynb",
             'if region == "beta" and focus_area == "organisation":\n    raise ValueError("trasig indata")', index=3)
    got = build(project)
    report = got.report
    assert report.exit_code == 1
    failed = report.failed_runs
    assert [(r.region, r.name) for r in failed] == [("beta", "organisation")]
    err = failed[0].result.error
    assert (err["cell"], err["exec_count"], err["ename"], err["evalue"]) == (4, 4, "ValueError", "trasig indata")
    assert "beta 2025, fokusområde organisation: cell 4 of notebooks/focus_area.ipynb (In [4]): ValueError: trasig indata" in got.err
    # the other runs went on and are complete
    assert {(r.region, r.name) for r in report.runs if r.outcome == "ok"} == {("alfa", "klimat"), ("alfa", "organisation"), ("beta", "klimat")}
    for name in ("klimat", "organisation"):
        assert (project / "build" / "alfa" / "2025" / "runs" / name / "manifest.json").is_file()
    # the failed run's previous outputs stay, its log and executed copy say why
    year_dir = project / "build" / "beta" / "2025"
    assert tree(year_dir / "runs" / "organisation") == previous
    assert (year_dir / "notebooks" / "organisation.ipynb").read_bytes() == previous_nb
    assert "ValueError: trasig indata" in (year_dir / "logs" / "organisation.log").read_text(encoding="utf-8")
    assert (year_dir / "logs" / "organisation.failed.ipynb").is_file()
    prov = json.loads((year_dir / "provenance.json").read_text(encoding="utf-8"))
    assert prov["outcome"] == "failed"
    # back to the original notebook: the kept outputs are exactly of these inputs, so that run is up to date
    shutil.copy(FIXTURE / "notebooks" / "focus_area.ipynb", project / "notebooks" / "focus_area.ipynb")
    got = build(project)
    assert got.report.exit_code == 0
    assert got.ran() == {("alfa", "klimat"), ("alfa", "organisation"), ("beta", "klimat")}
    assert got.by_name("beta")["organisation"].outcome == "skipped"
    assert not (year_dir / "logs" / "organisation.failed.ipynb").exists()


@pytest.mark.slow
def test_fail_fast_starts_nothing_after_a_failure(project: Path) -> None:
    add_cell(project / "notebooks" / "focus_area.ipynb", 'raise RuntimeError("stopp")', index=3)
    got = build(project, jobs=1, fail_fast=True)
    outcomes = sorted(r.outcome for r in got.report.runs if r.name != "summary")  # the summaries are unchanged: skipped
    assert outcomes == ["failed", "not_run", "not_run", "not_run"]
    assert got.report.exit_code == 1
    assert {r.outcome for r in got.report.renders} <= {"not_rendered"}


@pytest.mark.slow
def test_damaged_cache_record_and_missing_outputs(project: Path) -> None:
    year_dir = project / "build" / "alfa" / "2025"
    (year_dir / ".cache" / "klimat.json").write_text('{"format": 1, "key": ', encoding="utf-8")
    (year_dir / "runs" / "summary" / "counts.csv").unlink()
    got = build(project)
    runs = got.by_name("alfa")
    assert runs["klimat"].reason == "cache record damaged" and runs["klimat"].outcome == "ok"
    assert runs["summary"].reason == "outputs missing" and runs["summary"].outcome == "ok"
    assert got.ran() == {("alfa", "klimat"), ("alfa", "summary")}
    rec, problem = execute.read_record(year_dir / ".cache" / "klimat.json")
    assert problem is None and rec["key"] == runs["klimat"].key
    assert (year_dir / "runs" / "summary" / "counts.csv").is_file()


@pytest.mark.slow
def test_force_reruns_everything(project: Path) -> None:
    got = build(project, regions=["beta"], force=True)
    assert {r.reason for r in got.report.runs} == {"forced"} and got.ran() == {("beta", n) for n in ("klimat", "organisation", "summary")}


SLOW_CELL = 'import time, pathlib\npathlib.Path(output_dir, "started.txt").write_text("x")\ntime.sleep({secs})'


@pytest.mark.slow
def test_sigkill_midway_leaves_previous_outputs_and_next_build_completes(project: Path) -> None:
    year_dir = project / "build" / "alfa" / "2025"
    previous = tree(year_dir / "runs")
    previous_nbs = tree(year_dir / "notebooks")
    nb = project / "notebooks" / "focus_area.ipynb"
    original = nb.read_bytes()
    add_cell(nb, SLOW_CELL.replace("{secs}", "60"))
    proc = start_cli_build(project, "--jobs", "2")
    try:
        wait_for(lambda: any((year_dir / "runs").glob(".tmp-*/out/started.txt")), timeout=90, what="a run to start")
        below = descendants(proc.pid)
        assert below, "the build runs its notebooks in other processes"
    finally:
        kill9(proc)
    # the workers die with the build, their kernels follow within seconds
    wait_for(lambda: not any(pid_alive(p) for p in below), timeout=20, what="workers and kernels to exit")
    assert {k: v for k, v in tree(year_dir / "runs").items() if not k.startswith(".")} == previous
    assert tree(year_dir / "notebooks") == previous_nbs
    nb.write_bytes(original)
    got = build(project)  # the stale lock does not block; temp folders are cleaned
    assert got.report.exit_code == 0
    assert not list((year_dir / "runs").glob(".*"))
    assert tree(year_dir / "runs") == previous  # same notebook and data as before: same outputs


@pytest.mark.slow
def test_second_build_at_the_same_time_stops_with_a_clear_message(project: Path) -> None:
    nb = project / "notebooks" / "focus_area.ipynb"
    add_cell(nb, SLOW_CELL.replace("{secs}", "4"))
    first = start_cli_build(project, "--jobs", "2", "--region", "alfa")
    try:
        wait_for(lambda: any((project / "build" / "alfa" / "2025" / "runs").glob(".tmp-*/out/started.txt")), timeout=90,
                 what="the first build to run")
        t0 = time.monotonic()
        second = run_cli(project, "--region", "beta")
        assert second.returncode == 1
        assert f"Another hallbar build is running in this project (pid {first.pid}" in second.stderr
        assert time.monotonic() - t0 < 30
        with pytest.raises(BuildLocked):
            build(project)
        out, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            kill9(first)
    assert first.returncode == 0, out + err
    shutil.copy(FIXTURE / "notebooks" / "focus_area.ipynb", nb)
    assert build(project, regions=["beta"]).report.exit_code == 0  # the lock is free again


@pytest.mark.slow
def test_render_follows_runs_and_is_incremental(project: Path) -> None:
    """Reports render (in the workers, with the real built-in renderer) once a region's runs are done, after its
    provenance; unchanged ones are not re-rendered; a failing render fails the build and keeps the previous report."""
    got = build(project, render=True, renderer="builtin")
    assert got.report.exit_code == 0, got.out + got.err
    assert {(r.region, r.outcome) for r in got.report.renders} == {("alfa", "rendered"), ("beta", "rendered"), ("", "rendered")}
    out = project / "report" / "_output" / "alfa" / "2025"
    assert (out / "index.html").is_file() and (out / "hallbarhetsredovisning-alfa-2025.pdf").is_file()
    # the colophon is made from the provenance written before the render: it lists the data file's checksum
    data_sha = provenance.sha256_file(project / "data" / "alfa" / "data.csv")
    assert data_sha in (out / "bilaga-kolofon.html").read_text(encoding="utf-8")
    landing = (project / "report" / "_output" / "index.html").read_text(encoding="utf-8")
    assert "alfa/2025/index.html" in landing and "beta/2025/index.html" in landing
    assert (project / "build" / "alfa" / "2025" / "logs" / "render.log").is_file()
    # nothing changed: no run, no render
    got = build(project, render=True, renderer="builtin")
    assert {r.outcome for r in got.report.renders} == {"skipped"} and not got.ran()
    # a narrative edit re-renders that report only, without running a notebook; its warnings reach the build's output
    narrative = project / "report" / "narrative" / "beta" / "2025"
    narrative.mkdir(parents=True)
    (narrative / "klimat.md").write_text("Vi har minskat utsläppen. Se [länken](javascript:alert(1)).\n", encoding="utf-8")
    got = build(project, render=True, renderer="builtin")
    assert not got.ran()
    assert {(r.region, r.outcome) for r in got.report.renders} == {("alfa", "skipped"), ("beta", "rendered"), ("", "rendered")}
    assert "render beta 2025: warning: report/narrative/beta/2025/klimat.md: narrative: osäker länk togs bort" in got.err
    assert "Vi har minskat utsläppen." in (project / "report" / "_output" / "beta" / "2025" / "klimat.html").read_text(encoding="utf-8")
    prov = json.loads((project / "build" / "beta" / "2025" / "provenance.json").read_text(encoding="utf-8"))
    assert "report/narrative/beta/2025/klimat.md" in {i["path"] for i in prov["inputs"] if i["kind"] == "narrative"}
    # a failing render is reported and fails the build (beta's notebook shows a figure typst cannot read);
    # a failing run keeps that region's previous report (alfa's summary raises)
    before = (out / "index.html").read_bytes()
    add_cell(project / "notebooks" / "focus_area.ipynb",
             'if region == "beta":\n    from IPython.display import display\n'
             '    display({"image/svg+xml": "<svg this is not svg"}, raw=True, metadata={"image/svg+xml": {"alt": "Trasig."}})')
    add_cell(project / "notebooks" / "summary.ipynb", 'if region == "alfa":\n    raise ValueError("nej")')
    got = build(project, render=True, renderer="builtin")
    assert got.report.exit_code == 1
    outcomes = {(r.region, r.outcome) for r in got.report.renders if r.region}
    assert outcomes == {("alfa", "not_rendered"), ("beta", "failed")}, got.err
    assert "render beta 2025 failed" in got.err
    assert (out / "index.html").read_bytes() == before
    assert (project / "report" / "_output" / "beta" / "2025" / "klimat.html").is_file()  # beta's previous report stays too
