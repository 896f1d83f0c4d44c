"""Faults around a real build of the demo (what tests/test_build.py does not cover with its tiny notebooks).

* A build killed with SIGKILL (the whole process group: the build, its workers and kernels) while the
  notebooks run, and while the report renders: the previous report stays exactly as it was, the next
  plain `hallbar build` completes, and its report is the same as an uninterrupted build's (as in
  test_reproducible: only the colophon's build-time lines may differ).
* report/_output that cannot be written: a regular file where the folder should be, and a read-only
  folder (chmod 0o555; as root, where chmod does not stop writes, the immutable attribute
  `chattr +i` instead, or a skip saying why): exit 1 with a clear message, no traceback, the previous
  report untouched.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO_YEAR, HALLBAR, report_differences, require_poppler, run_hallbar

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]
REGION = "kronoberg"
BUILD = ("build", "--renderer", "builtin", "--year", str(DEMO_YEAR), "--region", REGION)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden_leftovers(root: Path) -> list[str]:
    places = [root / "report" / "_output" / REGION, root / "build" / REGION / str(DEMO_YEAR) / "runs"]
    return [str(p.relative_to(root)) for d in places if d.is_dir() for p in d.iterdir() if p.name.startswith(".")]


@pytest.fixture
def project(demo_build: Path, tmp_path: Path) -> Path:
    """A tmp copy of the built demo: its runs are up to date, its report is the 'previous report'."""
    dest = tmp_path / "project"
    shutil.copytree(demo_build, dest, symlinks=True)
    return dest


def start_build(root: Path, *args: str) -> subprocess.Popen:
    exe = [str(HALLBAR)] if HALLBAR.exists() else [sys.executable, "-m", "hallbar"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.Popen([*exe, "--project", str(root), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, cwd=root, start_new_session=True)  # its own process group: we kill all of it


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def wait_for(predicate, proc: subprocess.Popen, what: str, timeout: float = 300) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if proc.poll() is not None:
            raise AssertionError(f"the build ended (exit {proc.returncode}) before {what}")
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _running_notebook(root: Path):
    runs = root / "build" / REGION / str(DEMO_YEAR) / "runs"
    return lambda: any(runs.glob(".tmp-*/*.ipynb"))  # papermill saves the executed notebook as each cell runs


def _rendering(root: Path):
    out = root / "report" / "_output" / REGION
    return lambda: any(out.glob(f".{DEMO_YEAR}.tmp-*/*.html"))  # pages are being written into the temporary folder


@pytest.mark.parametrize("moment", ["notebook runs", "render"])
def test_sigkill_midway_keeps_the_previous_report_and_the_next_build_matches(project: Path, demo_build: Path, moment: str) -> None:
    require_poppler()
    report = project / "report" / "_output" / REGION / str(DEMO_YEAR)
    before, landing = tree(report), (project / "report" / "_output" / "index.html").read_bytes()
    proc = start_build(project, *BUILD, "--force")
    try:
        wait_for(_running_notebook(project) if moment == "notebook runs" else _rendering(project), proc, f"the {moment}")
    finally:
        kill_group(proc)
    assert proc.returncode == -signal.SIGKILL
    assert tree(report) == before, f"killed during the {moment}: the previous report changed"
    assert (project / "report" / "_output" / "index.html").read_bytes() == landing

    done = run_hallbar(project, *BUILD, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert not hidden_leftovers(project), hidden_leftovers(project)
    diffs = report_differences(demo_build, project, regions=(REGION,))
    assert not diffs, f"after a kill during the {moment}, the next build's report differs from an uninterrupted one:\n" + "\n".join(diffs)


def _expect_clear_failure(project: Path, what: str) -> None:
    done = run_hallbar(project, *BUILD, timeout=600)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    assert "report/_output" in done.stderr and what in done.stderr, done.stderr[-3000:]


def test_output_folder_is_a_file(project: Path) -> None:
    output = project / "report" / "_output"
    shutil.rmtree(output)
    output.write_text("not a folder\n", encoding="utf-8")
    _expect_clear_failure(project, "is a file, not a folder")
    assert output.read_text(encoding="utf-8") == "not a folder\n"


def _chattr(flag: str, paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, text=True)


def test_read_only_output_folder(project: Path) -> None:
    output = project / "report" / "_output"
    folders = [output, *sorted(p for p in output.rglob("*") if p.is_dir())]
    before = tree(output)
    if os.geteuid() != 0:
        for d in folders:
            d.chmod(0o555)
        undo = lambda: [d.chmod(0o755) for d in folders]  # noqa: E731
    else:  # root writes through chmod 0o555; the immutable attribute stops root too
        if not shutil.which("chattr"):
            pytest.skip("running as root, where chmod 0o555 does not stop writes, and chattr (e2fsprogs) is not installed; "
                        "the regular-file case (test_output_folder_is_a_file) still runs")
        done = _chattr("+i", folders)
        if done.returncode != 0:
            _chattr("-i", folders)
            pytest.skip(f"running as root, where chmod 0o555 does not stop writes, and chattr +i is not permitted here "
                        f"({done.stderr.strip()}); the regular-file case (test_output_folder_is_a_file) still runs")
        undo = lambda: _chattr("-i", folders)  # noqa: E731
    try:
        try:
            (output / "probe").write_text("x")
        except OSError:
            pass
        else:
            pytest.fail("the read-only mechanism did not stop a write")
        (project / "build" / REGION / str(DEMO_YEAR) / ".cache" / "render.json").unlink(missing_ok=True)  # must render again
        _expect_clear_failure(project, "read-only")
        assert tree(output) == before
    finally:
        undo()
