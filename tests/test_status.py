"""The goal-status method (hallbar.status): rule kinds, boundaries, wording.

Programmes are built with the pydantic models and observations as long-format
DataFrames (indicator, year, value, sex), as `data.series()` reads them.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from hallbar import method, sv
from hallbar import method as status
from hallbar import model as params
from hallbar.analysis.status import record
from hallbar.method import TargetStatus, assess_series, change_between, classify_direction, classify_ratio, counts
from hallbar.method.pace import RANK
from hallbar.model import STATUS_CODES
from hallbar.sv.method_text import method_markdown
from hallbar.sv.reasons import explain, explain_one
from hallbar.sv.words import STATUS as STATUSES


def spaces(text: str) -> str:
    """The report's no-break spaces (a number and its unit; groups of thousands) as plain spaces, to compare wording."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def assess_target(target, programme, observations, year, year_params=None) -> TargetStatus:
    """The method's status with its Swedish reason (hallbar.method + hallbar.sv.reasons); spaces plain (see test_fmt)."""
    ts = explain_one(method.assess_target(target, programme, observations, year, year_params), programme)
    return replace(ts, reason=spaces(ts.reason))


def assess_programme(programme, observations, year, year_params=None) -> list[TargetStatus]:
    return [replace(ts, reason=spaces(ts.reason)) for ts in explain(programme, method.assess_programme(programme, observations, year, year_params))]


def counts_sentence(statuses, noun: str) -> str:
    return sv.phrases.counts_sentence([s.status for s in statuses], noun)

# --- builders -----------------------------------------------------------------

INDICATORS = {
    # compound rule (not a share)
    "dagar": {"title": "Sjukfrånvarodagar per anställd", "unit": "dagar", "better": "lower", "source": "HR"},
    # a share: level targets use the linear rule
    "sjuk": {"title": "Sjukfrånvaro", "unit": "procent", "better": "lower", "source": "HR"},
    "eko": {"title": "Andel ekologiska livsmedel", "unit": "procent", "better": "higher", "decimals": 0, "source": "Inköp"},
    "co2": {"title": "Utsläpp av växthusgaser", "unit": "ton CO₂e", "better": "lower", "decimals": 0, "source": "Miljö"},
    "el": {"title": "Köpt el och värme", "unit": "MWh", "better": "lower", "decimals": 0, "source": "Fastighet"},
    "cykel": {"title": "Cykelresor", "unit": "antal resor", "better": "higher", "decimals": 0, "source": "Resvane"},
    "netto": {"title": "Nettoutsläpp", "unit": "kiloton", "better": "lower", "source": "Miljö"},
    "region": {"title": "Antibiotikarecept", "unit": "recept per 1 000 invånare och år", "better": "lower", "decimals": 0, "source": "Vård"},
    "riket": {"title": "Antibiotikarecept i riket", "unit": "recept per 1 000 invånare och år", "better": "lower", "decimals": 0, "source": "Vård"},
    "hme": {"title": "HME-index", "unit": "index", "better": "higher", "source": "Enkät"},
}


def make_programme(*targets: dict, end: int = 2030) -> params.Programme:
    return params.Programme.model_validate({
        "region": {"id": "test", "name": "Region Test"},
        "programme": {"name": "Hållbarhetsprogram", "start": 2020, "end": end},
        "focus_areas": [{"id": "fa", "title": "Fokus", "goals": [{"id": "g", "title": "Mål", "targets": list(targets)}]}],
        "indicators": INDICATORS,
    })


def target(tid: str = "t", indicator: str | None = "dagar", sex: str = "T", **rule) -> dict:
    d = {"id": tid, "title": f"Delmål {tid}", "rule": rule}
    if indicator is not None:
        d["indicator"] = indicator
    if sex != "T":
        d["sex"] = sex
    return d


def frame(indicator: str, points: dict[int, float], sex: str = "T") -> pd.DataFrame:
    return pd.DataFrame({"indicator": indicator, "year": list(points), "value": list(points.values()), "sex": sex})


def obs(*frames: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True)


def assess(tdict: dict, observations: pd.DataFrame | None, year: int = 2025, end: int = 2030, year_params=None) -> TargetStatus:
    prog = make_programme(tdict, end=end)
    return assess_target(prog.target(tdict["id"]), prog, observations, year, year_params)


def year_params(year: int, **kw) -> params.YearParams:
    return params.YearParams.model_validate({"year": year, **kw})


LEVEL = params.LevelRule
R_LEVEL_50 = LEVEL(kind="level", value=50, year=2030)


# --- the thresholds -------------------------------------------------------------


@pytest.mark.parametrize(("ratio", "expected"), [
    (2.0, "on_track"),
    (0.95, "on_track"),
    (0.95 - 1e-12, "on_track"),  # floating-point noise at the boundary still counts
    (0.9499, "moderate"),
    (0.60, "moderate"),
    (0.5999, "insufficient"),
    (0.0, "insufficient"),
    (-0.0, "insufficient"),
    (-0.001, "away"),
    (-5.0, "away"),
])
def test_classify_ratio(ratio, expected):
    assert classify_ratio(ratio) == expected


@pytest.mark.parametrize(("rate", "expected"), [
    (0.05, "on_track"),
    (0.0101, "on_track"),
    (0.01, "moderate"),  # "above 1 %" is on track; exactly 1 % is not
    (0.0001, "moderate"),
    (0.0, "away"),
    (-0.02, "away"),
    (math.inf, "on_track"),
    (-math.inf, "away"),
])
def test_classify_direction(rate, expected):
    assert classify_direction(rate) == expected


