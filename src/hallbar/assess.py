"""The assess stage: every target's status for a report year, as files.

`build/<region>/<year>/status.json` holds `[TargetStatus.to_record(), ...]`
for every target in programme order (non-finite numbers written as null).
The board's `.xlsx`/`.csv` status table is written by `report_exports`.
"""

from __future__ import annotations

from pathlib import Path

from .jsonio import dumps, json_safe
from .status import TargetStatus, assess_programme


def assess(inputs, year: int) -> list[TargetStatus]:
    return assess_programme(inputs.programme, inputs.observations, year, inputs.years)


def status_records(statuses: list[TargetStatus]) -> list[dict]:
    """JSON-safe records (NaN/inf -> null), programme order."""
    return [json_safe(s.to_record()) for s in statuses]


def write_status_json(path: Path, statuses: list[TargetStatus]) -> bool:
    """Write status.json atomically; returns False (and leaves the file alone) when the content is the same."""
    from .execute import TMP_PREFIX

    text = dumps(status_records(statuses))
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
