"""Goal status: the method. Pure functions, no I/O, no notebook.

One status per target and report year, computed only from observations up
to that year (so last year's status can be recomputed and compared). The
quantitative method follows Eurostat's SDG progress assessment: the actual
compound annual growth rate over the observed period (at most the last
`MAX_PERIOD_YEARS` years, never before the baseline) divided by the rate
required to go from the period's first value to the target value by the
target year. The thresholds, labels, symbols and colours below are the one
source for the code, the figures and the report's method appendix
(`method_markdown`).

Edge cases, decided here and documented in `method_markdown`:

* target already met: `achieved` whenever the latest value meets the target,
  even with a single observation (a met level needs no trend).
* one observation that does not meet the target, or none since the baseline:
  `no_data` (a pace needs two points).
* a zero or negative value (first, latest or target), or a `level` target on
  a share in percent: the linear rule (percent points per year).
* required pace of zero or of the wrong sign, i.e. the period's first value
  already met the target but the latest does not: `away`.
* target year reached and not met: decided on the data, not on the report
  year. When an observation for the target year (or later) exists and does
  not meet the target, the status is `insufficient` if the indicator moved
  towards the target over the period and `away` otherwise. A report for the
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
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from . import fmt

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .params import Indicator, Programme, Target, YearParams

# --- the constants: one source ---------------------------------------------

STATUS_CODES = ("achieved", "on_track", "moderate", "insufficient", "away", "no_data")
ON_TRACK_RATIO = 0.95  # actual/required pace at or above: on track
MODERATE_RATIO = 0.60  # at or above (and below ON_TRACK_RATIO): moderate
DIRECTION_ON_TRACK_RATE = 0.01  # direction targets: above 1 % a year in the wanted direction
MAX_PERIOD_YEARS = 5  # pace is measured over at most the last five years
_EPS = 1e-9  # comparisons at the thresholds are made on rounded ratios


@dataclass(frozen=True)
class StatusInfo:
    code: str
    label: str  # Swedish label shown with the symbol
    symbol: str  # never colour alone: symbol + label everywhere
    colour: str  # Okabe–Ito palette, readable with colour-vision deficiency
    hatch: str  # pattern for bars, readable in greyscale print
    rank: int  # goodness, for "improved/worsened"; 0 = not comparable
    sentence: str  # Hållbarometern-style sentence


STATUSES: dict[str, StatusInfo] = {
    s.code: s
    for s in (
        StatusInfo("achieved", "Uppnått", "✔", "#0072B2", "", 5, "Målet är uppnått."),
        StatusInfo("on_track", "I fas", "▲", "#56B4E9", "..", 4, "Målet bedöms kunna uppnås."),
        StatusInfo("moderate", "Delvis i fas", "◆", "#F0E442", "//", 3, "Osäkert om målet kan uppnås."),
        StatusInfo("insufficient", "Ej i fas", "▼", "#E69F00", "xx", 2, "Målet bedöms inte kunna uppnås i nuvarande takt."),
        StatusInfo("away", "Går åt fel håll", "✖", "#D55E00", "\\\\", 1, "Utvecklingen går åt fel håll."),
        StatusInfo("no_data", "Saknar data", "?", "#BBBBBB", "oo", 0, "Det går inte att bedöma målet."),
    )
}

RULES_USED = {
    "compound": "Kvot mellan faktisk och nödvändig årlig procentuell förändring (Eurostat)",
    "linear": "Kvot mellan faktisk och nödvändig årlig förändring i enheter (linjär)",
    "direction": "Förändringstakt i önskad riktning (mål utan målvärde)",
    "relative": "Gapet mot jämförelseserien (linjär)",
    "qualitative": "Analytikernas bedömning",
    "none": "Ingen beräkning (data saknas)",
}
ASSESSED_BY = {"computed": "Beräknad", "analyst": "Bedömning", "override": "Manuellt ändrad"}
CHANGES = {
    "improved": ("↑", "Förbättrad"),
    "unchanged": ("→", "Oförändrad"),
    "worsened": ("↓", "Försämrad"),
    "not_comparable": ("–", "Kan inte jämföras"),
}


def classify_ratio(ratio: float) -> str:
    """Eurostat with-target thresholds on actual/required pace."""
    r = round(ratio, 9)
    if r >= ON_TRACK_RATIO - _EPS:
        return "on_track"
    if r >= MODERATE_RATIO - _EPS:
        return "moderate"
    if r >= 0 - _EPS:
        return "insufficient"
    return "away"


def classify_direction(rate: float) -> str:
    """Eurostat no-target thresholds on the yearly rate in the wanted direction."""
    r = round(rate, 9)
    if r > DIRECTION_ON_TRACK_RATE + _EPS:
        return "on_track"
    if r > 0 + _EPS:
        return "moderate"
    return "away"


def meets(value: float, target: float, better: str) -> bool:
    return value <= target + _EPS if better == "lower" else value >= target - _EPS


def compound_rate(v0: float, v1: float, years: float) -> float:
    return (v1 / v0) ** (1.0 / years) - 1.0


def linear_rate(v0: float, v1: float, years: float) -> float:
    return (v1 - v0) / years


def compound_projection(v: float, rate: float, years: float) -> float:
    """`v * (1 + rate) ** years`; an explosive pace projects to ±inf instead of raising OverflowError."""
    try:
        return v * (1.0 + rate) ** years
    except OverflowError:
        return math.copysign(math.inf, v)


# --- the result ------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    year: int
    value: float


@dataclass(frozen=True)
class TargetStatus:
    """A target's status for one report year, with every number behind it."""

    target_id: str
    status: str
    rule: str  # compound | linear | direction | relative | qualitative | none
    assessed_by: str = "computed"  # computed | analyst | override
    reason: str = ""
    year: int = 0
    focus_area: str = ""
    goal: str = ""
    title: str = ""
    indicator: str | None = None
    kind: str = ""  # the target's rule kind in the programme
    first: Point | None = None
    latest: Point | None = None
    base: Point | None = None
    target_value: float | None = None
    target_year: int | None = None
    required_pace: float | None = None
    actual_pace: float | None = None
    ratio: float | None = None
    projection: float | None = None
    comparison: Point | None = None  # relative targets: the comparison's value
    motivation: str | None = None  # analysts' motivation or override reason
    computed_status: str | None = None  # set when an override replaced it
    previous_status: str | None = None
    change: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def info(self) -> StatusInfo:
        return STATUSES[self.status]

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def symbol(self) -> str:
        return self.info.symbol

    def to_record(self) -> dict[str, Any]:
        """The documented JSON record (see docs in README, `hallbar status`)."""
        d = asdict(self)
        d["label"] = self.label
        d["symbol"] = self.symbol
        d["target"] = None if self.target_value is None else {"year": self.target_year, "value": self.target_value}
        d["change_label"] = CHANGES[self.change][1] if self.change else None
        d["notes"] = list(self.notes)
        del d["target_value"]
        return d


