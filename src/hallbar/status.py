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
* target year reached (report year ≥ target year) and not met: `insufficient`
  when the indicator moved towards the target, `away` otherwise.
* observations after the target year count: the latest value up to the
  report year is assessed.
* base-year value missing: the first observation after the base year is the
  reference, and the reason says so.
* sex: the series of the target's `sex` (default `T`, totalt); if that series
  is empty the status is `no_data` even if K/M series exist.
* direction targets: rate in the wanted direction over the period, thresholds
  > 1 %/år `on_track`, 0–1 % `moderate`, ≤ 0 `away`; at or after the target
  year, `achieved` when the latest value is better than the first. `each_year`
  targets ("ska öka jämfört med föregående år") compare the latest value with
  the one before it: better is `achieved`, equal `insufficient`, worse `away`.
* relative targets: the gap to the comparison series in the same year;
  better than the comparison is `achieved`; otherwise the gap's linear pace
  against the pace that closes it by the target year, same thresholds.
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
        cmp = sorted((int(y), float(v)) for y, v in (compare or []) if y <= year and math.isfinite(v))
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
    if year >= target_year or latest_y >= target_year:
        notes.append("target_year_passed")
        return dict(out, status="insufficient" if towards else "away")
    required = rate(first_v, target_value, target_year - first_y)
    out["required_pace"] = required
    out["projection"] = (latest_v * (1 + actual) ** (target_year - latest_y)) if not linear else latest_v + actual * (target_year - latest_y)
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
        projection = latest_v * (1 + rate) ** (target_year - latest_y)
    out = dict(rule="direction", first=Point(first_y, first_v), latest=Point(latest_y, latest_v), base=base,
               actual_pace=rate, target_year=target_year, notes=notes,
               projection=projection if year < target_year else None)
    if year >= target_year:
        notes.append("target_year_passed")
        return dict(out, status="achieved" if (latest_v - first_v) * sign > _EPS else "away")
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
    if year >= target_year:
        out["notes"].append("target_year_passed")
        return dict(out, status="insufficient" if actual > _EPS else "away")
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


def _target_phrase(ts: TargetStatus, ind: Indicator, rule) -> str:
    v = fmt.value(ts.target_value, ind.unit, ind.decimals)
    bound = "högst" if ind.better == "lower" else "minst"
    if rule.kind == "level":
        return f"{bound} {v} år {ts.target_year}"
    if rule.kind in ("change", "annual_rate") and ts.base is not None:
        what = f"{fmt.number(rule.percent, 1, sign=True).replace(',0', '')} procent" + (" per år" if rule.kind == "annual_rate" else "")
        return f"{bound} {v} år {ts.target_year} ({what} från {fmt.value(ts.base.value, ind.unit, ind.decimals)} år {ts.base.year})"
    return f"{bound} {v} år {ts.target_year}"


