"""Properties of the goal-status method (hypothesis).

(a) a better latest value never gives a worse status;
(b) mirroring an indicator (values and target negated, better lower <-> higher)
    gives the same status where the rule is symmetric;
(c) the status for year Y does not change when data after Y is added.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hallbar import model as params
from hallbar.method import assess_series, assess_target
from hallbar.method.pace import RANK

SETTINGS = settings(max_examples=200, deadline=None)

# values on a 0.1 grid, both signs and zero, so every rule branch is reachable
values = st.integers(-2000, 20000).map(lambda x: x / 10)
signed_values = st.integers(-1000, 1000).map(lambda x: x / 10)
percents = st.integers(-90, 90)


def rank(code: str) -> int:
    return RANK[code]


@st.composite
def series(draw, vals=values, min_size=1, max_size=7, lo=2005, hi=2035):
    years = sorted(draw(st.sets(st.integers(lo, hi), min_size=min_size, max_size=max_size)))
    return [(y, draw(vals)) for y in years]


@st.composite
def scenarios(draw, kinds=("level", "change", "annual_rate", "direction", "each_year", "relative"), vals=values):
    """A report year, a rule and an own and a comparison series around that year.

    Years cluster around the report year (a few after it, to be ignored) and the
    target year is mostly ahead, so every status, not mostly `no_data`, is reached.
    """
    year = draw(st.integers(2012, 2030))
    own = draw(series(vals=vals, min_size=1, max_size=6, lo=year - 7, hi=year + 2))
    start, slope = draw(vals), draw(st.integers(-50, 50)) / 10
    trend = draw(st.booleans())
    if trend:  # a noisy straight line, and a level target somewhere along it: every pace ratio occurs
        own = [(y, round(start + slope * (y - year) + draw(st.integers(-5, 5)) / 10, 1)) for y, _ in own]
    compare = [(y, draw(vals)) for y, _ in own if draw(st.integers(0, 4))]  # mostly the same years
    kind = draw(st.sampled_from(kinds))
    target_year = draw(st.integers(year - 3, year + 20))
    base_year = draw(st.integers(year - 8, min(year, target_year - 1)))  # before the target year, as params requires
    if kind == "level":
        value = round(start + slope * draw(st.integers(-5, 25)), 1) if trend else draw(vals)
        rule = params.LevelRule(kind="level", value=value, year=target_year)
    elif kind == "change":
        rule = params.ChangeRule(kind="change", percent=draw(percents), base_year=base_year, year=target_year)
    elif kind == "annual_rate":
        rule = params.AnnualRateRule(kind="annual_rate", percent=draw(st.integers(-20, 20)), base_year=base_year, year=target_year)
    elif kind == "direction":
        rule = params.DirectionRule(kind="direction", base_year=draw(st.none() | st.just(base_year)), year=target_year)
    elif kind == "each_year":
        rule = params.DirectionRule(kind="direction", each_year=True, year=target_year)
    else:
        rule = params.RelativeRule(kind="relative", compare_to="jamforelse", year=target_year)
    return rule, own, compare, year


def run(rule, better, share, own, year, compare=None):
    return assess_series(rule, better, share, own, year, rule.year, compare)


# --- (a) monotone in the latest value ----------------------------------------------


@SETTINGS
@given(sc=scenarios(), better=st.sampled_from(["lower", "higher"]), share=st.booleans(),
       step=st.integers(1, 5000).map(lambda x: x / 10))
def test_better_latest_never_worse(sc, better, share, step):
    rule, own, compare, year = sc
    upto = [i for i, (y, _) in enumerate(own) if y <= year]
    assume(upto)
    i = upto[-1]
    y, v = own[i]
    improved = list(own)
    improved[i] = (y, v - step if better == "lower" else v + step)
    before = run(rule, better, share, own, year, compare)
    after = run(rule, better, share, improved, year, compare)
    if before["status"] == "no_data" or after["status"] == "no_data":
        return  # no_data is not on the scale
    assert rank(after["status"]) >= rank(before["status"]), (before, after)


@SETTINGS
@given(better=st.sampled_from(["lower", "higher"]), share=st.booleans(), first=st.integers(1, 1000).map(lambda x: x / 10),
       gap=st.integers(1, 900).map(lambda x: x / 1000), done=st.integers(1, 5), left=st.integers(1, 20),
       ratios=st.lists(st.integers(-100, 250).map(lambda x: x / 100), min_size=2, max_size=2))
def test_faster_pace_never_worse(better, share, first, gap, done, left, ratios):
    """(a) again, on a target ahead of the first value and a latest value chosen by its pace
    ratio, so that every status from away to achieved is reached."""
    target = first * (1 - gap) if better == "lower" else first * (1 + gap)
    total = done + left
    linear = share
    rule = params.LevelRule(kind="level", value=target, year=2020 + total)

    def latest(r):
        if linear:
            return first + r * (target - first) / total * done
        return first * (1 + r * ((target / first) ** (1 / total) - 1)) ** done

    slow, fast = sorted(ratios)
    a = run(rule, better, share, [(2020, first), (2020 + done, latest(slow))], 2020 + done)
    b = run(rule, better, share, [(2020, first), (2020 + done, latest(fast))], 2020 + done)
    assert rank(b["status"]) >= rank(a["status"]), (a, b)
    if a["status"] != "achieved":
        assert a["ratio"] == pytest.approx(slow, abs=1e-6)


def test_explosive_pace_does_not_raise():
    # found while writing (a): a compound projection far ahead overflowed a float
    rule = params.LevelRule(kind="level", value=1e6, year=2100)
    assert run(rule, "higher", False, [(2005, 0.1), (2006, 2000.0)], 2010)["status"] == "on_track"


# --- (b) mirror symmetry -------------------------------------------------------------
#
# Negating every value (and the target value) and swapping better lower <-> higher
# describes the same situation, so the status must not change. The compound rule is
# not symmetric by construction: it needs positive values, and the mirrored series is
# negative, which sends it to the linear rule. The property is therefore stated where
# the linear rule applies on *both* sides:
#   * level targets on a share (unit procent): linear whatever the values;
#   * level and change targets whose first, latest or target value is zero or negative
#     and another one positive or zero (values spanning zero): both sides linear.
#     This is checked on the result (`rule` is "linear" or "none" on both sides),
#     not assumed from the inputs, with signed values so most draws qualify;
#   * relative targets (the gap is always linear) and each_year targets (only the sign
#     of the change counts).
# Direction targets without each_year are left out: their rate is relative to the
# first value (compound when positive), which negation does not preserve.


def mirror(points):
    return [(y, -v) for y, v in points]


def mirror_rule(rule):
    if rule.kind == "level":
        return rule.model_copy(update={"value": -rule.value})
    return rule  # change: percent of the (mirrored) base value; relative, each_year: no value


@SETTINGS
@given(sc=scenarios(kinds=("level", "change", "relative", "each_year"), vals=signed_values),
       better=st.sampled_from(["lower", "higher"]), share=st.booleans())
def test_mirror_symmetry(sc, better, share):
    rule, own, compare, year = sc
    other = "higher" if better == "lower" else "lower"
    a = run(rule, better, share, own, year, compare)
    b = run(mirror_rule(rule), other, share, mirror(own), year, mirror(compare))
    if rule.kind in ("level", "change"):
        assume(a["rule"] in ("linear", "none") and b["rule"] in ("linear", "none"))
    assert a["status"] == b["status"], (a, b)
    if a.get("ratio") is not None:
        assert a["ratio"] == b["ratio"]


@SETTINGS
@given(better=st.sampled_from(["lower", "higher"]), own=series(vals=st.integers(0, 1000).map(lambda x: x / 10), min_size=2, lo=2015, hi=2026),
       year=st.integers(2018, 2025), target_value=st.integers(0, 1000).map(lambda x: x / 10), target_year=st.integers(2018, 2040))
def test_mirror_symmetry_share_levels(better, own, year, target_value, target_year):
    """Shares in 0–100 procent: the linear rule on both sides whatever the values."""
    other = "higher" if better == "lower" else "lower"
    rule = params.LevelRule(kind="level", value=target_value, year=target_year)
    a = run(rule, better, True, own, year)
    b = run(mirror_rule(rule), other, True, mirror(own), year)
    assert a["status"] == b["status"]
    assert a["rule"] == b["rule"]


# --- (c) later data never changes an earlier year's status ---------------------------

INDICATORS = {
    "x": {"title": "Indikator", "unit": "ton", "better": "lower", "source": "Test"},
    "y": {"title": "Jämförelse", "unit": "ton", "better": "lower", "source": "Test"},
    "p": {"title": "Andel", "unit": "procent", "better": "higher", "source": "Test"},
}


def programme(rule: dict, indicator: str, sex: str) -> params.Programme:
    return params.Programme.model_validate({
        "region": {"id": "test", "name": "Test"},
        "programme": {"name": "Program", "start": 2015, "end": 2030},
        "focus_areas": [{"id": "fa", "title": "F", "goals": [{"id": "g", "title": "G", "targets": [
            {"id": "t", "title": "T", "indicator": indicator, "sex": sex, "rule": rule}]}]}],
        "indicators": INDICATORS,
    })


def frame(rows):
    return pd.DataFrame(rows, columns=["indicator", "year", "value", "sex"])


@st.composite
def observations(draw):
    rows = []
    for ind in ("x", "y", "p"):
        for sex in ("T", "K"):
            for y, v in draw(series(min_size=0, max_size=6, lo=2010, hi=2032)):
                rows.append((ind, y, v, sex))
    return rows


RULE_DICTS = [
    {"kind": "level", "value": 50},
    {"kind": "change", "percent": -30, "base_year": 2015},
    {"kind": "annual_rate", "percent": 3, "base_year": 2016},
    {"kind": "direction"},
    {"kind": "direction", "base_year": 2014},
    {"kind": "direction", "each_year": True},
    {"kind": "relative", "compare_to": "y"},
    {"kind": "level", "value": 40, "year": 2022},
]


@SETTINGS
@given(rule=st.sampled_from(RULE_DICTS), indicator=st.sampled_from(["x", "p"]), sex=st.sampled_from(["T", "K"]),
       rows=observations(), later=observations(), year=st.integers(2012, 2031))
def test_later_data_does_not_change_status(rule, indicator, sex, rows, later, year):
    prog = programme(rule, indicator, sex)
    t = prog.target("t")
    known = [r for r in rows if r[1] <= year]
    added = known + [(i, max(y, year + 1), v, s) for i, y, v, s in later]
    before = assess_target(t, prog, frame(known), year)
    after = assess_target(t, prog, frame(added), year)
    assert before == after