def _latest_for_ratio(ratio: float, first: float, target: float, n_done: int, n_total: int, linear: bool) -> float:
    """The latest value that gives exactly `ratio`, by the method's own formula."""
    if linear:
        required = (target - first) / n_total
        return first + ratio * required * n_done
    required = (target / first) ** (1 / n_total) - 1
    return first * (1 + ratio * required) ** n_done


@pytest.mark.parametrize("linear", [False, True], ids=["compound", "linear"])
@pytest.mark.parametrize("better", ["lower", "higher"])
@pytest.mark.parametrize(("ratio", "expected"), [
    (0.95, "on_track"),
    (0.9, "moderate"),
    (0.60, "moderate"),
    (0.59, "insufficient"),
    (0.0, "insufficient"),
    (-0.01, "away"),
])
def test_exact_boundaries_through_assess_series(ratio, expected, better, linear):
    first, target_value = (40.0, 20.0) if better == "lower" else (40.0, 60.0)
    latest = _latest_for_ratio(ratio, first, target_value, 4, 10, linear)
    rule = LEVEL(kind="level", value=target_value)
    out = assess_series(rule, better, linear, [(2020, first), (2024, latest)], 2025, 2030)
    assert out["rule"] == ("linear" if linear else "compound")
    assert out["ratio"] == pytest.approx(ratio, abs=1e-9)
    assert out["status"] == expected


def test_direction_exact_one_percent_is_moderate():
    latest = 100 * 1.01 ** 4
    rule = params.DirectionRule(kind="direction")
    out = assess_series(rule, "higher", False, [(2020, 100.0), (2024, latest)], 2025, 2030)
    assert out["actual_pace"] == pytest.approx(0.01)
    assert out["status"] == "moderate"
    out = assess_series(rule, "higher", False, [(2020, 100.0), (2024, 100 * 1.0101 ** 4)], 2025, 2030)
    assert out["status"] == "on_track"


# --- one hand-calculated example per rule kind ----------------------------------


def test_hand_level_compound():
    # first 6.2 (2022), latest 5.6 (2024), target at most 4.5 by 2028, unit "dagar" (not a share):
    # actual   = (5.6/6.2)^(1/2) - 1 = -0.049618
    # required = (4.5/6.2)^(1/6) - 1 = -0.052011
    # ratio    = 0.049618 / 0.052011 = 0.95400 -> on_track
    # projection = 5.6 * (1 - 0.049618)^4 = 4.5686
    ts = assess(target(indicator="dagar", kind="level", value=4.5, year=2028), frame("dagar", {2022: 6.2, 2024: 5.6}))
    assert ts.status == "on_track"
    assert ts.rule == "compound"
    assert ts.actual_pace == pytest.approx(-0.049618, abs=1e-6)
    assert ts.required_pace == pytest.approx(-0.052011, abs=1e-6)
    assert ts.ratio == pytest.approx(0.95400, abs=1e-5)
    assert ts.projection == pytest.approx(4.5686, abs=1e-4)
    assert (ts.first.year, ts.first.value, ts.latest.year, ts.latest.value) == (2022, 6.2, 2024, 5.6)
    assert ts.target_value == 4.5 and ts.target_year == 2028
    assert "6,2 dagar 2022" in ts.reason and "5,6 dagar 2024" in ts.reason
    assert "4,6 dagar 2028" in ts.reason and "högst 4,5 dagar" in ts.reason
    assert "95 procent av den som krävs" in ts.reason


def test_hand_level_share_linear():
    # the same numbers as a share (unit procent): linear rule, percent points a year
    # actual   = (5.6 - 6.2) / 2 = -0.30 pp/yr
    # required = (4.5 - 6.2) / 6 = -0.28333 pp/yr
    # ratio    = 0.30 / 0.28333 = 1.0588 -> on_track; projection 5.6 - 0.3*4 = 4.4
    ts = assess(target(indicator="sjuk", kind="level", value=4.5, year=2028), frame("sjuk", {2022: 6.2, 2024: 5.6}))
    assert ts.status == "on_track"
    assert ts.rule == "linear"
    assert ts.actual_pace == pytest.approx(-0.30)
    assert ts.required_pace == pytest.approx(-0.283333, abs=1e-6)
    assert ts.ratio == pytest.approx(1.058824, abs=1e-6)
    assert ts.projection == pytest.approx(4.4)
    assert ts.reason == ("Sjukfrånvaro var 6,2 procent 2022 och 5,6 procent 2024. I nuvarande takt blir värdet "
                         "4,4 procent 2028; målet är högst 4,5 procent. Den faktiska takten är 106 procent av den som krävs.")


def test_hand_change():
    # base 2019 = 1000 t, target -50 % by 2030 -> target value 500 t.
    # observations 2019 1000, 2021 900, 2024 800; period 2019–2024 (5 years)
    # actual   = (800/1000)^(1/5) - 1  = -0.043648
    # required = (500/1000)^(1/11) - 1 = -0.061069
    # ratio    = 0.043648 / 0.061069 = 0.71472 -> moderate
    ts = assess(target(indicator="co2", kind="change", percent=-50, base_year=2019),
                frame("co2", {2019: 1000, 2021: 900, 2024: 800}))
    assert ts.status == "moderate"
    assert ts.rule == "compound"
    assert ts.target_value == pytest.approx(500)
    assert ts.base == status.Point(2019, 1000.0)
    assert ts.actual_pace == pytest.approx(-0.043648, abs=1e-6)
    assert ts.required_pace == pytest.approx(-0.061069, abs=1e-6)
    assert ts.ratio == pytest.approx(0.71472, abs=1e-5)
    assert "högst 500 ton CO₂e (−50 procent från 1 000 ton CO₂e 2019)" in ts.reason


