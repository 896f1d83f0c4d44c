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
    approved_by: str | None = None
    approved_on: dt.date | None = None
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
