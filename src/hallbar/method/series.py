"""A quantitative rule on a series of (year, value): the numbers and the status, no wording.

The method follows Eurostat's SDG progress assessment: the actual compound
annual growth rate over the observed period (at most the last
`MAX_PERIOD_YEARS` years, never before the baseline) divided by the rate
required to go from the period's first value to the target value by the
target year. Only observations up to the report year count, so last year's
status can be recomputed and compared.

Edge cases, decided here and documented in `method_markdown`:

* target already met: `achieved` whenever the latest value meets the target,
  even with a single observation (a met level needs no trend).
* one observation that does not meet the target, or none since the baseline:
  `no_data` (a pace needs two points).
* sparse series: when the last `MAX_PERIOD_YEARS` years hold only the latest
  observation but there are earlier ones (a survey every sixth year), the
  period starts at the last observation before the window (Eurostat allows
  this for sparse data); the reason says so.
* a zero or negative value (first, latest or target), or a `level` target on
  a share in percent: the linear rule (percent points per year).
* required pace of zero or of the wrong sign, i.e. the period's first value
  already met the target but the latest does not: `away`.
* target year reached and not met: decided on the data, not on the report
  year. When an observation for the target year (or later) exists and does
  not meet the target, the status is `not_achieved` (Ej uppnått), whatever
  the pace; one such observation is enough. A report for the
  target year itself usually only has last year's data (statistics lag); it
  is then still assessed on pace towards the target year, and the reason
  says that the target year's value is not yet known. (Changed: earlier the
  report year alone decided, which turned every on-track target into
  "insufficient" in the programme's last report.)
* observations after the target year count: the latest value up to the
  report year is assessed.
* base-year value missing: the first observation after the base year is the
  reference, and the reason says so.
* sex: the series of the target's `sex` (default `T`, totalt); if that series
  is empty the status is `no_data` even if K/M series exist. The reason
  names the sex ("för kvinnor", "för män").
* a projection of a share (unit procent) under the linear rule is kept
  within 0–100 procent.
* direction targets: rate in the wanted direction over the period, thresholds
  > 1 %/år `on_track`, 0–1 % `moderate`, ≤ 0 `away` (exactly 1 % is
  `moderate`). Without a base year the period is at most the last
  `MAX_PERIOD_YEARS` years; with one it runs from the base year, since the
  target names it ("ska minska jämfört med år 2021"). Once an observation for
  the target year (or later) exists: `achieved` when the latest value is
  better than the period's first, `away` otherwise. The rate is compound;
  where a value is zero or negative it is the linear change relative to
  |first value|. `each_year` targets ("ska öka jämfört med föregående år")
  compare the latest value with the one before it: better is `achieved`,
  equal `insufficient`, worse `away`; a gap year is named in the reason.
* relative targets: the gap to the comparison series in the same year;
  better than the comparison is `achieved` (equal is not); otherwise the
  gap's linear pace against the pace that closes it by the target year, same
  thresholds. Equal at the start and not better now: `insufficient`, or
  `away` if the gap opened the wrong way.
* thresholds are compared on the ratio rounded to 9 decimals, so a ratio of
  exactly 0.95 (or 0.60) computed with floating-point error still counts as
  reached; a ratio of exactly 0 (no movement) is `insufficient`.
* qualitative targets: the analysts' status from the yearly file; none given
  is `no_data`. Overrides replace a computed status; the computed one stays
  in the result with the reason.
"""

from __future__ import annotations

import math

from .pace import (
    EPS,
    MAX_PERIOD_YEARS,
    classify_direction,
    classify_ratio,
    compound_projection,
    compound_rate,
    linear_rate,
    meets,
    relative_rate,
)
from .result import Point