def test_hand_annual_rate():
    # base 2020 = 100 MWh, -2 % a year to 2030 -> target 100 * 0.98^10 = 81.707 MWh
    # observations 2020 100, 2023 96
    # actual   = (96/100)^(1/3) - 1 = -0.013515
    # required = (81.707/100)^(1/10) - 1 = -0.02 (first = base)
    # ratio    = 0.013515 / 0.02 = 0.67576 -> moderate
    ts = assess(target(indicator="el", kind="annual_rate", percent=-2, base_year=2020),
                frame("el", {2020: 100, 2023: 96}))
    assert ts.status == "moderate"
    assert ts.target_value == pytest.approx(81.70728, abs=1e-5)
    assert ts.actual_pace == pytest.approx(-0.013515, abs=1e-6)
    assert ts.required_pace == pytest.approx(-0.02)
    assert ts.ratio == pytest.approx(0.67576, abs=1e-5)
    assert "(−2 procent per år från 100 MWh 2020)" in ts.reason


def test_hand_direction():
    # more bicycle trips, no target value: 50 (2019) -> 53 (2024)
    # rate = (53/50)^(1/5) - 1 = 0.011722 > 0.01 -> on_track
    ts = assess(target(indicator="cykel", kind="direction"), frame("cykel", {2019: 50, 2024: 53}))
    assert ts.status == "on_track"
    assert ts.rule == "direction"
    assert ts.actual_pace == pytest.approx(0.011722, abs=1e-6)
    assert ts.projection == pytest.approx(53 * 1.011722 ** 6, rel=1e-5)
    assert ts.reason == ("Cykelresor var 50 resor 2019 och 53 resor 2024. "
                         "Förändringen är +1,2 procent per år; målet är att värdet ska öka.")


def test_hand_direction_each_year():
    # "ska öka jämfört med föregående år": 2023 11 -> 2024 12: better -> achieved
    # rate = 12/11 - 1 = 0.090909
    ts = assess(target(indicator="cykel", kind="direction", each_year=True), frame("cykel", {2022: 10, 2023: 11, 2024: 12}))
    assert ts.status == "achieved"
    assert (ts.first.year, ts.latest.year) == (2023, 2024)
    assert ts.actual_pace == pytest.approx(0.090909, abs=1e-6)
    assert "jämfört med föregående år" in ts.reason


def test_hand_relative():
    # lower than the national figure: own 12 (2020) -> 10 (2024), riket 9 both years, target year 2030
    # gap first = 12 - 9 = 3, gap latest = 10 - 9 = 1
    # actual   = (3 - 1) / 4 = 0.5 per year closed
    # required = 3 / (2030 - 2020) = 0.3 per year
    # ratio    = 0.5 / 0.3 = 1.6667 -> on_track
    ts = assess(target(indicator="region", kind="relative", compare_to="riket"),
                obs(frame("region", {2020: 12, 2024: 10}), frame("riket", {2020: 9, 2024: 9})))
    assert ts.status == "on_track"
    assert ts.rule == "relative"
    assert ts.actual_pace == pytest.approx(0.5)
    assert ts.required_pace == pytest.approx(0.3)
    assert ts.ratio == pytest.approx(1.666667, abs=1e-6)
    assert ts.comparison == status.Point(2024, 9.0)
    assert "antibiotikarecept i riket" in ts.reason
    # the unit ends in "år": "under 2024", never "år år 2024"
    assert "10 recept per 1 000 invånare och år under 2024" in ts.reason
    assert "år år" not in ts.reason


def test_qualitative_with_and_without_assessment():
    t = target(indicator=None, kind="qualitative")
    yp = year_params(2025, assessments={"t": {"status": "moderate", "motivation": "Arbetet har påbörjats."}})
    ts = assess(t, None, year_params=yp)
    assert (ts.status, ts.rule, ts.assessed_by) == ("moderate", "qualitative", "analyst")
    assert ts.reason == ts.motivation == "Arbetet har påbörjats."
    ts = assess(t, None, year_params=year_params(2025))
    assert (ts.status, ts.assessed_by) == ("no_data", "analyst")
    assert "2025" in ts.reason
    assert assess(t, None, year_params=None).status == "no_data"


def test_override_replaces_but_keeps_computed():
    t = target(indicator="dagar", kind="level", value=4.5, year=2028)
    yp = year_params(2025, overrides={"t": {"status": "insufficient", "reason": "Ny mätmetod från 2024."}})
    ts = assess(t, frame("dagar", {2022: 6.2, 2024: 5.6}), year_params=yp)
    assert ts.status == "insufficient"
    assert ts.computed_status == "on_track"
    assert ts.assessed_by == "override"
    assert ts.motivation == "Ny mätmetod från 2024."
    assert ts.reason.startswith("Ny mätmetod från 2024.")
    assert "Beräknad status: I fas" in ts.reason and "6,2 dagar 2022" in ts.reason
    rec = record(ts)
    assert rec["status"] == "insufficient" and rec["computed_status"] == "on_track" and rec["label"] == "Ej i fas"


