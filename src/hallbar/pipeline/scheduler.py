"""The runs and renders of a build, `jobs` at a time on one executor, reported as events.

As soon as a region × year's runs are done: its provenance, then its report,
rendered on the same executor so it overlaps the other regions' runs instead
of waiting for all of them. A failing run fails only itself (`--fail-fast`
starts nothing new after it); a region × year with a failed run keeps its
previous report.
"""

from __future__ import annotations

import platform
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

from ..errors import InputError
from ..inputs.project import Project
from ..report import render_landing
from . import events
from .executors import Backend, open_backend
from .options import BuildOptions, BuildReport, RenderOutcome
from .plan import Run, longest_first, yearly_files
from .provenance import write_provenance
from .render_stage import RenderCache, RenderTask, render_one
from .runner import RECORD_FORMAT, RunResult, RunSpec, now_iso, run_one

Emit = Callable[[object], None]


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


def _worker_failure(run: Run, exc: BaseException) -> RunResult:
    now = now_iso()
    return RunResult(run.region, run.year, run.name, run.focus_area, run.notebook_rel, "failed", now, now, 0.0,
                     error={"kind": "worker", "cell": None, "ename": type(exc).__name__, "evalue": str(exc),
                            "traceback": "", "message": f"the worker running it failed: {type(exc).__name__}: {exc}"})


