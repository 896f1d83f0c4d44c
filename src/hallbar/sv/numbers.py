"""Swedish numbers: `71 499`, `6,2 procent`, `plats 5`. Every number format of the report is here.

Thousands are grouped with a narrow no-break space (U+202F, as Swedish
typography has it) and a value is tied to its unit with a no-break space
(U+00A0), so neither ever wraps across lines; decimals use a comma; minus is
the real minus sign (U+2212); `CO2e` is written `CO₂e`.
"""

from __future__ import annotations

import math

from ..model import is_placing

NBSP = "\u00a0"  # between a number and its unit
THIN = "\u202f"  # between groups of thousands
MINUS = "\u2212"


def number(value: float | int | None, decimals: int = 0, sign: bool = False) -> str:
    """`1234567.891, 1` -> `1 234 567,9`; None/NaN -> `–`."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{abs(rounded):,.{decimals}f}".replace(",", THIN).replace(".", ",")
    if rounded < 0:
        return MINUS + text
    return ("+" + text) if sign and rounded > 0 else text


def percent(fraction: float | None, decimals: int = 1, sign: bool = False) -> str:
    """A rate given as a fraction: `-0.042` -> `−4,2 procent`."""
    if fraction is None or not math.isfinite(fraction):
        return "–"
    return f"{number(fraction * 100, decimals, sign)}{NBSP}procent"


def target_number(value: float | int | None, decimals: int = 0) -> str:
    """A target value without false precision: rounded to the indicator's decimals, trailing zeros left out.

    `88.0, 1` -> `88`; `4.5, 1` -> `4,5`; `4369.4, 0` -> `4 369`.
    """
    text = number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def unit_text(unit: str) -> str:
    """A unit as the report writes it: `ton CO2e` -> `ton CO₂e`."""
    return (unit or "").replace("CO2e", "CO\u2082e").replace("CO2", "CO\u2082")


def spoken_unit(unit: str) -> str:
    """Units written as a count ('antal produkter') read as the thing counted: '209 produkter'."""
    u = (unit or "").strip()
    low = u.lower()
    if low == "antal":
        return ""
    if low.startswith("antal "):
        return u[len("antal "):].strip()
    return u


def value(v: float | None, unit: str, decimals: int = 1, *, target: bool = False) -> str:
    """A value with its unit, the Swedish way round: `6,2 procent`, `plats 5`, `71 499 ton CO₂e`, `80,6` (an index).

    `target=True`: a target value, without false precision (`minst 88 procent`, not `88,0`).
    """
    n = target_number(v, decimals) if target else number(v, decimals)
    u = unit_text(spoken_unit(unit))
    low = u.lower()
    if n == "–":
        return n
    if is_placing(u):
        return f"plats{NBSP}{n}"
    if low == "%":
        return f"{n}{NBSP}procent"
    if low in ("index", "indexvärde") or not u:
        return n
    return f"{n}{NBSP}{u}"


def percent_words(p: float) -> str:
    """A programme's percent figure as written: `-4.2` -> `−4,2 procent`, `-50` -> `−50 procent`."""
    return f"{number(p, 0 if float(p).is_integer() else 1, sign=True)}{NBSP}procent"


def year_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def parse_float_sv(text: str) -> float:
    """Inverse of `number` for tests and readers: `1 234,5` -> 1234.5."""
    return float(text.replace(NBSP, "").replace(THIN, "").replace(" ", "").replace(MINUS, "-").replace(",", "."))


NUMERALS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")


def count_word(n: int) -> str:
    """A small count in words, the way Swedish prose writes it: 5 -> 'fem'; 13 and more as digits."""
    return NUMERALS[n] if 0 <= n < len(NUMERALS) else str(n)