def test_override_of_qualitative():
    t = target(indicator=None, kind="qualitative")
    yp = year_params(2025, overrides={"t": {"status": "away", "reason": "Beslutet är upphävt."}})
    ts = assess(t, None, year_params=yp)
    assert (ts.status, ts.computed_status, ts.assessed_by) == ("away", "no_data", "override")


# --- the edge cases, table-driven ------------------------------------------------

EDGE_CASES = [
    # id, indicator, rule, points, year, expected status, expected rule
    ("achieved-level", "dagar", dict(kind="level", value=5.0), {2022: 6.0, 2024: 4.9}, 2025, "achieved", "compound"),
    ("achieved-exactly", "dagar", dict(kind="level", value=5.0), {2022: 6.0, 2024: 5.0}, 2025, "achieved", "compound"),
    ("achieved-single-observation", "dagar", dict(kind="level", value=5.0), {2024: 4.0}, 2025, "achieved", "compound"),
    ("achieved-higher", "eko", dict(kind="level", value=60), {2022: 50, 2024: 61}, 2025, "achieved", "linear"),
    ("no-observation", "dagar", dict(kind="level", value=5.0), {}, 2025, "no_data", "none"),
    ("one-observation", "dagar", dict(kind="level", value=5.0), {2024: 6.0}, 2025, "no_data", "none"),
    ("none-since-base", "co2", dict(kind="change", percent=-50, base_year=2019), {2016: 900, 2018: 800}, 2025, "no_data", "none"),
    ("one-since-base", "co2", dict(kind="change", percent=-50, base_year=2019), {2018: 800, 2020: 700}, 2025, "no_data", "none"),
    # sparse: the window 2019–2024 holds only 2024, so the period starts at 2017 (it was "no_data", a false reason)
    ("older-than-period", "dagar", dict(kind="level", value=5.0), {2017: 8.0, 2024: 6.0}, 2025, "on_track", "compound"),
    ("only-data-after-year", "dagar", dict(kind="level", value=5.0), {2026: 6.0, 2027: 5.5}, 2025, "no_data", "none"),
    # the target year's value is known and misses: "Ej uppnått", whatever the pace was (issue: a passed year is not judged on pace)
    ("target-year-passed-towards", "dagar", dict(kind="level", value=5.0, year=2024), {2021: 7.0, 2024: 6.0}, 2025, "not_achieved", "compound"),
    ("target-year-passed-away", "dagar", dict(kind="level", value=5.0, year=2024), {2021: 6.0, 2024: 7.0}, 2025, "not_achieved", "compound"),
    ("target-year-passed-flat", "dagar", dict(kind="level", value=5.0, year=2024), {2021: 6.0, 2024: 6.0}, 2025, "not_achieved", "compound"),
    ("target-year-passed-one-value", "dagar", dict(kind="level", value=5.0, year=2024), {2024: 6.0}, 2025, "not_achieved", "compound"),
    ("after-target-year-met-later", "dagar", dict(kind="level", value=5.0, year=2022), {2020: 6.0, 2025: 4.0}, 2025, "achieved", "compound"),
    ("after-target-year-missed-later", "dagar", dict(kind="level", value=5.0, year=2022), {2020: 6.0, 2022: 4.0, 2025: 5.5}, 2025, "not_achieved", "compound"),
    ("zero-target-linear", "co2", dict(kind="level", value=0), {2020: 100, 2024: 60}, 2025, "on_track", "linear"),
    ("negative-values-linear", "netto", dict(kind="level", value=-10), {2020: 5, 2024: -3}, 2025, "on_track", "linear"),
    ("zero-first-linear", "eko", dict(kind="level", value=50), {2020: 0, 2024: 4}, 2025, "insufficient", "linear"),
    ("first-met-then-lost", "dagar", dict(kind="level", value=5.0), {2022: 4.8, 2024: 5.2}, 2025, "away", "compound"),
    ("first-exactly-target-required-zero", "dagar", dict(kind="level", value=5.0), {2022: 5.0, 2024: 5.2}, 2025, "away", "compound"),
    ("direction-away", "cykel", dict(kind="direction"), {2020: 50, 2024: 48}, 2025, "away", "direction"),
    ("direction-flat", "cykel", dict(kind="direction"), {2020: 50, 2024: 50}, 2025, "away", "direction"),
    ("direction-slow", "cykel", dict(kind="direction"), {2020: 50, 2024: 51}, 2025, "moderate", "direction"),
    ("direction-from-zero", "cykel", dict(kind="direction"), {2020: 0, 2024: 5}, 2025, "on_track", "direction"),
    ("direction-negative-lower", "netto", dict(kind="direction"), {2020: -2, 2024: -3}, 2025, "on_track", "direction"),
    ("direction-single", "cykel", dict(kind="direction"), {2024: 50}, 2025, "no_data", "none"),
    ("direction-base-none-since", "cykel", dict(kind="direction", base_year=2021), {2019: 50, 2020: 52}, 2025, "no_data", "none"),
    ("direction-base-long-period", "cykel", dict(kind="direction", base_year=2010), {2010: 50, 2019: 70, 2024: 60}, 2025, "on_track", "direction"),
    ("direction-passed-better", "cykel", dict(kind="direction", year=2024), {2020: 50, 2024: 51}, 2025, "achieved", "direction"),
    ("direction-passed-worse", "cykel", dict(kind="direction", year=2024), {2020: 50, 2024: 49}, 2025, "not_achieved", "direction"),
    ("each-year-equal", "cykel", dict(kind="direction", each_year=True), {2023: 10, 2024: 10}, 2025, "insufficient", "direction"),
    ("each-year-worse", "cykel", dict(kind="direction", each_year=True), {2023: 10, 2024: 9}, 2025, "away", "direction"),
    ("each-year-single", "cykel", dict(kind="direction", each_year=True), {2024: 10}, 2025, "no_data", "none"),
]


