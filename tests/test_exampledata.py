"""tools/exampledata.py: the committed, seeded example series (data/<region>/exempeldata.csv)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hallbar.errors import Problems
from hallbar.inputs.programme import load_programme
from hallbar.inputs.project import Project, load_region
from hallbar.method import assess_programme

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import exampledata  # noqa: E402  (tools/exampledata.py: the demo's generator lives outside the package)

REPO = Path(__file__).resolve().parents[1]
REGIONS = exampledata.regions(REPO)


def _copy_project(dest: Path, with_examples: bool = False) -> Path:
    """params/, notebooks/ and the REAL data files (the example files left out unless asked)."""
    for name in ("params", "notebooks"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    for src in (REPO / "data").rglob("*"):
        if src.is_file() and (with_examples or src.name != exampledata.FILE_NAME):
            target = dest / src.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _real_keys(root: Path, region: str) -> dict[tuple[str, int, str], Path]:
    keys = {}
    for path in sorted((root / "data" / region).glob("*.csv")):
        if path.name == exampledata.FILE_NAME:
            continue
        for r in _rows(path):
            keys[(r["indicator"], int(r["year"]), (r.get("sex") or "T").strip() or "T")] = path
    return keys


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = _copy_project(tmp_path_factory.mktemp("gen"))
    assert exampledata.main(["--project", str(root)]) == 0
    return root


def test_same_seed_gives_byte_identical_files(generated: Path, tmp_path: Path, capsys):
    other = _copy_project(tmp_path / "other")
    assert exampledata.main(["--project", str(other)]) == 0
    for region in REGIONS:
        a = generated / "data" / region / exampledata.FILE_NAME
        b = other / "data" / region / exampledata.FILE_NAME
        assert a.read_bytes() == b.read_bytes(), region
    # running again over an existing example file changes nothing (it is not read as real data)
    before = {r: (other / "data" / r / exampledata.FILE_NAME).read_bytes() for r in REGIONS}
    assert exampledata.main(["--project", str(other)]) == 0
    assert before == {r: (other / "data" / r / exampledata.FILE_NAME).read_bytes() for r in REGIONS}
    out = capsys.readouterr().out
    assert "rows" in out and "seed 2025" in out


def test_another_seed_gives_other_noise(tmp_path: Path):
    root = _copy_project(tmp_path / "p")
    region = "kronoberg"
    a = exampledata.generate_region(root, region, seed=1).text
    b = exampledata.generate_region(root, region, seed=2).text
    assert a != b
    assert "seed 1" in a and "seed 2" in b


@pytest.mark.parametrize("region", REGIONS)
def test_real_rows_never_altered_or_duplicated(generated: Path, region: str):
    for path in (REPO / "data" / region).glob("*.csv"):
        if path.name != exampledata.FILE_NAME:
            assert (generated / "data" / region / path.name).read_bytes() == path.read_bytes()
    real = _real_keys(generated, region)
    example = [(r["indicator"], int(r["year"]), r["sex"]) for r in _rows(generated / "data" / region / exampledata.FILE_NAME)]
    assert len(example) == len(set(example)), "an example key appears twice"
    assert not set(example) & set(real), "an example row duplicates a real observation"
    # the whole region still loads: no duplicate observation across the files
    inputs = load_region(Project.at(generated), region)
    assert not any("duplicate" in p.what for p in inputs.warnings)


def test_a_new_real_value_replaces_the_example_row(tmp_path: Path):
    root = _copy_project(tmp_path / "p")
    real_file = root / "data" / "kronoberg" / "program.csv"
    with real_file.open("a", encoding="utf-8") as fh:
        fh.write("hme,2024,80.0,T,Medarbetarenkät,nytt verkligt värde\n")
    text = exampledata.generate_region(root, "kronoberg").text
    keys = {(r["indicator"], r["year"]) for r in csv.DictReader(io.StringIO(text))}
    assert ("hme", "2024") not in keys
    assert ("hme", "2025") in keys


@pytest.mark.parametrize("region", REGIONS)
def test_every_generated_row_is_marked_as_example(generated: Path, region: str):
    rows = _rows(generated / "data" / region / exampledata.FILE_NAME)
    assert rows, region
    assert list(rows[0]) == exampledata.FIELDS
    for r in rows:
        assert r["example"] == "true"
        assert r["source"] == exampledata.SOURCE
        assert "hallbar.exampledata" in r["note"] and "seed 2025" in r["note"]
        assert ("verkligt värde" in r["note"] or "verkliga värden" in r["note"] or "påhittat" in r["note"]), r["note"]
        assert int(r["year"]) <= exampledata.DEMO_YEAR


@pytest.mark.parametrize("region", REGIONS)
def test_values_respect_unit_and_decimals(generated: Path, region: str):
    prog = load_programme(generated / "params" / region / "programme.yml", "programme.yml", Problems())
    assert prog is not None
    for r in _rows(generated / "data" / region / exampledata.FILE_NAME):
        ind = prog.indicators[r["indicator"]]
        text = r["value"]
        value = float(text)
        decimals = len(text.split(".")[1]) if "." in text else 0
        assert decimals == exampledata.decimals_for(ind), (r["indicator"], text)
        assert value >= 0, (r["indicator"], text)
        if ind.unit.strip().lower() == "placering":
            assert value == int(value) and 1 <= value <= 21, (r["indicator"], text)
        if ind.is_share:
            assert value <= 100, (r["indicator"], text)


@pytest.mark.parametrize("region", REGIONS)
def test_every_indicator_covers_the_demo_year_and_the_year_before(generated: Path, region: str):
    inputs = load_region(Project.at(generated), region)
    obs = inputs.observations
    for ind_id in inputs.programme.indicators:
        years = set(obs[(obs.indicator == ind_id) & (obs.sex == "T")].year)
        assert {exampledata.DEMO_YEAR - 1, exampledata.DEMO_YEAR} <= years, ind_id
        # at least two observations in the status method's five-year window for both years
        assert len([y for y in years if exampledata.DEMO_YEAR - 6 <= y <= exampledata.DEMO_YEAR - 1]) >= 2, ind_id


def test_demo_shows_a_mix_of_statuses(generated: Path):
    inputs = load_region(Project.at(generated), "kronoberg")
    for year in (exampledata.DEMO_YEAR, exampledata.DEMO_YEAR - 1):
        computed = [s for s in assess_programme(inputs.programme, inputs.observations, year, inputs.years)
                    if s.kind != "qualitative"]
        seen = {s.computed_status or s.status for s in computed}
        assert {"achieved", "on_track", "moderate", "insufficient", "away"} <= seen, (year, seen)
        assert "no_data" not in seen, year


def test_check_passes_on_the_committed_files(capsys):
    assert exampledata.main(["--project", str(REPO), "--check"]) == 0, capsys.readouterr().err


def test_the_tool_runs_as_a_script_with_the_installed_package():
    tool = REPO / "tools" / "exampledata.py"
    proc = subprocess.run([sys.executable, str(tool), "--project", str(REPO), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "up to date" in proc.stdout


def test_check_fails_when_a_file_is_stale_or_missing(tmp_path: Path, capsys):
    root = _copy_project(tmp_path / "p", with_examples=True)
    assert exampledata.main(["--project", str(root), "--check"]) == 0
    path = root / "data" / "kronoberg" / exampledata.FILE_NAME
    path.write_text(path.read_text(encoding="utf-8").replace(",true\n", ",false\n", 1), encoding="utf-8")
    assert exampledata.main(["--project", str(root), "--check"]) == 1
    assert "differs" in capsys.readouterr().err
    path.unlink()
    assert exampledata.main(["--project", str(root), "--check"]) == 1
    assert "missing" in capsys.readouterr().err
    # a different seed is a different file
    assert exampledata.main(["--project", str(root)]) == 0
    assert exampledata.main(["--project", str(root), "--check", "--seed", "7"]) == 1


def test_unknown_region_is_an_error(tmp_path: Path, capsys):
    root = _copy_project(tmp_path / "p")
    assert exampledata.main(["--project", str(root), "--region", "gotland"]) == 1
    assert "no such region" in capsys.readouterr().err