# --- quantitative assessment -----------------------------------------------


def _no_data(why: str, **kw) -> dict:
    return dict(status="no_data", rule="none", reason=why, **kw)


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
    period = [(y, v) for y, v in eligible if y >= latest_y - MAX_PERIOD_YEARS]
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
    if first_y == latest_y:
        return dict(out, status="no_data", rule="none", reason="single_observation")
    rate = linear_rate if linear else compound_rate
    actual = rate(first_v, latest_v, latest_y - first_y)
    out["actual_pace"] = actual
    towards = (latest_v - first_v) * (target_value - first_v) > 0
    if latest_y >= target_year:  # the target year's value (or a later one) is known and misses
        notes.append("target_year_passed")
        return dict(out, status="insufficient" if towards else "away")
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
        rate = _relative_rate(prev_v, latest_v, latest_y - prev_y)
        status = "achieved" if diff > _EPS else ("insufficient" if abs(diff) <= _EPS else "away")
        return dict(status=status, rule="direction", first=Point(prev_y, prev_v), latest=Point(latest_y, latest_v),
                    actual_pace=rate, target_year=target_year, notes=notes)
    start = latest_y - MAX_PERIOD_YEARS if rule.base_year is None else rule.base_year
    period = [(y, v) for y, v in eligible if y >= start] if rule.base_year is None else eligible
    first_y, first_v = period[0]
    base = Point(first_y, first_v) if rule.base_year is not None else None
    notes = [f"base_missing:{rule.base_year}:{first_y}"] if rule.base_year is not None and first_y != rule.base_year else []
    if first_y == latest_y:
        return dict(_no_data("single_observation"), first=Point(first_y, first_v), latest=Point(latest_y, latest_v), base=base, notes=notes)
    rate = _relative_rate(first_v, latest_v, latest_y - first_y)
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
        return dict(out, status="achieved" if (latest_v - first_v) * sign > _EPS else "away")
    if year >= target_year:
        notes.append("target_year_not_yet_known")
    return dict(out, status=classify_direction(rate * sign))


