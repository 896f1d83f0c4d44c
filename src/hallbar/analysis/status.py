"""Goal status as the report, the notebooks and `hallbar status` use it: computed, explained, as records.

`assess(inputs, year)` runs the method (`hallbar.method`) for every target and
gives each status its Swedish reason (`hallbar.sv.reasons`). `record(ts)` is
the documented JSON record (README, `hallbar status --format json`): the
method's numbers plus the label, symbol and change label.
"""

from __future__ import annotations

from typing import Any

from ..method import TargetStatus, assess_programme
from ..sv.reasons import explain
from ..sv.words import CHANGES, status_words, use_status_labels


def assess(inputs, year: int) -> list[TargetStatus]:
    """Every target of a region (`inputs.RegionInputs`) for a report year, with reasons, in programme order.

    From here on the process shows the region's own status labels (`labels.status`)."""
    use_status_labels(inputs.programme.labels)
    return explain(inputs.programme, assess_programme(inputs.programme, inputs.observations, year, inputs.years))


def record(ts: TargetStatus) -> dict[str, Any]:
    """The documented JSON record of one status."""
    d = ts.to_dict()
    d["label"] = status_words(ts.status).label
    d["symbol"] = status_words(ts.status).symbol
    d["change_label"] = CHANGES[ts.change][1] if ts.change else None
    return d


def records(statuses: list[TargetStatus]) -> list[dict[str, Any]]:
    return [record(ts) for ts in statuses]


FLAT_FIELDS = ("target_id", "focus_area", "goal", "title", "status", "label", "rule")
FLAT_TAIL = ("required_pace", "actual_pace", "ratio", "projection", "previous_status", "change", "assessed_by", "reason")


def flat_record(ts: TargetStatus) -> dict[str, Any]:
    """One CSV row per target: the JSON record with first/latest/target flattened to *_year / *_value."""
    rec = record(ts)
    row = {k: rec[k] for k in FLAT_FIELDS}
    for key in ("first", "latest", "target"):
        point = rec.get(key) or {}
        row[f"{key}_year"] = point.get("year")
        row[f"{key}_value"] = point.get("value")
    for key in FLAT_TAIL:
        row[key] = rec.get(key)
    return row
