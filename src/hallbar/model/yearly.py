"""The yearly file `params/<region>/<year>.yml`: assessments, overrides, report metadata."""

from __future__ import annotations

import datetime as dt

from pydantic import field_validator

from .base import Strict, Text, Year
from .status import StatusCode


class Assessment(Strict):
    status: StatusCode
    motivation: Text


class Override(Strict):
    status: StatusCode
    reason: Text


class Contact(Strict):
    name: Text
    role: str | None = None
    email: str | None = None


class ReportMeta(Strict):
    """The reader's colophon: who publishes the report, the decision behind it, whom to ask."""

    approved_by: str | None = None
    approved_on: dt.date | None = None
    decision: str | None = None  # the decision, as the minutes say it: "§ 45"
    diarienummer: str | None = None
    publisher: str | None = None  # default: the region's name
    produced_by: str | None = None  # the unit that wrote the report: "Regionstaben, hållbarhetsenheten"
    contacts: list[Contact] = []
    title: str | None = None

    @field_validator("approved_on", mode="before")
    @classmethod
    def _date(cls, v):
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v.strip())
            except ValueError as exc:
                raise ValueError("must be a date written YYYY-MM-DD") from exc
        return v


class YearParams(Strict):
    year: Year
    example_data: bool = False
    assessments: dict[str, Assessment] = {}
    overrides: dict[str, Override] = {}
    report: ReportMeta = ReportMeta()