def _relative_rate(v0: float, v1: float, years: int) -> float:
    """Compound yearly rate; for zero/negative values the linear change relative to |v0|."""
    if v0 > 0 and v1 > 0:
        return compound_rate(v0, v1, years)
    if v0 == 0:
        return 0.0 if v1 == 0 else math.copysign(math.inf, v1)
    return (v1 - v0) / abs(v0) / years


def _assess_relative(better: str, own, cmp, year: int, target_year: int) -> dict:
    cmp_by_year = dict(cmp)
    common = [(y, v, cmp_by_year[y]) for y, v in own if y in cmp_by_year]
    if not own:
        return _no_data("no_observations")
    if not common:
        return _no_data("no_common_years", latest=Point(*own[-1]))
    sign = 1.0 if better == "lower" else -1.0  # shortfall > 0: worse than the comparison
    latest_y, latest_v, latest_c = common[-1]
    period = [c for c in common if c[0] >= latest_y - MAX_PERIOD_YEARS]
    first_y, first_v, first_c = period[0]
    s_first, s_latest = (first_v - first_c) * sign, (latest_v - latest_c) * sign
    out = dict(rule="relative", first=Point(first_y, first_v), latest=Point(latest_y, latest_v),
               comparison=Point(latest_y, latest_c), target_value=latest_c, target_year=target_year, notes=[])
    if s_latest < -_EPS:
        return dict(out, status="achieved")
    if first_y == latest_y:
        return dict(out, status="no_data", rule="none", reason="single_observation")
    actual = -(s_latest - s_first) / (latest_y - first_y)  # gap closed per year
    out["actual_pace"] = actual
    if latest_y >= target_year:
        out["notes"].append("target_year_passed")
        return dict(out, status="insufficient" if actual > _EPS else "away")
    if year >= target_year:
        out["notes"].append("target_year_not_yet_known")
    if s_first < -_EPS:
        out["notes"].append("moved_away_from_met_target")
        return dict(out, status="away")
    required = s_first / (target_year - first_y)
    out["required_pace"] = required
    if required <= _EPS:  # equal to the comparison at the start: any narrowing is enough
        return dict(out, status="away" if actual < -_EPS else "insufficient")
    out["ratio"] = actual / required
    out["projection"] = latest_v - sign * actual * (target_year - latest_y)
    return dict(out, status=classify_ratio(out["ratio"]))


# --- wording ---------------------------------------------------------------

SEX_WORDS = {"K": "kvinnor", "M": "män"}


def _at(text: str, year: int) -> str:
    """A formatted value and its year, the way the report says it: '6,2 procent 2022'.

    'år' is written where the value ends in a digit ('plats 5 år 2023') and
    'under' where the unit ends in 'år' ('274 recept per 1 000 invånare och år under 2023').
    """
    if text[-1:].isdigit():
        return f"{text} år {year}"
    if text.endswith("år"):
        return f"{text} under {year}"
    return f"{text} {year}"


def _percent_words(p: float) -> str:
    return f"{fmt.number(p, 0 if float(p).is_integer() else 1, sign=True)} procent"


