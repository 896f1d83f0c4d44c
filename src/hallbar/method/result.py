"""The result of the method: a target's status for one report year, with every number behind it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
    reason: str = ""  # the Swedish sentence stating the numbers (`hallbar.sv.reasons.explain`)
    why: str = ""  # for no_data: why (no_observations, single_observation, none_since_base, no_common_years, no_assessment)
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

    def to_dict(self) -> dict[str, Any]:
        """The numbers of the documented JSON record (the words are added by `hallbar.analysis.status.record`)."""
        d = asdict(self)
        d["target"] = None if self.target_value is None else {"year": self.target_year, "value": self.target_value}
        d["notes"] = list(self.notes)
        del d["target_value"], d["why"]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TargetStatus:
        """A status back from its record (`to_dict()` or the JSON record); extra keys (label, ...) are ignored."""
        def point(p):
            return Point(int(p["year"]), float(p["value"])) if isinstance(p, dict) and p.get("value") is not None else None

        names = {f for f in cls.__dataclass_fields__}
        kw = {k: v for k, v in d.items() if k in names}
        for key in ("first", "latest", "base", "comparison"):
            kw[key] = point(d.get(key))
        target = d.get("target") or {}
        kw["target_value"] = target.get("value")
        if target.get("year") is not None:
            kw["target_year"] = target["year"]
        kw["notes"] = tuple(d.get("notes") or ())
        return cls(**kw)