@pytest.mark.parametrize(("indicator", "rule", "points", "year", "expected", "rule_used"),
                         [c[1:] for c in EDGE_CASES], ids=[c[0] for c in EDGE_CASES])
def test_edge_cases(indicator, rule, points, year, expected, rule_used):
    ts = assess(target(indicator=indicator, **rule), frame(indicator, points) if points else frame(indicator, {}), year=year)
    assert ts.status == expected
    assert ts.rule == rule_used
    assert ts.reason  # every computed status has a sentence
    assert "None" not in ts.reason and "nan" not in ts.reason


RELATIVE_CASES = [
    ("better-than-comparison", {2020: 12, 2024: 8}, {2020: 9, 2024: 9}, 2025, "achieved"),
    ("equal-is-not-better", {2020: 12, 2024: 9}, {2020: 9, 2024: 9}, 2025, "on_track"),
    ("gap-widens", {2020: 12, 2024: 13}, {2020: 9, 2024: 9}, 2025, "away"),
    ("gap-unchanged", {2020: 12, 2024: 12}, {2020: 9, 2024: 9}, 2025, "insufficient"),
    ("was-better-now-worse", {2020: 8, 2024: 10}, {2020: 9, 2024: 9}, 2025, "away"),
    ("equal-then-worse", {2020: 9, 2024: 10}, {2020: 9, 2024: 9}, 2025, "away"),
    ("equal-then-equal", {2020: 9, 2024: 9}, {2020: 9, 2024: 9}, 2025, "insufficient"),
    ("no-common-years", {2020: 12, 2024: 10}, {2021: 9, 2023: 9}, 2025, "no_data"),
    ("no-comparison", {2020: 12, 2024: 10}, {}, 2025, "no_data"),
    ("no-own", {}, {2020: 9}, 2025, "no_data"),
    ("single-common", {2024: 10}, {2024: 9}, 2025, "no_data"),
    ("passed-narrowed", {2026: 12, 2031: 10}, {2026: 9, 2031: 9}, 2031, "not_achieved"),
    ("passed-widened", {2026: 12, 2031: 13}, {2026: 9, 2031: 9}, 2031, "not_achieved"),
]


@pytest.mark.parametrize(("own", "cmp", "year", "expected"), [c[1:] for c in RELATIVE_CASES], ids=[c[0] for c in RELATIVE_CASES])
def test_relative_cases(own, cmp, year, expected):
    ts = assess(target(indicator="region", kind="relative", compare_to="riket"),
                obs(frame("region", own), frame("riket", cmp)), year=year)
    assert ts.status == expected
    assert ts.reason and "None" not in ts.reason


def test_relative_comparison_with_missing_values_is_skipped():
    rule = params.RelativeRule(kind="relative", compare_to="riket")
    out = assess_series(rule, "lower", False, [(2020, 12.0), (2024, 10.0)], 2025, 2030,
                        [(2020, 9.0), (2022, None), (2024, float("nan"))])
    assert out["status"] == "no_data"
    out = assess_series(rule, "lower", False, [(2020, 12.0), (2024, 10.0)], 2025, 2030,
                        [(2020, 9.0), (2023, None), (2024, 9.0)])
    assert out["status"] == "on_track"


# --- specific edge cases ---------------------------------------------------------


def test_report_in_target_year_without_its_value_is_assessed_on_pace():
    # report 2028 for a 2028 target; latest data 2027 (statistics lag). The pace is far ahead:
    # actual = (55/100)^(1/4) - 1 = -0.13882; required = (50/100)^(1/5) - 1 = -0.12945; ratio 1.07244
    ts = assess(target(indicator="dagar", kind="level", value=50, year=2028), frame("dagar", {2023: 100, 2027: 55}), year=2028)
    assert ts.status == "on_track"
    assert ts.ratio == pytest.approx(1.07244, abs=1e-5)
    assert "Värdet för målåret 2028 är ännu inte känt." in ts.reason
    # once the target year's value is in and misses, it is decided
    ts = assess(target(indicator="dagar", kind="level", value=50, year=2028), frame("dagar", {2023: 100, 2027: 55, 2028: 52}), year=2028)
    assert ts.status == "not_achieved"
    assert "target_year_passed" in ts.notes
    assert "Målet var högst 50 dagar 2028 och är inte uppnått." in ts.reason


def test_observations_after_target_year_latest_counts():
    t = target(indicator="dagar", kind="level", value=5.0, year=2022)
    ts = assess(t, frame("dagar", {2020: 6.0, 2022: 4.0, 2025: 5.5}))
    assert ts.latest == status.Point(2025, 5.5)
    ts_2023 = assess(t, frame("dagar", {2020: 6.0, 2022: 4.0, 2025: 5.5}), year=2023)
    assert ts_2023.status == "achieved"


def test_period_is_at_most_five_years():
    ts = assess(target(indicator="dagar", kind="level", value=2.0),
                frame("dagar", {2015: 20.0, 2018: 9.0, 2019: 8.0, 2022: 7.0, 2024: 6.0}))
    assert ts.first == status.Point(2019, 8.0)
    assert ts.latest == status.Point(2024, 6.0)


