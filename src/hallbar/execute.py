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
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RECORD_FORMAT = 1
TMP_PREFIX = ".tmp-"
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


# --- paths ---------------------------------------------------------------------------------------


def run_paths(year_dir: Path, name: str) -> dict[str, Path]:
    return {
        "out": year_dir / "runs" / name,
        "notebook": year_dir / "notebooks" / f"{name}.ipynb",
        "log": year_dir / "logs" / f"{name}.log",
        "failed_notebook": year_dir / "logs" / f"{name}.failed.ipynb",
        "record": year_dir / ".cache" / f"{name}.json",
    }


def write_json_atomic(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}-{secrets.token_hex(4)}")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True, default=str)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


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


# --- worker environment --------------------------------------------------------------------------


def prepare_environment() -> None:
    """Environment for papermill and the kernel it starts (idempotent; runs in the worker)."""
    env = os.environ
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger warns about frozen modules otherwise
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    # The kernelspec (python3) resolves to this interpreter: jupyter_client replaces a bare 'python'
    # with sys.executable; put the venv's bin and share/jupyter first for anything else.
    bindir = str(Path(sys.executable).parent)
    path = env.get("PATH", "")
    if path.split(os.pathsep)[0] != bindir:
        env["PATH"] = bindir + os.pathsep + path if path else bindir
    share = str(Path(sys.prefix) / "share" / "jupyter")
    jp = env.get("JUPYTER_PATH", "")
    if share not in jp.split(os.pathsep):
        env["JUPYTER_PATH"] = share + (os.pathsep + jp if jp else "")


def init_worker(parent_pid: int) -> None:
    """ProcessPoolExecutor initializer: die with the build, leave Ctrl-C to the build process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_environment()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except Exception:  # pragma: no cover - fall back to polling below
            pass
    if os.getppid() != parent_pid:  # the build died before we got here
        os._exit(1)

    def watch() -> None:  # portable fallback (and belt and braces on Linux)
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="hallbar-parent-watch", daemon=True).start()


# --- the run -------------------------------------------------------------------------------------


def _kernel_name(notebook: Path) -> str | None:
    """None to use the notebook's own kernelspec; python3 when the notebook names none."""
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    return None if (meta.get("kernelspec") or {}).get("name") else FALLBACK_KERNEL


def _is_kernel_start_failure(exc: BaseException, cells_started: bool) -> bool:
    if cells_started:
        return False
    name = type(exc).__name__
    if name in ("NoSuchKernel", "PapermillExecutionError", "FileNotFoundError", "PapermillMissingParameterException"):
        return False
    text = str(exc)
    return (
        name in ("DeadKernelError", "ZMQError", "TimeoutError", "CellTimeoutError")
        or "Kernel didn't respond" in text
        or "Kernel died" in text
        or "kernel_info" in text
        or "Address already in use" in text
        or isinstance(exc, (TimeoutError, ConnectionError))
    )


class _RunLog(logging.Handler):
    """Papermill's log (cell outputs with log_output=True) into the run's log file."""

    def __init__(self, fh):
        super().__init__(logging.INFO)
        self.fh = fh
        self.cells_started = False
        self.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = record.getMessage()
            if msg.startswith("Executing Cell") or msg.startswith("Executing notebook with kernel"):
                self.cells_started = self.cells_started or msg.startswith("Executing Cell")
            self.fh.write(self.format(record) + "\n")
            self.fh.flush()
        except Exception:  # pragma: no cover - logging must never break a run
            pass


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


def _other_error(exc: BaseException, notebook_rel: str, attempts: int) -> dict:
    kernel = _is_kernel_start_failure(exc, False)
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


