"""Indicator data: long-format observations of a region, validated.

`data/<region>/*.csv|*.xlsx`, one row per observation: ``indicator, year,
value`` required, ``sex`` (T/K/M), ``source``, ``note`` and ``example``
optional. CSV may use comma or semicolon, decimal point or decimal comma, and
UTF-8 with or without BOM. Kolada's missing-value marks ("-" bortfall, "."
ej tillämplig, ".." sekretess) are kept as missing observations.

Each row is validated against `model.Observation`; the checks across rows
(known indicator, one row per indicator, year and sex) follow. Every problem
names the file and the row (the line number a spreadsheet shows; for Excel
also the sheet).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from ..errors import Problems
from ..model import MAX_YEAR, MIN_YEAR, MISSING_MARKS, Observation
from .tables import FIX_HEADER, read_csv, read_xlsx

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
DATA_SUFFIXES = (".csv", ".xlsx")
# files a user may expect to be read, but that are not: warned about, not silently skipped
IGNORED_LOOKALIKES = (".xls", ".xlsm", ".ods", ".tsv", ".txt", ".json")


def _row_message(field_name: str, err: dict, raw: dict) -> tuple[str, str]:
    """A schema error of one row as (what, fix) in the user's terms."""
    indicator = str(raw.get("indicator", "")).strip()
    given = raw.get(field_name, "")
    text = str(given).strip()
    if field_name == "indicator":
        return "the indicator is empty.", "Write the indicator id from programme.yml."
    if field_name == "year":
        if err["type"] in ("greater_than_equal", "less_than_equal"):
            return (f"year {text} is out of range ({MIN_YEAR}–{MAX_YEAR}).",
                    "Check the year for a typo; write it as four digits, e.g. 2024.")
        if not text:
            what = f"the year of '{indicator}' is empty."
        elif hasattr(given, "year") and not isinstance(given, (int, float)):
            what = f"year is a date ({given}), not a year."
        else:
            what = f"year '{given}' is not a whole year."
        return what, "Write the year as four digits, e.g. 2024 (in Excel: format the column as Number)."
    year = str(raw.get("year", "")).strip()
    if field_name == "value":
        if not text:
            return (f"the value of '{indicator}' {year} is empty.",
                    "Write the number, or a Kolada missing mark: '-' bortfall, '.' ej tillämplig, '..' sekretess.")
        return (f"value '{given}' of '{indicator}' {year} is not a number.",
                "Write only the number (e.g. 6,2 or 6.2), without unit or text; put remarks in the 'note' column.")
    if field_name == "sex":
        return f"sex '{given}' is not T, K or M.", "Use T (totalt), K (kvinnor) or M (män)."
    if field_name == "example":
        return f"example '{given}' is not true or false.", "Write true for generated rows, false or nothing for real ones."
    return f"{field_name}: {err['msg']}.", "See params/SCHEMA.md for the data format."


def _columns(header: list[str], shown: str, where: str, problems: Problems) -> dict[str, int] | None:
    mapping: dict[str, int] = {}
    twice = False
    for i, name in enumerate(header):
        key = str(name).strip().lower()
        key = ALIASES.get(key, key)
        if key in REQUIRED + OPTIONAL:
            if key in mapping:
                problems.error(shown, f"{where}header", f"column '{key}' appears twice (columns {mapping[key] + 1} and {i + 1}).",
                               "Keep one of them, or rename the other.")
                twice = True
            mapping[key] = i
        elif key and "\t" not in key:
            problems.warning(shown, f"{where}header", f"unknown column '{name}' is ignored.", FIX_HEADER)
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        found = ", ".join(repr(str(h)) for h in header if str(h).strip()) or "nothing"
        fix = FIX_HEADER
        if any("\t" in str(h) for h in header):
            fix = "The columns are separated by tabs; save the file with ',' or ';' between columns. " + FIX_HEADER
        problems.error(shown, f"{where}header", f"missing column(s): {', '.join(missing)} (found: {found}).", fix)
        return None
    return None if twice else mapping


