"""The yearly build, one command: check -> assess -> notebook runs -> render.

`run_build(project, BuildOptions(...))` is what `hallbar build` calls.

* check: `project.load_region` for every region; any `InputError` stops the
  build before anything is written.
* assess: `build/<region>/<year>/status.json` from `status.assess_programme`.
* runs: one papermill run per region × year × fokusområde (the focus area's
  own `notebook:` or `notebooks/focus_area.ipynb`) plus `notebooks/summary.ipynb`,
  each in its own process (`execute.run_one`), `jobs` at a time, on local
  processes or a Dask cluster. A run is skipped when the content hash of
  everything it depends on (notebook code cells, parameters, params files,
  the data rows it reads, hallbar's version) equals the one in its cache
  record, and its outputs exist.
* provenance: `build/<region>/<year>/provenance.json`.
* render: `render.render_report` per region × year whose runs all succeeded,
  then `render.render_landing` (skipped when `render` is not importable).

Only one build runs in a project at a time (`build/.lock`, an OS lock that
is released when its process dies, even by SIGKILL).
"""

from __future__ import annotations

import os
import platform
import queue
import shutil
import sys
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import execute, provenance
from .errors import InputError, Problem
from .execute import RECORD_FORMAT, RunResult, RunSpec, now_iso, read_record, write_json_atomic
from .params import RelativeRule
from .project import Project, load_region

SUMMARY = "summary"
RENDER_RECORD = "render.json"
MAX_LISTED = 3


class BuildError(Exception):
    """The build cannot go on (its message says why and what to do)."""


class BuildLocked(BuildError):
    """Another build holds build/.lock."""


@dataclass
class BuildOptions:
    regions: list[str] | None = None
    years: list[int] | None = None
    jobs: int | None = None
    force: bool = False
    fail_fast: bool = False
    renderer: str = "auto"
    strict: bool = False
    verbosity: int = 1  # 0 quiet, 1 normal, 2 verbose
    dask: str | None = None  # None: local processes; "local": a LocalCluster; else a scheduler address
    render: bool = True
    start_timeout: float = execute.DEFAULT_START_TIMEOUT
    cell_timeout: float | None = execute.DEFAULT_CELL_TIMEOUT
    kernel_retries: int = execute.DEFAULT_KERNEL_RETRIES
    command: str = "hallbar build"
    render_module: str = "hallbar.render"  # the module with render_report/render_landing (tests swap it)


@dataclass
class Run:
    region: str
    year: int
    name: str
    focus_area: str | None
    notebook: Path
    notebook_rel: str
    parameters: dict
    components: dict
    key: str
    year_dir: Path
    reason: str | None = None  # why it runs; None: skipped (unchanged)
    previous: dict | None = None  # the cache record of the last success
    outcome: str = "pending"  # skipped | ok | failed | not_run
    result: RunResult | None = None

    @property
    def label(self) -> str:
        return f"{self.region} {self.year} {self.name}"

    @property
    def seconds(self) -> float | None:
        return self.result.seconds if self.result else None


@dataclass
class RenderOutcome:
    region: str
    year: int | None  # None: the landing page
    outcome: str  # rendered | skipped | failed | not_rendered
    detail: str = ""
    seconds: float | None = None
    path: str | None = None


