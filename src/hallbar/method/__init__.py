"""The method: every target's goal status, numbers only (no words, no I/O).

    pace.py     the thresholds and the rates (Eurostat's method), one source for code and appendix
    series.py   a quantitative rule on a series of (year, value): level, change, annual_rate, direction, relative
    assess.py   one target, one programme, one report year; last year's status and the change
    paths.py    the required path and the projection a nuläge figure draws
    result.py   `TargetStatus`: the status and every number behind it

The Swedish sentence that states the numbers is `hallbar.sv.reasons`.
"""

from .assess import assess_programme, assess_target, change_between, counts
from .pace import (
    DIRECTION_ON_TRACK_RATE,
    MAX_PERIOD_YEARS,
    MODERATE_RATIO,
    ON_TRACK_RATIO,
    RANK,
    classify_direction,
    classify_ratio,
    meets,
)
from .paths import annual_path, projection_path, required_path
from .result import Point, TargetStatus
from .series import assess_series

__all__ = [
    "assess_programme", "assess_target", "change_between", "counts",
    "DIRECTION_ON_TRACK_RATE", "MAX_PERIOD_YEARS", "MODERATE_RATIO", "ON_TRACK_RATIO", "RANK",
    "classify_direction", "classify_ratio", "meets",
    "annual_path", "projection_path", "required_path",
    "Point", "TargetStatus", "assess_series",
]