def reason_sentence(ts: TargetStatus, ind: Indicator | None, rule, cmp_ind: Indicator | None = None, sex: str = "T") -> str:
    """Swedish sentences that state the numbers behind the status.

    Style: "Sjukfrånvaro var 6,2 procent 2022 och 5,6 procent 2024. I nuvarande
    takt blir värdet 4,6 procent 2028; målet är högst 4,5 procent."
    """
    if ts.assessed_by == "analyst" or ts.kind == "qualitative":
        return ts.reason
    assert ind is not None
    unit, dec = fmt.spoken_unit(ind.unit), ind.decimals

    def val(x: float | None) -> str:
        return fmt.value(x, unit, dec)

    def at(p: Point) -> str:
        return _at(val(p.value), p.year)

    who = f" för {SEX_WORDS[sex]}" if sex in SEX_WORDS else ""
    title = ind.spoken + who
    lower_title = fmt.lc_first(ind.spoken) + who
    code = ts.reason
    base_year = getattr(rule, "base_year", None)
    if ts.status == "no_data" and ts.first is None:
        if code == "none_since_base" and ts.latest is not None:
            return (f"Det finns inga värden för {lower_title} från basåret {base_year} och framåt; "
                    f"det senaste är {at(ts.latest)}.")
        if code == "no_common_years":
            cname = fmt.lc_first(cmp_ind.spoken) if cmp_ind else "jämförelsen"
            return f"Det finns inga år med värden både för {lower_title} och för {cname}."
        if code == "single_observation" and ts.latest is not None:
            return f"{title} var {at(ts.latest)}. Minst två värden behövs för att bedöma utvecklingen."
        return f"Det finns inga värden för {lower_title} till och med {ts.year}."
    parts = []
    f, l_ = ts.first, ts.latest
    if f and l_ and f.year != l_.year:
        parts.append(f"{title} var {at(f)} och {at(l_)}.")
    elif l_:
        parts.append(f"{title} var {at(l_)}.")
    if ts.status == "no_data":
        parts.append("Minst två värden behövs för att bedöma utvecklingen.")
        return " ".join(parts)
    ratio_sentence = (f"Den faktiska takten är {fmt.number(ts.ratio * 100, 0)} procent av den som krävs."
                      if ts.ratio is not None and ts.ratio >= 0 and math.isfinite(ts.ratio) else "")
    want = "minska" if ind.better == "lower" else "öka"
    if rule.kind == "direction":
        if rule.each_year:
            parts.append(f"Målet är att värdet ska {want} jämfört med föregående år.")
        else:
            since = f" jämfört med {base_year}" if base_year else ""
            goal = f"målet är att värdet ska {want}{since}."
            if ts.actual_pace is not None and math.isfinite(ts.actual_pace):
                parts.append(f"Förändringen är {fmt.percent(ts.actual_pace, 1, sign=True)} per år; {goal}")
            else:
                parts.append(goal[:1].upper() + goal[1:])
    elif rule.kind == "relative":
        cname = fmt.lc_first(cmp_ind.spoken) if cmp_ind else "jämförelsen"
        rel = "lägre" if ind.better == "lower" else "högre"
        parts.append(f"Jämförelsevärdet ({cname}) var {at(ts.comparison)}; målet är att värdet ska vara {rel}.")
        if ratio_sentence:
            parts.append(ratio_sentence)
    else:
        bound = "högst" if ind.better == "lower" else "minst"
        goal = f"{bound} {val(ts.target_value)}"
        goal_year = f"{bound} {_at(val(ts.target_value), ts.target_year)}"
        origin = ""
        if rule.kind in ("change", "annual_rate") and ts.base is not None:
            per = " per år" if rule.kind == "annual_rate" else ""
            origin = f" ({_percent_words(rule.percent)}{per} från {at(ts.base)})"
        if ts.status == "achieved":
            parts.append(f"Målet, {goal_year}{origin}, är uppnått.")
        elif "target_year_passed" in ts.notes:
            parts.append(f"Målet var {goal_year}{origin} och är inte uppnått.")
        else:
            if ts.projection is not None and math.isfinite(ts.projection):
                parts.append(f"I nuvarande takt blir värdet {_at(val(ts.projection), ts.target_year)}; målet är {goal}{origin}.")
            else:
                parts.append(f"Målet är {goal_year}{origin}.")
            if ratio_sentence:
                parts.append(ratio_sentence)
            elif ts.status == "away" and "moved_away_from_met_target" not in ts.notes:
                parts.append("Värdet rör sig bort från målet.")
    for note in ts.notes:
        if note.startswith("base_missing:"):
            _, b, r = note.split(":")
            parts.append(f"Värde för basåret {b} saknas; {r} används som utgångsvärde.")
        elif note.startswith("previous_gap:") and l_ is not None:
            parts.append(f"Värde för {l_.year - 1} saknas; jämförelsen görs med {note.split(':')[1]}.")
        elif note == "target_year_passed" and rule.kind in ("direction", "relative"):
            parts.append(f"Målåret {ts.target_year} har passerats.")
        elif note == "target_year_not_yet_known":
            parts.append(f"Värdet för målåret {ts.target_year} är ännu inte känt.")
        elif note == "moved_away_from_met_target" and f is not None:
            parts.append(f"Målet var uppfyllt {f.year} men värdet har sedan rört sig bort från det.")
    return " ".join(parts)


