"""The lines and years a figure draws, as numbers: the required path, the projection, the marked years.

The paths follow the status result (`TargetStatus`): its rule (compound or linear),
its period's first value, its projection. `annual_path` is a programme's own
compounding path (e.g. −4,2 procent per år from the base year).
`programme_years` is the programme period and the base year every time chart
marks; `assessed_period` the years the pace was measured over and why they
start where they do (the figure's bracket, the alt text's sentence).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.status import PACE_STATUSES
from .pace import MAX_PERIOD_YEARS
from .result import TargetStatus


def target_value(ts: TargetStatus, rule=None) -> float | None:
    if ts.target_value is not None:
        return ts.target_value
    if rule is not None and getattr(rule, "kind", None) == "level":
        return float(rule.value)
    return None


def linear_rule(ts: TargetStatus, start: float, target: float, share: bool) -> bool:
    if ts.rule in ("compound", "linear"):
        return ts.rule == "linear"
    return (share and ts.kind == "level") or min(start, target) <= 0


def required_path(ts: TargetStatus, share: bool = False) -> list[tuple[int, float]]:
    """Yearly points from the assessed period's first value to the target value by the target year.

    Compound or linear as the status result's `rule` says (the status method's own
    required pace); with a single observation the path starts there. Empty when
    there is no numeric target or the target year is not after the start.
    """
    if ts.kind not in ("level", "change", "annual_rate") or ts.target_value is None or ts.target_year is None:
        return []
    start = ts.first or ts.latest
    if start is None or start.year >= ts.target_year:
        return []
    y0, v0, y1, v1 = start.year, start.value, ts.target_year, ts.target_value
    linear = linear_rule(ts, v0, v1, share)
    out = []
    for y in range(y0, y1 + 1):
        t = (y - y0) / (y1 - y0)
        out.append((y, v0 + (v1 - v0) * t if linear else v0 * (v1 / v0) ** t))
    return out


def projection_path(ts: TargetStatus, share: bool = False) -> list[tuple[int, float]]:
    """Yearly points from the latest value to the status result's projection at the target year."""
    if ts.projection is None or ts.latest is None or ts.target_year is None or ts.latest.year >= ts.target_year:
        return []
    y0, v0, y1, v1 = ts.latest.year, ts.latest.value, ts.target_year, ts.projection
    linear = ts.rule in ("linear", "relative") or min(v0, v1) <= 0 or (ts.rule == "none" and share)
    return [(y, v0 + (v1 - v0) * (y - y0) / (y1 - y0) if linear else v0 * (v1 / v0) ** ((y - y0) / (y1 - y0)))
            for y in range(y0, y1 + 1)]


def annual_path(base_year: int, base_value: float, percent: float, target_year: int) -> list[tuple[int, float]]:
    """The programme's compounding path: base value × (1 + percent/100)^(year − base year)."""
    return [(y, base_value * (1 + percent / 100.0) ** (y - base_year)) for y in range(base_year, target_year + 1)]


# --- the years a figure marks: the programme, its base year, the assessed period -----------------------------

# statuses whose numbers come from the pace over the assessed period (not_achieved: the required path
# a figure draws still starts at the period's first value)
# the statuses a measured period explains: the pace ones, and not_achieved (the period up to the target year)
PERIOD_STATUSES = (*PACE_STATUSES, "not_achieved")


@dataclass(frozen=True)
class ProgrammeYears:
    """The years every time chart marks: the programme period (shaded) and the base year (a line, 'Basår')."""

    start: int | None
    end: int | None
    base_year: int | None


def stated_base_year(programme=None, rule=None) -> int | None:
    """The base year the sources state: the target's own (`rule.base_year`), else the programme's
    (`programme.base_year`), else None (`programme_years` then guesses the year before the start)."""
    own = getattr(rule, "base_year", None)
    return own if own is not None else getattr(getattr(programme, "programme", programme), "base_year", None)


def programme_years(programme=None, rule=None, ts: TargetStatus | None = None) -> ProgrammeYears:
    """The programme period and the base year a chart marks.

    The base year is, in this order: the target's own base year (`rule.base_year`:
    change, annual_rate and direction targets that name one), else the programme's
    (`programme.base_year` in programme.yml, optional), else the year before the
    programme starts (`programme.start − 1`). Without a programme (a chart drawn
    from its parts alone) it is the status result's base point, if any.
    `programme` is a `Programme` or its `ProgrammeInfo` (`programme.programme`).
    """
    info = getattr(programme, "programme", programme)
    start = getattr(info, "start", None)
    end = getattr(info, "end", None)
    base = stated_base_year(programme, rule)
    if base is None and start is not None:
        base = start - 1
    elif base is None:
        base = ts.base.year if ts is not None and ts.base is not None else None
    return ProgrammeYears(start, end, base)


@dataclass(frozen=True)
class AssessedPeriod:
    """The years the status method measured the pace over, and why it starts where it does.

    `why` (no words here; `hallbar.sv.alt` says it):
      base           starts at the base year
      window         later than the base year: the method uses at most the last `MAX_PERIOD_YEARS` years
      window_gap     later than the base year: the first value within the last `MAX_PERIOD_YEARS` years is later
      gap            later than the base year: no values between the base year and `first`
      base_missing   later than the base year: its value is missing; the first value after it is used
      previous_year  later than the base year: the target compares with the previous value (`each_year`)
      before_base    earlier than the base year: the target has no base year of its own, so the last years count
      sparse         earlier: within the last years there is only the latest value, so the period starts before them
      unknown_base   no base year is known
    """

    first: int
    last: int
    base_year: int | None
    window_start: int  # latest year − MAX_PERIOD_YEARS
    why: str

    @property
    def differs(self) -> bool:
        """The period does not start at the base year (a figure and its alt text say so)."""
        return self.base_year is not None and self.first != self.base_year

    @property
    def later(self) -> bool:
        return self.base_year is not None and self.first > self.base_year


def assessed_period(ts: TargetStatus, base_year: int | None, rule=None) -> AssessedPeriod | None:
    """The period the pace was measured over (`ts.first` to `ts.latest`), or None when no pace decided the status.

    Only statuses measured over a period (`PERIOD_STATUSES`, computed or overridden) have one;
    `achieved` (the latest value meets the target) does not depend on it, and
    `no_data` has no pace.
    """
    status = ts.computed_status or ts.status
    if status not in PERIOD_STATUSES or ts.first is None or ts.latest is None or ts.first.year >= ts.latest.year:
        return None
    first, last = ts.first.year, ts.latest.year
    window = last - MAX_PERIOD_YEARS
    notes = ts.notes or ()
    missing = [n for n in notes if n.startswith("base_missing:")]
    if base_year is None:
        why = "unknown_base"
    elif first == base_year:
        why = "base"
    elif getattr(rule, "each_year", False):
        why = "previous_year"
    elif any(n.startswith("period_extended:") for n in notes):
        why = "sparse"
    elif first < base_year:
        why = "before_base"
    elif missing and int(missing[0].split(":")[2]) == first:
        why = "base_missing"
    elif base_year < window:
        why = "window" if first == window else "window_gap"
    else:
        why = "gap"
    return AssessedPeriod(first, last, base_year, window, why)
