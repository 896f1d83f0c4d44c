"""Shared fixtures. Keep this small; name fixtures after what they give.

Foundation fixtures (params/data/project engineer):
  hallbar_cli      -> function running the real `hallbar` command in a subprocess
  demo_project     -> tmp copy of the small valid project in tests/bad_inputs/_base
  repo_project     -> tmp copy of the repository's params/, data/ and notebooks/

Quality-gate fixtures (see the section below): demo_build, browser, artifacts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"
DEMO_BASE = BAD_INPUTS / "_base"
HALLBAR = Path(sys.executable).with_name("hallbar")
_STARTED = pytest.StashKey[float]()


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


# --- the demo report, built once (quality gates: browser, PDF, reproducibility, faults) -----------
#
#   demo_build      -> Path of a tmp project with the whole demo built (all regions, DEMO_YEAR, builtin renderer).
#                      Session-scoped: every test using it must be in @pytest.mark.xdist_group("demo"), so that
#                      `pytest -n 2 --dist loadgroup` builds it once, on one worker.
#   browser         -> a headless Chromium (Playwright), session-scoped; skipped where none is installed
#   artifacts       -> test-artifacts/ in the repository (gitignored): screenshots, PNG pages, axe results
#
# With HALLBAR_REQUIRE_TOOLS=1 (set by .ci/run) a missing browser or poppler fails instead of skipping.

DEMO_REGIONS = ("kronoberg", "norrbotten", "orebro")
DEMO_YEAR = 2025
ARTIFACTS = Path(os.environ.get("HALLBAR_ARTIFACTS", REPO / "test-artifacts"))
REQUIRE_TOOLS = os.environ.get("HALLBAR_REQUIRE_TOOLS", "") not in ("", "0")
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdftoppm", "pdfinfo"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def missing_tool(reason: str) -> None:
    """Skip (a developer's machine without the tool) or, in CI, fail: a quality gate must not skip silently."""
    if REQUIRE_TOOLS:
        pytest.fail(f"{reason} (HALLBAR_REQUIRE_TOOLS is set)", pytrace=False)
    pytest.skip(reason)


def require_poppler() -> None:
    if not POPPLER:
        missing_tool("poppler-utils (pdftotext, pdftoppm, pdfinfo) is not installed; .ci/run installs it")


def copy_project(dest: Path) -> Path:
    """A tmp copy of the repository's project: params/, data/, notebooks/, report/ without _output (the installed hallbar is used)."""
    for name in ("params", "data", "notebooks"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copytree(REPO / "report", dest / "report", ignore=shutil.ignore_patterns("_output"))
    return dest


def build_demo(dest: Path, *args: str, timeout: float = 1500) -> Path:
    """copy_project + `hallbar build --renderer builtin --year DEMO_YEAR ARGS...`; asserts it succeeded."""
    copy_project(dest)
    proc = run_hallbar(dest, "build", "--renderer", "builtin", "--year", str(DEMO_YEAR), *args, timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return dest


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """The demo built once per session: build/<region>/DEMO_YEAR/ and report/_output/ of every region. Read only.

    HALLBAR_DEMO_BUILD=DIR reuses a project built that way (to iterate on these tests without a build each time).
    """
    reuse = os.environ.get("HALLBAR_DEMO_BUILD")
    if reuse:
        return Path(reuse).resolve()
    return build_demo(tmp_path_factory.mktemp("demo") / "project")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("HALLBAR_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium through Playwright (Debian's chromium: Playwright cannot download its own here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("playwright is not installed (pip install -e '.[test]')")
    exe = chromium_path()
    if exe is None:
        missing_tool("no Chromium found (apt-get install chromium, or set HALLBAR_CHROMIUM); .ci/run installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pdf_text(pdf: Path, *pages: int) -> str:
    """pdftotext -enc UTF-8 of the whole PDF (or pages first..last); pages are separated by form feeds."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, encoding="utf-8", check=True).stdout


def flat(text: str) -> str:
    """Whitespace collapsed, soft hyphens dropped: text as a reader sees it, line breaks aside."""
    return " ".join(text.replace("\u00ad", "").split())


def html_text(page: Path) -> str:
    """The text content of an HTML page (head aside), whitespace collapsed."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["style", "script", "head"]):
        tag.decompose()
    return flat(soup.get_text(" "))


def pytest_sessionstart(session) -> None:
    session.config.stash[_STARTED] = time.time()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """List the artifacts this run wrote (screenshots, PDF pages, axe results), also from xdist workers."""
    started = config.stash.get(_STARTED, None)
    if started is None or not ARTIFACTS.is_dir() or hasattr(config, "workerinput"):
        return
    fresh = sorted(p for p in ARTIFACTS.rglob("*") if p.is_file() and p.stat().st_mtime >= started - 1)
    if fresh:
        terminalreporter.section("test artifacts")
        for p in fresh:
            terminalreporter.write_line(str(p))
