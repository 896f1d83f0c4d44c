"""A hallbar project folder: where a region's params, data, notebooks and narrative live.

`load_region` is the one entry point from files to validated objects: it
reads the programme, every yearly file and all data of a region, runs every
check and raises one `InputError` listing all problems.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem, Problems
from ..model import Programme, YearParams, is_slug
from .observations import load_observations
from .programme import load_programme_doc, load_year, target_loc, where
from .yamldoc import YamlDoc

YEAR_FILE = re.compile(r"^(\d{4})\.ya?ml$")


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path = ".") -> Project:
        """The project in folder `root`; `InputError` when that is not a folder."""
        path = Path(root).resolve()
        if not path.is_dir():
            what = "is a file, not a project folder." if path.exists() else "does not exist."
            raise InputError([Problem(str(root), "--project", what,
                                      "Pass the folder that holds params/, data/ and notebooks/ (default: the current folder).")])
        return cls(path)

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
        """Refuse ids that are not plain slugs (no '../', no '/') or name no region; suggest the closest."""
        regions = self.regions()
        known = [r for r in regions if is_slug(r)]
        if not is_slug(region or ""):
            if region in regions:  # a folder params/<Bad Name>/ found by discovery
                raise InputError([Problem(f"params/{region}/", "folder name", f"'{region}' is not a valid region id.",
                                          "Rename the folder to lowercase ASCII letters, digits and '-' (å/ä -> a, ö -> o), "
                                          "and set region.id in its programme.yml to the same name.")])
            raise InputError([Problem("--region", repr(region), "is not a region id (lowercase letters, digits and '-'; "
                                      "no '/', '..' or spaces)." + _did_you_mean(region, known),
                                      "Use one of: " + (", ".join(known) or "(none found)") + ".")])
        if region not in regions:
            if (self.params_dir / region / "programme.yaml").is_file():
                raise InputError([Problem(f"params/{region}/programme.yaml", "file name", "the programme file must be named programme.yml.",
                                          f"Rename it to params/{region}/programme.yml.")])
            raise InputError([Problem("--region", region, f"no such region: params/{region}/programme.yml does not exist."
                                      + _did_you_mean(region, known),
                                      "Use one of: " + (", ".join(regions) or "(none found; run in a hallbar project folder)") + ".")])

    def select_regions(self, wanted: list[str] | None) -> list[str]:
        """The regions a command works on: `wanted` (checked, every bad id reported) or all of them."""
        if wanted:
            problems: list[Problem] = []
            for r in dict.fromkeys(wanted):
                try:
                    self.check_region_id(r)
                except InputError as exc:
                    problems += exc.problems
            if problems:
                raise InputError(problems)
            return list(dict.fromkeys(wanted))
        regions = self.regions()
        if not regions:
            raise InputError([Problem(str(self.params_dir), "", "contains no region (no params/<region>/programme.yml).",
                                      "Run hallbar in a project folder, or pass --project DIR.")])
        return regions

    def years(self, region: str) -> list[int]:
        folder = self.params_dir / region
        return sorted(int(m.group(1)) for p in folder.iterdir() if (m := YEAR_FILE.match(p.name))) if folder.is_dir() else []

    def notebook_for(self, notebook: str | None) -> Path:
        return self.notebooks_dir / f"{notebook or 'focus_area'}.ipynb"


def _did_you_mean(given: str, known: list[str]) -> str:
    """' Did you mean 'kronoberg'?' for 'kronberg' or 'Kronoberg', else ''."""
    low = {k.lower(): k for k in known}
    if (given or "").strip().lower() in low:
        return f" Did you mean '{low[given.strip().lower()]}'?"
    close = difflib.get_close_matches((given or "").lower(), known, n=1, cutoff=0.7)
    return f" Did you mean '{close[0]}'?" if close else ""


@dataclass
class RegionInputs:
    """Everything of one region, validated: the input of the status method."""

    programme: Programme
    years: dict[int, YearParams]
    observations: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    doc: YamlDoc | None = None  # programme.yml as parsed, for key paths with line numbers in later checks

    @property
    def id(self) -> str:
        return self.programme.region.id

    def where(self, loc: tuple) -> str:
        """A key path of programme.yml with its line: ``focus_areas[klimat].notebook (line 9)``."""
        return where(self.doc, loc)


def load_region(project: Project, region: str) -> RegionInputs:
    project.check_region_id(region)
    problems = Problems()
    folder = project.params_dir / region
    prog_path = folder / "programme.yml"
    shown = project.rel(prog_path)
    prog, doc = load_programme_doc(prog_path, shown, problems)

    years: dict[int, YearParams] = {}
    year_numbers = project.years(region)
    for year in year_numbers:
        both = [p for p in (folder / f"{year}.yml", folder / f"{year}.yaml") if p.exists()]
        if len(both) > 1:
            problems.error(project.rel(both[1]), "", f"both {year}.yml and {year}.yaml exist; only one file per year is allowed.",
                           f"Keep one of them (hallbar reads {year}.yml).")
        yp = load_year(both[0], project.rel(both[0]), prog, problems)
        if yp is not None:
            years[year] = yp

    data_dir = project.data_dir / region
    # without a valid programme the data are still read, so their own problems are listed too
    obs = load_observations(data_dir, prog.indicators if prog is not None else None, problems, shown_root=project.root)
    if prog is None:
        problems.raise_if_errors()

    if not data_dir.is_dir() and any(t.indicator for _, _, t in prog.targets()):
        problems.warning(project.rel(data_dir), "", "does not exist, so every target computed from data gets 'Saknar data'.",
                         f"Create data/{region}/ with a CSV or Excel file (columns indicator,year,value).")
    # base-year gaps are only worth a warning when the data were read in full
    for _fa, _goal, t in (prog.targets() if not problems.errors else ()):
        base = getattr(t.rule, "base_year", None)
        if t.indicator and base is not None:
            have = obs[(obs.indicator == t.indicator) & (obs.sex == t.sex) & (obs.year == base) & obs.value.notna()]
            if have.empty:
                problems.warning(shown, where(doc, target_loc(prog, t.id) + ("rule", "base_year")),
                                 f"no observation of '{t.indicator}' ({t.sex}) for the base year {base}; "
                                 "the status is measured from the first year after it.",
                                 f"Add the {base} value of '{t.indicator}' to a file in data/{region}/.")
    if not year_numbers:
        problems.warning(project.rel(folder), "", "has no yearly file (<year>.yml), so no report year exists.",
                         f"Add params/{region}/<year>.yml for the report year (see params/SCHEMA.md).")
    problems.raise_if_errors()
    return RegionInputs(prog, years, obs, problems.warnings, doc)
