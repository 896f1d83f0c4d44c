"""Indicator data: long-format observations from CSV and Excel files.

`data/<region>/*.csv|*.xlsx`, one row per observation: ``indicator, year,
value`` required, ``sex`` (T/K/M), ``source``, ``note`` and ``example``
optional. CSV may use comma or semicolon, decimal point or decimal comma, and
UTF-8 with or without BOM. Kolada's missing-value marks ("-" bortfall, "."
ej tillämplig, ".." sekretess) are kept as missing observations.

Every problem names the file and the row (the line number a spreadsheet
shows; for Excel also the sheet).
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .errors import Problems

COLUMNS = ["indicator", "year", "value", "sex", "source", "note", "example", "missing", "file", "row"]
REQUIRED = ("indicator", "year", "value")
OPTIONAL = ("sex", "source", "note", "example")
ALIASES = {
    "indikator": "indicator", "kpi": "indicator",
    "år": "year", "ar": "year", "period": "year",
    "värde": "value", "varde": "value",
    "kön": "sex", "kon": "sex", "gender": "sex",
    "källa": "source", "kalla": "source",
    "anmärkning": "note", "anmarkning": "note", "kommentar": "note",
    "exempel": "example", "exempeldata": "example",
}
MISSING_MARKS = {"-": "bortfall", ".": "ej tillämplig", "..": "sekretess"}
SEX_WORDS = {"t": "T", "k": "K", "m": "M", "totalt": "T", "total": "T", "kvinnor": "K", "män": "M", "man": "M"}
TRUE_WORDS = {"true", "ja", "yes", "1", "x", "sant"}
FALSE_WORDS = {"false", "nej", "no", "0", "", "falskt"}
MIN_YEAR, MAX_YEAR = 1970, 2100
DATA_SUFFIXES = (".csv", ".xlsx")
SHEET_NAMES = ("data", "observationer")

FIX_HEADER = "The first row must name the columns: indicator,year,value (optional: sex,source,note,example)."


def parse_number(text) -> float:
    """A number as Swedes and spreadsheets write it: '71 499', '6,2', '-4.2', '1 234,5'.

    Raises ValueError for anything else.
    """
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, (int, float)):
        if isinstance(text, float) and not math.isfinite(text):
            raise ValueError(text)
        return float(text)
    s = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not s or any(c not in "0123456789.-+eE" for c in s):
        raise ValueError(text)
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _decode(raw: bytes, shown: str, problems: Problems) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("cp1252")
            guess = " It looks like Windows-1252/Latin-1 (common from older Excel)."
        except UnicodeDecodeError:
            pass
        problems.error(shown, f"row {line}", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}).{guess}",
                       "Save the file as 'CSV UTF-8' (Excel: Save As > CSV UTF-8), or convert it to UTF-8.")
        return None


def _read_csv(path: Path, shown: str, problems: Problems) -> tuple[list[str], list[tuple[int, list]]] | None:
    raw = path.read_bytes()
    text = _decode(raw, shown, problems)
    if text is None:
        return None
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        problems.error(shown, "", "is empty.", FIX_HEADER)
        return None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list]] = []
    header: list[str] | None = None
    for fields in reader:
        lineno = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header = fields
            continue
        if len(fields) > len(header):
            extra = "" if delimiter == ";" else (
                " A decimal comma in a comma-separated file splits the value in two."
            )
            problems.error(shown, f"row {lineno}", f"has {len(fields)} fields but the header has {len(header)}.{extra}",
                           "Write decimals with a point (6.2), quote the value (\"6,2\"), or use ';' between columns.")
            continue
        rows.append((lineno, fields + [""] * (len(header) - len(fields))))
    return header or [], rows


def _read_xlsx(path: Path, shown: str, problems: Problems) -> tuple[list[str], list[tuple[int, list]], str] | None:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        problems.error(shown, "", f"is not a readable Excel workbook ({type(exc).__name__}: {exc}).", "Save it again as .xlsx from Excel.")
        return None
    names = wb.sheetnames
    chosen = next((n for n in names if n.strip().lower() in SHEET_NAMES), None)
    if chosen is None:
        if len(names) == 1:
            chosen = names[0]
        else:
            problems.error(shown, "", f"has {len(names)} sheets ({', '.join(names)}) and none is named 'data'.",
                           "Name the sheet with the observations 'data'.")
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
    wb.close()
    return header or [], rows, chosen


def _columns(header: list[str], shown: str, where: str, problems: Problems) -> dict[str, int] | None:
    mapping: dict[str, int] = {}
    for i, name in enumerate(header):
        key = str(name).strip().lower()
        key = ALIASES.get(key, key)
        if key in REQUIRED + OPTIONAL:
            if key in mapping:
                problems.error(shown, f"{where}header", f"column '{key}' appears twice.", "Keep one of them.")
            mapping[key] = i
        elif key:
            problems.warning(shown, f"{where}header", f"unknown column '{name}' is ignored.", FIX_HEADER)
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        problems.error(shown, f"{where}header", f"missing column(s): {', '.join(missing)} (found: {', '.join(map(str, header)) or 'nothing'}).", FIX_HEADER)
        return None
    return mapping


def read_data_file(path: Path, shown: str, problems: Problems) -> pd.DataFrame:
    """Read one file into typed observations; problems are recorded, bad rows dropped."""
    sheet_prefix = ""
    if path.suffix.lower() == ".xlsx":
        got = _read_xlsx(path, shown, problems)
        if got is None:
            return _empty()
        header, rows, sheet = got
        sheet_prefix = f"sheet '{sheet}', "
    else:
        got = _read_csv(path, shown, problems)
        if got is None:
            return _empty()
        header, rows = got
    if not header:
        problems.error(shown, "", "is empty.", FIX_HEADER)
        return _empty()
    cols = _columns(header, shown, sheet_prefix, problems)
    if cols is None:
        return _empty()
    if not rows:
        problems.warning(shown, "", "has a header but no observations.", "Add rows or remove the file.")
    records = []
    for lineno, fields in rows:
        where = f"{sheet_prefix}row {lineno}"

        def cell(name: str):
            i = cols.get(name)
            return "" if i is None else fields[i]

        indicator = str(cell("indicator")).strip()
        if not indicator:
            problems.error(shown, where, "the indicator is empty.", "Write the indicator id from programme.yml.")
            continue
        year_raw = cell("year")
        try:
            year_f = parse_number(year_raw)
            if year_f != int(year_f):
                raise ValueError
            year = int(year_f)
        except (ValueError, OverflowError):
            problems.error(shown, where, f"year '{year_raw}' is not a whole year.", "Write the year as four digits, e.g. 2024.")
            continue
        value_raw = cell("value")
        missing = MISSING_MARKS.get(str(value_raw).strip())
        if missing:
            value = float("nan")
        else:
            try:
                value = parse_number(value_raw)
            except ValueError:
                if str(value_raw).strip() == "":
                    problems.error(shown, where, f"the value of '{indicator}' {year} is empty.",
                                   "Write the number, or a Kolada missing mark: '-' bortfall, '.' ej tillämplig, '..' sekretess.")
                else:
                    problems.error(shown, where, f"value '{value_raw}' of '{indicator}' {year} is not a number.",
                                   "Write only the number (e.g. 6,2 or 6.2), without unit or text; put remarks in the 'note' column.")
                continue
        sex_raw = str(cell("sex")).strip()
        sex = SEX_WORDS.get(sex_raw.lower(), None) if sex_raw else "T"
        if sex is None:
            problems.error(shown, where, f"sex '{sex_raw}' is not T, K or M.", "Use T (totalt), K (kvinnor) or M (män).")
            continue
        example_raw = str(cell("example")).strip().lower()
        if example_raw in TRUE_WORDS:
            example = True
        elif example_raw in FALSE_WORDS:
            example = False
        else:
            problems.error(shown, where, f"example '{cell('example')}' is not true or false.", "Write true for generated rows, false or nothing for real ones.")
            continue
        records.append({
            "indicator": indicator, "year": year, "value": value, "sex": sex,
            "source": str(cell("source")).strip(), "note": str(cell("note")).strip(),
            "example": example, "missing": missing or "", "file": shown, "row": f"{sheet_prefix}row {lineno}",
        })
    return pd.DataFrame.from_records(records, columns=COLUMNS) if records else _empty()


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(COLUMNS, [
        "object", "int64", "float64", "object", "object", "object", "bool", "object", "object", "object"])})


def _schema(indicators) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "indicator": pa.Column(str, pa.Check.isin(sorted(indicators)), nullable=False),
            "year": pa.Column(int, pa.Check.in_range(MIN_YEAR, MAX_YEAR)),
            "value": pa.Column(float, nullable=True),
            "sex": pa.Column(str, pa.Check.isin(["T", "K", "M"])),
            "example": pa.Column(bool),
        },
        unique=["indicator", "year", "sex"],
        report_duplicates="all",
    )


def validate(obs: pd.DataFrame, indicators: dict, problems: Problems) -> pd.DataFrame:
    """Schema checks over all rows of a region: known indicator, year range, uniqueness."""
    if obs.empty:
        return obs
    obs = obs.reset_index(drop=True).astype({"year": "int64", "value": "float64", "example": "bool"})
    bad = set()
    try:
        _schema(indicators).validate(obs, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for _, case in cases.iterrows():
            idx = case.get("index")
            if idx is None or (isinstance(idx, float) and math.isnan(idx)):
                continue
            rec = obs.loc[int(idx)]
            check = str(case.get("check"))
            column = case.get("column")
            if column == "indicator" and "isin" in check:
                hint = difflib.get_close_matches(rec.indicator, list(indicators), n=1)
                problems.error(rec.file, rec.row, f"unknown indicator '{rec.indicator}'." + (f" Did you mean '{hint[0]}'?" if hint else ""),
                               "Use an indicator id defined under 'indicators:' in programme.yml, or define it there.")
            elif column == "year" and "range" in check:
                problems.error(rec.file, rec.row, f"year {rec.year} is out of range ({MIN_YEAR}–{MAX_YEAR}).", "Check the year for a typo.")
            elif "unique" in check or "duplicate" in check.lower():
                continue  # reported below with both places
            else:
                problems.error(rec.file, rec.row, f"{column}: failed check {check}.", "See params/SCHEMA.md for the data format.")
            bad.add(int(idx))
    dup = obs[obs.duplicated(["indicator", "year", "sex"], keep=False)]
    for _key, group in dup.groupby(["indicator", "year", "sex"], sort=True):
        first = group.iloc[0]
        for _, rec in group.iloc[1:].iterrows():
            problems.error(rec.file, rec.row, f"duplicate observation: {rec.indicator} {rec.year} ({rec.sex}) also at {first.file}, {first.row}.",
                           "Keep one row per indicator, year and sex; delete or correct the other.")
            bad.add(int(_))
    return obs.drop(index=sorted(bad)).reset_index(drop=True)


def data_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith((".", "~$")))


def load_observations(folder: Path, indicators: dict, problems: Problems, shown_root: Path | None = None) -> pd.DataFrame:
    """All observations of one region's data folder, validated."""
    frames = []
    for path in data_files(folder):
        shown = str(path.relative_to(shown_root)) if shown_root else str(path)
        frames.append(read_data_file(path, shown, problems))
    frames = [f for f in frames if not f.empty]
    obs = pd.concat(frames, ignore_index=True) if frames else _empty()
    obs = validate(obs, indicators, problems)
    return obs.sort_values(["indicator", "sex", "year"], kind="stable").reset_index(drop=True)


def series(obs: pd.DataFrame, indicator: str, sex: str = "T", up_to: int | None = None) -> list[tuple[int, float]]:
    """(year, value) pairs of one indicator, sorted, missing values left out."""
    sel = obs[(obs.indicator == indicator) & (obs.sex == sex) & obs.value.notna()]
    if up_to is not None:
        sel = sel[sel.year <= up_to]
    return [(int(y), float(v)) for y, v in sorted(zip(sel.year, sel.value))]
