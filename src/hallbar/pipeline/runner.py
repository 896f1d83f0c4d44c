"""Execute one notebook run: papermill in its own process, into a temp folder, moved into place when complete.

`run_one(spec)` is the unit of work. It is a plain top-level function of
plain data, so the same call runs in a `ProcessPoolExecutor` worker (spawn
context) or on a Dask worker. One run is one kernel in one process: papermill
is not thread-safe within a process (kernel ports and the working directory
race: papermill issues #239 and #511).

Layout of one run inside `build/<region>/<year>/`::

    runs/.tmp-<name>-<token>/          while the run executes (stale ones are removed by the next build)
        out/                           the notebook's output_dir
        <name>.ipynb, <name>.log
    runs/<name>/                       outputs, replaced as a whole when a run succeeds
    notebooks/<name>.ipynb             the executed copy
    logs/<name>.log                    the log of the latest attempt (success or failure)
    logs/<name>.failed.ipynb           the executed copy of a failed run (removed by the next success)
    .cache/<name>.json                 the cache record: written last, it is the commit mark

Commit order on success: the cache record is marked `committing`, the old
`runs/<name>` is renamed aside, the new one renamed into place, the notebook
and log replaced (`os.replace`), the record written, the old folder deleted.
Every step is an atomic rename, so a build killed at any point leaves either
the previous or the new outputs; `recover()` restores a folder renamed aside
and removes temp folders, and a record still marked `committing` makes the
run execute again.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..jsonio import TMP_PREFIX, write_json
from .worker import RunLog, fds_to, prepare_environment

RECORD_FORMAT = 1
OLD_PREFIX = ".old-"
DEFAULT_START_TIMEOUT = 60.0  # seconds for a kernel to start and answer
DEFAULT_CELL_TIMEOUT = 600.0  # seconds per cell
DEFAULT_KERNEL_RETRIES = 2
FALLBACK_KERNEL = "python3"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


@dataclass
class RunSpec:
    """Everything a worker needs for one run; plain data (picklable, no project objects)."""

    region: str
    year: int
    name: str  # focus-area id, or "summary"
    focus_area: str | None
    notebook: str  # absolute path of the source notebook
    notebook_rel: str  # as shown to people: notebooks/focus_area.ipynb
    project_dir: str
    year_dir: str  # build/<region>/<year>, absolute
    parameters: dict  # the notebook parameters except output_dir
    record: dict  # the cache record to commit on success (key, components, ...)
    reason: str = ""
    start_timeout: float = DEFAULT_START_TIMEOUT
    cell_timeout: float | None = DEFAULT_CELL_TIMEOUT
    kernel_retries: int = DEFAULT_KERNEL_RETRIES

    @property
    def label(self) -> str:
        return f"{self.region} {self.year} {self.name}"


@dataclass
class RunResult:
    region: str
    year: int
    name: str
    focus_area: str | None
    notebook: str
    outcome: str  # "ok" | "failed"
    started: str
    finished: str
    seconds: float
    attempts: int = 1
    log: str = ""  # relative to the year folder
    outputs: list[str] = field(default_factory=list)
    error: dict | None = None  # {kind, cell, exec_count, ename, evalue, source, traceback, message}

    def to_dict(self) -> dict:
        return asdict(self)


def run_paths(year_dir: Path, name: str) -> dict[str, Path]:
    return {
        "out": year_dir / "runs" / name,
        "notebook": year_dir / "notebooks" / f"{name}.ipynb",
        "log": year_dir / "logs" / f"{name}.log",
        "failed_notebook": year_dir / "logs" / f"{name}.failed.ipynb",
        "record": year_dir / ".cache" / f"{name}.json",
    }


def read_record(path: Path) -> tuple[dict | None, str | None]:
    """(record, problem): (None, None) when there is none, (None, 'damaged') when unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except OSError:
        return None, "damaged"
    try:
        rec = json.loads(text)
    except ValueError:
        return None, "damaged"
    ok = (isinstance(rec, dict) and rec.get("format") == RECORD_FORMAT and isinstance(rec.get("key"), str)
          and isinstance(rec.get("components"), dict) and isinstance(rec.get("outputs"), list))
    return (rec, None) if ok else (None, "damaged")


