"""Swedish number and value formatting (hallbar.sv.numbers): the one home of every number format."""

from __future__ import annotations

import math

import pytest

from hallbar.sv import numbers as fmt
from hallbar.sv.numbers import MINUS, NBSP, THIN

# --- number ----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (71499, 0, f"71{THIN}499"),
    (71499.0, 0, f"71{THIN}499"),
    (1234567.891, 1, f"1{THIN}234{THIN}567,9"),
    (999, 0, "999"),
    (1000, 0, f"1{THIN}000"),
    (6.2, 1, "6,2"),
    (6.25, 2, "6,25"),
    (6, 1, "6,0"),
    (0, 0, "0"),
    (0.0, 2, "0,00"),
    (-4.2, 1, f"{MINUS}4,2"),
    (-71499, 0, f"{MINUS}71{THIN}499"),
    (-0.04, 1, "0,0"),  # rounds to zero: no "−0,0"
    (-0.4, 0, "0"),
    (2.46, 1, "2,5"),
    (2.44, 1, "2,4"),
    (1999.96, 1, f"2{THIN}000,0"),  # rounding carries into the thousands
    (0.125, 2, "0,12"),  # Python rounds half to even on the binary value
])
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_number_uses_narrow_no_break_space_and_real_minus():
    text = fmt.number(-1234567, 0)
    assert " " not in text and NBSP not in text and THIN in text  # U+202F: thin, and it never breaks a line
    assert text.startswith("\u2212") and "-" not in text


@pytest.mark.parametrize("missing", [None, float("nan"), math.inf, -math.inf])
def test_number_missing_is_dash(missing):
    assert fmt.number(missing) == "–"
    assert fmt.number(missing, 2, sign=True) == "–"


@pytest.mark.parametrize(("value", "expected"), [(3.14, "+3,1"), (-3.14, f"{MINUS}3,1"), (0.0, "0,0"), (0.01, "0,0")])
def test_number_sign(value, expected):
    assert fmt.number(value, 1, sign=True) == expected


# --- percent and value -------------------------------------------------------------


@pytest.mark.parametrize(("fraction", "decimals", "sign", "expected"), [
    (0.062, 1, False, f"6,2{NBSP}procent"),
    (-0.042, 1, False, f"{MINUS}4,2{NBSP}procent"),
    (0.0117, 1, True, f"+1,2{NBSP}procent"),
    (0.95, 0, False, f"95{NBSP}procent"),
    (None, 1, False, "–"),
    (float("nan"), 1, False, "–"),
])
def test_percent(fraction, decimals, sign, expected):
    assert fmt.percent(fraction, decimals, sign) == expected


@pytest.mark.parametrize(("v", "unit", "decimals", "expected"), [
    (6.2, "procent", 1, f"6,2{NBSP}procent"),
    (6.2, "%", 1, f"6,2{NBSP}procent"),
    (71499, "ton CO2e", 0, f"71{THIN}499{NBSP}ton CO\u2082e"),  # the value keeps its unit; CO₂ with a subscript
    (5, "placering", 0, f"plats{NBSP}5"),
    (79.7, "index", 1, "79,7"),  # an index is a number: no "(index)" after it
    (3.0, "", 1, "3,0"),
    (-1.25, "kiloton", 1, f"{MINUS}1,2{NBSP}kiloton"),  # 1.25 is exactly binary: half to even
    (None, "procent", 1, "–"),
])
def test_value(v, unit, decimals, expected):
    assert fmt.value(v, unit, decimals) == expected


@pytest.mark.parametrize(("v", "decimals", "expected"), [
    (88.0, 1, "88"), (4.5, 1, "4,5"), (4369.4, 0, f"4{THIN}369"), (7.25, 2, "7,25"), (100.0, 0, "100"), (0.0, 1, "0")])
def test_target_values_have_no_false_precision(v, decimals, expected):
    assert fmt.target_number(v, decimals) == expected
    assert fmt.value(88.0, "procent", 1, target=True) == f"88{NBSP}procent"


def test_year_span():
    assert fmt.year_span(2022, 2022) == "2022"
    assert fmt.year_span(2019, 2024) == "2019–2024"


@pytest.mark.parametrize("x", [0.0, 6.2, -4.2, 71499.0, 1234567.9, -1234567.9])
def test_parse_round_trip(x):
    assert fmt.parse_float_sv(fmt.number(x, 1)) == pytest.approx(x)
    assert fmt.parse_float_sv("1 234,5") == 1234.5
