"""Swedish numbers: `71 499`, `6,2 procent`, `plats 5`. Every number format of the report is here.

Thousands are grouped with a no-break space (U+00A0) so a number never wraps
across lines; decimals use a comma; minus is the real minus sign (U+2212).
"""

from __future__ import annotations

import math

from ..model import is_placing

NBSP = "\u00a0"
MINUS = "\u2212"


def number(value: float | int | None, decimals: int = 0, sign: bool = False) -> str:
    """`1234567.891, 1` -> `1 234 567,9`; None/NaN -> `–`."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if rounded < 0:
        return MINUS + text
    return ("+" + text) if sign and rounded > 0 else text


def percent(fraction: float | None, decimals: int = 1, sign: bool = False) -> str:
    """A rate given as a fraction: `-0.042` -> `−4,2 procent`."""
    if fraction is None or not math.isfinite(fraction):
        return "–"
    return f"{number(fraction * 100, decimals, sign)} procent"


def lc_first(text: str) -> str:
    """'Andel ekologiska livsmedel' -> 'andel ...' for use inside a sentence; 'HME-index' and 'MSC' are left alone."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def spoken_unit(unit: str) -> str:
    """Units written as a count ('antal produkter') read as the thing counted: '209 produkter'."""
    u = (unit or "").strip()
    low = u.lower()
    if low == "antal":
        return ""
    if low.startswith("antal "):
        return u[len("antal "):].strip()
    return u


def value(v: float | None, unit: str, decimals: int = 1) -> str:
    """A value with its unit, the Swedish way round."""
    n = number(v, decimals)
    u = spoken_unit(unit)
    low = u.lower()
    if n == "–":
        return n
    if is_placing(u):
        return f"plats {n}"
    if low == "%":
        return f"{n} procent"
    if low in ("index", "indexvärde"):
        return f"{n} (index)"
    if not u:
        return n
    return f"{n} {u}"


def percent_words(p: float) -> str:
    """A programme's percent figure as written: `-4.2` -> `−4,2 procent`, `-50` -> `−50 procent`."""
    return f"{number(p, 0 if float(p).is_integer() else 1, sign=True)} procent"


def year_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def parse_float_sv(text: str) -> float:
    """Inverse of `number` for tests and readers: `1 234,5` -> 1234.5."""
    return float(text.replace(NBSP, "").replace(" ", "").replace(MINUS, "-").replace(",", "."))