# --- one target, one year ----------------------------------------------------


def assess_target(
    target: Target,
    programme: Programme,
    observations: pd.DataFrame | None,
    year: int,
    year_params: YearParams | None = None,
) -> TargetStatus:
    """Status of one target for one report year (data after `year` is ignored)."""
    from .data import series as get_series

    rule = target.rule
    target_year = rule.year or programme.programme.end
    common = dict(target_id=target.id, year=year, title=target.title, indicator=target.indicator,
                  kind=rule.kind, target_year=target_year)
    if rule.kind == "qualitative":
        a = year_params.assessments.get(target.id) if year_params else None
        if a is None:
            ts = TargetStatus(status="no_data", rule="qualitative", assessed_by="analyst",
                              reason=f"Ingen bedömning har lämnats för {year}.", **common)
        else:
            ts = TargetStatus(status=a.status, rule="qualitative", assessed_by="analyst",
                              reason=a.motivation, motivation=a.motivation, **common)
    else:
        ind = programme.indicators[target.indicator]
        obs = get_series(observations, target.indicator, target.sex, up_to=year) if observations is not None else []
        cmp_ind = None
        cmp = None
        if rule.kind == "relative":
            cmp_ind = programme.indicators[rule.compare_to]
            cmp = get_series(observations, rule.compare_to, target.sex, up_to=year) if observations is not None else []
        numbers = assess_series(rule, ind.better, ind.is_share, obs, year, target_year, cmp)
        numbers["notes"] = tuple(numbers.get("notes", ()))
        numbers.setdefault("reason", "")
        ts = TargetStatus(**common | {k: v for k, v in numbers.items() if k != "target_year"},
                          )
        if numbers.get("target_year") is not None:
            ts = replace(ts, target_year=numbers["target_year"])
        ts = replace(ts, reason=reason_sentence(ts, ind, rule, cmp_ind, target.sex))
    o = year_params.overrides.get(target.id) if year_params else None
    if o is not None:
        ts = replace(ts, computed_status=ts.status, status=o.status, assessed_by="override", motivation=o.reason,
                     reason=f"{o.reason} (Beräknad status: {STATUSES[ts.status].label}. {ts.reason})")
    return ts


def change_between(previous: str | None, current: str) -> str:
    """improved / worsened / unchanged / not_comparable (no_data on either side)."""
    if previous is None or STATUSES[previous].rank == 0 or STATUSES[current].rank == 0:
        return "not_comparable"
    a, b = STATUSES[previous].rank, STATUSES[current].rank
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


def counts(statuses) -> dict[str, int]:
    """Targets per status code; takes `TargetStatus` objects or status codes."""
    c = {code: 0 for code in STATUS_CODES}
    for s in statuses:
        c[getattr(s, "status", s)] += 1
    return c


_COUNT_WORDS = {  # (one, several); the first four follow "är", the last two are verbs
    "achieved": ("uppnått", "uppnådda"),
    "on_track": ("i fas", "i fas"),
    "moderate": ("delvis i fas", "delvis i fas"),
    "insufficient": ("ej i fas", "ej i fas"),
    "away": ("går åt fel håll", "går åt fel håll"),
    "no_data": ("saknar data", "saknar data"),
}


