"""project: region discovery, load_region (all checks together), and `hallbar check` end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hallbar.errors import InputError
from hallbar.inputs.project import Project, load_region

REPO_REGIONS = ("kronoberg", "norrbotten", "orebro")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(project: Path, region: str = "demo") -> str:
    with pytest.raises(InputError) as exc:
        load_region(Project.at(project), region)
    return "\n".join(map(str, exc.value.problems))


# --- discovery ----------------------------------------------------------------------------


def test_discovery(demo_project):
    (demo_project / "params/demo/2024.yaml").write_text("year: 2024\n", encoding="utf-8")
    (demo_project / "params/demo/utkast.yml").write_text("x: 1\n", encoding="utf-8")
    (demo_project / "params/ingen").mkdir()
    project = Project.at(demo_project)
    assert project.regions() == ["demo"]
    assert project.years("demo") == [2024, 2025]
    assert project.notebook_for(None) == demo_project.resolve() / "notebooks/focus_area.ipynb"
    assert project.rel(demo_project / "data/demo/data.csv") == "data/demo/data.csv"


@pytest.mark.parametrize("bad", ["../etc", "../../etc/passwd", "demo/../demo", "/etc", "Demo", "", "demo ", "a" * 61])
def test_region_ids_that_are_not_slugs_are_refused(demo_project, bad):
    with pytest.raises(InputError) as exc:
        Project.at(demo_project).check_region_id(bad)
    text = str(exc.value.problems[0])
    assert text.startswith("--region") and "is not a region id" in text and "Use one of: demo" in text


def test_unknown_region(demo_project):
    with pytest.raises(InputError, match="no such region: params/nord/programme.yml"):
        Project.at(demo_project).check_region_id("nord")


def test_programme_yaml_extension_is_named(demo_project):
    (demo_project / "params/demo/programme.yml").rename(demo_project / "params/demo/programme.yaml")
    with pytest.raises(InputError, match="must be named programme.yml"):
        Project.at(demo_project).check_region_id("demo")


def test_region_folder_with_bad_name(demo_project):
    shutil.copytree(demo_project / "params/demo", demo_project / "params/Demo Län")
    with pytest.raises(InputError, match="is not a valid region id"):
        Project.at(demo_project).check_region_id("Demo Län")


# --- load_region -------------------------------------------------------------------------------


def test_load_valid_region(demo_project):
    inputs = load_region(Project.at(demo_project), "demo")
    assert inputs.id == "demo"
    assert list(inputs.years) == [2025]
    assert len(inputs.observations) == 15
    assert inputs.warnings == []


def test_missing_base_year_is_a_warning_not_an_error(demo_project):
    _edit(demo_project / "data/demo/data.csv", "utslapp,2021,1000,T,Klimatbokslut,\n", "")
    inputs = load_region(Project.at(demo_project), "demo")
    [w] = inputs.warnings
    text = str(w)
    assert not w.is_error
    assert text.startswith("params/demo/programme.yml: focus_areas[klimat].goals[vaxthusgaser].targets[utslapp].rule.base_year (line 17)")
    assert "no observation of 'utslapp' (T) for the base year 2021" in text and "data/demo/" in text


def test_all_problems_of_a_region_come_together(demo_project):
    """A broken programme does not hide the data's and the yearly file's own problems."""
    _edit(demo_project / "params/demo/programme.yml", "decimals: 0", "decimals: many")
    _edit(demo_project / "params/demo/2025.yml", "approved_by", "aproved_by")
    _edit(demo_project / "data/demo/data.csv", "resor,2024,330,T", "resor,2024,330,X")
    text = _problems(demo_project)
    assert "params/demo/programme.yml: indicators.utslapp.decimals" in text
    assert "params/demo/2025.yml: report.aproved_by" in text
    assert "data/demo/data.csv: row 6: sex 'X'" in text


def test_failed_year_file_does_not_claim_there_is_none(demo_project):
    _edit(demo_project / "params/demo/2025.yml", "approved_by", "aproved_by")
    text = _problems(demo_project)
    assert "has no yearly file" not in text


def test_no_year_file_is_a_warning(demo_project):
    (demo_project / "params/demo/2025.yml").unlink()
    inputs = load_region(Project.at(demo_project), "demo")
    warned = "\n".join(map(str, inputs.warnings))
    assert "params/demo: has no yearly file" in warned
    assert inputs.years == {}


def test_yml_and_yaml_for_one_year(demo_project):
    shutil.copy(demo_project / "params/demo/2025.yml", demo_project / "params/demo/2025.yaml")
    assert "params/demo/2025.yaml: both 2025.yml and 2025.yaml exist" in _problems(demo_project)


def test_missing_data_folder_is_a_warning(demo_project):
    shutil.rmtree(demo_project / "data")
    inputs = load_region(Project.at(demo_project), "demo")
    warned = "\n".join(map(str, inputs.warnings))
    assert "data/demo: does not exist" in warned
    assert inputs.observations.empty


def test_missing_notebook_is_a_build_error_only(demo_project, hallbar_cli):
    """Only the build runs notebooks: `check` and `status` work in a project without them."""
    (demo_project / "notebooks/focus_area.ipynb").unlink()
    load_region(Project.at(demo_project), "demo")  # no notebook needed to read and check the inputs
    for command in (["check"], ["status", "--region", "demo"], ["status", "--region", "demo", "--format", "json"]):
        proc = hallbar_cli(demo_project, *command)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "notebook" not in proc.stdout + proc.stderr
    shutil.rmtree(demo_project / "notebooks")
    assert hallbar_cli(demo_project, "status", "--region", "demo").returncode == 0
    from hallbar.pipeline.build import select
    from hallbar.pipeline.options import BuildOptions

    with pytest.raises(InputError) as exc:
        select(Project.at(demo_project), BuildOptions(render=False))
    text = "\n".join(map(str, exc.value.problems))
    assert ("params/demo/programme.yml: focus_areas[klimat].id (line 6): notebook 'notebooks/focus_area.ipynb' does not exist "
            "(needed by focus areas klimat, organisation)") in text


# --- the real command ------------------------------------------------------------------------------


def test_check_accepts_the_repository_regions(repo_project, hallbar_cli):
    proc = hallbar_cli(repo_project, "check")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Traceback" not in output and "error:" not in output
    for region in REPO_REGIONS:
        assert f"({region})" in output, output


def test_check_one_region(repo_project, hallbar_cli):
    proc = hallbar_cli(repo_project, "check", "--region", "norrbotten")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(norrbotten)" in proc.stdout and "(kronoberg)" not in proc.stdout


def test_check_bad_input_exits_1_without_traceback(repo_project, hallbar_cli):
    _edit(repo_project / "params/orebro/2025.yml", "year: 2025", "year: 2025\nyear: 2024")
    with (repo_project / "data/kronoberg/program.csv").open("a", encoding="utf-8") as f:
        f.write("okand-indikator,2024,1,T,,\n")
    proc = hallbar_cli(repo_project, "check")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    assert "params/orebro/2025.yml" in output and "'year' appears twice" in output
    assert "data/kronoberg/program.csv" in output and "unknown indicator 'okand-indikator'" in output
    assert "(norrbotten)" in output  # the good region is still checked


def test_check_outside_a_project(tmp_path, hallbar_cli):
    proc = hallbar_cli(tmp_path, "check")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in output
    assert "params" in output