def period_of(points: list, latest_y: int, notes: list[str] | None = None) -> list:
    """The assessed period: the points of the last `MAX_PERIOD_YEARS` years up to the latest one.

    Sparse series (a survey every sixth year) may have only the latest point in that window;
    then the period starts at the last point before the window, as Eurostat's method allows
    for sparse data, and `period_extended:<year>` is noted so the reason can say so.
    `points` are (year, value, ...) tuples in year order.
    """
    period = [p for p in points if p[0] >= latest_y - MAX_PERIOD_YEARS]
    if len(period) == 1 and len(points) > 1:
        before = [p for p in points if p[0] < latest_y - MAX_PERIOD_YEARS]
        if before:
            period = [before[-1], *period]
            if notes is not None:
                notes.append(f"period_extended:{before[-1][0]}")
    return period


def _no_data(why: str, **kw) -> dict:
    return dict(status="no_data", rule="none", why=why, **kw)


def assess_series(
    rule,
    better: str,
    share: bool,
    series: list[tuple[int, float]],
    year: int,
    target_year: int,
    compare: list[tuple[int, float]] | None = None,
) -> dict:
    """The numbers and the status for one quantitative rule; no wording.

    `series` and `compare` are (year, value) pairs; values after `year` are ignored.
    Returns a dict of TargetStatus fields (status, rule, first, latest, ...) and `notes`.
    """
    obs = sorted((int(y), float(v)) for y, v in series if y <= year and v is not None and math.isfinite(v))
    kind = rule.kind
    if kind == "relative":
        cmp = sorted((int(y), float(v)) for y, v in (compare or []) if y <= year and v is not None and math.isfinite(v))
        return _assess_relative(better, obs, cmp, year, target_year)
    base_year = getattr(rule, "base_year", None)
    notes: list[str] = []
    eligible = [(y, v) for y, v in obs if base_year is None or y >= base_year]
    if not obs:
        return _no_data("no_observations")
    if not eligible:
        return _no_data("none_since_base", latest=Point(*obs[-1]))
    if kind == "direction":
        return _assess_direction(rule, better, eligible, year, target_year)

    ref_y, ref_v = eligible[0]
    if base_year is not None and ref_y != base_year:
        notes.append(f"base_missing:{base_year}:{ref_y}")
    if kind == "level":
        target_value = float(rule.value)
    elif kind == "change":
        target_value = ref_v * (1 + rule.percent / 100.0)
    elif kind == "annual_rate":
        target_value = ref_v * (1 + rule.percent / 100.0) ** (target_year - ref_y)
    else:  # pragma: no cover - the model admits no other kind
        raise ValueError(f"unknown rule kind {kind}")

    latest_y, latest_v = eligible[-1]
    period = period_of(eligible, latest_y, notes)
    first_y, first_v = period[0]
    out = dict(
        first=Point(first_y, first_v), latest=Point(latest_y, latest_v),
        base=Point(ref_y, ref_v) if base_year is not None else None,
        target_value=target_value, target_year=target_year, notes=notes,
    )
    linear = (share and kind == "level") or min(first_v, latest_v, target_value) <= 0
    out["rule"] = "linear" if linear else "compound"
    if meets(latest_v, target_value, better):
        return dict(out, status="achieved")
    rate = linear_rate if linear else compound_rate
    if first_y != latest_y:
        out["actual_pace"] = actual = rate(first_v, latest_v, latest_y - first_y)
    if latest_y >= target_year:  # the target year's value (or a later one) is known and misses
        notes.append("target_year_passed")
        return dict(out, status="not_achieved")
    if first_y == latest_y:
        return dict(out, status="no_data", rule="none", why="single_observation")
    if year >= target_year:
        notes.append("target_year_not_yet_known")
    required = rate(first_v, target_value, target_year - first_y)
    out["required_pace"] = required
    if linear:
        projection = latest_v + actual * (target_year - latest_y)
        if share:
            projection = min(max(projection, 0.0), 100.0)
    else:
        projection = compound_projection(latest_v, actual, target_year - latest_y)
    out["projection"] = projection
    if meets(first_v, target_value, better):
        notes.append("moved_away_from_met_target")
        return dict(out, status="away")
    ratio = actual / required
    out["ratio"] = ratio
    return dict(out, status=classify_ratio(ratio))


