"""`runner.run_one`: one papermill run into a temp folder, committed by atomic renames.

Every run here is real: papermill and a real kernel, or a real kernelspec whose kernel fails to start.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from hallbar.jsonio import write_json
from hallbar.pipeline import runner
from hallbar.pipeline.plan import why
from hallbar.pipeline.runner import RunSpec, read_record, run_one


def make_notebook(path: Path, *cells: str, kernel: str = "python3") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    params = nbformat.v4.new_code_cell('region = "x"\nyear = 2025\nproject_dir = "."\noutput_dir = "out"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(c) for c in cells]
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    nbformat.write(nb, path)
    return path


def spec_for(tmp_path: Path, notebook: Path, name: str = "summary", **kw) -> RunSpec:
    year_dir = tmp_path / "build" / "alfa" / "2025"
    return RunSpec(region="alfa", year=2025, name=name, focus_area=None, notebook=str(notebook),
                   notebook_rel=f"notebooks/{notebook.name}", project_dir=str(tmp_path), year_dir=str(year_dir),
                   parameters={"region": "alfa", "year": 2025, "project_dir": str(tmp_path)},
                   record={"format": 1, "key": kw.pop("key", "k1"), "components": {}}, reason="new", **kw)


WRITE = 'import os, sys, json, pathlib\npathlib.Path(output_dir, "env.json").write_text(json.dumps({"exe": sys.executable, "pydevd": os.environ.get("PYDEVD_DISABLE_FILE_VALIDATION"), "region": region, "cwd": os.getcwd()}))'


@pytest.mark.slow
def test_run_commits_outputs_and_record(tmp_path: Path) -> None:
    nb = make_notebook(tmp_path / "summary.ipynb", WRITE, 'print("hej från cellen")')
    res = run_one(spec_for(tmp_path, nb))
    assert res.outcome == "ok", res.error
    year_dir = tmp_path / "build" / "alfa" / "2025"
    env = json.loads((year_dir / "runs" / "summary" / "env.json").read_text())
    # the kernel is this interpreter (the venv's python3 kernelspec), with the debugger warning off
    assert Path(env["exe"]).resolve().parent == Path(sys.executable).resolve().parent
    assert env["pydevd"] == "1" and env["region"] == "alfa" and env["cwd"] == str(tmp_path)
    assert (year_dir / "notebooks" / "summary.ipynb").is_file()
    log = (year_dir / "logs" / "summary.log").read_text(encoding="utf-8")
    assert "hej från cellen" in log and "outcome: ok" in log
    rec, problem = read_record(year_dir / ".cache" / "summary.json")
    assert problem is None and rec["key"] == "k1" and rec["outputs"] == ["runs/summary/env.json", "notebooks/summary.ipynb"]
    assert not rec.get("committing")
    assert sorted(p.name for p in (year_dir / "runs").iterdir()) == ["summary"]  # no temp or old folder left


@pytest.mark.slow
def test_failing_cell_is_named_and_previous_outputs_stay(tmp_path: Path) -> None:
    good = make_notebook(tmp_path / "summary.ipynb", WRITE)
    assert run_one(spec_for(tmp_path, good)).outcome == "ok"
    year_dir = tmp_path / "build" / "alfa" / "2025"
    before = (year_dir / "runs" / "summary" / "env.json").read_bytes()
    record_before = (year_dir / ".cache" / "summary.json").read_bytes()
    bad = make_notebook(tmp_path / "summary.ipynb", "x = 1", 'raise KeyError("saknas")', "y = 2")
    res = run_one(spec_for(tmp_path, bad, key="k2"))
    assert res.outcome == "failed"
    assert (res.error["kind"], res.error["cell"], res.error["exec_count"], res.error["ename"]) == ("cell", 3, 4, "KeyError")
    assert "cell 3 of notebooks/summary.ipynb (In [4]): KeyError" in res.error["message"]
    assert (year_dir / "runs" / "summary" / "env.json").read_bytes() == before
    assert (year_dir / ".cache" / "summary.json").read_bytes() == record_before
    assert (year_dir / "logs" / "summary.failed.ipynb").is_file()
    assert "KeyError" in (year_dir / "logs" / "summary.log").read_text(encoding="utf-8")
    assert sorted(p.name for p in (year_dir / "runs").iterdir()) == ["summary"]


FLAKY = """
import pathlib, sys
count = pathlib.Path(sys.argv[1])
n = int(count.read_text()) + 1 if count.exists() else 1
count.write_text(str(n))
if n <= int(sys.argv[2]):
    sys.exit(3)  # the kernel process dies before it answers: a kernel start failure