@contextmanager
def _fds_to(path: Path):
    """Send this process's stdout/stderr file descriptors (and so the kernel's, which inherits them) to the run log."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    saved = []
    try:
        for target in (1, 2):
            try:
                saved.append((target, os.dup(target)))
                os.dup2(fd, target)
            except OSError:  # no such descriptor (e.g. a service without stdio)
                pass
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        for target, copy in saved:
            os.dup2(copy, target)
            os.close(copy)
        os.close(fd)


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
    with open(log_tmp, "a", encoding="utf-8") as fh, _fds_to(log_tmp):
        fh.write(f"hallbar run {spec.label}\nnotebook: {spec.notebook_rel}\nreason: {spec.reason}\n")
        fh.write(f"parameters: {json.dumps(params, ensure_ascii=False, sort_keys=True)}\n")
        fh.write(f"python: {sys.executable} (pid {os.getpid()})\nstarted: {started}\n\n")
        fh.flush()
        handler = _RunLog(fh)
        pm_log = logging.getLogger("papermill")
        old_level = pm_log.level
        pm_log.addHandler(handler)
        pm_log.setLevel(logging.INFO)
        try:
            for attempt in range(1, spec.kernel_retries + 2):
                attempts = attempt
                handler.cells_started = False
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
                    retry = _is_kernel_start_failure(exc, handler.cells_started) and attempt <= spec.kernel_retries
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
        write_json_atomic(paths["record"], dict(prev, committing=True))
    dest = paths["out"]
    old = dest.with_name(f"{OLD_PREFIX}{spec.name}-{secrets.token_hex(3)}")
    if dest.exists():
        os.rename(dest, old)
    os.rename(out, dest)
    paths["notebook"].parent.mkdir(parents=True, exist_ok=True)
    os.replace(nb_tmp, paths["notebook"])
    os.replace(log_tmp, paths["log"])
    paths["failed_notebook"].unlink(missing_ok=True)
    write_json_atomic(paths["record"], record)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


# --- rendering a report in a worker -----------------------------------------------------------------


@dataclass
class RenderTask:
    project_dir: str
    region: str
    year: int
    renderer: str = "auto"
    strict: bool = False
    module: str = "hallbar.render"


def render_one(task: RenderTask) -> dict:
    """`render.render_report` for one region × year in a worker; its log in logs/render.log, warnings returned."""
    prepare_environment()
    from .errors import InputError
    from .project import Project

    year_dir = Path(task.project_dir) / "build" / task.region / str(task.year)
    log_path = year_dir / "logs" / "render.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text(f"hallbar render {task.region} {task.year} (renderer {task.renderer}, strict {task.strict})\n"
                        f"started: {now_iso()}\n", encoding="utf-8")
    warnings: list[str] = []
    t0 = time.monotonic()
    out: dict = {}
    with open(log_path, "a", encoding="utf-8") as fh, _fds_to(log_path):
        handler = _RunLog(fh)
        collect = _Collect(warnings)
        hl = logging.getLogger("hallbar")
        old_level = hl.level
        hl.addHandler(handler)
        hl.addHandler(collect)
        hl.setLevel(logging.INFO)
        try:
            import importlib

            render = importlib.import_module(task.module)
            path = render.render_report(Project.at(task.project_dir), task.region, task.year, renderer=task.renderer, strict=task.strict)
            out = {"outcome": "rendered", "path": str(path)}
        except InputError as exc:
            out = {"outcome": "failed", "detail": "; ".join(str(p) for p in exc.problems if p.is_error) or str(exc)}
        except Exception as exc:
            fh.write("".join(traceback.format_exception(exc)))
            out = {"outcome": "failed", "detail": f"{type(exc).__name__}: {exc} (log: build/{task.region}/{task.year}/logs/render.log)"}
        finally:
            hl.removeHandler(handler)
            hl.removeHandler(collect)
            hl.setLevel(old_level)
        out["seconds"] = round(time.monotonic() - t0, 3)
        fh.write(f"finished: {now_iso()} ({out['seconds']:.1f} s), outcome: {out['outcome']} {out.get('detail', '')}\n")
    out["warnings"] = warnings
    return out


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


# --- backends: where run_one runs ------------------------------------------------------------------


class ProcessBackend:
    """A pool of `jobs` spawned worker processes (the default; needs no server)."""

    description = "local processes"

    def __init__(self, jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=init_worker, initargs=(os.getpid(),))

    def submit(self, fn, arg, callback, key: str | None = None) -> None:
        fut = self.pool.submit(fn, arg)
        fut.add_done_callback(callback)

    def close(self, kill: bool = False) -> None:
        if kill:
            procs = list(getattr(self.pool, "_processes", {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:  # their kernels exit when they see their parent gone
                try:
                    p.terminate()
                except Exception:
                    pass
            for p in procs:
                p.join(timeout=5)
        else:
            self.pool.shutdown(wait=True)


class DaskBackend:
    """The same run function on a dask.distributed cluster: `local` (a LocalCluster on loopback) or a scheduler address.

    A remote cluster's workers must see the project folder at the same path and have hallbar installed.
    """

    def __init__(self, address: str, jobs: int | None):
        from distributed import Client, LocalCluster

        self.cluster = None
        if address == "local":
            self.jobs = jobs or os.cpu_count() or 1
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
            self.description = f"dask LocalCluster {self.cluster.scheduler_address}"
        else:
            self.client = Client(address, timeout="30s")
            self.jobs = jobs or max(1, sum(self.client.nthreads().values()))
            self.description = f"dask {address}"
        self.futures: list = []

    def submit(self, fn, arg, callback, key: str | None = None) -> None:
        fut = self.client.submit(fn, arg, key=f"hallbar-{key or fn.__name__}-{secrets.token_hex(4)}", pure=False, retries=0)
        self.futures.append(fut)
        fut.add_done_callback(callback)

    def close(self, kill: bool = False) -> None:
        try:
            if kill and self.futures:
                self.client.cancel(self.futures, force=True)
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()