def recover(year_dir: Path) -> list[str]:
    """Undo what an interrupted build left behind in one year folder; returns what was done.

    Must only be called while holding the build lock (no run is in flight).
    """
    done: list[str] = []
    for folder in (year_dir / "runs", year_dir / "notebooks", year_dir / "logs", year_dir / ".cache", year_dir):
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if p.name.startswith(OLD_PREFIX) and p.is_dir():
                name = p.name[len(OLD_PREFIX):].rsplit("-", 1)[0]
                dest = folder / name
                if not dest.exists():
                    os.rename(p, dest)
                    done.append(f"restored {dest}")
                else:
                    shutil.rmtree(p, ignore_errors=True)
                    done.append(f"removed {p}")
            elif p.name.startswith(TMP_PREFIX):
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
                done.append(f"removed {p}")
    return done


def _kernel_name(notebook: Path) -> str | None:
    """None to use the notebook's own kernelspec; python3 when the notebook names none."""
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    return None if (meta.get("kernelspec") or {}).get("name") else FALLBACK_KERNEL


# Failures that the same inputs would repeat: never retried.
def _deterministic_errors() -> tuple[type[BaseException], ...]:
    from jupyter_client.kernelspec import NoSuchKernel
    from nbformat.reader import NotJSONError
    from papermill.exceptions import PapermillExecutionError, PapermillMissingParameterException

    return (NoSuchKernel, NotJSONError, PapermillExecutionError, PapermillMissingParameterException, FileNotFoundError,
            ValueError, KeyError, TypeError)


def _cells_started(executed: Path) -> bool:
    """Whether papermill began executing a cell: it saves the notebook with each started cell's start_time."""
    try:
        cells = json.loads(executed.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    return any((c.get("metadata", {}).get("papermill") or {}).get("start_time") for c in cells)


def is_kernel_start_failure(exc: BaseException, executed: Path) -> bool:
    """A failure before any cell ran that the same inputs need not repeat: the kernel did not start or answer."""
    return not isinstance(exc, _deterministic_errors()) and not _cells_started(executed)


def _cell_error(exc, executed: Path, notebook_rel: str) -> dict:
    """Where a PapermillExecutionError happened, as a person finds it in the source notebook."""
    idx = getattr(exc, "cell_index", None)
    cell_no = None if idx is None else idx + 1
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        injected = sum(1 for c in cells[:idx] if "injected-parameters" in c.get("metadata", {}).get("tags", []))
        cell_no = idx - injected + 1
    except Exception:
        pass
    tb = [_ANSI.sub("", line) for line in (getattr(exc, "traceback", None) or [])]
    source = getattr(exc, "source", "") or ""
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    return {
        "kind": "cell",
        "cell": cell_no,
        "exec_count": getattr(exc, "exec_count", None),
        "ename": ename,
        "evalue": evalue,
        "source": source,
        "traceback": "\n".join(tb),
        "message": f"cell {cell_no} of {notebook_rel} (In [{getattr(exc, 'exec_count', '?')}]): {ename}: {evalue}",
    }


def _alt_error(executed: Path, spec: RunSpec) -> dict | None:
    """A failed run's error when a figure the notebook shows has no alt text (naming the cell and the fix)."""
    from ..inputs.notebooks import missing_alt, read_notebook

    try:
        found = missing_alt(read_notebook(executed), spec.notebook_rel)
    except (OSError, ValueError):
        return None
    if not found:
        return None
    cell, message = found[0]
    return {"kind": "alt", "cell": cell.number, "exec_count": cell.metadata.get("execution_count"), "ename": "MissingAltText",
            "evalue": message, "source": cell.source, "traceback": "\n".join(m for _, m in found), "message": message}


def _other_error(exc: BaseException, notebook_rel: str, attempts: int) -> dict:
    kernel = not isinstance(exc, _deterministic_errors())
    what = f"kernel did not start ({attempts} attempts)" if kernel else "papermill failed"
    return {
        "kind": "kernel" if kernel else "exception",
        "cell": None,
        "exec_count": None,
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "source": "",
        "traceback": "".join(traceback.format_exception(exc)),
        "message": f"{what} for {notebook_rel}: {type(exc).__name__}: {exc}",
    }


def _listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)).replace(os.sep, "/") for p in root.rglob("*") if p.is_file())


