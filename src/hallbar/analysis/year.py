"""One region's report year as the notebooks see it: programme, observations and the assess stage's statuses.

`ReportYear.open(project_dir, region, year)` reads the inputs and the status
records the build's assess stage wrote (`build/<region>/<year>/status.json`);
it never re-assesses during a build. Opened outside a build (an analyst
running the notebook in Jupyter before any build), it assesses with the same
function the assess stage uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..inputs.project import Project, RegionInputs, load_region
from ..jsonio import read_json
from ..method import TargetStatus
from ..model import Indicator, Obs, Programme, YearParams
from ..sv.words import plural, use_status_labels
from .markdown import MD, div, md_escape
from .status import assess

OBSERVATION_COLUMNS = ["indicator", "year", "value", "sex", "example", "missing", "source", "note"]


@dataclass
class ReportYear:
    project: Project
    region: str
    year: int
    inputs: RegionInputs
    statuses: list[TargetStatus]
    from_build: bool  # the statuses are the assess stage's (build/<region>/<year>/status.json)
    _by_id: dict[str, TargetStatus] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, project_dir: str | os.PathLike, region: str, year: int | str) -> ReportYear:
        project = Project.at(project_dir)
        inputs = load_region(project, region)
        use_status_labels(inputs.programme.labels)
        year = int(year)
        path = project.build_dir / region / str(year) / "status.json"
        if path.is_file():
            statuses, from_build = [TargetStatus.from_dict(r) for r in read_json(path)], True
        else:
            statuses, from_build = assess(inputs, year), False
        return cls(project, region, year, inputs, statuses, from_build)

    # the parts ---------------------------------------------------------------------------------------
    @property
    def programme(self) -> Programme:
        return self.inputs.programme

    @property
    def year_params(self) -> YearParams | None:
        return self.inputs.years.get(self.year)

    @property
    def example_data(self) -> bool:
        obs = self.inputs.observations
        return bool(self.year_params and self.year_params.example_data) or (bool(len(obs)) and bool(obs["example"].any()))

    def status(self, target_id: str) -> TargetStatus:
        if not self._by_id:
            self._by_id = {s.target_id: s for s in self.statuses}
        try:
            return self._by_id[target_id]
        except KeyError:
            raise KeyError(f"'{target_id}' is not a target of {self.region}") from None

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self.programme.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"'{indicator_id}' is not an indicator of {self.region}") from None

    @property
    def observations(self) -> pd.DataFrame:
        """Every observation of the region up to the report year, long format (one row per indicator, year, sex)."""
        obs = self.inputs.observations
        return obs.loc[obs.year <= self.year, OBSERVATION_COLUMNS].reset_index(drop=True)

    def series(self, indicator_id: str, sex: str = "T") -> list[Obs]:
        """One indicator's values up to the report year (missing values left out), as the figures take them."""
        self.indicator(indicator_id)
        obs = self.inputs.observations
        sel = obs[(obs.indicator == indicator_id) & (obs.sex == sex) & (obs.year <= self.year) & obs.value.notna()].sort_values("year")
        return [Obs(int(y), float(v), bool(e)) for y, v, e in zip(sel.year, sel.value, sel.example, strict=True)]

    def noun(self, level: str) -> str:
        """The region's own plural for a level ('target' -> 'delmål'), lower case."""
        return plural(self.programme.labels, level).lower()

    def notice(self) -> MD:
        """The Exempeldata notice (shown where the data are illustrative), and a missing yearly file."""
        parts = []
        if self.year_params is None:
            parts.append(div(f"**Obs!** Det finns ingen årsfil för {self.year}: kvalitativa mål saknar bedömning.", "platshallare"))
        if self.example_data:
            parts.append(div("**Exempeldata.** Värdena och bedömningarna i den här redovisningen är exempel. "
                             f"De beskriver inte verkliga resultat för {md_escape(self.programme.region.name)}.", "exempeldata"))
        return MD("\n\n".join(parts))


def project_root(project_dir: str | os.PathLike) -> Path:
    return Project.at(project_dir).root
