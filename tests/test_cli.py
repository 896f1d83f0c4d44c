"""The `hallbar` command as a new user meets it: strict JSON, checked years and regions, pipes, clean, plain output.

Each test here was written for a defect found by trying the command (it failed before the fix).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HALLBAR

from hallbar.analysis.style import STATUS_STYLE, contrast, text_on


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, as strict parsers (browsers' JSON.parse, jq) do."""
    def refuse(name):
        raise ValueError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


def direction_from_zero(project: Path) -> None:
    """JÄMIX (each_year) and a new direction target whose series starts at 0: a rate from zero is infinite."""
    prog = project / "params" / "demo" / "programme.yml"
    text = prog.read_text(encoding="utf-8")
    text = text.replace("""          - id: index
            title: Indexet ska vara lägre än för jämförbara index.""", """          - id: avvikelser
            title: Avvikelserna ska minska.
            indicator: avvikelser
            rule: {kind: direction}
          - id: index
            title: Indexet ska vara lägre än för jämförbara index.""")
    text = text.replace("""indicators:
""", """indicators:
  avvikelser:
    title: Avvikelser
    unit: antal
    better: lower
    decimals: 0
    source: Egen
""")
    prog.write_text(text, encoding="utf-8")
    with open(project / "data" / "demo" / "data.csv", "a", encoding="utf-8") as fh:
        fh.write("avvikelser,2022,0,T,Egen,\navvikelser,2024,3,T,Egen,\n")


def test_status_json_is_strict_json_even_for_a_rate_from_zero(demo_project, hallbar_cli):
    direction_from_zero(demo_project)
    proc = hallbar_cli(demo_project, "status", "--region", "demo", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "Infinity" not in proc.stdout and "NaN" not in proc.stdout
    records = {r["target_id"]: r for r in strict_json(proc.stdout)}
    rec = records["avvikelser"]
    assert rec["status"] == "away" and rec["actual_pace"] is None  # infinite: null, not Infinity
    assert rec["first"] == {"year": 2022, "value": 0.0}


@pytest.mark.parametrize("year, exit_code, fragment", [
    ("25", 2, "25 is not a year between 1970 and 2100"),
    ("tjugo", 2, "'tjugo' is not a year"),
    ("2023", 1, "params/demo/2023.yml: --year: does not exist, so 2023 is not a report year of demo"),
])
def test_status_checks_the_year(demo_project, hallbar_cli, year, exit_code, fragment):
    proc = hallbar_cli(demo_project, "status", "--region", "demo", "--year", year)
    assert proc.returncode == exit_code
    assert fragment in proc.stderr
    assert "status 25" not in proc.stdout and "Sedan 24" not in proc.stdout


def test_build_checks_the_year_the_same_way(demo_project, hallbar_cli):
    proc = hallbar_cli(demo_project, "build", "--year", "25")
    assert proc.returncode == 2 and "25 is not a year" in proc.stderr
    assert not (demo_project / "build").exists()


@pytest.mark.parametrize("given", ["kronberg", "Kronoberg", "KRONOBERG"])
def test_an_unknown_region_gets_a_did_you_mean(repo_project, hallbar_cli, given):
    proc = hallbar_cli(repo_project, "status", "--region", given)
    assert proc.returncode == 1
    assert "Did you mean 'kronoberg'?" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_project_folder_that_does_not_exist_is_named(tmp_path):
    missing = tmp_path / "no-such-folder"
    for command in (["check"], ["status", "--region", "demo"], ["build"], ["clean"]):
        proc = subprocess.run([str(HALLBAR), "--project", str(missing), *command], capture_output=True, text=True)
        assert proc.returncode == 1, command
        assert f"{missing}: --project: does not exist." in proc.stderr
        assert "Traceback" not in proc.stderr
    assert not missing.exists()


def test_status_into_a_pipe_that_closes_early_exits_0(repo_project):
    """`hallbar status --region kronoberg | head -1`: the reader stops after a line; hallbar must end quietly."""
    cmd = f"set -o pipefail; '{HALLBAR}' --project '{repo_project}' status --region kronoberg | head -n 1"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env={**os.environ, "COLUMNS": "120"})
    assert proc.returncode == 0, proc.stderr
    assert "Region Kronoberg" in proc.stdout
    assert "BrokenPipeError" not in proc.stderr and "Exception ignored" not in proc.stderr
    cmd = f"set -o pipefail; '{HALLBAR}' --project '{repo_project}' status --region kronoberg --format json | head -c 100"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stderr