def test_base_year_missing_uses_first_after():
    # base 2019 missing: 2020 = 1000 is the reference; target = 500
    ts = assess(target(indicator="co2", kind="change", percent=-50, base_year=2019), frame("co2", {2018: 1200, 2020: 1000, 2024: 800}))
    assert ts.base == status.Point(2020, 1000.0)
    assert ts.first == status.Point(2020, 1000.0)
    assert ts.target_value == pytest.approx(500)
    assert "base_missing:2019:2020" in ts.notes
    assert "Värde för basåret 2019 saknas; 2020 används som utgångsvärde." in ts.reason


def test_none_since_base_reason():
    ts = assess(target(indicator="co2", kind="change", percent=-50, base_year=2019), frame("co2", {2016: 900, 2018: 800}))
    assert ts.status == "no_data"
    assert "basåret 2019" in ts.reason and "800 ton CO₂e 2018" in ts.reason


def test_first_met_then_lost_reason():
    ts = assess(target(indicator="dagar", kind="level", value=5.0), frame("dagar", {2022: 4.8, 2024: 5.2}))
    assert "moved_away_from_met_target" in ts.notes
    assert "Målet var uppfyllt 2022" in ts.reason


def test_share_projection_stays_within_0_and_100():
    ts = assess(target(indicator="eko", kind="level", value=99), frame("eko", {2020: 50, 2024: 90}))
    assert ts.projection == 100.0
    ts = assess(target(indicator="sjuk", kind="level", value=1.0), frame("sjuk", {2020: 30, 2024: 10}))
    assert ts.status == "on_track" and ts.projection == 0.0


def test_each_year_gap_is_named():
    ts = assess(target(indicator="cykel", kind="direction", each_year=True), frame("cykel", {2021: 10, 2022: 11, 2024: 12}))
    assert ts.status == "achieved"
    assert ts.first == status.Point(2022, 11.0)
    assert "Värde för 2023 saknas; jämförelsen görs med 2022." in ts.reason


def test_direction_with_base_year_measures_from_base():
    ts = assess(target(indicator="co2", kind="direction", base_year=2012), frame("co2", {2012: 100, 2020: 60, 2024: 70}))
    assert ts.first == status.Point(2012, 100.0) and ts.base == status.Point(2012, 100.0)
    assert ts.status == "on_track"
    assert "jämfört med 2012" in ts.reason


# --- sex ------------------------------------------------------------------------

SEXED = obs(frame("dagar", {2022: 6.2, 2024: 5.6}, "T"), frame("dagar", {2022: 8.0, 2024: 8.4}, "K"),
            frame("dagar", {2022: 4.0, 2024: 3.0}, "M"))


@pytest.mark.parametrize(("sex", "expected", "first"), [("T", "on_track", 6.2), ("K", "away", 8.0), ("M", "achieved", 4.0)])
def test_sex_series_is_used(sex, expected, first):
    ts = assess(target(indicator="dagar", sex=sex, kind="level", value=4.5, year=2028), SEXED)
    assert ts.status == expected
    assert ts.first.value == first


def test_sex_named_in_reason():
    ts = assess(target(indicator="dagar", sex="K", kind="level", value=4.5, year=2028), SEXED)
    assert ts.reason.startswith("Sjukfrånvarodagar per anställd för kvinnor var 8,0 dagar 2022")


def test_total_missing_is_no_data_even_with_k_and_m():
    only_km = obs(frame("dagar", {2022: 8.0, 2024: 7.0}, "K"), frame("dagar", {2022: 4.0, 2024: 3.5}, "M"))
    ts = assess(target(indicator="dagar", kind="level", value=4.5), only_km)
    assert ts.status == "no_data"
    assert ts.reason == "Det finns inga värden för sjukfrånvarodagar per anställd till och med 2025."
    ts = assess(target(indicator="dagar", sex="K", kind="level", value=4.5), frame("dagar", {2022: 6.0}, "T"))
    assert ts.status == "no_data"
    assert "för kvinnor" in ts.reason


# --- data after the report year ----------------------------------------------------


@pytest.mark.parametrize("tdict", [
    target(indicator="dagar", kind="level", value=4.5, year=2028),
    target(indicator="co2", kind="change", percent=-50, base_year=2019),
    target(indicator="cykel", kind="direction"),
    target(indicator="cykel", kind="direction", each_year=True),
    target(indicator="region", kind="relative", compare_to="riket"),
], ids=["level", "change", "direction", "each_year", "relative"])
def test_data_after_report_year_ignored(tdict):
    ind = tdict["indicator"]
    before = obs(frame(ind, {2019: 9.0, 2021: 8.0, 2023: 7.0}), frame("riket", {2019: 6.0, 2021: 6.0, 2023: 6.0}))
    after = obs(before, frame(ind, {2024: 1.0, 2025: 20.0}), frame("riket", {2024: 30.0, 2025: 1.0}))
    a = assess(tdict, before, year=2023)
    b = assess(tdict, after, year=2023)
    assert a == b


# --- reason sentences -------------------------------------------------------------


def test_reason_units_read_naturally():
    ts = assess(target(indicator="cykel", kind="direction"), frame("cykel", {2021: 209}))
    assert ts.reason == "Cykelresor var 209 resor 2021. Minst två värden behövs för att bedöma utvecklingen."
    assert "antal" not in ts.reason
    ts = assess(target(indicator="hme", kind="level", value=90), frame("hme", {2021: 78.0, 2023: 79.7}))
    assert "HME-index var 78,0 (2021) och 79,7 (2023)." in ts.reason
    ts = assess(target(indicator="hme", kind="level", value=90), frame("hme", {}))
    assert "för HME-index till och med" in ts.reason  # acronyms keep their capitals


