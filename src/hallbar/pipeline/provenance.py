"""The provenance manifest of a region × year: what produced the report.

`build/<region>/<year>/provenance.json` records the git commit and dirty flag,
the sha256 of every input file, the notebook parameters, Python and package
versions, start and end time, and each run's timing and outcome. The report's
technical record is made from it.
"""

from __future__ import annotations

import functools
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from ..inputs.observations import data_files
from ..jsonio import read_json, write_json
from .hashing import hallbar_version, sha256_file

MANIFEST_FORMAT = 1
PACKAGES = ("hallbar", "papermill", "nbclient", "nbformat", "nbconvert", "ipykernel", "jupyter-client", "pandas", "numpy",
            "matplotlib", "seaborn", "pydantic", "openpyxl", "ruamel.yaml", "filelock", "jinja2", "rich", "pypandoc-binary",
            "typst", "dask", "distributed")


def _run(cmd: list[str], cwd: Path | None = None, timeout: float = 20) -> str | None:
    try:
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def git_info(root: Path) -> dict:
    """{'commit': sha or None, 'dirty': bool or None}; None outside git (or without git)."""
    if shutil.which("git") is None:
        return {"commit": None, "dirty": None}
    top = _run(["git", "-C", str(root), "rev-parse", "--show-toplevel"])
    if not top:
        return {"commit": None, "dirty": None}
    commit = _run(["git", "-C", str(root), "rev-parse", "HEAD"])
    status = _run(["git", "-C", str(root), "status", "--porcelain", "--", "."])
    return {"commit": commit, "dirty": None if status is None else bool(status)}


@functools.lru_cache(maxsize=1)
def versions() -> dict:
    from importlib import metadata

    out: dict = {"python": platform.python_version(), "python_implementation": platform.python_implementation(),
                 "platform": platform.platform(), "executable": sys.executable}
    pkgs = {}
    for name in PACKAGES:
        try:
            pkgs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pkgs[name] = None
    pkgs["hallbar"] = hallbar_version("all")
    out["packages"] = pkgs
    try:
        import pypandoc

        out["pandoc"] = pypandoc.get_pandoc_version()
    except Exception:
        out["pandoc"] = None
    out["typst"] = pkgs.get("typst")
    quarto = shutil.which("quarto")
    out["quarto"] = _run([quarto, "--version"]) if quarto else None
    return out


def input_files(project, region: str, year: int, notebooks: list[Path], yearly: list[Path]) -> list[dict]:
    """Every input file of a region × year with its sha256: programme, yearly file(s), data, notebooks, narrative."""
    entries: list[tuple[str, Path]] = [("programme", project.params_dir / region / "programme.yml")]
    entries += [("params", p) for p in yearly]
    entries += [("data", p) for p in data_files(project.data_dir / region)]
    entries += [("notebook", p) for p in dict.fromkeys(notebooks)]
    nar = project.narrative_dir(region, year)
    if nar.is_dir():
        entries += [("narrative", p) for p in sorted(nar.rglob("*")) if p.is_file() and not p.name.startswith(".")]
    out = []
    for kind, p in entries:
        if p.is_file():
            out.append({"kind": kind, "path": project.rel(p), "sha256": sha256_file(p), "bytes": p.stat().st_size})
    return out


def manifest(project, region: str, year: int, *, build: dict, runs: list[dict], parameters: dict,
             notebooks: list[Path], yearly: list[Path]) -> dict:
    return {
        "format": MANIFEST_FORMAT,
        "region": region,
        "year": year,
        "build": build,
        "git": git_info(project.root),
        "inputs": input_files(project, region, year, notebooks, yearly),
        "parameters": parameters,
        "versions": versions(),
        "runs": runs,
        "outcome": "failed" if any(r.get("outcome") == "failed" for r in runs) else "ok",
    }


def write_manifest(path: Path, data: dict) -> None:
    write_json(path, data, fsync=True)


def read_manifest(path: Path) -> dict | None:
    try:
        data = read_json(path)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _run_entry(run) -> dict:
    """What produced the outputs now in place: this build's run, or the last successful one."""
    e = {"name": run.name, "focus_area": run.focus_area, "notebook": run.notebook_rel, "key": run.key,
         "output_dir": f"runs/{run.name}"}
    res, prev = run.result, run.previous or {}
    if run.outcome == "ok" and res:
        e |= {"outcome": "ok", "reason": run.reason, "started": res.started, "finished": res.finished,
              "seconds": res.seconds, "attempts": res.attempts}
    elif run.outcome == "skipped":
        e |= {"outcome": "ok", "reason": prev.get("reason"), "started": prev.get("started"),
              "finished": prev.get("finished"), "seconds": prev.get("seconds"), "attempts": prev.get("attempts")}
    else:
        e |= {"outcome": run.outcome, "reason": run.reason,
              "error": res.error.get("message") if res and res.error else None,
              "log": f"logs/{run.name}.log",
              "previous_outputs_from": prev.get("finished")}
        if res:
            e |= {"started": res.started, "finished": res.finished, "seconds": res.seconds}
    return e


def write_provenance(project, region: str, year: int, runs: list, build_info: dict, yearly: list[Path]) -> Path:
    year_dir = project.build_dir / region / str(year)
    path = year_dir / "provenance.json"
    data = manifest(
        project, region, year,
        build=build_info | {"ran": [r.name for r in runs if r.outcome in ("ok", "failed")],
                            "skipped": [r.name for r in runs if r.outcome == "skipped"]},
        runs=[_run_entry(r) for r in runs],
        parameters={r.name: r.parameters | {"output_dir": f"build/{region}/{year}/runs/{r.name}"} for r in runs},
        notebooks=[r.notebook for r in runs],
        yearly=yearly,
    )
    old = read_manifest(path)
    if old is not None and {k: v for k, v in old.items() if k != "build"} == {k: v for k, v in data.items() if k != "build"}:
        return path  # the outputs are what the existing manifest says: keep it (and the colophon made from it)
    write_manifest(path, data)
    return path
