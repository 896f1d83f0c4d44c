"""data: reading observations from CSV and Excel, and the checks over a region's rows."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hallbar.errors import Problems
from hallbar.inputs.observations import load_observations, read_data_file, series, validate
from hallbar.model import MISSING_MARKS, parse_number

INDICATORS = {"utslapp": None, "sjukfranvaro": None, "jamix": None}


def _csv(tmp_path: Path, data: str | bytes, name: str = "data.csv"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    problems = Problems()
    return read_data_file(path, f"data/demo/{name}", problems), problems


def _xlsx(tmp_path: Path, sheets: dict[str, list[list]], name: str = "data.xlsx") -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def _text(problems: Problems) -> str:
    return "\n".join(map(str, problems.errors))


def _values(df: pd.DataFrame) -> list[tuple]:
    return [(r.indicator, r.year, r.value, r.sex) for r in df.itertuples()]


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [("6.2", 6.2), ("6,2", 6.2), ("71 499", 71499.0), ("71\u00a0499", 71499.0), ("1 234,5", 1234.5), ("-4.2", -4.2),
     ("\u22124,2", -4.2), ("1e3", 1000.0), (7, 7.0), (2.5, 2.5), (" 12 ", 12.0)],
)
def test_parse_number_accepts_swedish_and_spreadsheet_forms(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "6,2,1", "1,234.5", "5 %", "nan", "inf", True, float("nan"), "1.2.3", "-"])
def test_parse_number_refuses_the_rest(text):
    with pytest.raises(ValueError):
        parse_number(text)


# --- CSV ------------------------------------------------------------------------------------


CSV_COMMA = "indicator,year,value,sex\nutslapp,2021,1000.5,T\nsjukfranvaro,2024,5.6,K\n"
EXPECTED = [("utslapp", 2021, 1000.5, "T"), ("sjukfranvaro", 2024, 5.6, "K")]


@pytest.mark.parametrize(
    "data",
    [
        CSV_COMMA,
        CSV_COMMA.replace(",", ";"),  # semicolon, decimal point
        CSV_COMMA.replace(",", ";").replace("1000.5", "1000,5").replace("5.6", "5,6"),  # semicolon, decimal comma
        CSV_COMMA.replace("1000.5", '"1000,5"').replace("5.6", '"5,6"'),  # comma file, quoted decimal comma
        "\ufeff" + CSV_COMMA,  # UTF-8 BOM (Excel's "CSV UTF-8")
        ("\ufeff" + CSV_COMMA.replace(",", ";").replace("1000.5", "1 000,5")).replace("\n", "\r\n"),  # BOM, CRLF
        "Indikator;År;Värde;Kön\nutslapp;2021;1000,5;totalt\nsjukfranvaro;2024;5,6;kvinnor\n",  # Swedish headers
        "\n" + CSV_COMMA + "\n\n",  # blank lines around
    ],
    ids=["comma-point", "semicolon-point", "semicolon-comma", "quoted-comma", "bom", "bom-crlf-space", "swedish", "blank-lines"],
)
def test_csv_dialects(tmp_path, data):
    df, problems = _csv(tmp_path, data)
    assert not problems.errors, _text(problems)
    assert _values(df) == EXPECTED
    assert df.row.tolist()[0].startswith("row ")


def test_csv_optional_columns_and_defaults(tmp_path):
    df, problems = _csv(tmp_path, "indicator,year,value,source,note,example,extra\nutslapp,2021,3,SCB,n,ja,x\njamix,2022,4,,,,\n")
    assert not problems.errors
    assert "unknown column 'extra' is ignored" in str(problems.warnings[0])
    first, second = df.iloc[0], df.iloc[1]
    assert (first.sex, first.source, first.note, bool(first.example)) == ("T", "SCB", "n", True)
    assert (second.sex, bool(second.example)) == ("T", False)
    assert (first.file, first.row, second.row) == ("data/demo/data.csv", "row 2", "row 3")


@pytest.mark.parametrize("mark, meaning", sorted(MISSING_MARKS.items()))
def test_kolada_missing_marks_are_kept_as_missing(tmp_path, mark, meaning):
    df, problems = _csv(tmp_path, f"indicator;year;value\njamix;2022;{mark}\njamix;2023;130\n")
    assert not problems.errors
    assert math.isnan(df.value.iloc[0]) and df.missing.iloc[0] == meaning
    assert series(validate(df, INDICATORS, Problems()), "jamix") == [(2023, 130.0)]


@pytest.mark.parametrize(
    "data, fragments",
    [
        ("indicator,year,value,sex\nsjukfranvaro,2023,5,4,T\n", ["row 2", "has 5 fields but the header has 4", "decimal comma"]),
        ("indicator,year,value,sex,source\nsjukfranvaro,2023,5,4,T\n", ["row 2", "split by a decimal comma: '5,4'"]),
        ("indicator;year;value\nutslapp;2023;5;4\n", ["row 2", "has 4 fields", "Remove the extra ';'"]),
        ("indicator,year,value\nutslapp,2023,98 st\n", ["row 2", "value '98 st' of 'utslapp' 2023 is not a number"]),
        ("indicator,year,value\nutslapp,2023,\n", ["row 2", "the value of 'utslapp' 2023 is empty", "missing mark"]),
        ("indicator,year,value\n,2023,1\n", ["row 2", "the indicator is empty"]),
        ("indicator,year,value\nutslapp,2023.5,1\n", ["row 2", "year '2023.5' is not a whole year"]),
        ("indicator,year,value\nutslapp,,1\n", ["row 2", "the year of 'utslapp' is empty"]),
        ("indicator,year,value,sex\nutslapp,2023,1,X\n", ["row 2", "sex 'X' is not T, K or M"]),
        ("indicator,year,value,example\nutslapp,2023,1,kanske\n", ["row 2", "example 'kanske' is not true or false"]),
        ("indicator,year\nutslapp,2023\n", ["header", "missing column(s): value", "found: 'indicator', 'year'"]),
        ("indicator,year,value,Value\nutslapp,2023,1,2\n", ["header", "column 'value' appears twice"]),
        ("indicator\tyear\tvalue\nutslapp\t2023\t1\n", ["header", "separated by tabs"]),
        ("", ["is empty"]),
        ("\n \n", ["is empty"]),
        ('indicator,year,value\nutslapp,2023,"1\n', ["row 2", "cannot be read as CSV", "quotes"]),
    ],
    ids=["decimal-comma-extra-field", "decimal-comma-shift", "semicolon-extra", "not-a-number", "empty-value", "empty-indicator",
         "fractional-year", "empty-year", "bad-sex", "bad-example", "missing-column", "duplicate-column", "tabs", "empty",
         "blank", "open-quote"],
)
def test_csv_problems_name_the_row(tmp_path, data, fragments):
    df, problems = _csv(tmp_path, data)
    text = _text(problems)
    assert text.startswith("data/demo/data.csv"), text
    for frag in fragments:
        assert frag in text, text
    assert df.empty


@pytest.mark.parametrize(
    "data, fragments",
    [
        ("indicator,year,value\nutslapp,2023,1\nutslapp,2024,på\n".encode("cp1252"), ["row 3", "not UTF-8 text (byte 0xe5)", "Windows-1252", "CSV UTF-8"]),
        ("indicator,year,value\n".encode("utf-16"), ["row 1", "UTF-16"]),
    ],
    ids=["cp1252", "utf16"],
)
def test_csv_encoding_problems(tmp_path, data, fragments):
    _df, problems = _csv(tmp_path, data)
    text = _text(problems)
    for frag in fragments:
        assert frag in text, text


def test_header_only_is_a_warning(tmp_path):
    df, problems = _csv(tmp_path, "indicator,year,value\n")
    assert df.empty and not problems.errors
    assert "has a header but no observations" in str(problems.warnings[0])


def test_digit_example_flag_is_not_taken_for_a_decimal_comma(tmp_path):
    df, problems = _csv(tmp_path, "indicator,year,value,example\nutslapp,2021,5,1\n")
    assert not problems.errors and bool(df.example.iloc[0]) and df.value.iloc[0] == 5.0


def test_good_rows_survive_bad_ones(tmp_path):
    df, problems = _csv(tmp_path, "indicator,year,value\nutslapp,2021,1\nutslapp,x,2\nutslapp,2022,3\n")
    assert len(problems.errors) == 1 and "row 3" in _text(problems)
    assert df.year.tolist() == [2021, 2022]


# --- Excel ---------------------------------------------------------------------------------


def test_xlsx_single_sheet_any_name(tmp_path):
    path = _xlsx(tmp_path, {"Blad1": [["indicator", "year", "value", "sex"], ["utslapp", 2021, 1000.5, "T"], ["sjukfranvaro", 2024.0, "5,6", "K"]]})
    problems = Problems()
    df = read_data_file(path, "data/demo/data.xlsx", problems)
    assert not problems.errors
    assert _values(df) == EXPECTED
    assert df.row.tolist() == ["sheet 'Blad1', row 2", "sheet 'Blad1', row 3"]


def test_xlsx_chooses_sheet_named_data(tmp_path):
    path = _xlsx(tmp_path, {"Info": [["Om filen"], ["text"]], "Data": [["indicator", "year", "value"], [], ["utslapp", 2021, 1000.5]]})
    problems = Problems()
    df = read_data_file(path, "data/demo/data.xlsx", problems)
    assert not problems.errors
    assert df.row.tolist() == ["sheet 'Data', row 3"]  # the blank row counts, as Excel shows it


def test_xlsx_without_data_sheet(tmp_path):
    path = _xlsx(tmp_path, {"Info": [["x"]], "Blad2": [["indicator", "year", "value"]]})
    problems = Problems()
    assert read_data_file(path, "data/demo/data.xlsx", problems).empty
    text = _text(problems)
    assert "data/demo/data.xlsx: sheets:" in text and "'Info', 'Blad2'" in text and "none is named 'data'" in text


@pytest.mark.parametrize(
    "rows, fragments",
    [
        ([["indicator", "år"], ["utslapp", 2021]], ["sheet 'data', header", "missing column(s): value"]),
        ([["indicator", "year", "value"], ["utslapp", 2021, "många"]], ["sheet 'data', row 2", "value 'många'"]),
        ([["indicator", "year", "value"], ["utslapp", dt.datetime(2021, 1, 1), 1]], ["sheet 'data', row 2", "year is a date"]),
    ],
    ids=["missing-column", "text-value", "date-year"],
)
def test_xlsx_problems(tmp_path, rows, fragments):
    path = _xlsx(tmp_path, {"data": rows})
    problems = Problems()
    read_data_file(path, "data/demo/data.xlsx", problems)
    text = _text(problems)
    for frag in ["data/demo/data.xlsx", *fragments]:
        assert frag in text, text


def test_xlsx_broken_workbook(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("indicator,year,value\n")
    problems = Problems()
    assert read_data_file(path, "data/demo/data.xlsx", problems).empty
    assert "is not a readable Excel workbook" in _text(problems)


# --- checks over a region ---------------------------------------------------------------------


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "data" / "demo"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_load_observations_validates_across_files(tmp_path):
    folder = _folder(tmp_path, {
        "a.csv": "indicator,year,value\nutslapp,2021,1\nutslap,2022,2\njamix,1823,3\n",
        "b.csv": "indicator;year;value\nutslapp;2021;1,5\nsjukfranvaro;2021;4\n",
        "~$b.xlsx": "lock file", "notes.txt": "ignored", "old.xls": "ignored",
    })
    problems = Problems()
    obs = load_observations(folder, INDICATORS, problems, shown_root=tmp_path)
    text = _text(problems)
    assert "data/demo/a.csv: row 3: unknown indicator 'utslap'. Did you mean 'utslapp'?" in text
    assert "data/demo/a.csv: row 4: year 1823 is out of range" in text
    assert "data/demo/b.csv: row 2: duplicate observation: utslapp 2021 (T) also at data/demo/a.csv, row 2." in text
    assert len(problems.errors) == 3
    warned = " ".join(map(str, problems.warnings))
    assert "data/demo/old.xls" in warned and "data/demo/notes.txt" in warned and "~$b.xlsx" not in warned
    assert _values(obs) == [("sjukfranvaro", 2021, 4.0, "T"), ("utslapp", 2021, 1.0, "T")]


def test_same_year_different_sex_is_not_a_duplicate(tmp_path):
    folder = _folder(tmp_path, {"a.csv": "indicator,year,value,sex\njamix,2021,1,T\njamix,2021,2,K\njamix,2021,3,M\n"})
    problems = Problems()
    assert len(load_observations(folder, INDICATORS, problems)) == 3 and not problems.items


def test_validate_without_programme_skips_indicator_check(tmp_path):
    folder = _folder(tmp_path, {"a.csv": "indicator,year,value\nwhatever,2021,1\nwhatever,2021,2\n"})
    problems = Problems()
    load_observations(folder, None, problems)
    assert "duplicate observation" in _text(problems) and "unknown indicator" not in _text(problems)


def test_missing_folder_gives_empty_frame(tmp_path):
    problems = Problems()
    obs = load_observations(tmp_path / "nope", INDICATORS, problems)
    assert obs.empty and list(obs.columns)[:3] == ["indicator", "year", "value"] and not problems.items


def test_series_is_sorted_and_cut_at_year(tmp_path):
    folder = _folder(tmp_path, {"a.csv": "indicator,year,value,sex\njamix,2023,3,T\njamix,2021,1,T\njamix,2022,-,T\njamix,2024,4,T\njamix,2021,9,K\n"})
    obs = load_observations(folder, INDICATORS, Problems())
    assert series(obs, "jamix") == [(2021, 1.0), (2023, 3.0), (2024, 4.0)]
    assert series(obs, "jamix", up_to=2023) == [(2021, 1.0), (2023, 3.0)]
    assert series(obs, "jamix", sex="K") == [(2021, 9.0)]
    assert series(obs, "utslapp") == []


def test_unclosed_quote_names_the_row_it_starts_on(tmp_path):
    _df, problems = _csv(tmp_path, 'indicator,year,value\nutslapp,2021,1\nutslapp,2023,"1\nutslapp,2024,2\n')
    assert "data/demo/data.csv: row 3: cannot be read as CSV" in _text(problems)


def test_multiline_quoted_note_keeps_first_row_number(tmp_path):
    df, problems = _csv(tmp_path, 'indicator,year,value,note\nutslapp,2021,1,"a\nb"\nutslapp,2022,2,\n')
    assert not problems.errors and df.row.tolist() == ["row 2", "row 4"]
    assert "runs over 2 lines" in str(problems.warnings[0])