def test_reason_of_achieved_and_numbers_are_swedish():
    ts = assess(target(indicator="co2", kind="level", value=70000), frame("co2", {2022: 71499, 2024: 69000.4}))
    assert ts.status == "achieved"
    assert "71 499 ton CO₂e 2022" in ts.reason
    assert "Målet, högst 70 000 ton CO₂e 2030, är uppnått." in ts.reason


def test_reason_negative_numbers_use_minus_sign():
    ts = assess(target(indicator="netto", kind="level", value=-10), frame("netto", {2020: 5, 2024: -3}))
    assert "\u22123,0 kiloton 2024" in ts.reason and "högst \u221210 kiloton" in ts.reason


# --- year over year ------------------------------------------------------------


@pytest.mark.parametrize(("previous", "current", "expected"), [
    ("moderate", "on_track", "improved"),
    ("away", "achieved", "improved"),
    ("on_track", "moderate", "worsened"),
    ("insufficient", "insufficient", "unchanged"),
    ("no_data", "on_track", "not_comparable"),
    ("on_track", "no_data", "not_comparable"),
    (None, "on_track", "not_comparable"),
])
def test_change_between(previous, current, expected):
    assert change_between(previous, current) == expected


def test_assess_programme_previous_status_and_change():
    prog = make_programme(
        # 2024: 100 (2020) -> 95 (2024) insufficient; 2025 adds 70: on track
        target("imp", indicator="dagar", kind="level", value=50),
        # 2024 on track, 2025 moves the wrong way
        target("wor", indicator="co2", kind="level", value=50),
        # identical in both years
        target("same", indicator="el", kind="level", value=50),
        # no data last year
        target("new", indicator="eko", kind="level", value=90),
        target("q", indicator=None, kind="qualitative"),
    )
    data = obs(frame("dagar", {2020: 100, 2024: 95, 2025: 70}), frame("co2", {2020: 100, 2024: 70, 2025: 110}),
               frame("el", {2020: 100, 2023: 85}), frame("eko", {2024: 40, 2025: 45}))
    years = {2025: year_params(2025, assessments={"q": {"status": "moderate", "motivation": "Pågår."}}),
             2024: year_params(2024, assessments={"q": {"status": "moderate", "motivation": "Pågår."}})}
    res = {ts.target_id: ts for ts in assess_programme(prog, data, 2025, years)}
    assert (res["imp"].previous_status, res["imp"].status, res["imp"].change) == ("insufficient", "on_track", "improved")
    assert (res["wor"].previous_status, res["wor"].status, res["wor"].change) == ("on_track", "away", "worsened")
    assert (res["same"].previous_status, res["same"].status, res["same"].change) == ("moderate", "moderate", "unchanged")
    assert (res["new"].previous_status, res["new"].change) == ("no_data", "not_comparable")
    assert res["q"].change == "unchanged"
    assert all(ts.focus_area == "fa" and ts.goal == "g" and ts.year == 2025 for ts in res.values())
    rec = record(res["wor"])
    assert rec["change_label"] == "Sämre status" and rec["previous_status"] == "on_track"


# --- counts, records, appendix ---------------------------------------------------


def _fake(code: str) -> TargetStatus:
    return TargetStatus(target_id=code, status=code, rule="none")


def test_counts_and_sentence():
    ss = [_fake(c) for c in ("achieved", "achieved", "on_track", "moderate", "away", "no_data", "no_data")]
    assert counts(ss) == {"achieved": 2, "on_track": 1, "moderate": 1, "insufficient": 0, "away": 1, "not_achieved": 0, "no_data": 2}
    assert counts_sentence(ss, "Delmål") == "Av 7 delmål är 2 uppnådda, 1 i fas och 1 osäkert, medan 1 går åt fel håll och 2 saknar data."
    assert counts_sentence([_fake("achieved")], "delmål") == "Av 1 delmål är 1 uppnått."
    # the gender of the region's own word: en inriktning, ett delmål
    assert sv.phrases.counts_sentence(["achieved", "not_achieved", "not_achieved"], "Inriktningar", "Inriktning") == \
        "Av 3 inriktningar är 1 uppnådd och 2 ej uppnådda."
    assert sv.phrases.counts_sentence(["not_achieved", "moderate"], "Indikatorer", "Indikator") == \
        "Av 2 indikatorer är 1 osäker och 1 ej uppnådd."
    assert counts_sentence([_fake("no_data")] * 3, "delmål") == "Av 3 delmål är det 3 som saknar data."
    assert counts_sentence([], "delmål") == "Det finns inga delmål."


def test_to_record_shape():
    ts = assess(target(indicator="dagar", kind="level", value=4.5, year=2028), frame("dagar", {2022: 6.2, 2024: 5.6}))
    rec = record(ts)
    assert rec["target"] == {"year": 2028, "value": 4.5}
    assert "target_value" not in rec
    assert rec["first"] == {"year": 2022, "value": 6.2}
    assert (rec["label"], rec["symbol"]) == ("I fas", "▲")
    assert isinstance(rec["notes"], list)


