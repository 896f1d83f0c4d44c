"""One target, one programme, one report year: the status and the numbers behind it.

`assess_target` reads the target's series (and a relative rule's comparison
series) up to the report year and applies `series.assess_series`;
qualitative targets carry the analysts' status from the yearly file, and an
override replaces a computed status (the computed one stays in the result).
No words here: `hallbar.sv.reasons.explain` writes the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from ..inputs.observations import series as get_series
from ..model import STATUS_CODES, Programme, Target, YearParams
from .pace import RANK
from .result import TargetStatus
from .series import assess_series


def assess_target(
    target: Target,
    programme: Programme,
    observations: pd.DataFrame | None,
    year: int,
    year_params: YearParams | None = None,
) -> TargetStatus:
    """Status of one target for one report year (data after `year` is ignored)."""
    rule = target.rule
    target_year = programme.target_year(target)
    common = dict(target_id=target.id, year=year, title=target.title, indicator=target.indicator,
                  kind=rule.kind, target_year=target_year)
    if rule.kind == "qualitative":
        a = year_params.assessments.get(target.id) if year_params else None
        if a is None:
            ts = TargetStatus(status="no_data", rule="qualitative", assessed_by="analyst", why="no_assessment", **common)
        else:
            ts = TargetStatus(status=a.status, rule="qualitative", assessed_by="analyst", motivation=a.motivation, **common)
    else:
        ind = programme.indicators[target.indicator]

        def read(indicator: str) -> list[tuple[int, float]]:
            return get_series(observations, indicator, target.sex, up_to=year) if observations is not None else []

        compare = read(target.compare_to) if target.compare_to else None
        numbers = assess_series(rule, ind.better, ind.is_share, read(target.indicator), year, target_year, compare)
        numbers["notes"] = tuple(numbers.get("notes", ()))
        ts = TargetStatus(**common | {k: v for k, v in numbers.items() if k != "target_year"})
        if numbers.get("target_year") is not None:
            ts = replace(ts, target_year=numbers["target_year"])
    o = year_params.overrides.get(target.id) if year_params else None
    if o is not None:
        ts = replace(ts, computed_status=ts.status, status=o.status, assessed_by="override", motivation=o.reason)
    return ts


def change_between(previous: str | None, current: str) -> str:
    """improved / worsened / unchanged / not_comparable (no_data on either side)."""
    if previous is None or RANK[previous] == 0 or RANK[current] == 0:
        return "not_comparable"
    a, b = RANK[previous], RANK[current]
    return "improved" if b > a else "worsened" if b < a else "unchanged"


def assess_programme(
    programme: Programme,
    observations: pd.DataFrame | None,
    year: int,
    year_params: dict[int, YearParams] | None = None,
) -> list[TargetStatus]:
    """Every target of the programme for `year`, with last year's status and the change."""
    year_params = year_params or {}
    out = []
    for fa, goal, target in programme.targets():
        cur = assess_target(target, programme, observations, year, year_params.get(year))
        prev = assess_target(target, programme, observations, year - 1, year_params.get(year - 1))
        out.append(replace(cur, focus_area=fa.id, goal=goal.id, previous_status=prev.status,
                           change=change_between(prev.status, cur.status)))
    return out


def counts(statuses: Iterable) -> dict[str, int]:
    """Targets per status code; takes `TargetStatus` objects, records (dicts) or status codes."""
    c = {code: 0 for code in STATUS_CODES}
    for s in statuses:
        code = s.get("status") if isinstance(s, dict) else getattr(s, "status", s)
        c[code] += 1
    return c
