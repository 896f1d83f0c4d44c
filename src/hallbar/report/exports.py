"""The status table a reviewer can sort and filter: .xlsx and .csv next to the report.

One row per target, programme order, the region's own level names as column
headers. The CSV is UTF-8 with BOM (Excel opens it with å/ä/ö intact),
comma-separated, numbers with a decimal point; the workbook has the same
columns with numbers as numbers, a frozen header and a filter.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..analysis.tables import status_rows
from ..method import TargetStatus
from ..model import Programme

COLUMNS = ("focus_area", "goal", "target", "id", "symbol", "label", "assessed", "latest_value", "unit", "latest_year",
           "goal_text", "previous", "change", "computed", "rule", "explanation")


def export_rows(statuses: list[TargetStatus], programme: Programme, year: int) -> tuple[list[str], list[list[Any]]]:
    lab = programme.labels
    headers = [lab.focus_area, lab.goal, lab.target, "Id", "Symbol", "Status", "Bedömd av",
               "Utfall", "Enhet", "Utfallsår", "Mål", f"Status {year - 1}", f"Förändring sedan {year - 1}",
               "Beräknad status (före ändring)", "Regel", "Motivering eller beräkning"]
    return headers, [[row[c] for c in COLUMNS] for row in status_rows(statuses, programme)]


def write_csv(headers: list[str], rows: list[list[Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


def write_xlsx(headers: list[str], rows: list[list[Any]], r: dict[str, Any], path: Path) -> None:
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
    widths = [24, 30, 50, 20, 7, 16, 14, 12, 14, 10, 30, 16, 18, 16, 30, 60]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
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


def write_status_table(statuses: list[TargetStatus], programme: Programme, r: dict[str, Any], out: Path) -> None:
    """statustabell-<region>-<year>.xlsx and .csv into `out` (`r`: the view's report values)."""
    headers, rows = export_rows(statuses, programme, r["year"])
    write_xlsx(headers, rows, r, out / r["xlsx"])
    write_csv(headers, rows, out / r["csv"])
