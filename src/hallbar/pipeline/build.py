"""The yearly build, one command: check -> assess -> notebook runs -> provenance -> render.

`run_build(project, BuildOptions(...))` is what `hallbar build` calls.

* check (`select`): every selected region is loaded and checked, with its
  notebooks and narratives; any problem stops the build before anything is written.
* assess: `build/<region>/<year>/status.json`, every target's status record.
* runs (`plan`, `scheduler`): one papermill run per region × year × fokusområde
  plus the summary, each in its own process, `jobs` at a time, skipped when
  nothing it depends on changed.
* provenance and render, per region × year as soon as its runs are done.

Only one build runs in a project at a time (`lock`).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from ..analysis.status import assess, records
from ..errors import InputError, Problem
from ..inputs.narrative import narrative_problems
from ..inputs.project import Project, RegionInputs, load_region
from ..jsonio import write_json
from ..report import check_output_dir, choose_renderer
from . import events
from .display import Display
from .lock import build_lock
from .options import BuildOptions, BuildReport
from .plan import SUMMARY, Run, plan_region_year
from .runner import now_iso, recover
from .scheduler import Scheduler


def notebook_problems(project: Project, inputs: RegionInputs) -> list[Problem]:
    """Every focus area's notebook must exist (the generic one unless `notebook:` names another).

    Only the build needs notebooks: `hallbar check` and `hallbar status` work without them.
    """
    prog = inputs.programme
    shown = f"params/{prog.region.id}/programme.yml"
    users: dict[str, list[int]] = {}  # missing notebook -> focus areas that need it
    for i, fa in enumerate(prog.focus_areas):
        if not project.notebook_for(fa.notebook).is_file():
            users.setdefault(fa.notebook or "", []).append(i)
    out = []
    for name, idxs in users.items():
        ids = [prog.focus_areas[i].id for i in idxs]
        where = inputs.where(("focus_areas", idxs[0], "notebook" if name else "id"))
        out.append(Problem(shown, where, f"notebook '{project.rel(project.notebook_for(name or None))}' does not exist "
                           f"(needed by focus area{'s' if len(ids) > 1 else ''} {', '.join(ids)}).",
                           "Create it (copy notebooks/focus_area.ipynb) or remove the 'notebook:' key."
                           if name else "Add notebooks/focus_area.ipynb (the generic focus-area notebook)."))
    return out


def select(project: Project, opts: BuildOptions) -> tuple[dict, list[tuple[str, int]], list[Problem]]:
    """Load and check every selected region; (inputs by region, [(region, year)], warnings). Raises InputError."""
    regions = project.select_regions(opts.regions)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    inputs: dict = {}
    if opts.jobs is not None and opts.jobs < 1:
        problems.append(Problem("--jobs", str(opts.jobs), "must be 1 or more.", "Leave it out to use one run per core."))
    targets: list[tuple[str, int]] = []
    summary_nb = project.notebooks_dir / f"{SUMMARY}.ipynb"
    if not summary_nb.is_file():
        problems.append(Problem(project.rel(summary_nb), "", "does not exist; every region × year runs it.",
                                "Add notebooks/summary.ipynb (see docs/CONTRACTS.md for its parameters)."))
    for region in regions:
        try:
            inp = load_region(project, region)
        except InputError as exc:
            problems += exc.problems
            continue
        inputs[region] = inp
        warnings += inp.warnings
        shown = f"params/{region}/programme.yml"
        problems += notebook_problems(project, inp)
        for fa in inp.programme.focus_areas:
            if fa.id == SUMMARY:
                problems.append(Problem(shown, f"focus_areas[{fa.id}]", f"the id '{SUMMARY}' is taken by the summary notebook's run.",
                                        "Give the focus area another id."))
        if opts.years:
            for y in dict.fromkeys(opts.years):
                if y in inp.years:
                    targets.append((region, y))
                    continue
                have = ", ".join(map(str, sorted(inp.years))) or "none"
                p = Problem(f"params/{region}/{y}.yml", "", f"does not exist, so {y} is not a report year of {region}.",
                            f"Create it, or choose a year that has a yearly file (have: {have}).",
                            "error" if opts.regions else "warning")  # all regions: build those that have the year
                (problems if opts.regions else warnings).append(p)
        elif inp.years:
            targets.append((region, max(inp.years)))
        elif opts.regions:
            problems.append(Problem(f"params/{region}", "", "has no yearly file (<year>.yml), so there is no report year to build.",
                                    "Add params/<region>/<year>.yml."))
    if opts.render:  # narratives are inputs too: a misnamed one is reported before any run
        for region, y in targets:
            for p in narrative_problems(project, region, y, inputs[region].programme, opts.strict):
                (problems if p.is_error else warnings).append(p)
    if opts.render:
        try:  # an unwritable report/_output is reported before the runs, not after them
            check_output_dir(project)
        except InputError as exc:
            problems += exc.problems
        try:  # a renderer that cannot run is a problem to report before an hour of notebook runs
            choose_renderer(opts.renderer)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems + [w for w in warnings if w not in problems])
    if not targets:
        wanted = f" for {', '.join(map(str, opts.years))}" if opts.years else ""
        raise InputError([Problem(str(project.params_dir), "", f"no region has a yearly file{wanted}, so there is nothing to build.",
                                  "Add params/<region>/<year>.yml.")])
    return inputs, targets, warnings




def run_build(project: Project | str | Path, opts: BuildOptions | None = None, display: Display | None = None) -> BuildReport:
    """The whole build. Raises InputError (nothing written) and BuildLocked; returns the report otherwise."""
    project = project if isinstance(project, Project) else Project.at(project)
    opts = opts or BuildOptions()
    display = display or Display(opts.verbosity)
    report = BuildReport(started=now_iso())
    t_build = time.monotonic()

    t0 = time.monotonic()
    inputs, targets, warnings = select(project, opts)
    for w in warnings:
        display.handle(events.Warning(f"warning: {w}"))
    report.stages["check"] = round(time.monotonic() - t0, 3)

    with build_lock(project.build_dir):
        for year_dir in sorted(project.build_dir.glob("*/*")):
            if year_dir.is_dir():
                for what in recover(year_dir):
                    display.handle(events.Note(f"recovered: {what}"))

        t0 = time.monotonic()
        for region, year in targets:
            write_json(project.build_dir / region / str(year) / "status.json", records(assess(inputs[region], year)))
        report.stages["assess"] = round(time.monotonic() - t0, 3)

        t0 = time.monotonic()
        runs_by_ry: dict[tuple[str, int], list[Run]] = {}
        for region, year in targets:
            runs_by_ry[(region, year)] = plan_region_year(project, inputs[region], region, year, opts.force)
        report.runs = [r for runs in runs_by_ry.values() for r in runs]
        report.stages["plan"] = round(time.monotonic() - t0, 3)

        try:
            Scheduler(project, runs_by_ry, opts, report, display.handle).run()
        except KeyboardInterrupt:
            report.finished = now_iso()
            display.error("interrupted: completed runs are in place; unfinished ones left only temp folders, removed by the next build")
            raise
        report.finished = now_iso()
    display.summary(project, report, time.monotonic() - t_build)
    return report


def clean(project: Project, *, outputs: bool = False) -> list[Path]:
    """Remove what builds wrote: build/ (but its lock), and with `outputs` report/_output/. Returns what was removed.

    The caller holds the build lock, so no build is running.
    """
    removed = []
    if project.build_dir.is_dir():
        for child in project.build_dir.iterdir():
            if child.name in (".lock", ".lock.owner"):
                continue
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        removed.append(project.build_dir)
    if outputs and project.output_dir.exists():
        shutil.rmtree(project.output_dir)
        removed.append(project.output_dir)
    return removed
