"""What one report (region × year) is made of, read from the project and its build folder.

`load_context` validates the region (`project.load_region`), reads the build
folder the earlier stages wrote (`status.json`, `provenance.json`, the runs'
figures) and the analysts' narrative files, and returns a `ReportContext`.
Problems the report can live with (a missing narrative or figure) become
warnings: logged on the `hallbar.render` logger, kept in `ctx.problems` and
listed in the report's rapport.json. `strict=True` makes every one of them an
error (a missing narrative fails before anything is written). A narrative for
a focus area the programme does not have is always an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, Problem, Problems
from ..inputs.narrative import FocusNarrative, read_narratives
from ..inputs.project import Project, RegionInputs, load_region
from ..jsonio import read_json
from ..method import TargetStatus
from ..model import EDITORIAL_TEXTS, Programme, YearParams
from ..sv.words import use_status_labels

log = logging.getLogger("hallbar.render")

@dataclass
class ReportContext:
    project: Project
    region: str
    year: int
    inputs: RegionInputs
    statuses: list[TargetStatus]
    provenance: dict[str, Any] | None
    narratives: dict[str, FocusNarrative]
    strict: bool = False
    problems: Problems = field(default_factory=Problems)

    @property
    def programme(self) -> Programme:
        return self.inputs.programme

    @property
    def year_params(self) -> YearParams:
        return self.inputs.years[self.year]

    @property
    def example_data(self) -> bool:
        return bool(self.year_params.example_data)

    @property
    def build_dir(self) -> Path:
        return build_dir(self.project, self.region, self.year)

    @property
    def observations(self) -> pd.DataFrame:
        obs = self.inputs.observations
        return obs[obs.year <= self.year]

    def run_dir(self, run: str) -> Path:
        return self.build_dir / "runs" / run

    def statuses_of(self, focus_id: str) -> list[TargetStatus]:
        return [s for s in self.statuses if s.focus_area == focus_id]

    def warn(self, file: str, where: str, what: str, fix: str = "") -> None:
        """A problem the report can live with; an error when strict (raised by `raise_if_strict`)."""
        if self.strict:
            self.problems.error(file, where, what, fix)
        else:
            self.problems.warning(file, where, what, fix)
            log.warning("warning: %s", self.problems.items[-1])

    def raise_if_strict(self) -> None:
        self.problems.raise_if_errors()


def build_dir(project: Project, region: str, year: int) -> Path:
    return project.build_dir / region / str(year)


def _read_json(path: Path, shown: str, problems: Problems, what: str, fix: str) -> Any:
    if not path.is_file():
        problems.error(shown, "", f"{what} does not exist.", fix)
        return None
    try:
        return read_json(path)
    except (OSError, ValueError) as exc:
        problems.error(shown, "", f"{what} is not readable JSON ({exc}).", fix)
        return None


def _statuses(ctx_project: Project, region: str, year: int, prog: Programme, problems: Problems) -> list[TargetStatus]:
    path = build_dir(ctx_project, region, year) / "status.json"
    shown = ctx_project.rel(path)
    fix = f"Run `hallbar build --region {region} --year {year}` first."
    data = _read_json(path, shown, problems, "the status file of the build", fix)
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("targets"), list):
        data = data["targets"]
    if not isinstance(data, list) or not all(isinstance(r, dict) and "target_id" in r and "status" in r for r in data):
        problems.error(shown, "", "is not a list of target status records.", fix)
        return []
    by_id = {r["target_id"]: r for r in data}
    out = []
    for fa, goal, t in prog.targets():
        rec = by_id.get(t.id)
        if rec is None:
            problems.error(shown, "", f"has no status for target '{t.id}' (the programme changed after the build).", fix)
            continue
        out.append(TargetStatus.from_dict({**rec, "focus_area": rec.get("focus_area") or fa.id, "goal": rec.get("goal") or goal.id}))
    return out


def load_context(project: Project, region: str, year: int, strict: bool = False) -> ReportContext:
    """Everything one report needs; raises `InputError` with every problem found."""
    inputs = load_region(project, region)
    if year not in inputs.years:
        raise InputError([Problem(project.rel(project.params_dir / region), "", f"has no yearly file for {year}, so there is no report year {year}.",
                                  "Use one of: " + (", ".join(map(str, sorted(inputs.years))) or "(none)") + f", or add params/{region}/{year}.yml.")])
    problems = Problems()
    prog = inputs.programme
    use_status_labels(prog.labels)
    statuses = _statuses(project, region, year, prog, problems)
    narratives = read_narratives(project, region, year, prog, strict, problems)
    problems.raise_if_errors()
    ctx = ReportContext(project, region, year, inputs, statuses, None, narratives, strict=strict)
    for fn in narratives.values():
        if fn.narrative is None:
            if fn.focus_id not in EDITORIAL_TEXTS:  # an editorial text is warned about where the summary asks for it
                ctx.warn(fn.shown, "", f"no narrative for '{prog.focus_area(fn.focus_id).title}'; the report shows a placeholder.",
                         f"Write the analysts' text in {fn.shown}.")
        else:
            for note in fn.narrative.notes:
                ctx.warn(fn.shown, "", f"narrative: {note}.", "Use plain Markdown (no HTML, no scripts).")
    prov_path = ctx.build_dir / "provenance.json"
    prov = Problems()
    ctx.provenance = _read_json(prov_path, project.rel(prov_path), prov, "the provenance file of the build", "Run `hallbar build`.")
    for p in prov.items:
        ctx.warn(p.file, p.where, p.what + " The colophon says so.", p.fix)
    return ctx
