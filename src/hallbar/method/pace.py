"""The thresholds and rates of the status method (Eurostat's SDG progress assessment).

These constants are the one source for the code, the figures and the report's
method appendix (`hallbar.sv.method_text`).
"""

from __future__ import annotations

import math

ON_TRACK_RATIO = 0.95  # actual/required pace at or above: on track
MODERATE_RATIO = 0.60  # at or above (and below ON_TRACK_RATIO): moderate
DIRECTION_ON_TRACK_RATE = 0.01  # direction targets: above 1 % a year in the wanted direction
MAX_PERIOD_YEARS = 5  # pace is measured over at most the last five years
EPS = 1e-9  # comparisons at the thresholds are made on rounded ratios

# goodness of each status, for "improved/worsened"; 0 = not comparable
RANK = {"achieved": 5, "on_track": 4, "moderate": 3, "insufficient": 2, "away": 1, "not_achieved": 1, "no_data": 0}


def classify_ratio(ratio: float) -> str:
    """Eurostat with-target thresholds on actual/required pace."""
    r = round(ratio, 9)
    if r >= ON_TRACK_RATIO - EPS:
        return "on_track"
    if r >= MODERATE_RATIO - EPS:
        return "moderate"
    if r >= 0 - EPS:
        return "insufficient"
    return "away"


def classify_direction(rate: float) -> str:
    """Eurostat no-target thresholds on the yearly rate in the wanted direction."""
    r = round(rate, 9)
    if r > DIRECTION_ON_TRACK_RATE + EPS:
        return "on_track"
    if r > 0 + EPS:
        return "moderate"
    return "away"


def meets(value: float, target: float, better: str) -> bool:
    return value <= target + EPS if better == "lower" else value >= target - EPS


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




def relative_rate(v0: float, v1: float, years: int) -> float:
    """Compound yearly rate; for zero/negative values the linear change relative to |v0|."""
    if v0 > 0 and v1 > 0:
        return compound_rate(v0, v1, years)
    if v0 == 0:
        return 0.0 if v1 == 0 else math.copysign(math.inf, v1)
    return (v1 - v0) / abs(v0) / years
