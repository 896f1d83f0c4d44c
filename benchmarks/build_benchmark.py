"""Benchmark of `hallbar build` on the demo project (not a test).

    .venv/bin/python benchmarks/build_benchmark.py [--project DIR] [--jobs N] [--regions R ...] [--no-render]

Works in a tmp copy of the project (params/, data/, notebooks/, report/ without
_output), never in the project's own build/. Prints one JSON line per case:

  (a) full      a full build in a fresh build folder, --force
  (b) noop      the same build again: nothing changed, nothing should run
  (c) one_obs   one observation changed: only the runs that read it (+ summary) re-run
  (d) naive     the same runs with the `papermill` command line, one after another, and the
                ratio full/naive: the full build without rendering (timed again, fresh build
                folder) over naive, and the full build with rendering (a) over naive

Each build is a fresh interpreter (as `hallbar build` is), timed from the outside
(wall seconds, interpreter start included); its stage times come from the build itself.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def emit(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False), flush=True)


# --- one build, in a child interpreter ------------------------------------------------------------


def child_build(project: str, force: bool, jobs: int | None, render: bool) -> None:
    from rich.console import Console

    from hallbar.pipeline.build import run_build
    from hallbar.pipeline.display import Display
    from hallbar.pipeline.options import BuildOptions

    with open(os.devnull, "w") as devnull:
        display = Display(0, console=Console(file=devnull), err_console=Console(file=sys.stderr))
        report = run_build(project, BuildOptions(force=force, jobs=jobs, render=render, verbosity=0,
                                                 command="build_benchmark"), display=display)
    print("RESULT " + json.dumps({
        "exit_code": report.exit_code,
        "stages": report.stages,
        "runs": len(report.runs),
        "executed": [f"{r.region}/{r.year}/{r.name}" for r in report.runs if r.outcome in ("ok", "failed")],
        "failed": [f"{r.region}/{r.year}/{r.name}" for r in report.failed_runs],
        "reasons": {f"{r.region}/{r.year}/{r.name}": r.reason for r in report.runs if r.outcome in ("ok", "failed")},
        "renders": [{"what": f"{x.region}/{x.year}" if x.year else "landing", "outcome": x.outcome, "seconds": x.seconds}
                    for x in report.renders],
        "jobs": report.jobs,
    }, ensure_ascii=False), flush=True)


def timed_build(project: Path, *, force: bool, jobs: int | None, render: bool) -> dict:
    cmd = [sys.executable, __file__, "--_child", str(project)] + (["--force"] if force else []) + \
          (["--jobs", str(jobs)] if jobs else []) + ([] if render else ["--no-render"])
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    wall = time.perf_counter() - t0
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"build failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return {"wall_s": round(wall, 2)} | json.loads(line[len("RESULT "):])


# --- the cases -----------------------------------------------------------------------------------


def copy_project(src: Path, dest: Path) -> Path:
    for name in ("params", "data", "notebooks", "report"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dest / name, ignore=shutil.ignore_patterns("_output", ".ipynb_checkpoints", "__pycache__"))
    return dest


def change_one_observation(project: Path) -> dict:
    """Add 1 to the value of the last numeric row of the first region's first data file."""
    from hallbar.inputs.observations import data_files

    region = sorted(p.name for p in (project / "params").iterdir() if (p / "programme.yml").is_file())[0]
    for path in data_files(project / "data" / region):
        if path.suffix != ".csv":
            continue
        text = path.read_text(encoding="utf-8-sig")
        delim = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
        head = [h.strip().lower() for h in rows[0]]
        i_ind, i_year, i_val = head.index("indicator"), head.index("year"), head.index("value")
        for row in reversed(rows[1:]):
            try:
                value = float(row[i_val].replace(",", "."))
            except (ValueError, IndexError):
                continue
            row[i_val] = f"{value + 1:g}"
            buf = io.StringIO()
            csv.writer(buf, delimiter=delim, lineterminator="\n").writerows(rows)
            path.write_text(buf.getvalue(), encoding="utf-8")
            return {"region": region, "file": str(path.relative_to(project)), "indicator": row[i_ind], "year": row[i_year],
                    "value": f"{value:g} -> {value + 1:g}"}
    raise SystemExit("no CSV observation to change")