def test_check_warns_about_missing_narratives_only_for_the_year_a_build_renders(repo_project, hallbar_cli):
    """Kronoberg has a 2024 yearly file but no 2024 narrative: that is one line of note, not four warnings."""
    shutil.copytree(Path(__file__).resolve().parents[1] / "report" / "narrative", repo_project / "report" / "narrative")
    proc = hallbar_cli(repo_project, "check", "--region", "kronoberg")
    assert proc.returncode == 0, proc.stderr
    assert "warning:" not in proc.stdout + proc.stderr  # 2025, the year `hallbar build` renders, has every narrative
    assert "narratives are missing for earlier report years too (2024)" in proc.stdout
    (repo_project / "report" / "narrative" / "kronoberg" / "2025" / "klimat.md").unlink()
    proc = hallbar_cli(repo_project, "check", "--region", "kronoberg")
    assert proc.stdout.count("warning:") == 1 and "report/narrative/kronoberg/2025/klimat.md" in proc.stdout


def test_check_speaks_english_and_keeps_the_regions_level_words(repo_project, hallbar_cli):
    proc = hallbar_cli(repo_project, "check", "--region", "kronoberg", "--region", "norrbotten")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "4 focus areas (Fokusområden), 14 goals (Övergripande mål)" in out
    assert "targets (Delmål) by rule kind: annual_rate 2," in out
    assert "focus areas (Dimensioner)" in out
    assert "delmål (annual_rate" not in out  # the old mix of a Swedish noun and English keys


def test_clean_removes_what_builds_wrote_and_nothing_else(demo_project, hallbar_cli):
    for rel in ("build/demo/2025/status.json", "report/_output/demo/2025/index.html"):
        (demo_project / rel).parent.mkdir(parents=True, exist_ok=True)
        (demo_project / rel).write_text("x", encoding="utf-8")
    inputs = sorted(p.relative_to(demo_project) for p in demo_project.rglob("*") if p.is_file() and "build" not in p.parts
                    and "_output" not in p.parts)
    proc = hallbar_cli(demo_project, "clean")
    assert proc.returncode == 0, proc.stderr
    assert "removed build/" in proc.stdout
    assert not (demo_project / "build" / "demo").exists()
    assert (demo_project / "report" / "_output" / "demo" / "2025" / "index.html").is_file()  # reports stay without --all
    proc = hallbar_cli(demo_project, "clean", "--all")
    assert proc.returncode == 0 and "removed report/_output/" in proc.stdout
    assert not (demo_project / "report" / "_output").exists()
    assert inputs == sorted(p.relative_to(demo_project) for p in demo_project.rglob("*") if p.is_file() and "build" not in p.parts)


def test_clean_refuses_while_a_build_holds_the_lock(demo_project, hallbar_cli):
    from hallbar.pipeline.lock import build_lock

    (demo_project / "build" / "demo").mkdir(parents=True)
    with build_lock(demo_project / "build"):
        proc = hallbar_cli(demo_project, "clean")
    assert proc.returncode == 1 and "Another hallbar build is running" in proc.stderr
    assert (demo_project / "build" / "demo").is_dir()


def test_text_on_every_status_colour_meets_wcag_aa():
    """One rule for text on a status colour (black or white, whichever contrasts more), everywhere: >= 4.5:1."""
    for code, (colour, _hatch) in STATUS_STYLE.items():
        assert contrast(colour, text_on(colour)) >= 4.5, code
    # the rule picks black on "away" (white would be 3.87:1)
    assert text_on(STATUS_STYLE["away"][0]) == "#000000"
    assert math.isclose(round(contrast(STATUS_STYLE["away"][0], "#ffffff"), 2), 3.87, abs_tol=0.02)


def test_python_m_hallbar_is_the_same_command(demo_project):
    proc = subprocess.run([sys.executable, "-m", "hallbar", "--project", str(demo_project), "check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