class Scheduler:
    """One build's runs and renders; `run()` executes them, emitting events."""

    def __init__(self, project: Project, runs_by_ry: dict[tuple[str, int], list[Run]], opts: BuildOptions,
                 report: BuildReport, emit: Emit):
        self.project, self.runs_by_ry, self.opts, self.report, self.emit = project, runs_by_ry, opts, report, emit
        self.cache = RenderCache(project, renderer=opts.renderer, strict=opts.strict, force=opts.force) if opts.render else None
        self.remaining = {ry: sum(1 for r in runs if r.outcome == "pending") for ry, runs in runs_by_ry.items()}
        self.todo = longest_first([r for r in report.runs if r.outcome == "pending"])
        self.tasks: deque = deque(("run", r) for r in self.todo)
        self.inflight: dict[Future, tuple[str, object]] = {}
        self.done_ry: set[tuple[str, int]] = set()
        self.keys: dict[tuple[str, int], str] = {}
        self.backend: Backend | None = None
        self.stop = False
        self.t_start = time.monotonic()
        self.last_run = self.t_start
        self.build_info = {"started": report.started, "command": opts.command, "host": platform.node(), "forced": opts.force}

    # --- bookkeeping ---------------------------------------------------------------------------------
    def _info(self) -> dict:
        b = self.backend
        return self.build_info | {"finished": now_iso(),
                                  "backend": b.description if b else "none in this build: every run was unchanged (outputs of an earlier build)",
                                  "jobs": b.jobs if b else 0}

    def _provenance(self, ry: tuple[str, int]) -> None:
        write_provenance(self.project, ry[0], ry[1], self.runs_by_ry[ry], self._info(),
                         yearly_files(self.project, ry[0], ry[1]))

    def _region_done(self, ry: tuple[str, int]) -> None:
        """Provenance, then the report (queued first: it is on the critical path), unless a run failed or it is up to date."""
        self.done_ry.add(ry)
        self._provenance(ry)
        if self.cache is None:
            return
        runs = self.runs_by_ry[ry]
        failed = [r for r in runs if r.outcome in ("failed", "not_run")]
        if failed:
            self.report.renders.append(RenderOutcome(ry[0], ry[1], "not_rendered",
                                                     f"{len(failed)} run(s) did not succeed; the previous report is kept"))
            return
        key = self.cache.key(ry[0], ry[1], runs)
        if self.cache.up_to_date(ry[0], ry[1], key):
            out = self.project.rel(self.project.output_dir / ry[0] / str(ry[1]))
            self.report.renders.append(RenderOutcome(ry[0], ry[1], "skipped", "unchanged", path=out))
            self.emit(events.Note(f"render {ry[0]} {ry[1]}: up to date ({out})"))
            return
        self.keys[ry] = key
        self.tasks.appendleft(("render", ry))

    # --- submitting and collecting -------------------------------------------------------------------
    def _submit_next(self) -> None:
        kind, item = self.tasks.popleft()
        if kind == "run":
            item.outcome = "running"
            self.emit(events.RunStarted(item))
            fn, arg = run_one, make_spec(self.project, item, self.opts)
        else:
            self.emit(events.RenderStarted(*item))
            fn, arg = render_one, RenderTask(str(self.project.root), item[0], item[1], self.opts.renderer, self.opts.strict)
        try:
            fut = self.backend.executor.submit(fn, arg)
        except Exception as exc:  # e.g. a broken process pool: the task fails, with the reason
            fut = Future()
            fut.set_exception(exc)
        self.inflight[fut] = (kind, item)

    def _run_finished(self, run: Run, fut: Future) -> None:
        try:
            run.result = fut.result()
        except BaseException as exc:  # the worker process died, or the cluster lost it
            run.result = _worker_failure(run, exc)
        run.outcome = run.result.outcome
        self.last_run = time.monotonic()
        self.emit(events.RunFinished(run))
        if run.outcome == "failed" and self.opts.fail_fast and not self.stop:
            self.stop = True
            for kind, r in self.tasks:
                if kind == "run":
                    r.outcome = "not_run"
                    r.reason = (r.reason or "") + " — not run (--fail-fast)"
        ry = (run.region, run.year)
        self.remaining[ry] -= 1
        if self.remaining[ry] == 0 and not self.stop:
            self._region_done(ry)

    def _render_finished(self, ry: tuple[str, int], fut: Future) -> None:
        try:
            res = fut.result()
        except BaseException as exc:
            res = {"outcome": "failed", "detail": f"the worker rendering it failed: {type(exc).__name__}: {exc}", "seconds": None}
        for w in res.get("warnings", []):
            self.emit(events.Warning(f"render {ry[0]} {ry[1]}: {w}"))
        if res["outcome"] == "rendered":
            path = self.project.rel(Path(res["path"])) if res.get("path") else self.project.rel(self.project.output_dir / ry[0] / str(ry[1]))
            self.cache.commit(ry[0], ry[1], self.keys[ry], path)
            outcome = RenderOutcome(ry[0], ry[1], "rendered", "", res.get("seconds"), path)
        else:
            outcome = RenderOutcome(ry[0], ry[1], "failed", res.get("detail", ""), res.get("seconds"))
        self.report.renders.append(outcome)
        self.emit(events.RenderFinished(outcome))

    def _loop(self, backend: Backend) -> None:
        self.backend = backend
        self.report.backend, self.report.jobs = backend.description, backend.jobs
        self.emit(events.BackendStarted(backend.description, backend.jobs))
        while self.tasks or self.inflight:
            while self.tasks and not self.stop and len(self.inflight) < backend.jobs:
                self._submit_next()
            if not self.inflight:
                break
            finished, _ = wait(list(self.inflight), timeout=0.2, return_when=FIRST_COMPLETED)
            if not finished:
                self.emit(events.Tick())
            for fut in finished:
                kind, item = self.inflight.pop(fut)
                if kind == "run":
                    self._run_finished(item, fut)
                else:
                    self._render_finished(item, fut)

    # --- the whole -----------------------------------------------------------------------------------
    def run(self) -> None:
        for ry, n in self.remaining.items():
            if n == 0:
                self._region_done(ry)
        self.emit(events.RunsPlanned(self.report.runs))
        try:
            if self.tasks:
                n_tasks = len(self.tasks) + len(self.runs_by_ry)
                with open_backend(self.opts.dask, self.opts.jobs, n_tasks) as backend:
                    self._loop(backend)
        except KeyboardInterrupt:
            self.report.interrupted = True
            for _kind, item in list(self.inflight.values()) + list(self.tasks):
                if isinstance(item, Run):
                    item.outcome = "not_run"
            raise
        finally:
            self.emit(events.Stopped())
        self.report.stages["runs"] = round(self.last_run - self.t_start, 3) if self.todo else 0.0
        self._finish()

    def _finish(self) -> None:
        """What fail-fast left (provenance for every region × year, no report over a partial one), then the landing page."""
        for ry in self.runs_by_ry:
            if ry in self.done_ry:
                continue
            if self.stop:
                self._provenance(ry)
                if self.cache is not None:
                    self.report.renders.append(RenderOutcome(ry[0], ry[1], "not_rendered", "the build stopped (--fail-fast)"))
            else:
                self._region_done(ry)
        for kind, item in self.tasks:
            if kind == "render":
                self.report.renders.append(RenderOutcome(item[0], item[1], "not_rendered", "not started (--fail-fast)"))
        if self.cache is not None and not self.stop:
            self._landing()
        tail_from = self.last_run if self.todo else self.t_start
        self.report.stages["render_tail"] = round(time.monotonic() - tail_from, 3)
        self.report.stages["render_total"] = round(sum(r.seconds or 0 for r in self.report.renders), 3)

    def _landing(self) -> None:
        landing = self.project.output_dir / "index.html"
        if not (any(r.outcome == "rendered" for r in self.report.renders) or not landing.exists()):
            return
        t0 = time.monotonic()
        try:
            path = render_landing(self.project)
            outcome = RenderOutcome("", None, "rendered", "", round(time.monotonic() - t0, 3), self.project.rel(Path(path)))
        except InputError as exc:
            outcome = RenderOutcome("", None, "failed", "; ".join(str(p) for p in exc.problems if p.is_error),
                                    round(time.monotonic() - t0, 3))
        except Exception as exc:
            outcome = RenderOutcome("", None, "failed", f"{type(exc).__name__}: {exc}", round(time.monotonic() - t0, 3))
        self.report.renders.append(outcome)
        self.emit(events.RenderFinished(outcome))
