"""The report stage of a build: whether a region × year must be rendered, and rendering it in a worker."""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..inputs.project import Project
from ..jsonio import write_json
from ..report import PACKAGE_TEMPLATES, render_report
from .hashing import hallbar_version, sha256_file, sha256_json
from .provenance import read_manifest
from .runner import RECORD_FORMAT, now_iso, read_record
from .worker import RunLog, fds_to, prepare_environment

RENDER_RECORD = "render.json"


@dataclass
class RenderTask:
    project_dir: str
    region: str
    year: int
    renderer: str = "auto"
    strict: bool = False


def render_one(task: RenderTask) -> dict:
    """`render.render_report` for one region × year in a worker; its log in logs/render.log, warnings returned."""
    prepare_environment()

    year_dir = Path(task.project_dir) / "build" / task.region / str(task.year)
    log_path = year_dir / "logs" / "render.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text(f"hallbar render {task.region} {task.year} (renderer {task.renderer}, strict {task.strict})\n"
                        f"started: {now_iso()}\n", encoding="utf-8")
    warnings: list[str] = []
    t0 = time.monotonic()
    out: dict = {}
    with open(log_path, "a", encoding="utf-8") as fh, fds_to(log_path):
        handler = RunLog(fh)
        collect = _Collect(warnings)
        hl = logging.getLogger("hallbar")
        old_level = hl.level
        hl.addHandler(handler)
        hl.addHandler(collect)
        hl.setLevel(logging.INFO)
        try:
            path = render_report(Project.at(task.project_dir), task.region, task.year, renderer=task.renderer, strict=task.strict)
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


def _tree_hashes(project: Project, root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    if not root.is_dir():
        return {}
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not any(p.is_relative_to(s) for s in skip) and not p.name.startswith("."):
            out[project.rel(p)] = sha256_file(p)
    return out


class RenderCache:
    """Whether a region × year's report must be rendered: a content hash of what the report is made of."""

    def __init__(self, project: Project, *, renderer: str, strict: bool, force: bool):
        self.project, self.renderer, self.strict, self.force = project, renderer, strict, force
        self.templates = _tree_hashes(project, project.report_dir, (project.output_dir, project.report_dir / "narrative"))
        self.package_templates = _tree_hashes(project, PACKAGE_TEMPLATES)

    def key(self, region: str, year: int, runs: list) -> str:
        prov = read_manifest(self.project.build_dir / region / str(year) / "provenance.json") or {}
        return sha256_json({
            "runs": {r.name: r.key for r in runs},
            "narrative": _tree_hashes(self.project, self.project.narrative_dir(region, year)),
            "templates": self.templates, "package_templates": self.package_templates,
            "hallbar": hallbar_version("all"), "renderer": self.renderer, "strict": self.strict,
            "provenance": {k: v for k, v in prov.items() if k != "build"},  # the colophon
        })

    def record_path(self, region: str, year: int) -> Path:
        return self.project.build_dir / region / str(year) / ".cache" / RENDER_RECORD

    def up_to_date(self, region: str, year: int, key: str) -> bool:
        rec, _ = read_record(self.record_path(region, year))
        out_dir = self.project.output_dir / region / str(year)
        return (not self.force and rec is not None and rec["key"] == key and out_dir.is_dir()
                and any(out_dir.iterdir()))

    def commit(self, region: str, year: int, key: str, path: str) -> None:
        write_json(self.record_path(region, year), {"format": RECORD_FORMAT, "key": key, "components": {}, "outputs": [],
                                                    "path": path, "rendered": now_iso()}, fsync=True)
