"""The assess stage: every target's status for a report year, as files.

`build/<region>/<year>/status.json` holds `[TargetStatus.to_record(), ...]`
for every target in programme order (non-finite numbers written as null).
`table_rows` gives the same statuses as flat rows with Swedish column names,
ready for the report's `.csv` and `.xlsx` status table (`write_csv`,
`write_xlsx`).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from . import fmt
from .jsonio import dumps, json_safe
from .status import ASSESSED_BY, CHANGES, RULES_USED, STATUSES, TargetStatus, assess_programme


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


TABLE_COLUMNS = (
    "Fokusområde", "Mål", "Delmål", "Delmål-id", "Status", "Symbol", "Statuskod", "Bedömning", "Indikator", "Enhet",
    "Första år", "Första värde", "Senaste år", "Senaste värde", "Målår", "Målvärde", "Faktisk takt per år",
    "Nödvändig takt per år", "Prognos målåret", "Status föregående år", "Förändring", "Metod", "Motivering",
)


def table_rows(programme, statuses: list[TargetStatus]) -> list[dict]:
    """One row per target, fixed Swedish column names (TABLE_COLUMNS); numbers stay numbers."""
    fa_title = {fa.id: fa.title for fa in programme.focus_areas}
    goal_title = {g.id: g.title for fa in programme.focus_areas for g in fa.goals}
    rows = []
    for s in statuses:
        ind = programme.indicators.get(s.indicator) if s.indicator else None
        percent = s.rule in ("compound", "direction")  # a yearly rate; else units per year

        def pace(x, percent=percent):
            if x is None or not math.isfinite(x):
                return None
            return round(x * 100, 3) if percent else x

        row = {
            "Fokusområde": fa_title.get(s.focus_area, s.focus_area),
            "Mål": goal_title.get(s.goal, s.goal),
            "Delmål": s.title,
            "Delmål-id": s.target_id,
            "Status": s.label,
            "Symbol": s.symbol,
            "Statuskod": s.status,
            "Bedömning": ASSESSED_BY.get(s.assessed_by, s.assessed_by),
            "Indikator": ind.title if ind else None,
            "Enhet": ind.unit if ind else None,
            "Första år": s.first.year if s.first else None,
            "Första värde": s.first.value if s.first else None,
            "Senaste år": s.latest.year if s.latest else None,
            "Senaste värde": s.latest.value if s.latest else None,
            "Målår": s.target_year,
            "Målvärde": s.target_value,
            "Faktisk takt per år": pace(s.actual_pace),
            "Nödvändig takt per år": pace(s.required_pace),
            "Prognos målåret": s.projection if s.projection is None or math.isfinite(s.projection) else None,
            "Status föregående år": STATUSES[s.previous_status].label if s.previous_status else None,
            "Förändring": CHANGES[s.change][1] if s.change else None,
            "Metod": RULES_USED.get(s.rule, s.rule),
            "Motivering": s.reason,
        }
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    """UTF-8 with BOM and ';' so Swedish Excel opens it as it is; decimal comma."""
    path.parent.mkdir(parents=True, exist_ok=True)
    heads = list(rows[0]) if rows else list(TABLE_COLUMNS)

    def cell(v):
        if isinstance(v, float):
            return fmt.number(v, 6).rstrip("0").rstrip(",").replace(fmt.NBSP, "").replace(fmt.MINUS, "-")
        return "" if v is None else v

    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(heads)
        for r in rows:
            w.writerow([cell(r.get(h)) for h in heads])


def write_xlsx(path: Path, rows: list[dict], sheet: str = "Status") -> None:
    import pandas as pd

    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_excel(path, index=False, sheet_name=sheet)
