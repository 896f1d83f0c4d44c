"""The status table a reviewer can sort and filter: .xlsx and .csv next to the report.

One row per target, programme order, the region's own level names as column
headers. The CSV is for Swedish Excel: UTF-8 with BOM (å/ä/ö intact),
semicolons between columns, decimal commas. The workbook has the same
columns with the values (base year, last year, latest, target) as numbers, a
frozen header and a filter.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..analysis.tables import status_rows
from ..method import TargetStatus
from ..model import Programme

# (column key in analysis.tables.status_rows, header, numeric in the workbook)
COLUMNS = (
    ("focus_area", "{focus_area}", False), ("goal", "{goal}", False), ("number", "Nr", False), ("target", "{target}", False),
    ("id", "Id", False), ("symbol", "Symbol", False), ("label", "Status", False), ("assessed", "Bedömd av", False),
    ("base_year", "Basår", True), ("base_value", "Värde basåret", True), ("previous_value", "Värde {previous}", True),
    ("latest_value", "Utfall", True), ("latest_year", "Utfallsår", True), ("unit", "Enhet", False),
    ("target_value", "Målvärde", True), ("target_year", "Målår", True), ("goal_text", "Mål", False),
    ("previous", "Status {previous}", False), ("change", "Förändring i status sedan {previous}", False),
    ("value_change", "Förändring i värde sedan {previous}", False), ("computed", "Beräknad status (före ändring)", False),
    ("rule", "Regel", False), ("explanation", "Motivering eller beräkning", False),
)


def export_rows(statuses: list[TargetStatus], programme: Programme, year: int,
                observations=None) -> tuple[list[str], list[list[Any]], list[bool]]:
    """Headers (the region's own level names), rows (numbers as numbers) and which columns are numeric."""
    lab = programme.labels
    names = {"focus_area": lab.focus_area, "goal": lab.goal, "target": lab.target, "previous": year - 1}
    headers = [h.format(**names) for _, h, _ in COLUMNS]
    rows = [[row[k] for k, _, _ in COLUMNS] for row in status_rows(statuses, programme, observations, year)]
    return headers, rows, [numeric for _, _, numeric in COLUMNS]


def csv_cell(value: Any) -> str:
    """A cell as Swedish Excel reads it: decimal comma, no thousands separator, nothing for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        text = repr(round(value, 6)).rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", ",")
    return str(value)


def write_csv(headers: list[str], rows: list[list[Any]], path: Path) -> None:
    """UTF-8 with BOM, semicolons, decimal commas: Swedish Excel opens it in columns with å/ä/ö intact."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(headers)
        for row in rows:
            w.writerow([csv_cell(v) for v in row])


def write_xlsx(headers: list[str], rows: list[list[Any]], numeric: list[bool], r: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = f"Status {r['year']}"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="EEF2F6")
        c.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"focus_area": 24, "goal": 30, "number": 6, "target": 50, "id": 20, "symbol": 7, "label": 16, "assessed": 14,
              "base_year": 8, "base_value": 12, "previous_value": 12, "latest_value": 12, "latest_year": 10, "unit": 14,
              "target_value": 12, "target_year": 8, "goal_text": 30, "previous": 16, "change": 18, "value_change": 24,
              "computed": 16, "rule": 30, "explanation": 60}
    for i, (key, _h, _n) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths.get(key, 14)
    for row in ws.iter_rows(min_row=2):
        for c, is_number in zip(row, numeric, strict=True):
            c.alignment = Alignment(wrap_text=not is_number, vertical="top")
            if is_number and isinstance(c.value, float):
                c.number_format = "# ##0.0##" if c.value != int(c.value) else "# ##0"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    about = wb.create_sheet("Om")
    about.append(["Region", r["region_name"]])
    about.append(["Program", r["programme_name"]])
    about.append(["Redovisningsår", r["year"]])
    if r["example_data"]:
        about.append(["Exempeldata", "Ja: värdena och bedömningarna är exempel, inte verkliga resultat."])
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 70
    wb.properties.title = f"Statustabell {r['year']} – {r['region_name']}"
    wb.properties.language = "sv-SE"
    wb.save(path)


def write_status_table(statuses: list[TargetStatus], programme: Programme, r: dict[str, Any], out: Path,
                       observations=None) -> None:
    """statustabell-<region>-<year>.xlsx and .csv into `out` (`r`: the view's report values)."""
    headers, rows, numeric = export_rows(statuses, programme, r["year"], observations)
    write_xlsx(headers, rows, numeric, r, out / r["xlsx"])
    write_csv(headers, rows, out / r["csv"])