def run_one(spec: RunSpec) -> RunResult:
    """Execute one notebook run and commit it atomically; never raises for a notebook error."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    prepare_environment()
    year_dir = Path(spec.year_dir)
    paths = run_paths(year_dir, spec.name)
    runs_dir = year_dir / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    tmp = runs_dir / f"{TMP_PREFIX}{spec.name}-{os.getpid()}{secrets.token_hex(3)}"
    out = tmp / "out"
    out.mkdir(parents=True)
    nb_tmp = tmp / f"{spec.name}.ipynb"
    log_tmp = tmp / f"{spec.name}.log"
    notebook = Path(spec.notebook)
    params = dict(spec.parameters, output_dir=str(out))

    started, t0 = now_iso(), time.monotonic()
    error: dict | None = None
    attempts = 0
    log_tmp.touch()
    with open(log_tmp, "a", encoding="utf-8") as fh, fds_to(log_tmp):
        fh.write(f"hallbar run {spec.label}\nnotebook: {spec.notebook_rel}\nreason: {spec.reason}\n")
        fh.write(f"parameters: {json.dumps(params, ensure_ascii=False, sort_keys=True)}\n")
        fh.write(f"python: {sys.executable} (pid {os.getpid()})\nstarted: {started}\n\n")
        fh.flush()
        handler = RunLog(fh)
        pm_log = logging.getLogger("papermill")
        old_level = pm_log.level
        pm_log.addHandler(handler)
        pm_log.setLevel(logging.INFO)
        try:
            for attempt in range(1, spec.kernel_retries + 2):
                attempts = attempt
                try:
                    pm.execute_notebook(
                        str(notebook), str(nb_tmp), parameters=params, kernel_name=_kernel_name(notebook),
                        progress_bar=False, log_output=True, request_save_on_cell_execute=True,
                        start_timeout=int(spec.start_timeout), execution_timeout=spec.cell_timeout,
                        cwd=str(notebook.parent),
                    )
                    error = None
                    break
                except PapermillExecutionError as exc:
                    error = _cell_error(exc, nb_tmp, spec.notebook_rel)
                    break
                except Exception as exc:
                    retry = is_kernel_start_failure(exc, nb_tmp) and attempt <= spec.kernel_retries
                    fh.write(f"\nattempt {attempt}: {type(exc).__name__}: {exc}\n")
                    if retry:
                        fh.write("kernel start failure: retrying\n")
                        fh.flush()
                        time.sleep(0.5 * attempt)
                        continue
                    error = _other_error(exc, spec.notebook_rel, attempt)
                    break
        finally:
            pm_log.removeHandler(handler)
            pm_log.setLevel(old_level)
        if error is None:  # the executed notebook is a chapter: a figure without alt text fails the run
            error = _alt_error(nb_tmp, spec)
        finished = now_iso()
        seconds = round(time.monotonic() - t0, 3)
        if error:
            fh.write(f"\nFAILED: {error['message']}\n")
            if error.get("traceback"):
                fh.write(error["traceback"] + "\n")
        fh.write(f"\nfinished: {finished} ({seconds:.1f} s), outcome: {'failed' if error else 'ok'}\n")

    result = RunResult(spec.region, spec.year, spec.name, spec.focus_area, spec.notebook_rel,
                       "failed" if error else "ok", started, finished, seconds, attempts,
                       log=str(paths["log"].relative_to(year_dir)), error=error)
    paths["log"].parent.mkdir(parents=True, exist_ok=True)
    if error:
        # the previous good outputs, executed notebook and cache record stay as they are
        if nb_tmp.exists():
            os.replace(nb_tmp, paths["failed_notebook"])
        os.replace(log_tmp, paths["log"])
        shutil.rmtree(tmp, ignore_errors=True)
        return result

    outputs = [f"runs/{spec.name}/{f}" for f in _listing(out)] + [f"notebooks/{spec.name}.ipynb"]
    record = dict(spec.record, format=RECORD_FORMAT, outputs=outputs, started=started, finished=finished,
                  seconds=seconds, attempts=attempts, notebook=spec.notebook_rel, reason=spec.reason)
    _commit(paths, out, nb_tmp, log_tmp, record, spec)
    shutil.rmtree(tmp, ignore_errors=True)
    result.outputs = outputs
    return result


def _commit(paths: dict[str, Path], out: Path, nb_tmp: Path, log_tmp: Path, record: dict, spec: RunSpec) -> None:
    prev, _ = read_record(paths["record"])
    if prev is not None:  # a build killed during the swap re-runs this run (see recover())
        write_json(paths["record"], dict(prev, committing=True), fsync=True)
    dest = paths["out"]
    old = dest.with_name(f"{OLD_PREFIX}{spec.name}-{secrets.token_hex(3)}")
    if dest.exists():
        os.rename(dest, old)
    os.rename(out, dest)
    paths["notebook"].parent.mkdir(parents=True, exist_ok=True)
    os.replace(nb_tmp, paths["notebook"])
    os.replace(log_tmp, paths["log"])
    paths["failed_notebook"].unlink(missing_ok=True)
    write_json(paths["record"], record, fsync=True)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
