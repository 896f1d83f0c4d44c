"""Content hashes and the provenance manifest of a region × year.

Hashes are of content, never of file times: a file's bytes, a notebook's code
cells (source only: outputs, execution counts and metadata do not count), a
region's observation rows (the values, not the file or row they came from).

`build/<region>/<year>/provenance.json` records what produced the report: git
commit and dirty flag, the sha256 of every input file, the notebook
parameters, Python and package versions, start and end time, and each run's
timing and outcome. The report's colophon is made from it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import platform
import shutil
import subprocess
import sys
from pathlib import Path

MANIFEST_FORMAT = 1
PACKAGES = ("hallbar", "papermill", "nbclient", "nbformat", "nbconvert", "ipykernel", "jupyter-client", "pandas", "numpy",
            "matplotlib", "seaborn", "pydantic", "openpyxl", "pyyaml", "jinja2", "rich", "pypandoc-binary",
            "typst", "dask", "distributed")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_json(data) -> str:
    return sha256_bytes(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8"))


def notebook_code_hash(path: Path) -> str:
    """sha256 of the code cells' sources, in order; outputs, counts, metadata and markdown do not count."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    sources = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            sources.append("".join(src) if isinstance(src, list) else str(src))
    lang = (nb.get("metadata", {}).get("kernelspec") or {}).get("name", "")
    return sha256_json({"kernel": lang, "cells": sources})


def _cell(v) -> str:
    if isinstance(v, float):
        return "nan" if math.isnan(v) else repr(v)
    return str(v)


ROW_FIELDS = ("sex", "value", "missing", "source", "note", "example")


def data_hashes(observations, indicators) -> dict[str, dict[str, str]]:
    """{indicator: {year: sha256 of its rows}} for the given indicators (rows of every sex).

    Only the observation's content counts: moving a row to another file or line changes nothing.
    """
    wanted = set(indicators)
    groups: dict[str, dict[str, list[str]]] = {i: {} for i in sorted(wanted)}
    if observations is not None and not observations.empty:
        cols = [c for c in ROW_FIELDS if c in observations.columns]
        sel = observations[observations.indicator.isin(wanted)]
        for rec in sel[["indicator", "year", *cols]].itertuples(index=False):
            row = rec._asdict()
            line = "|".join(_cell(row[c]) for c in cols)
            groups[row["indicator"]].setdefault(str(int(row["year"])), []).append(line)
    return {ind: {y: sha256_bytes("\n".join(sorted(lines)).encode("utf-8")) for y, lines in sorted(years.items())}
            for ind, years in groups.items()}


# Modules no notebook run uses: the build machinery, the command line, the example-data generator and
# the report stage (render*, report_*, mdtext, style, templates). Editing them does not re-run notebooks
# (the render stage's cache uses the hash of the whole package). A new module counts until it is listed
# here, which errs on the side of re-running.
NOT_RUN_INPUTS = ("__main__.py", "cli.py", "build.py", "execute.py", "provenance.py", "assess.py", "exampledata.py",
                  "mdtext.py", "style.py", "templates")
NOT_RUN_PREFIXES = ("render", "report_")


@functools.lru_cache(maxsize=2)
def hallbar_version(scope: str = "runs") -> str:
    """The package version plus a hash of its source, so an edited (unreleased) hallbar counts as a new version.

    scope "runs": the modules a notebook can use (see NOT_RUN_INPUTS); "all": every file of the package.
    """
    from . import __version__

    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(pkg.rglob("*")):
        rel = p.relative_to(pkg)
        if scope == "runs" and (rel.parts[0] in NOT_RUN_INPUTS or rel.parts[0].startswith(NOT_RUN_PREFIXES)):
            continue
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
            h.update(str(rel).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
    return f"{__version__}+src.{h.hexdigest()[:12]}"


# --- environment ---------------------------------------------------------------------------------


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


# --- the manifest --------------------------------------------------------------------------------


def input_files(project, region: str, year: int, notebooks: list[Path], yearly: list[Path]) -> list[dict]:
    """Every input file of a region × year with its sha256: programme, yearly file(s), data, notebooks, narrative."""
    from .data import data_files

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
    from .execute import write_json_atomic

    write_json_atomic(path, data)


def read_manifest(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
