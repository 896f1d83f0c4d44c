"""The lines a nuläge figure draws, as numbers: the required path to the target and the projection.

Both follow the status result (`TargetStatus`): its rule (compound or linear),
its period's first value, its projection. `annual_path` is a programme's own
compounding path (e.g. −4,2 procent per år from the base year).
"""

from __future__ import annotations

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