def read_data_file(path: Path, shown: str, problems: Problems) -> pd.DataFrame:
    """Read one file into typed observations; problems are recorded, bad rows dropped."""
    sheet_prefix = ""
    delimiter = ""
    if path.suffix.lower() == ".xlsx":
        got = read_xlsx(path, shown, problems)
        if got is None:
            return _empty()
        header, rows, sheet = got
        sheet_prefix = f"sheet '{sheet}', "
    else:
        got = read_csv(path, shown, problems)
        if got is None:
            return _empty()
        header, rows, delimiter = got
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

        def cell(name: str, fields=fields):
            i = cols.get(name)
            return "" if i is None else fields[i]

        # "6,2" unquoted in a comma file: the value reads as 6 and the column after it gets "2"
        nxt = cols["value"] + 1
        if (delimiter == "," and nxt < len(fields) and str(fields[nxt]).strip().isdigit()
                and str(fields[cols["value"]]).strip().lstrip("-").isdigit()
                and cols.get("sex") == nxt):  # digits are never a sex code
            problems.error(shown, where, f"the value looks split by a decimal comma: '{fields[cols['value']]},{fields[nxt]}' "
                           "was read as two columns.",
                           "Write decimals with a point (6.2), quote the value (\"6,2\"), or use ';' between columns.")
            continue

        raw = {name: cell(name) for name in REQUIRED + OPTIONAL if name in cols}
        try:
            obs = Observation.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                field_name = str(err["loc"][0]) if err["loc"] else ""
                what, fix = _row_message(field_name, err, raw)
                problems.error(shown, where, what, fix)
            continue
        records.append(obs.model_dump() | {
            "missing": MISSING_MARKS.get(str(raw["value"]).strip(), ""), "file": shown, "row": where,
        })
    return pd.DataFrame.from_records(records, columns=COLUMNS) if records else _empty()


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(COLUMNS, [
        "object", "int64", "float64", "object", "object", "object", "bool", "object", "object", "object"], strict=True)})


def validate(obs: pd.DataFrame, indicators: dict | None, problems: Problems) -> pd.DataFrame:
    """Checks across rows of a region: known indicator, one row per indicator, year and sex.

    (Each row was validated against the `Observation` schema when it was read.)

    Rows that fail are recorded in `problems` and dropped. `indicators=None`
    skips the known-indicator check (used when the programme itself failed).
    (pydantic, already loaded for the params, rather than pandera: importing
    pandera cost a quarter of every `hallbar` start-up.)
    """
    if obs.empty:
        return obs
    obs = obs.reset_index(drop=True).astype({"year": "int64", "value": "float64", "example": "bool"})
    bad: set[int] = set()
    known = list(indicators or ())
    for idx, rec in obs.iterrows():
        if indicators is not None and rec.indicator not in indicators:
            hint = difflib.get_close_matches(rec.indicator, known, n=1)
            problems.error(rec.file, rec.row, f"unknown indicator '{rec.indicator}'." + (f" Did you mean '{hint[0]}'?" if hint else ""),
                           "Use an indicator id defined under 'indicators:' in programme.yml, or define it there.")
            bad.add(idx)
    dup = obs[obs.duplicated(["indicator", "year", "sex"], keep=False)]
    for _key, group in dup.groupby(["indicator", "year", "sex"], sort=True):
        first = group.iloc[0]
        for idx, rec in group.iloc[1:].iterrows():
            problems.error(rec.file, rec.row, f"duplicate observation: {rec.indicator} {rec.year} ({rec.sex}) also at {first.file}, {first.row}.",
                           "Keep one row per indicator, year and sex; delete or correct the other.")
            bad.add(idx)
    return obs.drop(index=sorted(bad)).reset_index(drop=True)


def data_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith((".", "~$")))


def _shown(path: Path, shown_root: Path | None) -> str:
    if shown_root is None:
        return str(path)
    try:
        return str(path.relative_to(shown_root))
    except ValueError:
        return str(path)


def load_observations(folder: Path, indicators: dict | None, problems: Problems, shown_root: Path | None = None) -> pd.DataFrame:
    """All observations of one region's data folder, validated (`indicators=None`: any indicator id)."""
    frames = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix.lower() in IGNORED_LOOKALIKES and not path.name.startswith((".", "~$")):
                problems.warning(_shown(path, shown_root), "", f"is not read: hallbar reads only {' and '.join(DATA_SUFFIXES)} files.",
                                 "Save it as .xlsx or 'CSV UTF-8', or move it out of the data folder.")
    for path in data_files(folder):
        frames.append(read_data_file(path, _shown(path, shown_root), problems))
    frames = [f for f in frames if not f.empty]
    obs = pd.concat(frames, ignore_index=True) if frames else _empty()
    obs = validate(obs, indicators, problems)
    return obs.sort_values(["indicator", "sex", "year"], kind="stable").reset_index(drop=True)


def series(obs: pd.DataFrame, indicator: str, sex: str = "T", up_to: int | None = None) -> list[tuple[int, float]]:
    """(year, value) pairs of one indicator, sorted, missing values left out."""
    sel = obs[(obs.indicator == indicator) & (obs.sex == sex) & obs.value.notna()]
    if up_to is not None:
        sel = sel[sel.year <= up_to]
    return [(int(y), float(v)) for y, v in sorted(zip(sel.year, sel.value, strict=True))]