def _assess_direction(rule, better: str, eligible, year: int, target_year: int) -> dict:
    sign = -1.0 if better == "lower" else 1.0
    latest_y, latest_v = eligible[-1]
    if rule.each_year:
        if len(eligible) < 2:
            return _no_data("single_observation", latest=Point(latest_y, latest_v))
        prev_y, prev_v = eligible[-2]
        notes = [] if prev_y == latest_y - 1 else [f"previous_gap:{prev_y}"]
        diff = (latest_v - prev_v) * sign
        rate = relative_rate(prev_v, latest_v, latest_y - prev_y)
        status = "achieved" if diff > EPS else ("insufficient" if abs(diff) <= EPS else "away")
        return dict(status=status, rule="direction", first=Point(prev_y, prev_v), latest=Point(latest_y, latest_v),
                    actual_pace=rate, target_year=target_year, notes=notes)
    extended: list[str] = []
    period = period_of(eligible, latest_y, extended) if rule.base_year is None else eligible
    first_y, first_v = period[0]
    base = Point(first_y, first_v) if rule.base_year is not None else None
    notes = [f"base_missing:{rule.base_year}:{first_y}"] if rule.base_year is not None and first_y != rule.base_year else []
    notes += extended
    if first_y == latest_y:
        return dict(_no_data("single_observation"), first=Point(first_y, first_v), latest=Point(latest_y, latest_v), base=base, notes=notes)
    rate = relative_rate(first_v, latest_v, latest_y - first_y)
    linear = min(first_v, latest_v) <= 0
    if linear:
        projection = latest_v + (latest_v - first_v) / (latest_y - first_y) * (target_year - latest_y)
    else:
        projection = compound_projection(latest_v, rate, target_year - latest_y)
    out = dict(rule="direction", first=Point(first_y, first_v), latest=Point(latest_y, latest_v), base=base,
               actual_pace=rate, target_year=target_year, notes=notes,
               projection=projection if latest_y < target_year else None)
    if latest_y >= target_year:
        notes.append("target_year_passed")
        return dict(out, status="achieved" if (latest_v - first_v) * sign > EPS else "not_achieved")
    if year >= target_year:
        notes.append("target_year_not_yet_known")
    return dict(out, status=classify_direction(rate * sign))


def _assess_relative(better: str, own, cmp, year: int, target_year: int) -> dict:
    cmp_by_year = dict(cmp)
    common = [(y, v, cmp_by_year[y]) for y, v in own if y in cmp_by_year]
    if not own:
        return _no_data("no_observations")
    if not common:
        return _no_data("no_common_years", latest=Point(*own[-1]))
    sign = 1.0 if better == "lower" else -1.0  # shortfall > 0: worse than the comparison
    latest_y, latest_v, latest_c = common[-1]
    extended: list[str] = []
    period = period_of(common, latest_y, extended)
    first_y, first_v, first_c = period[0]
    s_first, s_latest = (first_v - first_c) * sign, (latest_v - latest_c) * sign
    out = dict(rule="relative", first=Point(first_y, first_v), latest=Point(latest_y, latest_v),
               comparison=Point(latest_y, latest_c), target_value=latest_c, target_year=target_year, notes=extended)
    if s_latest < -EPS:
        return dict(out, status="achieved")
    if first_y == latest_y:
        return dict(out, status="no_data", rule="none", why="single_observation")
    actual = -(s_latest - s_first) / (latest_y - first_y)  # gap closed per year
    out["actual_pace"] = actual
    if latest_y >= target_year:
        out["notes"].append("target_year_passed")
        return dict(out, status="not_achieved")
    if year >= target_year:
        out["notes"].append("target_year_not_yet_known")
    if s_first < -EPS:
        out["notes"].append("moved_away_from_met_target")
        return dict(out, status="away")
    required = s_first / (target_year - first_y)
    out["required_pace"] = required
    if required <= EPS:  # equal to the comparison at the start: any narrowing is enough
        return dict(out, status="away" if actual < -EPS else "insufficient")
    out["ratio"] = actual / required
    out["projection"] = latest_v - sign * actual * (target_year - latest_y)
    return dict(out, status=classify_ratio(out["ratio"]))
