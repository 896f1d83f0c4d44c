"""Spreadsheet files as rows: CSV (comma or semicolon, UTF-8 with or without BOM) and Excel (.xlsx).

`read_table(path)` returns the header, each data row with the line number a
spreadsheet shows, and the delimiter (CSV) or the sheet (Excel). What the
rows mean is `observations`' business.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import Problems
from .text import decode_utf8

SHEET_NAMES = ("data", "observationer")
FIX_HEADER = "The first row must name the columns: indicator,year,value (optional: sex,source,note,example)."

def _decode(raw: bytes, shown: str, problems: Problems) -> str | None:
    return decode_utf8(raw, shown, problems, unit="row",
                       fix="Save the file as 'CSV UTF-8' (Excel: Save As > CSV UTF-8), or convert it to UTF-8.")


def read_csv(path: Path, shown: str, problems: Problems) -> tuple[list[str], list[tuple[int, list]], str] | None:
    """Header, (line number, fields) per data row, and the delimiter."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(shown, "", f"cannot be read ({exc.strerror}).", "Check that the file exists and is readable.")
        return None
    text = _decode(raw, shown, problems)
    if text is None:
        return None
    if "\x00" in text:
        problems.error(shown, "", "contains NUL bytes: it is not a CSV text file.", "Export the data again as 'CSV UTF-8'.")
        return None
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        problems.error(shown, "", "is empty.", FIX_HEADER)
        return None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list]] = []
    header: list[str] | None = None
    lineno = 0
    try:
        for fields in reader:
            start, lineno = lineno + 1, reader.line_num
            if lineno > start and any("\n" in f or "\r" in f for f in fields) and header is not None:
                problems.warning(shown, f"row {start}", f"a quoted value runs over {lineno - start + 1} lines (to row {lineno}).",
                                 "Check for a missing closing '\"' if that was not intended.")
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = fields
                continue
            if len(fields) > len(header):
                if delimiter == ",":
                    what = (f"has {len(fields)} fields but the header has {len(header)}. "
                            "A decimal comma in a comma-separated file splits the value in two.")
                    fix = "Write decimals with a point (6.2), quote the value (\"6,2\"), or use ';' between columns."
                else:
                    what = f"has {len(fields)} fields but the header has {len(header)}."
                    fix = "Remove the extra ';' or quote text that contains ';'."
                problems.error(shown, f"row {start}", what, fix)
                continue
            rows.append((start, fields + [""] * (len(header) - len(fields))))
    except csv.Error as exc:
        problems.error(shown, f"row {lineno + 1}", f"cannot be read as CSV ({exc}).",
                       "Check the quotes on that row: a value that starts with '\"' must end with '\"'.")
        return None
    return header or [], rows, delimiter


def read_xlsx(path: Path, shown: str, problems: Problems) -> tuple[list[str], list[tuple[int, list]], str] | None:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        problems.error(shown, "", f"is not a readable Excel workbook ({type(exc).__name__}: {exc}).",
                       "Open it in Excel and save it again as .xlsx ('Excel Workbook').")
        return None
    try:
        names = wb.sheetnames
        chosen = next((n for n in names if n.strip().lower() in SHEET_NAMES), None)
        if chosen is None:
            if len(names) == 1:
                chosen = names[0]
            else:
                problems.error(shown, "sheets", f"the workbook has {len(names)} sheets ({', '.join(repr(n) for n in names)}) "
                               "and none is named 'data', so hallbar cannot tell which one holds the observations.",
                               "Rename the sheet with the observations to 'data' (or keep only that sheet).")
                return None
        ws = wb[chosen]
        header: list[str] | None = None
        rows: list[tuple[int, list]] = []
        for lineno, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in values]
            if not any(str(c).strip() for c in cells):
                continue
            if header is None:
                header = [str(c) for c in cells]
                continue
            rows.append((lineno, cells[: len(header)] + [""] * (len(header) - len(cells))))
    except Exception as exc:  # a damaged sheet fails only while reading rows
        problems.error(shown, "", f"is not a readable Excel workbook ({type(exc).__name__}: {exc}).",
                       "Open it in Excel and save it again as .xlsx ('Excel Workbook').")
        return None
    finally:
        wb.close()
    return header or [], rows, chosen