def reason_sentence(ts: TargetStatus, ind: Indicator | None, rule, cmp_ind: Indicator | None = None) -> str:
    """One Swedish sentence (or two) that states the numbers behind the status."""
    if ts.assessed_by == "analyst" or ts.kind == "qualitative":
        return ts.reason
    assert ind is not None
    unit, dec = ind.unit, ind.decimals

    def val(x: float | None) -> str:
        return fmt.value(x, unit, dec)

    title = ind.title
    code = ts.reason
    if ts.status == "no_data" and ts.first is None:
        if code == "none_since_base" and ts.latest is not None:
            return f"Det finns inga värden för {title.lower()} från basåret {getattr(rule, 'base_year', '')} och framåt; senaste värdet är {val(ts.latest.value)} år {ts.latest.year}."
        if code == "no_common_years":
            return f"Det finns inga år med värden både för {title.lower()} och för jämförelsen."
        if code == "single_observation" and ts.latest is not None:
            return f"{title}: bara ett värde ({val(ts.latest.value)} år {ts.latest.year}); minst två behövs för att bedöma utvecklingen."
        sex = {"K": " för kvinnor", "M": " för män"}.get(getattr(ts, "_sex", ""), "")
        return f"Det finns inga värden för {title.lower()}{sex} till och med {ts.year}."
    parts = []
    f, l_ = ts.first, ts.latest
    if f and l_ and f.year != l_.year:
        parts.append(f"{title} var {val(f.value)} år {f.year} och {val(l_.value)} år {l_.year}.")
    elif l_:
        parts.append(f"{title} var {val(l_.value)} år {l_.year}.")
    if ts.status == "no_data":
        parts.append("Minst två värden behövs för att bedöma utvecklingen.")
        return " ".join(parts)
    if rule.kind == "direction":
        want = "minska" if ind.better == "lower" else "öka"
        if rule.each_year:
            parts.append(f"Målet är att värdet ska {want} jämfört med föregående år.")
        else:
            since = f" jämfört med år {rule.base_year}" if rule.base_year else ""
            parts.append(f"Förändringen är {fmt.percent(ts.actual_pace, 1, sign=True)} per år; målet är att värdet ska {want}{since}.")
    elif rule.kind == "relative":
        cname = cmp_ind.title.lower() if cmp_ind else "jämförelsen"
        rel = "lägre" if ind.better == "lower" else "högre"
        parts.append(f"Jämförelsen ({cname}) var {val(ts.comparison.value)} år {ts.comparison.year}; målet är att värdet ska vara {rel}.")
    else:
        phrase = _target_phrase(ts, ind, rule)
        if ts.status == "achieved":
            parts.append(f"Målet, {phrase}, är nått.")
        elif ts.projection is not None:
            parts.append(f"I nuvarande takt blir värdet {val(ts.projection)} år {ts.target_year}; målet är {phrase}.")
        else:
            parts.append(f"Målet var {phrase}.")
    for note in ts.notes:
        if note.startswith("base_missing:"):
            _, b, r = note.split(":")
            parts.append(f"Värde för basåret {b} saknas; {r} används som utgångsvärde.")
        elif note == "target_year_passed" and ts.status != "achieved":
            parts.append("Målåret är nått utan att målet uppfyllts.")
        elif note == "moved_away_from_met_target":
            parts.append("Målet var uppfyllt i början av perioden men värdet har sedan rört sig bort från det.")
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
        ts = replace(ts, reason=reason_sentence(ts, ind, rule, cmp_ind))
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


def counts(statuses: list[TargetStatus]) -> dict[str, int]:
    c = {code: 0 for code in STATUS_CODES}
    for s in statuses:
        c[s.status] += 1
    return c


def counts_sentence(statuses: list[TargetStatus], noun: str) -> str:
    """'8 av 30 delmål är uppnådda, ...' in words a reader expects."""
    c = counts(statuses)
    n = len(statuses)
    parts = [f"{c[code]} {STATUSES[code].label.lower()}" for code in STATUS_CODES if c[code]]
    return f"Av {n} {noun.lower()} är " + (", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else "".join(parts)) + "."


def method_markdown() -> str:
    """The report's method appendix, written from the constants above."""
    pct = lambda x: fmt.number(x * 100, 0)  # noqa: E731
    rows = [
        ("achieved", "Senaste värdet når målvärdet."),
        ("on_track", f"Faktisk takt är minst {pct(ON_TRACK_RATIO)} procent av den takt som krävs."),
        ("moderate", f"Faktisk takt är {pct(MODERATE_RATIO)}–{pct(ON_TRACK_RATIO)} procent av den takt som krävs."),
        ("insufficient", f"Faktisk takt är 0–{pct(MODERATE_RATIO)} procent av den takt som krävs."),
        ("away", "Indikatorn rör sig bort från målet."),
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
        f"**Mål utan målvärde** (att ett värde ska öka eller minska): mer än {d} procent per år i önskad riktning är "
        f"{STATUSES['on_track'].label.lower()}, 0–{d} procent är {STATUSES['moderate'].label.lower()}, "
        f"noll eller mindre är {STATUSES['away'].label.lower()}. Mål som gäller varje år jämförs med föregående år.",
        "",
        "**Jämförande mål** (lägre eller högre än en annan serie) bedöms på gapet mot jämförelseserien samma år.",
        "",
        "**Kvalitativa mål** får den status som analytikerna har bedömt, med motivering. "
        "En manuellt ändrad status visas alltid som ändrad, med skäl och den beräknade statusen.",
        "",
        "**Förändring sedan föregående år** jämför med den status målet hade året innan, beräknad på samma sätt: "
        + ", ".join(f"{s} {lab.lower()}" for s, lab in CHANGES.values()) + ".",
        "",
        "Status visas alltid med symbol och ord, aldrig bara med färg.",
    ])