def test_statuses_table_is_complete():
    assert tuple(STATUSES) == STATUS_CODES
    ranks = [RANK[c] for c in STATUS_CODES]
    assert ranks == [5, 4, 3, 2, 1, 1, 0]
    assert len({s.symbol for s in STATUSES.values()}) == len(STATUSES)


def test_method_markdown_mentions_thresholds_and_labels():
    md = method_markdown()
    assert "95 procent" in md and "60" in md and "1 procent" in md
    for info in STATUSES.values():
        assert info.label in md and info.symbol in md


def test_method_markdown_follows_the_constants(monkeypatch):
    monkeypatch.setattr(method.pace, "ON_TRACK_RATIO", 0.9)
    monkeypatch.setattr(method.pace, "MODERATE_RATIO", 0.5)
    md = method_markdown()
    assert "minst 90 procent" in md and "minst 50 men under 90" in md
    assert "95" not in md


def test_explosive_pace_does_not_overflow():
    # 0.1 -> 2000 in one year, projected 94 years ahead: (20000)^94 overflows a float
    ts = assess(target(indicator="cykel", kind="level", value=1e6, year=2100), frame("cykel", {2005: 0.1, 2006: 2000}), year=2010)
    assert ts.status == "on_track" and ts.projection == float("inf")
    assert "Målet är minst 1 000 000 resor 2100." in ts.reason
    ts = assess(target(indicator="cykel", kind="direction", year=2100), frame("cykel", {2005: 0.1, 2006: 2000}), year=2010)
    assert ts.status == "on_track"


def test_reason_uses_the_indicators_short_title_when_given():
    """`short_title` is what sentences call the indicator ("Sjukfrånvaron var ..."); the title stays the fallback."""
    def programme(short):
        ind = {"title": "Sjukfrånvaro bland anställda, andel av arbetad tid", "unit": "procent", "better": "lower",
               "decimals": 1, "source": "HR"}
        if short:
            ind["short_title"] = short
        return params.Programme.model_validate({
            "region": {"id": "demo", "name": "Region Demo"},
            "programme": {"name": "P", "start": 2024, "end": 2028},
            "focus_areas": [{"id": "fa", "title": "FA", "goals": [{"id": "g", "title": "G", "targets": [
                {"id": "t", "title": "T", "indicator": "sjuk", "rule": {"kind": "level", "value": 4.5}}]}]}],
            "indicators": {"sjuk": ind},
        })

    obs = pd.DataFrame({"indicator": ["sjuk", "sjuk"], "year": [2022, 2024], "value": [6.2, 5.6], "sex": ["T", "T"]})
    with_short = programme("Sjukfrånvaron")
    ts = assess_target(with_short.target("t"), with_short, obs, 2024)
    assert ts.reason.startswith("Sjukfrånvaron var 6,2 procent 2022 och 5,6 procent 2024")
    plain = programme(None)
    assert assess_target(plain.target("t"), plain, obs, 2024).reason.startswith("Sjukfrånvaro bland anställda")


def test_sparse_series_starts_the_period_at_the_last_value_before_the_window():
    """A survey every sixth year: 14,5 in 2015 and 10,2 in 2023, target at most 7,25 in 2030.

    The five-year window before 2023 holds only 2023, so the period starts at 2015 (Eurostat allows this
    for sparse data): linear (a share) actual pace (10,2 − 14,5) / 8 = −0,5375 per year against the
    required (7,25 − 14,5) / 15 = −0,4833 per year: ratio 1,11, on track; projection 10,2 − 0,5375 × 7 = 6,44.
    """
    ts = assess(target(indicator="sjuk", kind="level", value=7.25, year=2030), frame("sjuk", {2015: 14.5, 2023: 10.2}), year=2025)
    assert ts.status == "on_track"
    assert (ts.first.year, ts.latest.year) == (2015, 2023)
    assert ts.ratio == pytest.approx(0.5375 / (7.25 / 15))
    assert ts.projection == pytest.approx(6.4375)
    assert "period_extended:2015" in ts.notes
    assert ts.reason.startswith("Sjukfrånvaro var 14,5 procent 2015 och 10,2 procent 2023.")
    assert "Värdena mäts glest: inom de senaste 5 åren finns bara värdet för 2023, så utvecklingen räknas från 2015." in ts.reason
    assert "Minst två värden behövs" not in ts.reason  # the false reason this replaced
    # a series dense enough keeps the five-year window, and says nothing about sparseness
    dense = assess(target(indicator="sjuk", kind="level", value=7.25, year=2030), frame("sjuk", {2015: 14.5, 2019: 12.0, 2023: 10.2}), year=2025)
    assert (dense.first.year, dense.latest.year) == (2019, 2023) and not any(n.startswith("period_extended") for n in dense.notes)


def test_sparse_direction_and_relative_series_too():
    ts = assess(target(indicator="dagar", kind="direction"), frame("dagar", {2012: 9.0, 2020: 8.0}), year=2021)
    assert ts.status == "on_track" and ts.first.year == 2012 and "period_extended:2012" in ts.notes  # (8/9)^(1/8) - 1 = −1,5 % a year
    rel = target(indicator="region", kind="relative", compare_to="riket")
    ts = assess(rel, obs(frame("region", {2012: 300, 2020: 280}), frame("riket", {2012: 250, 2020: 250})), year=2021)
    assert ts.first.year == 2012 and "period_extended:2012" in ts.notes and ts.status != "no_data"


def test_method_text_documents_sparse_series():
    assert "Glesa mätningar" in method_markdown() and "vart sjätte år" in method_markdown()
