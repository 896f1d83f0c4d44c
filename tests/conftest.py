"""Shared fixtures. Keep this small; name fixtures after what they give.

Foundation fixtures (params/data/project engineer):
  hallbar_cli      -> function running the real `hallbar` command in a subprocess
  demo_project     -> tmp copy of the small valid project in tests/bad_inputs/_base
  repo_project     -> tmp copy of the repository's params/, data/ and notebooks/
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"
DEMO_BASE = BAD_INPUTS / "_base"
HALLBAR = Path(sys.executable).with_name("hallbar")


def run_hallbar(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`hallbar --project PROJECT ARGS...` in a subprocess, as a user runs it."""
    exe = [str(HALLBAR)] if HALLBAR.exists() else [sys.executable, "-m", "hallbar"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run([*exe, "--project", str(project), *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, env=env, cwd=project)


@pytest.fixture
def hallbar_cli():
    return run_hallbar


@pytest.fixture
def demo_project(tmp_path: Path) -> Path:
    dest = tmp_path / "demo-project"
    shutil.copytree(DEMO_BASE, dest)
    return dest


@pytest.fixture
def repo_project(tmp_path: Path) -> Path:
    dest = tmp_path / "repo-project"
    for name in ("params", "data", "notebooks"):
        shutil.copytree(REPO / name, dest / name)
    return dest
