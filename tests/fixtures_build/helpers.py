"""Helpers for the build tests: a tmp copy of a project, a build with captured output, notebook edits."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from rich.console import Console

from hallbar.pipeline.build import run_build
from hallbar.pipeline.display import Display
from hallbar.pipeline.options import BuildOptions, BuildReport

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "project"
REPO = HERE.parents[1]
HALLBAR = Path(sys.executable).with_name("hallbar")


def copy_fixture(dest: Path) -> Path:
    """A tmp copy of the small two-region test project (alfa, beta) with its tiny notebooks."""
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns("build", "__pycache__"))
    return dest


def copy_repo_project(dest: Path) -> Path:
    """params/ and data/ of the repository with the tiny test notebooks (never the repo's build/)."""
    for name in ("params", "data"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copytree(FIXTURE / "notebooks", dest / "notebooks")
    # a focus area with its own `notebook:` gets the tiny focus-area notebook under that name
    for prog in (dest / "params").glob("*/programme.yml"):
        for name in re.findall(r"^\s*notebook:\s*([A-Za-z0-9_-]+)", prog.read_text(encoding="utf-8"), re.M):
            shutil.copy(FIXTURE / "notebooks" / "focus_area.ipynb", dest / "notebooks" / f"{name}.ipynb")
    return dest


class Captured:
    def __init__(self, report: BuildReport, out: str, err: str):
        self.report, self.out, self.err = report, out, err

    def by_name(self, region: str = "alfa") -> dict:
        return {r.name: r for r in self.report.runs if r.region == region}

    def ran(self) -> set[tuple[str, str]]:
        return {(r.region, r.name) for r in self.report.runs if r.outcome in ("ok", "failed")}


def build(project: Path, verbosity: int = 1, **options) -> Captured:
    """`hallbar build` in-process (render off, 2 jobs), output captured."""
    out, err = io.StringIO(), io.StringIO()
    display = Display(verbosity, console=Console(file=out, width=200, highlight=False), err_console=Console(file=err, width=200, highlight=False))
    options.setdefault("jobs", 2)
    options.setdefault("render", False)
    report = run_build(project, BuildOptions(verbosity=verbosity, **options), display=display)
    return Captured(report, out.getvalue(), err.getvalue())


def add_cell(notebook: Path, source: str, index: int | None = None) -> None:
    nb = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_code_cell(source)
    cell["id"] = f"added-{len(nb.cells)}"
    nb.cells.insert(len(nb.cells) if index is None else index, cell)
    nbformat.write(nb, notebook)


def set_value(csv_path: Path, indicator: str, year: int, value: str) -> None:
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    hits = 0
    for i, line in enumerate(lines):
        parts = line.split(",")
        if parts[:2] == [indicator, str(year)]:
            parts[2] = value
            lines[i] = ",".join(parts)
            hits += 1
    assert hits == 1, f"{indicator} {year} not found once in {csv_path}"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (to compare outputs before and after)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def start_cli_build(project: Path, *args: str) -> subprocess.Popen:
    exe = [str(HALLBAR)] if HALLBAR.exists() else [sys.executable, "-m", "hallbar"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.Popen([*exe, "--project", str(project), "build", "--no-render", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", env=env, cwd=project)


def run_cli(project: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    proc = start_cli_build(project, *args)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def wait_for(predicate, timeout: float = 60, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie counts as gone
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def descendants(pid: int) -> set[int]:
    """Every process below pid (Linux /proc); empty where /proc is missing."""
    children: dict[int, list[int]] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return set()
    for p in proc.iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().split(")")[-1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(p.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out
