"""The model: the programme, the yearly file and an observation as pydantic models. No I/O."""

from .base import MAX_YEAR, MIN_YEAR, SLUG_RE, Strict, is_slug
from .observation import MISSING_MARKS, Obs, Observation, parse_number
from .programme import EDITORIAL_TEXTS, FocusArea, Goal, Indicator, Labels, Programme, ProgrammeInfo, Region, Target, is_placing
from .rules import (
    NUMERIC_KINDS,
    RULE_KINDS,
    RULE_MODELS,
    AnnualRateRule,
    ChangeRule,
    DirectionRule,
    LevelRule,
    QualitativeRule,
    RelativeRule,
    Rule,
)
from .status import ASSESSED_BY, CHANGE_CODES, RULES, STATUS_CODES, StatusCode
from .yearly import Assessment, Contact, Override, ReportMeta, YearParams

__all__ = [
    "MAX_YEAR", "MIN_YEAR", "SLUG_RE", "Strict", "is_slug",
    "MISSING_MARKS", "Obs", "Observation", "parse_number",
    "EDITORIAL_TEXTS", "FocusArea", "Goal", "Indicator", "Labels", "Programme", "ProgrammeInfo", "Region", "Target", "is_placing",
    "NUMERIC_KINDS", "RULE_KINDS", "RULE_MODELS", "AnnualRateRule", "ChangeRule", "DirectionRule", "LevelRule",
    "QualitativeRule", "RelativeRule", "Rule",
    "ASSESSED_BY", "CHANGE_CODES", "RULES", "STATUS_CODES", "StatusCode",
    "Assessment", "Contact", "Override", "ReportMeta", "YearParams",
]
