"""Shared fixtures. Keep this small; name fixtures after what they give.

Foundation fixtures (params/data/project engineer):
  hallbar_cli      -> function running the real `hallbar` command in a subprocess
  demo_project     -> tmp copy of the small valid project in tests/bad_inputs/_base
  repo_project     -> tmp copy of the repository's params/, data/ and notebooks/

Quality-gate fixtures (see the section below): demo_build, browser, artifacts.
"""

from __future__ import annotations

import functools
import json
import os
import re
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


@functools.cache
def pdf_chars(pdf: Path) -> list[list]:
    """Per page, every character pdfminer finds (its LTChar: text, size, position, font). Parsed once per
    PDF and worker: the print and the layout tests read the same PDFs (about 20 s for Kronoberg's)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    pages = []
    for page in extract_pages(str(pdf)):
        chars, stack = [], list(page)
        while stack:
            el = stack.pop()
            if isinstance(el, LTChar):
                chars.append(el)
            elif hasattr(el, "__iter__"):
                stack.extend(el)
        pages.append(chars)
    return pages


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


# --- comparing two builds of the same inputs (test_reproducible, test_faults) --------------------
#
# Only the colophon may differ: its build-time lines (when, the command, the machine and backend of
# the build, when each run finished). Everything else must be the same, byte for byte where the format allows.

TIMESTAMP = re.compile(r"\d{4}-\d\d-\s?\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")
COLOPHON_PAGE = "bilaga-kolofon.html"
COLOPHON_ANCHOR = "bilaga-kolofon"


BUILD_TIME_ROWS = ("Kommando", "Dator", "Körmiljö")  # how this build was run; "Byggd" is a timestamp
_NEXT_ROW = "|".join((*BUILD_TIME_ROWS, "Bygget", "Renderad"))


def normalise_colophon(text: str, root: Path) -> str:
    """The colophon's text without its build-time values: timestamps, command, machine, backend, the project's folder."""
    text = flat(text).replace(str(root), "<projekt>")
    text = TIMESTAMP.sub("<tid>", text)
    for row in BUILD_TIME_ROWS:
        text = re.sub(rf"\b{row} .*? (?=(?:{_NEXT_ROW}) )", f"{row} <bygge> ", text, count=1)
    return text


def dest_pages(pdf: Path) -> dict[str, int]:
    """Named destinations (the report's anchors: f-<focus>, t-<target>, bilaga-kolofon, ...) -> page number."""
    out = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    return {m.group(2): int(m.group(1)) for m in re.finditer(r'^\s*(\d+)\s+\[.*?\]\s+"([^"]+)"', out, re.M)}


def pdf_report_text(pdf: Path, root: Path) -> tuple[str, str]:
    """(text before the colophon, the colophon's normalised text); the reader's PDF has no colophon, so ('all', '')."""
    pages = pdf_text(pdf).split("\f")
    first = dest_pages(pdf).get(COLOPHON_ANCHOR)
    if first is None:
        return flat("\n".join(pages)), ""
    return flat("\n".join(pages[: first - 1])), normalise_colophon("\n".join(pages[first - 1:]), root)


def xlsx_values(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True, read_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def report_differences(a: Path, b: Path, regions=DEMO_REGIONS, year: int = DEMO_YEAR) -> list[str]:
    """What differs between two built projects, beyond the colophon's build-time lines (empty: the same report)."""
    diffs: list[str] = []

    def same_bytes(rel: str) -> None:
        pa, pb = a / rel, b / rel
        if not pa.is_file() or not pb.is_file():
            diffs.append(f"{rel}: missing in {'the first' if not pa.is_file() else 'the second'} build")
        elif pa.read_bytes() != pb.read_bytes():
            diffs.append(f"{rel}: bytes differ")

    for region in regions:
        build = f"build/{region}/{year}"
        same_bytes(f"{build}/status.json")
        # the chapters made of the executed notebooks, and their figures, byte for byte
        chap_a, chap_b = _files(a / build / "quarto"), _files(b / build / "quarto")
        results = {f for f in chap_a | chap_b if f.startswith("figures/") or f.endswith(".ipynb")}
        if not any(f.endswith(".svg") for f in results):
            diffs.append(f"{build}/quarto: no figures")
        for rel in sorted(results):
            same_bytes(f"{build}/quarto/{rel}")
        out = f"report/_output/{region}/{year}"
        fa, fb = _files(a / out), _files(b / out)
        if fa != fb:
            diffs.append(f"{out}: other files: {sorted(fa ^ fb)}")
        for rel in sorted(fa & fb):
            pa, pb = a / out / rel, b / out / rel
            if rel == "rapport.json":
                ja, jb = (json.loads(p.read_text(encoding="utf-8")) for p in (pa, pb))
                if {k: v for k, v in ja.items() if k != "rendered"} != {k: v for k, v in jb.items() if k != "rendered"}:
                    diffs.append(f"{out}/{rel}: differs beyond 'rendered'")
            elif rel.endswith(".pdf"):
                (head_a, col_a), (head_b, col_b) = pdf_report_text(pa, a), pdf_report_text(pb, b)
                if head_a != head_b:
                    diffs.append(f"{out}/{rel}: text before the colophon differs: " + _first_difference(head_a, head_b))
                if col_a != col_b:
                    diffs.append(f"{out}/{rel}: colophon differs beyond build times: " + _first_difference(col_a, col_b))
            elif rel.endswith(".xlsx"):
                if xlsx_values(pa) != xlsx_values(pb):
                    diffs.append(f"{out}/{rel}: cell values differ")
            elif rel == COLOPHON_PAGE:
                ta, tb = normalise_colophon(html_text(pa), a), normalise_colophon(html_text(pb), b)
                if ta != tb:
                    diffs.append(f"{out}/{rel}: colophon differs beyond build times: " + _first_difference(ta, tb))
            else:  # the other pages, figures, the CSV
                same_bytes(f"{out}/{rel}")
    same_bytes("report/_output/index.html")
    return diffs


def _first_difference(x: str, y: str, context: int = 60) -> str:
    i = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
    return f"…{x[max(0, i - context): i + context]!r} vs …{y[max(0, i - context): i + context]!r}"
