"""Target rules (`rule.kind`): one class per phrasing the programmes use."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from .base import Strict, Year


class _Rule(Strict):
    year: Year | None = None  # target year; default: the programme's end


class LevelRule(_Rule):
    kind: Literal["level"]
    value: float


class ChangeRule(_Rule):
    kind: Literal["change"]
    percent: float
    base_year: Year


class AnnualRateRule(_Rule):
    kind: Literal["annual_rate"]
    percent: float
    base_year: Year


class DirectionRule(_Rule):
    kind: Literal["direction"]
    base_year: Year | None = None
    each_year: bool = False


class RelativeRule(_Rule):
    kind: Literal["relative"]
    compare_to: str


class QualitativeRule(_Rule):
    kind: Literal["qualitative"]


Rule = Annotated[
    Union[LevelRule, ChangeRule, AnnualRateRule, DirectionRule, RelativeRule, QualitativeRule],
    Field(discriminator="kind"),
]
RULE_KINDS = ("level", "change", "annual_rate", "direction", "relative", "qualitative")
RULE_MODELS = (LevelRule, ChangeRule, AnnualRateRule, DirectionRule, RelativeRule, QualitativeRule)
NUMERIC_KINDS = ("level", "change", "annual_rate")  # rules with a target value
