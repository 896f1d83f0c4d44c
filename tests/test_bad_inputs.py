"""The bad-input corpus: every case in tests/bad_inputs/<case>/ through the real CLI.

A case folder holds the broken file(s), laid over the small valid project in
``tests/bad_inputs/_base/`` (same relative paths), and a ``case.yml``::

    command: check --region ../etc   # optional, default: check
    exit: 0                          # optional, default: 1 (0 = input that must be accepted)
    expect:                          # fragments that must all appear in stdout+stderr:
      - params/demo/programme.yml    #   the file,
      - indicators.jamix.colour      #   the key path or row,
      - Unknown key 'colour'         #   what is wrong
    reject: [error, warning]         # optional: fragments that must NOT appear (positive cases)
    remove: [data/demo/data.csv]     # optional: base files to delete first
    allow_new_build_files: true      # optional: a failing `build` may leave new files in build/
                                     # (never in report/_output/, never changing existing ones)

Every run must end without a Python traceback and leave existing build/ and
report/_output/ files untouched. See tests/bad_inputs/README.md.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import BAD_INPUTS, DEMO_BASE, run_hallbar

CASES = sorted(p.name for p in BAD_INPUTS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
MIN_CASES = 25
SENTINELS = ("build/demo/2024/keep.txt", "report/_output/demo/2024/index.html", "report/_output/index.html")


def _snapshot(root: Path) -> dict[str, bytes]:
    out = {}
    for top in ("build", "report/_output"):
        for p in sorted((root / top).rglob("*")):
            out[str(p.relative_to(root))] = p.read_bytes() if p.is_file() else b"<dir>"
    return out


def _lay_out(case_dir: Path, dest: Path, spec: dict) -> None:
    shutil.copytree(DEMO_BASE, dest)
    for rel in spec.get("remove", []):
        (dest / rel).unlink()
    for src in case_dir.rglob("*"):
        if src.is_file() and src.name != "case.yml":
            target = dest / src.relative_to(case_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    for rel in SENTINELS:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(f"sentinel {rel}\n", encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_case(name: str, tmp_path: Path) -> None:
    case_dir = BAD_INPUTS / name
    spec = yaml.safe_load((case_dir / "case.yml").read_text(encoding="utf-8"))
    assert spec.get("expect"), f"{name}/case.yml needs a non-empty 'expect:' list"
    project = tmp_path / "project"
    _lay_out(case_dir, project, spec)
    before = _snapshot(project)

    proc = run_hallbar(project, *shlex.split(str(spec.get("command", "check"))))
    output = proc.stdout + proc.stderr
    shown = f"\n--- output of case {name} (exit {proc.returncode}) ---\n{output}"

    assert "Traceback" not in output, shown
    assert proc.returncode == int(spec.get("exit", 1)), shown
    missing = [frag for frag in spec["expect"] if str(frag) not in output]
    assert not missing, f"missing fragments {missing}" + shown
    unwanted = [frag for frag in spec.get("reject", []) if str(frag) in output]
    assert not unwanted, f"unwanted fragments {unwanted}" + shown
    after = _snapshot(project)
    changed = sorted(k for k in before if after.get(k) != before[k])
    added = sorted(k for k in after if k not in before)
    if spec.get("allow_new_build_files"):
        added = [k for k in added if not k.startswith("build/")]
    assert not changed, f"existing files in build/ or report/_output/ changed or vanished: {changed}" + shown
    assert not added, f"new files in build/ or report/_output/: {added}" + shown


def test_corpus_size() -> None:
    positive = [c for c in CASES if yaml.safe_load((BAD_INPUTS / c / "case.yml").read_text(encoding="utf-8")).get("exit", 1) == 0]
    print(f"bad-input corpus: {len(CASES)} cases ({len(CASES) - len(positive)} rejected, {len(positive)} accepted)")
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} bad-input cases; the corpus promises at least {MIN_CASES}"
    assert positive, "the corpus should hold at least one input that must be accepted (e.g. a BOM)"


def test_base_project_is_valid(tmp_path: Path) -> None:
    """The base every case is laid over must itself pass `hallbar check` without warnings."""
    project = tmp_path / "project"
    shutil.copytree(DEMO_BASE, project)
    proc = run_hallbar(project, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "warning" not in proc.stdout + proc.stderr