@dataclass
class BuildReport:
    runs: list[Run] = field(default_factory=list)
    renders: list[RenderOutcome] = field(default_factory=list)
    render_available: bool = True
    stages: dict[str, float] = field(default_factory=dict)
    started: str = ""
    finished: str = ""
    backend: str = ""
    jobs: int = 0
    interrupted: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.runs if r.outcome == outcome)

    @property
    def failed_runs(self) -> list[Run]:
        return [r for r in self.runs if r.outcome == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if self.failed_runs or self.count("not_run") or any(r.outcome == "failed" for r in self.renders):
            return 1
        return 0


# --- the lock ------------------------------------------------------------------------------------


@contextmanager
def build_lock(build_dir: Path):
    """Exclusive lock on build/.lock holding the pid; the OS drops it when the process ends."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            _lock(fd)
        except OSError:
            try:
                holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip()
            except OSError:
                holder = ""
            raise BuildLocked(
                f"Another hallbar build is running in this project ({holder or 'pid unknown'}). "
                f"Wait for it to finish, or stop that process; its lock ({path}) is released as soon as it ends."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {platform.node()}, started {now_iso()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


# --- check ---------------------------------------------------------------------------------------


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
        from .report_context import narrative_problems

        for region, y in targets:
            for p in narrative_problems(project, region, y, inputs[region].programme, opts.strict):
                (problems if p.is_error else warnings).append(p)
    if opts.render and hasattr(render_module(opts.render_module), "check_output_dir"):
        try:  # an unwritable report/_output is reported before the runs, not after them
            render_module(opts.render_module).check_output_dir(project)
        except InputError as exc:
            problems += exc.problems
    if opts.render and opts.renderer != "auto":
        render_mod = render_module(opts.render_module)
        try:  # a renderer that cannot run is a problem to report before an hour of notebook runs
            if hasattr(render_mod, "choose_renderer"):
                render_mod.choose_renderer(opts.renderer)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems + [w for w in warnings if w not in problems])
    if not targets:
        wanted = f" for {', '.join(map(str, opts.years))}" if opts.years else ""
        raise InputError([Problem(str(project.params_dir), "", f"no region has a yearly file{wanted}, so there is nothing to build.",
                                  "Add params/<region>/<year>.yml.")])
    return inputs, targets, warnings


# --- plan: what runs, and why ---------------------------------------------------------------------


def focus_indicators(programme, fa) -> set[str]:
    """The indicators a focus-area run reads: its targets' (incl. relative compare_to) and its kontrollmått."""
    out: set[str] = set()
    for goal in fa.goals:
        for t in goal.targets:
            if t.indicator:
                out.add(t.indicator)
            if isinstance(t.rule, RelativeRule):
                out.add(t.rule.compare_to)
    out |= {i for i, ind in programme.indicators.items() if ind.focus_area == fa.id}
    return out


def yearly_files(project: Project, region: str, year: int) -> list[Path]:
    """The yearly params a report year uses: its own and the previous year's (for the change since last year)."""
    out = []
    for y in (year, year - 1):
        for suffix in (".yml", ".yaml"):
            p = project.params_dir / region / f"{y}{suffix}"
            if p.is_file():
                out.append(p)
                break
    return out


def plan_region_year(project: Project, inputs, region: str, year: int, opts: BuildOptions) -> list[Run]:
    prog, obs = inputs.programme, inputs.observations
    year_dir = project.build_dir / region / str(year)
    params_files = [project.params_dir / region / "programme.yml", *yearly_files(project, region, year)]
    params_hash = {project.rel(p): provenance.sha256_file(p) for p in params_files}
    version = provenance.hallbar_version()
    nb_hash: dict[Path, str] = {}
    specs = [(fa.id, fa.id, project.notebook_for(fa.notebook), focus_indicators(prog, fa)) for fa in prog.focus_areas]
    all_inds = set(prog.indicators) | (set(obs.indicator) if not obs.empty else set())
    specs.append((SUMMARY, None, project.notebooks_dir / f"{SUMMARY}.ipynb", all_inds))
    runs = []
    for name, focus, nb, inds in specs:
        if nb not in nb_hash:
            nb_hash[nb] = provenance.notebook_code_hash(nb)
        parameters = {"region": region, "year": year} | ({"focus_area": focus} if focus else {})
        components = {
            "notebook": {"path": project.rel(nb), "code": nb_hash[nb]},
            "parameters": parameters,
            "params": params_hash,
            "data": provenance.data_hashes(obs, inds),
            "hallbar": version,
        }
        run = Run(region, year, name, focus, nb, project.rel(nb), parameters, components,
                  provenance.sha256_json(components), year_dir)
        record, problem = read_record(execute.run_paths(year_dir, name)["record"])
        run.previous = record
        run.reason = why(run, record, problem, opts.force)
        run.outcome = "pending" if run.reason else "skipped"
        if run.outcome == "skipped":  # a failure since is moot: the outputs in place are of these very inputs
            execute.run_paths(year_dir, name)["failed_notebook"].unlink(missing_ok=True)
        runs.append(run)
    return runs


def _listed(items: list[str]) -> str:
    if len(items) <= MAX_LISTED:
        return ", ".join(items)
    return ", ".join(items[:MAX_LISTED]) + f" (+{len(items) - MAX_LISTED} more)"


def why(run: Run, record: dict | None, problem: str | None, force: bool) -> str | None:
    """Why a run must execute, in words; None when nothing it depends on changed."""
    if force:
        return "forced"
    if problem == "damaged":
        return "cache record damaged"
    if record is None:
        return "new"
    if record.get("committing"):
        return "previous build interrupted"
    if record.get("key") == run.key:
        missing = [o for o in record.get("outputs", []) if not (run.year_dir / o).is_file()]
        if missing or not (run.year_dir / "runs" / run.name).is_dir():
            return "outputs missing"
        return None
    old, new = record.get("components", {}), run.components
    reasons = []
    if old.get("notebook", {}).get("path") != new["notebook"]["path"]:
        reasons.append(f"notebook changed (now {new['notebook']['path']})")
    elif old.get("notebook") != new["notebook"]:
        reasons.append("notebook changed")
    if old.get("parameters") != new["parameters"]:
        reasons.append("parameters changed")
    if old.get("params") != new["params"]:
        o, n = old.get("params") or {}, new["params"]
        changed = sorted(Path(k).name for k in set(o) | set(n) if o.get(k) != n.get(k))
        reasons.append("params changed" + (f": {_listed(changed)}" if changed else ""))
    if old.get("data") != new["data"]:
        o, n = old.get("data") or {}, new["data"]
        items = []
        for ind in sorted(set(o) | set(n)):
            oy, ny = o.get(ind) or {}, n.get(ind) or {}
            years = sorted((y for y in set(oy) | set(ny) if oy.get(y) != ny.get(y)), key=lambda y: int(y) if str(y).isdigit() else 0)
            if ind not in o or ind not in n:
                if ny or oy:
                    items.append(f"{ind} (now read)" if ind in n else f"{ind} (no longer read)")
            elif years:
                items.append(f"{ind} {', '.join(years)}")
        reasons.append("data changed" + (f": {_listed(items)}" if items else ""))
    if old.get("hallbar") != new["hallbar"]:
        reasons.append("hallbar version changed")
    return "; ".join(reasons) or "cache record from another version of hallbar"


# --- execute -------------------------------------------------------------------------------------


def make_spec(project: Project, run: Run, opts: BuildOptions) -> RunSpec:
    record = {"format": RECORD_FORMAT, "key": run.key, "components": run.components,
              "region": run.region, "year": run.year, "run": run.name}
    return RunSpec(
        region=run.region, year=run.year, name=run.name, focus_area=run.focus_area,
        notebook=str(run.notebook), notebook_rel=run.notebook_rel, project_dir=str(project.root),
        year_dir=str(run.year_dir), parameters=dict(run.parameters, project_dir=str(project.root)),
        record=record, reason=run.reason or "", start_timeout=opts.start_timeout, cell_timeout=opts.cell_timeout,
        kernel_retries=opts.kernel_retries,
    )


def make_backend(opts: BuildOptions, n_tasks: int):
    if opts.dask:
        try:
            return execute.DaskBackend(opts.dask, opts.jobs)
        except Exception as exc:
            what = "start a local Dask cluster" if opts.dask == "local" else f"connect to the Dask scheduler at {opts.dask}"
            raise BuildError(f"could not {what}: {type(exc).__name__}: {exc}. Check the address (tcp://host:port) and that the "
                             "scheduler and its workers run, or leave out --dask to run on this machine.") from exc
    jobs = max(1, min(opts.jobs or os.cpu_count() or 1, n_tasks))
    return execute.ProcessBackend(jobs)


UNTIMED_RUN_S = 10.0  # what a run never timed counts as when ordering


def longest_first(runs: list[Run]) -> list[Run]:
    """The order runs start in: region × year by region × year, the one with the most work first, so its
    report can render while the others run; inside one, the longest run first (by the last successful
    run's time; runs never timed first)."""

    def secs(r: Run) -> float | None:
        s = (r.previous or {}).get("seconds")
        return s if isinstance(s, (int, float)) else None

    work: dict[tuple[str, int], float] = {}
    for r in runs:
        work[(r.region, r.year)] = work.get((r.region, r.year), 0.0) + (secs(r) if secs(r) is not None else UNTIMED_RUN_S)
    order = {ry: i for i, ry in enumerate(sorted(work, key=lambda ry: -work[ry]))}
    return sorted(runs, key=lambda r: (order[(r.region, r.year)], -(secs(r) if secs(r) is not None else float("inf"))))


class _Failed:
    """Stands in for a future whose submission failed."""

    def __init__(self, exc: BaseException):
        self.exc = exc

    def result(self):
        raise self.exc


def _tree_hashes(project: Project, root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    if not root.is_dir():
        return {}
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not any(p.is_relative_to(s) for s in skip) and not p.name.startswith("."):
            out[project.rel(p)] = provenance.sha256_file(p)
    return out


def render_module(name: str = "hallbar.render"):
    """hallbar.render if it is there (it is another stage's module), else None."""
    import importlib

    try:
        render_mod = importlib.import_module(name)
    except ImportError:
        return None
    return render_mod if hasattr(render_mod, "render_report") and hasattr(render_mod, "render_landing") else None


class RenderCache:
    """Whether a region × year's report must be rendered: a content hash of what the report is made of."""

    def __init__(self, project: Project, opts: BuildOptions):
        self.project, self.opts = project, opts
        self.templates = _tree_hashes(project, project.report_dir, (project.output_dir, project.report_dir / "narrative"))
        self.package_templates = _tree_hashes(project, Path(provenance.__file__).parent / "templates")

    def key(self, region: str, year: int, runs: list[Run]) -> str:
        prov = provenance.read_manifest(self.project.build_dir / region / str(year) / "provenance.json") or {}
        return provenance.sha256_json({
            "runs": {r.name: r.key for r in runs},
            "narrative": _tree_hashes(self.project, self.project.narrative_dir(region, year)),
            "templates": self.templates, "package_templates": self.package_templates,
            "hallbar": provenance.hallbar_version("all"), "renderer": self.opts.renderer, "strict": self.opts.strict,
            "provenance": {k: v for k, v in prov.items() if k != "build"},  # the colophon
        })

    def record_path(self, region: str, year: int) -> Path:
        return self.project.build_dir / region / str(year) / ".cache" / RENDER_RECORD

    def up_to_date(self, region: str, year: int, key: str) -> bool:
        rec, _ = read_record(self.record_path(region, year))
        out_dir = self.project.output_dir / region / str(year)
        return (not self.opts.force and rec is not None and rec["key"] == key and out_dir.is_dir()
                and any(out_dir.iterdir()))

    def commit(self, region: str, year: int, key: str, path: str) -> None:
        write_json_atomic(self.record_path(region, year), {"format": RECORD_FORMAT, "key": key, "components": {}, "outputs": [],
                                                           "path": path, "rendered": now_iso()})


def execute_all(project: Project, runs_by_ry: dict[tuple[str, int], list[Run]], opts: BuildOptions, ui: UI,
                report: BuildReport) -> None:
    """Runs, `jobs` at a time; as soon as a region × year's runs are done: its provenance, then its report.

    Rendering a finished region × year goes to the same workers as the runs, so it overlaps the
    other regions' runs instead of waiting for all of them.
    """
    t_start = time.monotonic()
    todo = longest_first([r for r in report.runs if r.outcome == "pending"])
    render_mod = render_module(opts.render_module) if opts.render else None
    report.render_available = render_mod is not None or not opts.render
    cache = RenderCache(project, opts) if render_mod is not None else None
    remaining = {ry: sum(1 for r in runs if r.outcome == "pending") for ry, runs in runs_by_ry.items()}
    done_ry: set = set()
    keys: dict[tuple[str, int], str] = {}
    tasks: deque = deque(("run", r) for r in todo)
    build_info = {"started": report.started, "command": opts.command, "host": platform.node(), "forced": opts.force}
    state = {"backend": None, "last_run": t_start}

    def info() -> dict:
        b = state["backend"]
        return build_info | {"finished": now_iso(), "backend": b.description if b else "none in this build: every run was unchanged (outputs of an earlier build)",
                             "jobs": b.jobs if b else 0}

    def region_done(ry: tuple[str, int]) -> None:
        done_ry.add(ry)
        runs = runs_by_ry[ry]
        write_provenance(project, ry[0], ry[1], runs, info())
        if cache is None:
            return
        failed = [r for r in runs if r.outcome in ("failed", "not_run")]
        if failed:
            report.renders.append(RenderOutcome(ry[0], ry[1], "not_rendered",
                                                f"{len(failed)} run(s) did not succeed; the previous report is kept"))
            return
        key = cache.key(ry[0], ry[1], runs)
        if cache.up_to_date(ry[0], ry[1], key):
            out = project.rel(project.output_dir / ry[0] / str(ry[1]))
            report.renders.append(RenderOutcome(ry[0], ry[1], "skipped", "unchanged", path=out))
            ui.note(f"render {ry[0]} {ry[1]}: up to date ({out})")
            return
        keys[ry] = key
        tasks.appendleft(("render", ry))  # on the critical path: before further runs

    for ry, n in remaining.items():
        if n == 0:
            region_done(ry)

    finished: queue.Queue = queue.Queue()
    inflight: dict[tuple, object] = {}
    stop = kill = False
    ui.start(report.runs)
    try:
        while tasks or inflight:
            while tasks and not stop and (state["backend"] is None or len(inflight) < state["backend"].jobs):
                if state["backend"] is None:
                    state["backend"] = make_backend(opts, len(tasks) + len(runs_by_ry))
                    report.backend, report.jobs = state["backend"].description, state["backend"].jobs
                    ui.backend(report.backend, report.jobs)
                backend = state["backend"]
                kind, item = tasks.popleft()
                if kind == "run":
                    tag = ("run", item.region, item.year, item.name)
                    fn, arg, key = execute.run_one, make_spec(project, item, opts), f"run-{item.region}-{item.year}-{item.name}"
                    item.outcome = "running"
                    ui.run_started(item)
                else:
                    tag = ("render", *item)
                    fn, key = execute.render_one, f"render-{item[0]}-{item[1]}"
                    arg = execute.RenderTask(str(project.root), item[0], item[1], opts.renderer, opts.strict, opts.render_module)
                    ui.render_started(item)
                inflight[tag] = item
                try:
                    backend.submit(fn, arg, lambda f, tag=tag: finished.put((tag, f)), key=key)
                except Exception as exc:  # e.g. a broken process pool: the task fails, with the reason
                    finished.put((tag, _Failed(exc)))
            if not inflight:
                break
            try:
                tag, fut = finished.get(timeout=0.2)
            except queue.Empty:
                ui.tick()
                continue
            item = inflight.pop(tag)
            if tag[0] == "run":
                run = item
                try:
                    run.result = fut.result()
                except BaseException as exc:  # the worker process died, or the cluster lost it
                    now = now_iso()
                    run.result = RunResult(run.region, run.year, run.name, run.focus_area, run.notebook_rel, "failed", now, now, 0.0,
                                           error={"kind": "worker", "cell": None, "ename": type(exc).__name__, "evalue": str(exc),
                                                  "traceback": "", "message": f"the worker running it failed: {type(exc).__name__}: {exc}"})
                run.outcome = run.result.outcome
                state["last_run"] = time.monotonic()
                ui.run_finished(run)
                if run.outcome == "failed" and opts.fail_fast and not stop:
                    stop = True
                    for kind, r in tasks:
                        if kind == "run":
                            r.outcome = "not_run"
                            r.reason = (r.reason or "") + " — not run (--fail-fast)"
                ry = (run.region, run.year)
                remaining[ry] -= 1
                if remaining[ry] == 0 and not stop:
                    region_done(ry)
            else:
                ry = item
                try:
                    res = fut.result()
                except BaseException as exc:
                    res = {"outcome": "failed", "detail": f"the worker rendering it failed: {type(exc).__name__}: {exc}", "seconds": None}
                for w in res.get("warnings", []):
                    ui.warn(f"render {ry[0]} {ry[1]}: {w}")
                if res["outcome"] == "rendered":
                    path = project.rel(Path(res["path"])) if res.get("path") else project.rel(project.output_dir / ry[0] / str(ry[1]))
                    cache.commit(ry[0], ry[1], keys[ry], path)
                    outcome = RenderOutcome(ry[0], ry[1], "rendered", "", res.get("seconds"), path)
                else:
                    outcome = RenderOutcome(ry[0], ry[1], "failed", res.get("detail", ""), res.get("seconds"))
                report.renders.append(outcome)
                ui.render_finished(outcome)
    except KeyboardInterrupt:
        kill = True
        report.interrupted = True
        for item in list(inflight.values()) + [i for _, i in tasks]:
            if isinstance(item, Run):
                item.outcome = "not_run"
        raise
    finally:
        ui.stop()
        if state["backend"] is not None:
            state["backend"].close(kill=kill)
    report.stages["runs"] = round(state["last_run"] - t_start, 3) if todo else 0.0
    # what fail-fast left: provenance for every region × year, no report over a partial one
    for ry in runs_by_ry:
        if ry in done_ry:
            continue
        if stop:
            _stopped(project, ry, runs_by_ry[ry], info(), cache, report)
        else:
            region_done(ry)
    for kind, item in tasks:
        if kind == "render":
            report.renders.append(RenderOutcome(item[0], item[1], "not_rendered", "not started (--fail-fast)"))
    if cache is not None and not stop:
        landing = project.output_dir / "index.html"
        if any(r.outcome == "rendered" for r in report.renders) or not landing.exists():
            t0 = time.monotonic()
            try:
                path = render_mod.render_landing(project)
                outcome = RenderOutcome("", None, "rendered", "", round(time.monotonic() - t0, 3),
                                        project.rel(Path(path)) if path else project.rel(landing))
            except InputError as exc:
                outcome = RenderOutcome("", None, "failed", "; ".join(str(p) for p in exc.problems if p.is_error),
                                        round(time.monotonic() - t0, 3))
            except Exception as exc:
                outcome = RenderOutcome("", None, "failed", f"{type(exc).__name__}: {exc}", round(time.monotonic() - t0, 3))
            report.renders.append(outcome)
            ui.render_finished(outcome)
    report.stages["render_tail"] = round(time.monotonic() - state["last_run"], 3) if todo else round(time.monotonic() - t_start, 3)
    report.stages["render_total"] = round(sum(r.seconds or 0 for r in report.renders), 3)


def _stopped(project: Project, ry, runs: list[Run], info: dict, cache, report: BuildReport) -> None:
    write_provenance(project, ry[0], ry[1], runs, info)
    if cache is not None:
        report.renders.append(RenderOutcome(ry[0], ry[1], "not_rendered", "the build stopped (--fail-fast)"))


# --- provenance ----------------------------------------------------------------------------------


def _run_entry(run: Run) -> dict:
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


def write_provenance(project: Project, region: str, year: int, runs: list[Run], build_info: dict) -> Path:
    year_dir = project.build_dir / region / str(year)
    path = year_dir / "provenance.json"
    data = provenance.manifest(
        project, region, year,
        build=build_info | {"ran": [r.name for r in runs if r.outcome in ("ok", "failed")],
                            "skipped": [r.name for r in runs if r.outcome == "skipped"]},
        runs=[_run_entry(r) for r in runs],
        parameters={r.name: r.parameters | {"output_dir": f"build/{region}/{year}/runs/{r.name}"} for r in runs},
        notebooks=[r.notebook for r in runs],
        yearly=yearly_files(project, region, year),
    )
    old = provenance.read_manifest(path)
    if old is not None and {k: v for k, v in old.items() if k != "build"} == {k: v for k, v in data.items() if k != "build"}:
        return path  # the outputs are what the existing manifest says: keep it (and the colophon made from it)
    provenance.write_manifest(path, data)
    return path


# --- the user interface --------------------------------------------------------------------------


class UI:
    """Progress while the runs execute (rich on a terminal, plain lines otherwise) and the closing summary."""

    def __init__(self, verbosity: int = 1, console=None, err_console=None):
        from rich.console import Console

        self.verbosity = verbosity
        width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "160"))
        self.console = console or Console(highlight=False, width=width)
        self.err = err_console or Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else width)
        self.live = self.console.is_terminal and verbosity >= 1
        self.progress = None
        self.task = None
        self.total = 0
        self.skipped = 0
        self.done = 0
        self.failed = 0
        self.running: dict[str, float] = {}
        self.t0 = time.monotonic()

    # plain lines -----------------------------------------------------------
    def say(self, text: str, level: int = 1) -> None:
        if self.verbosity >= level:
            if self.progress is not None:
                self.progress.console.print(text, markup=False, soft_wrap=True)
            else:
                self.console.print(text, markup=False, soft_wrap=True)

    def note(self, text: str) -> None:
        self.say(text, 2)

    def warn(self, text: str) -> None:
        if self.verbosity >= 1:
            self.err.print(text, markup=False, soft_wrap=True)

    def error(self, text: str) -> None:
        self.err.print(text, markup=False, soft_wrap=True)

    def backend(self, description: str, jobs: int) -> None:
        self.say(f"running on {description}, {jobs} at a time", 2)

    # progress --------------------------------------------------------------
    def start(self, runs: list[Run]) -> None:
        self.total = sum(1 for r in runs if r.outcome == "pending")
        self.skipped = sum(1 for r in runs if r.outcome == "skipped")
        for r in runs:
            if r.outcome == "skipped":
                self.say(f"skip    {r.label}: unchanged", 2)
        if not self.total:
            return
        self.say(f"{self.total} run(s) to execute, {self.skipped} unchanged", 1 if not self.live else 2)
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("[bold]runs"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[stats]}"), TimeElapsedColumn(),
                                     TextColumn("[dim]{task.fields[current]}"), console=self.console, transient=False)
            self.progress.start()
            self.task = self.progress.add_task("runs", total=self.total, stats=self._stats(), current="")

    def _stats(self) -> str:
        return f"done {self.done} · running {len(self.running)} · failed {self.failed} · skipped {self.skipped}"

    def _update(self) -> None:
        if self.progress is not None:
            now = time.monotonic()
            current = ", ".join(f"{k} {now - t:.0f}s" for k, t in list(self.running.items())[:4])
            self.progress.update(self.task, completed=self.done + self.failed, stats=self._stats(), current=current)

    def tick(self) -> None:
        self._update()

    def run_started(self, run: Run) -> None:
        self.running[run.label] = time.monotonic()
        self.say(f"start   {run.label} ({run.reason})", 2)
        self._update()

    def run_finished(self, run: Run) -> None:
        self.running.pop(run.label, None)
        if run.outcome == "ok":
            self.done += 1
        else:
            self.failed += 1
        n = self.done + self.failed
        secs = f"{run.seconds:.1f} s" if run.seconds is not None else ""
        if run.outcome == "ok":
            line = f"[{n}/{self.total}] ok      {run.label}  {secs}  ({run.reason})"
            if not self.live:
                self.say(line, 1)
            else:
                self.say(line, 2)
        else:
            msg = run.result.error["message"] if run.result and run.result.error else "failed"
            line = f"[{n}/{self.total}] FAILED  {run.label}  {secs}: {msg}"
            if self.progress is not None:
                self.progress.console.print(line, markup=False, soft_wrap=True)
            elif self.verbosity >= 1:
                self.say(line)
        self._update()

    def render_started(self, ry) -> None:
        self.running[f"render {ry[0]} {ry[1]}"] = time.monotonic()
        self.say(f"rendering {ry[0]} {ry[1]} …", 1 if not self.live else 2)
        self._update()

    def render_finished(self, ro: RenderOutcome) -> None:
        what = f"{ro.region} {ro.year}" if ro.year is not None else "landing page"
        self.running.pop(f"render {ro.region} {ro.year}", None)
        secs = f" ({ro.seconds:.1f} s)" if ro.seconds is not None else ""
        if ro.outcome == "rendered":
            self.say(f"rendered {what}: {ro.path}{secs}")
        elif ro.outcome == "failed":
            line = f"✖ render {what} failed{secs}: {ro.detail}"
            if self.progress is not None:
                self.progress.console.print(line, markup=False, soft_wrap=True)
            else:
                self.error(line)
        self._update()

    def stop(self) -> None:
        if self.progress is not None:
            self._update()
            self.progress.stop()
            self.progress = None

    # summary ---------------------------------------------------------------
    def summary(self, project: Project, report: BuildReport, total_seconds: float) -> None:
        from rich.table import Table

        runs = report.runs
        ran, skipped, failed, not_run = report.count("ok"), report.count("skipped"), report.count("failed"), report.count("not_run")
        if self.verbosity >= 1 and (ran or failed or not_run or self.verbosity >= 2):
            table = Table(title="Runs", title_justify="left", show_edge=False, pad_edge=False)
            for col, kw in (("Region", {}), ("Year", {}), ("Run", {}), ("Outcome", {}), ("Time", {"justify": "right"}),
                            ("Why", {"overflow": "fold"})):
                table.add_column(col, **kw)
            for r in runs:
                if r.outcome == "skipped" and self.verbosity < 2:
                    continue
                mark = {"ok": "✔ ran", "skipped": "· skipped", "failed": "✖ failed", "not_run": "– not run"}.get(r.outcome, r.outcome)
                t = f"{r.seconds:.1f} s" if r.seconds is not None else "–"
                reason = "unchanged" if r.outcome == "skipped" else (r.reason or "")
                table.add_row(r.region, str(r.year), r.name, mark, t, reason)
            if skipped and self.verbosity < 2:
                table.caption = f"{skipped} unchanged run(s) skipped (--verbose lists them)"
            self.console.print(table)
        for r in report.failed_runs:
            err = r.result.error if r.result and r.result.error else {}
            fa = f"fokusområde {r.focus_area}" if r.focus_area else "summary"
            self.error(f"✖ {r.region} {r.year}, {fa}: {err.get('message', 'failed')}  (log: {project.rel(r.year_dir / 'logs' / (r.name + '.log'))}; "
                       f"the previous outputs are kept)")
            if self.verbosity >= 2 and err.get("traceback"):
                self.error(err["traceback"])
        if failed or not_run:
            line = f"{len(runs)} runs: {ran} ran, {skipped} skipped (unchanged), {failed} failed" + (f", {not_run} not run" if not_run else "")
        elif not ran:
            line = f"Nothing to run: all {len(runs)} runs are up to date (nothing they depend on changed)"
        else:
            line = f"{len(runs)} runs: {ran} ran, {skipped} skipped (unchanged), 0 failed"
        self.console.print(f"{line} — {total_seconds:.1f} s", markup=False, soft_wrap=True)
        if not report.render_available:
            self.say("render: hallbar.render is not available yet; stopped after the runs (no report rendered).")
        rendered = [ro for ro in report.renders if ro.outcome == "rendered" and ro.year is not None]
        fresh = [ro for ro in report.renders if ro.outcome == "skipped"]
        for ro in report.renders:
            what = f"{ro.region} {ro.year}" if ro.year is not None else "landing page"
            if ro.outcome == "failed":
                self.error(f"✖ render {what} failed: {ro.detail}")
            elif ro.outcome == "not_rendered":
                self.warn(f"render {what}: not rendered: {ro.detail}")
        if rendered or fresh:
            self.say(f"reports: {len(rendered)} rendered, {len(fresh)} up to date — {project.rel(project.output_dir / 'index.html')}")