def planned_runs(project: Path) -> list[dict]:
    from hallbar.inputs.project import Project
    from hallbar.pipeline.build import select
    from hallbar.pipeline.options import BuildOptions
    from hallbar.pipeline.plan import plan_region_year

    proj = Project.at(project)
    opts = BuildOptions(force=True)
    inputs, targets, _ = select(proj, opts)
    return [{"region": r.region, "year": r.year, "name": r.name, "notebook": str(r.notebook), "parameters": r.parameters}
            for region, year in targets for r in plan_region_year(proj, inputs[region], region, year, force=True)]


def naive(project: Path, runs: list[dict]) -> dict:
    """The same runs, one `papermill` command after another (what one would write without hallbar)."""
    papermill = Path(sys.executable).with_name("papermill")
    exe = [str(papermill)] if papermill.exists() else [sys.executable, "-m", "papermill"]
    out_root = project / "naive"
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    t0 = time.perf_counter()
    failed = []
    for run in runs:
        out = out_root / run["region"] / str(run["year"]) / run["name"]
        out.mkdir(parents=True, exist_ok=True)
        params = dict(run["parameters"], project_dir=str(project), output_dir=str(out))
        cmd = [*exe, run["notebook"], str(out / "executed.ipynb"), "--cwd", str(Path(run["notebook"]).parent)]
        for k, v in params.items():
            cmd += ["-p", k, str(v)]
        if subprocess.run(cmd, capture_output=True, env=env).returncode != 0:
            failed.append(run["name"])
    return {"wall_s": round(time.perf_counter() - t0, 2), "runs": len(runs), "failed": failed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--project", type=Path, default=REPO)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--no-render", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the tmp project and print its path")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    ap.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        child_build(args._child, args.force, args.jobs, not args.no_render)
        return

    render = not args.no_render
    tmp = Path(tempfile.mkdtemp(prefix="hallbar-bench-"))
    try:
        project = copy_project(args.project.resolve(), tmp / "project")
        emit({"case": "setup", "project": str(args.project.resolve()), "cpus": os.cpu_count(), "python": sys.version.split()[0],
              "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None})

        full = timed_build(project, force=True, jobs=args.jobs, render=render)
        emit({"case": "a_full", "wall_s": full["wall_s"], "runs": full["runs"], "executed": len(full["executed"]),
              "failed": full["failed"], "jobs": full["jobs"], "stages_s": full["stages"], "renders": full["renders"],
              "render_available": full["render_available"]})

        noop = timed_build(project, force=False, jobs=args.jobs, render=render)
        emit({"case": "b_noop", "wall_s": noop["wall_s"], "runs": noop["runs"], "executed": len(noop["executed"]),
              "reasons": noop["reasons"], "stages_s": noop["stages"]})

        changed = change_one_observation(project)
        one = timed_build(project, force=False, jobs=args.jobs, render=render)
        emit({"case": "c_one_observation", "changed": changed, "wall_s": one["wall_s"], "runs": one["runs"],
              "executed": len(one["executed"]), "reran": one["reasons"], "stages_s": one["stages"]})

        # the same full build without the render stage (fresh build folder): the work naive papermill does too
        shutil.rmtree(project / "build")
        runs_only = timed_build(project, force=True, jobs=args.jobs, render=False)
        runs = planned_runs(project)
        nv = naive(project, runs)
        emit({"case": "d_naive", "wall_s": nv["wall_s"], "runs": nv["runs"], "failed": nv["failed"],
              "full_runs_only_wall_s": runs_only["wall_s"], "full_incl_render_wall_s": full["wall_s"],
              "ratio_full_over_naive": round(runs_only["wall_s"] / nv["wall_s"], 3),
              "ratio_full_incl_render_over_naive": round(full["wall_s"] / nv["wall_s"], 3)})
        if args.keep:
            emit({"case": "kept", "path": str(project)})
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