def _join(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else "".join(parts)


def counts_sentence(statuses, noun: str) -> str:
    """'Av 30 delmål är 8 uppnådda, 3 i fas och 2 ej i fas, medan 1 saknar data.'"""
    c = counts(statuses)
    n = len(statuses)
    noun = noun.lower()
    if n == 0:
        return f"Det finns inga {noun}."

    def word(code: str) -> str:
        one, several = _COUNT_WORDS[code]
        return one if c[code] == 1 else several

    state = [f"{c[k]} {word(k)}" for k in ("achieved", "on_track", "moderate", "insufficient") if c[k]]
    verbs = [f"{c[k]} {word(k)}" for k in ("away", "no_data") if c[k]]
    if state and verbs:
        return f"Av {n} {noun} är {_join(state)}, medan {_join(verbs)}."
    if state:
        return f"Av {n} {noun} är {_join(state)}."
    return f"Av {n} {noun} är det " + _join([f"{c[k]} som {word(k)}" for k in ("away", "no_data") if c[k]]) + "."


def method_markdown() -> str:
    """The report's method appendix, written from the constants above."""
    pct = lambda x: fmt.number(x * 100, 0)  # noqa: E731
    q = lambda code: f"”{STATUSES[code].label}”"  # noqa: E731
    rows = [
        ("achieved", "Senaste värdet når målvärdet."),
        ("on_track", f"Faktisk takt är minst {pct(ON_TRACK_RATIO)} procent av den takt som krävs."),
        ("moderate", f"Faktisk takt är minst {pct(MODERATE_RATIO)} men under {pct(ON_TRACK_RATIO)} procent av den takt som krävs."),
        ("insufficient", f"Faktisk takt är minst 0 men under {pct(MODERATE_RATIO)} procent av den takt som krävs."),
        ("away", "Indikatorn rör sig bort från målet (faktisk takt under 0)."),
        ("no_data", "Färre än två värden, eller inga värden sedan basåret."),
    ]
    table = ["| Symbol | Status | Regel |", "|:--:|---|---|"]
    table += [f"| {STATUSES[c].symbol} | {STATUSES[c].label} | {text} |" for c, text in rows]
    d = fmt.number(DIRECTION_ON_TRACK_RATE * 100, 0)
    return "\n".join([
        "Varje mål får en status per redovisningsår. Statusen beräknas bara från värden till och med det året, "
        "så att förra årets status kan räknas om och jämföras.",
        "",
        *table,
        "",
        "**Takt.** Metoden följer Eurostats uppföljning av de globala målen: den faktiska genomsnittliga årliga "
        f"procentuella förändringen under perioden (högst de senaste {MAX_PERIOD_YEARS} åren, aldrig före basåret) "
        "delas med den årliga förändring som krävs för att gå från periodens första värde till målvärdet till målåret.",
        "",
        "**Linjär regel.** När ett värde är noll eller negativt, eller när målet är en nivå för en andel i procent, "
        "räknas takten i enheter (procentenheter) per år i stället.",
        "",
        f"**Mål utan målvärde** (att ett värde ska öka eller minska): mer än {d} procent per år i önskad riktning ger "
        f"statusen {q('on_track')}, mer än 0 och högst {d} procent {q('moderate')} och noll eller mindre {q('away')}. "
        f"Mål som gäller varje år jämförs med föregående år: bättre är {q('achieved')}, lika {q('insufficient')} "
        f"och sämre {q('away')}.",
        "",
        "**Jämförande mål** (lägre eller högre än en annan serie) bedöms på gapet mot jämförelseserien samma år: "
        f"bättre än jämförelsen är {q('achieved')}, annars jämförs takten som gapet minskar med den som krävs för att sluta "
        "det till målåret, med samma gränser.",
        "",
        "**Särskilda fall.**",
        "",
        "- Ett mål som redan nås är uppnått, även när det bara finns ett värde.",
        f"- Om periodens första värde nådde målet men det senaste inte gör det är statusen {q('away')}.",
        "- När det finns ett värde för målåret (eller senare) som inte når målet är statusen "
        f"{q('insufficient')} om värdet har rört sig mot målet, annars {q('away')}. "
        "Finns ännu inget värde för målåret bedöms takten fram till målåret.",
        "- Saknas värde för basåret används det första värdet efter basåret som utgångsvärde; det står i motiveringen.",
        "- Mål för kvinnor eller män bedöms på serien för det könet. Saknas den serien saknas data, "
        "även om det finns värden för totalen.",
        "- Värden efter redovisningsåret används inte.",
        "",
        "**Kvalitativa mål** får den status som analytikerna har bedömt, med motivering. "
        "En manuellt ändrad status visas alltid som ändrad, med skäl och den beräknade statusen.",
        "",
        "**Förändring sedan föregående år** jämför med den status målet hade året innan, beräknad på samma sätt: "
        + ", ".join(f"{s} {lab.lower()}" for s, lab in CHANGES.values()) + ".",
        "",
        "Status visas alltid med symbol och ord, aldrig bara med färg.",
    ])
