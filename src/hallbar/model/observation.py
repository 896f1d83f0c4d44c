"""One observation (a row of `data/<region>/*.csv|xlsx`) in the words users write it:
Swedish numbers, Kolada's missing marks, T/K/M."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .base import MAX_YEAR, MIN_YEAR

MISSING_MARKS = {"-": "bortfall", "\u2013": "bortfall", ".": "ej tillämplig", "..": "sekretess"}
SEX_CODES = {"t": "T", "k": "K", "m": "M", "totalt": "T", "total": "T", "kvinnor": "K", "män": "M", "man": "M"}
TRUE_WORDS = {"true", "ja", "yes", "1", "x", "sant"}
FALSE_WORDS = {"false", "nej", "no", "0", "", "falskt"}


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


class Observation(BaseModel):
    """The schema of one row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    year: Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
    value: float  # NaN for a Kolada missing mark
    sex: Literal["T", "K", "M"] = "T"
    source: str = ""
    note: str = ""
    example: bool = False

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v):
        if hasattr(v, "year") and not isinstance(v, (int, float)):
            raise ValueError("date")
        f = parse_number(v)
        if f != int(f):
            raise ValueError("fraction")
        return int(f)

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v):
        if str(v).strip() in MISSING_MARKS:
            return float("nan")
        return parse_number(v)

    @field_validator("sex", mode="before")
    @classmethod
    def _sex(cls, v):
        text = str(v).strip()
        return SEX_CODES.get(text.lower(), text) if text else "T"

    @field_validator("example", mode="before")
    @classmethod
    def _example(cls, v):
        text = str(v).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError("not a truth value")

    @field_validator("source", "note", mode="before")
    @classmethod
    def _text(cls, v):
        return str(v).strip()


@dataclass(frozen=True)
class Obs:
    """One observation of a series as the figures and their alt texts take it."""

    year: int
    value: float
    example: bool = False