# --- the build -----------------------------------------------------------------------------------


def run_build(project: Project | str | Path, opts: BuildOptions | None = None, ui: UI | None = None) -> BuildReport:
    """The whole build. Raises InputError (nothing written) and BuildLocked; returns the report otherwise."""
    project = project if isinstance(project, Project) else Project.at(project)
    opts = opts or BuildOptions()
    ui = ui or UI(opts.verbosity)
    report = BuildReport(started=now_iso())
    t_build = time.monotonic()

    t0 = time.monotonic()
    inputs, targets, warnings = select(project, opts)
    for w in warnings:
        ui.warn(f"warning: {w}")
    report.stages["check"] = round(time.monotonic() - t0, 3)

    with build_lock(project.build_dir):
        for year_dir in sorted(project.build_dir.glob("*/*")):
            if year_dir.is_dir():
                for what in execute.recover(year_dir):
                    ui.note(f"recovered: {what}")

        t0 = time.monotonic()
        from .assess import assess, write_status_json

        for region, year in targets:
            write_status_json(project.build_dir / region / str(year) / "status.json", assess(inputs[region], year))
        report.stages["assess"] = round(time.monotonic() - t0, 3)

        t0 = time.monotonic()
        runs_by_ry: dict[tuple[str, int], list[Run]] = {}
        for region, year in targets:
            runs_by_ry[(region, year)] = plan_region_year(project, inputs[region], region, year, opts)
        report.runs = [r for runs in runs_by_ry.values() for r in runs]
        report.stages["plan"] = round(time.monotonic() - t0, 3)

        try:
            execute_all(project, runs_by_ry, opts, ui, report)
        except KeyboardInterrupt:
            report.finished = now_iso()
            ui.error("interrupted: completed runs are in place; unfinished ones left only temp folders, removed by the next build")
            raise
        report.finished = now_iso()
    ui.summary(project, report, time.monotonic() - t_build)
    return report


def clean(project: Project) -> None:
    """Remove the build folder (the lead's `make clean` does the same)."""
    shutil.rmtree(project.build_dir, ignore_errors=True)
