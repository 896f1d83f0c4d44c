"""The build on a terminal: progress (rich on a terminal, plain lines otherwise) and the closing summary."""

from __future__ import annotations

import os
import sys
import time

from ..inputs.project import Project
from . import events
from .options import BuildReport, RenderOutcome
from .plan import Run


def quiet_broken_pipe() -> None:
    """The reader of stdout went away (`hallbar status | head`): send what is left to nowhere, so exit stays 0."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def make_console(**kw):
    """A rich Console whose broken pipe (`hallbar ... | head`) ends the command quietly with exit 0 (rich's own exits 1)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            quiet_broken_pipe()
            raise SystemExit(0)

    return _Console(**kw)


class Display:
    """Progress while the runs execute (rich on a terminal, plain lines otherwise) and the closing summary.

    Fed by the build's events (`handle`); it never drives the build.
    """

    def __init__(self, verbosity: int = 1, console=None, err_console=None):
        self.verbosity = verbosity
        width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "160"))
        self.console = console or make_console(highlight=False, width=width)
        self.err = err_console or make_console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else width)
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

    # events ----------------------------------------------------------------
    def handle(self, event: object) -> None:
        """React to one build event (see `events`)."""
        if isinstance(event, events.Note):
            self.say(event.text, event.level)
        elif isinstance(event, events.Warning):
            self.warn(event.text)
        elif isinstance(event, events.BackendStarted):
            self.say(f"running on {event.description}, {event.jobs} at a time", 2)
        elif isinstance(event, events.RunsPlanned):
            self.start(event.runs)
        elif isinstance(event, events.RunStarted):
            self.run_started(event.run)
        elif isinstance(event, events.RunFinished):
            self.run_finished(event.run)
        elif isinstance(event, events.RenderStarted):
            self.render_started((event.region, event.year))
        elif isinstance(event, events.RenderFinished):
            self.render_finished(event.outcome)
        elif isinstance(event, events.Tick):
            self._update()
        elif isinstance(event, events.Stopped):
            self.stop()

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
        what = ro.what
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
        rendered = [ro for ro in report.renders if ro.outcome == "rendered" and ro.year is not None]
        fresh = [ro for ro in report.renders if ro.outcome == "skipped"]
        for ro in report.renders:
            if ro.outcome == "failed":
                self.error(f"✖ render {ro.what} failed: {ro.detail}")
            elif ro.outcome == "not_rendered":
                self.warn(f"render {ro.what}: not rendered: {ro.detail}")
        if rendered or fresh:
            self.say(f"reports: {len(rendered)} rendered, {len(fresh)} up to date — {project.rel(project.output_dir / 'index.html')}")