from ipykernel import kernelapp
kernelapp.launch_new_instance(argv=["-f", sys.argv[3]])
"""


def flaky_kernel(tmp_path: Path, monkeypatch, fails: int) -> Path:
    """A real kernelspec 'flaky' whose kernel dies on its first `fails` starts, then runs ipykernel; returns its start counter."""
    root = tmp_path / "jupyter"
    spec_dir = root / "kernels" / "flaky"
    spec_dir.mkdir(parents=True)
    script = tmp_path / "flaky_kernel.py"
    script.write_text(FLAKY, encoding="utf-8")
    counter = tmp_path / "starts.txt"
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(script), str(counter), str(fails), "{connection_file}"],
        "display_name": "flaky", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(root))
    return counter


@pytest.mark.slow
def test_kernel_start_failure_is_retried(tmp_path: Path, monkeypatch) -> None:
    counter = flaky_kernel(tmp_path, monkeypatch, fails=2)
    nb = make_notebook(tmp_path / "summary.ipynb", WRITE, kernel="flaky")
    res = run_one(spec_for(tmp_path, nb, start_timeout=30, kernel_retries=2))
    assert res.outcome == "ok", res.error
    assert res.attempts == 3 and counter.read_text() == "3"
    year_dir = tmp_path / "build" / "alfa" / "2025"
    assert json.loads((year_dir / "runs" / "summary" / "env.json").read_text())["region"] == "alfa"
    assert "retrying" in (year_dir / "logs" / "summary.log").read_text()


@pytest.mark.slow
def test_a_kernel_that_never_starts_fails_after_the_retries(tmp_path: Path, monkeypatch) -> None:
    counter = flaky_kernel(tmp_path, monkeypatch, fails=99)
    nb = make_notebook(tmp_path / "summary.ipynb", WRITE, kernel="flaky")
    res = run_one(spec_for(tmp_path, nb, start_timeout=30, kernel_retries=1))
    assert res.outcome == "failed" and res.attempts == 2 and counter.read_text() == "2"
    assert res.error["kind"] == "kernel" and "kernel did not start (2 attempts)" in res.error["message"]


@pytest.mark.slow
def test_an_unknown_kernel_is_not_retried(tmp_path: Path) -> None:
    nb = make_notebook(tmp_path / "summary.ipynb", "pass", kernel="no-such-kernel")
    res = run_one(spec_for(tmp_path, nb))
    assert res.outcome == "failed" and res.attempts == 1 and res.error["kind"] == "exception"
    assert "no-such-kernel" in res.error["message"]


@pytest.mark.slow
def test_stdio_is_restored_after_a_run(tmp_path: Path) -> None:
    nb = make_notebook(tmp_path / "summary.ipynb", 'import os\nos.write(2, b"kernel noise on stderr\\n")')
    before = os.fstat(2).st_ino
    assert run_one(spec_for(tmp_path, nb)).outcome == "ok"
    assert os.fstat(2).st_ino == before
    assert "kernel noise on stderr" in (tmp_path / "build" / "alfa" / "2025" / "logs" / "summary.log").read_text()


def test_interrupted_commit_is_rerun_and_recovered(tmp_path: Path) -> None:
    """A build killed between the renames: the old folder comes back and the record says 'committing'."""
    year_dir = tmp_path / "build" / "alfa" / "2025"
    paths = runner.run_paths(year_dir, "klimat")
    (year_dir / "runs").mkdir(parents=True)
    old = year_dir / "runs" / f"{runner.OLD_PREFIX}klimat-0a1b2c"
    old.mkdir()
    (old / "table.csv").write_text("previous")
    write_json(paths["record"], {"format": 1, "key": "k", "components": {}, "outputs": [], "committing": True})
    runner.recover(year_dir)
    assert (paths["out"] / "table.csv").read_text() == "previous"
    rec, _ = read_record(paths["record"])
    assert rec["committing"] is True

    run = SimpleNamespace(key="k", year_dir=year_dir, name="klimat", components={})
    assert why(run, rec, None, force=False) == "previous build interrupted"
