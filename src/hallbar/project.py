"""A hallbar project folder: where a region's params, data, notebooks and narrative live.

`load_region` is the one entry point from files to validated objects: it
reads the programme, every yearly file and all data of a region, runs every
check and raises one `InputError` listing all problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .data import load_observations
from .errors import InputError, Problem, Problems
from .params import SLUG_RE, Programme, YearParams, load_programme, load_year

YEAR_FILE = re.compile(r"^(\d{4})\.ya?ml$")


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path = ".") -> "Project":
        return cls(Path(root).resolve())

    # folders ---------------------------------------------------------------
    @property
    def params_dir(self) -> Path:
        return self.root / "params"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def report_dir(self) -> Path:
        return self.root / "report"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def output_dir(self) -> Path:
        return self.report_dir / "_output"

    def narrative_dir(self, region: str, year: int) -> Path:
        return self.report_dir / "narrative" / region / str(year)

    def rel(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    # discovery -------------------------------------------------------------
    def regions(self) -> list[str]:
        if not self.params_dir.is_dir():
            return []
        return sorted(p.name for p in self.params_dir.iterdir() if (p / "programme.yml").is_file())

    def check_region_id(self, region: str) -> None:
        """Refuse ids that are not plain slugs (no '../', no '/')."""
        if not SLUG_RE.match(region or ""):
            raise InputError([Problem("--region", repr(region), "is not a region id (lowercase letters, digits and '-').",
                                      "Use one of: " + ", ".join(self.regions()) + ".")])
        if region not in self.regions():
            raise InputError([Problem("--region", region, f"no such region: params/{region}/programme.yml does not exist.",
                                      "Use one of: " + (", ".join(self.regions()) or "(none found; run in a hallbar project folder)") + ".")])

    def years(self, region: str) -> list[int]:
        folder = self.params_dir / region
        return sorted(int(m.group(1)) for p in folder.iterdir() if (m := YEAR_FILE.match(p.name))) if folder.is_dir() else []

    def notebook_for(self, notebook: str | None) -> Path:
        return self.notebooks_dir / f"{notebook or 'focus_area'}.ipynb"


@dataclass
class RegionInputs:
    """Everything of one region, validated: the input of the status method."""

    programme: Programme
    years: dict[int, YearParams]
    observations: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.programme.region.id


def load_region(project: Project, region: str) -> RegionInputs:
    project.check_region_id(region)
    problems = Problems()
    folder = project.params_dir / region
    prog_path = folder / "programme.yml"
    prog = load_programme(prog_path, project.rel(prog_path), problems)

    years: dict[int, YearParams] = {}
    for year in project.years(region):
        path = next(p for p in (folder / f"{year}.yml", folder / f"{year}.yaml") if p.exists())
        yp = load_year(path, project.rel(path), prog, problems)
        if yp is not None:
            years[year] = yp
    if prog is None:
        problems.raise_if_errors()

    obs = load_observations(project.data_dir / region, prog.indicators, problems, shown_root=project.root)

    shown = project.rel(prog_path)
    for fa in prog.focus_areas:
        nb = project.notebook_for(fa.notebook)
        if not nb.is_file():
            problems.error(shown, f"focus_areas[{fa.id}].notebook", f"notebook '{project.rel(nb)}' does not exist.",
                           "Create it (copy notebooks/focus_area.ipynb) or remove the 'notebook:' key.")
    for fa, _goal, t in prog.targets():
        base = getattr(t.rule, "base_year", None)
        if t.indicator and base is not None:
            have = obs[(obs.indicator == t.indicator) & (obs.sex == t.sex) & (obs.year == base) & obs.value.notna()]
            if have.empty:
                problems.warning(shown, f"focus_areas[{fa.id}]...targets[{t.id}].rule.base_year",
                                 f"no observation of '{t.indicator}' for the base year {base}; the status is measured from the first year after it.",
                                 f"Add the {base} value of '{t.indicator}' to a file in data/{region}/.")
    if not years:
        problems.warning(str(project.rel(folder)), "", "has no yearly file (<year>.yml), so no report year exists.",
                         "Add params/<region>/<year>.yml for the report year.")
    problems.raise_if_errors()
    return RegionInputs(prog, years, obs, problems.warnings)
