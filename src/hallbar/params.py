"""The programme model: `params/<region>/programme.yml` and `params/<region>/<year>.yml`.

Files are parsed into pydantic models (unknown keys are errors), then
cross-checked (unique ids, indicators exist, sane years). Every problem names
the file, the key path (with ids, e.g. ``focus_areas[klimat].goals[...]``)
and its line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import Problems
from .status import STATUS_CODES
from .yamlfile import YamlDoc, read_yaml

SLUG = r"^[a-z0-9][a-z0-9-]*$"
SLUG_RE = re.compile(SLUG)
MIN_YEAR, MAX_YEAR = 1970, 2100

Slug = Annotated[str, Field(pattern=SLUG, max_length=60)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Sdg = Annotated[int, Field(ge=1, le=17)]
Text = Annotated[str, Field(min_length=1)]
StatusCode = Literal[STATUS_CODES]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- rules -----------------------------------------------------------------


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


# --- programme -------------------------------------------------------------


class Region(Strict):
    id: Slug
    name: Text
    kolada_id: str | None = None


class ProgrammeInfo(Strict):
    name: Text
    start: Year
    end: Year
    adopted_by: str | None = None
    source: str | None = None


class Labels(Strict):
    focus_area: Text = "Fokusområde"
    focus_areas: str | None = None
    goal: Text = "Övergripande mål"
    goals: str | None = None
    target: Text = "Delmål"
    targets: str | None = None

    def plural(self, level: str) -> str:
        return getattr(self, level + "s") or getattr(self, level)


class Indicator(Strict):
    title: Text
    unit: Text
    better: Literal["lower", "higher"]
    decimals: Annotated[int, Field(ge=0, le=4)] = 1
    source: Text
    kolada: str | None = None
    description: str | None = None
    focus_area: str | None = None  # where a measure followed without a target (kontrollmått) is shown

    @property
    def is_share(self) -> bool:
        """A share in percent: levels of it are compared in percent points."""
        return self.unit.strip().lower() in {"procent", "%", "andel (procent)"}


class Target(Strict):
    id: Slug
    title: Text
    indicator: str | None = None
    sex: Literal["T", "K", "M"] = "T"
    rule: Rule
    agenda2030: list[Sdg] = []
    description: str | None = None


class Goal(Strict):
    id: Slug
    title: Text
    agenda2030: list[Sdg] = []
    targets: Annotated[list[Target], Field(min_length=1)]


class FocusArea(Strict):
    id: Slug
    title: Text
    summary: str = ""
    agenda2030: list[Sdg] = []
    notebook: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")] | None = None
    goals: Annotated[list[Goal], Field(min_length=1)]


class Programme(Strict):
    region: Region
    programme: ProgrammeInfo
    labels: Labels = Labels()
    focus_areas: Annotated[list[FocusArea], Field(min_length=1)]
    indicators: dict[Annotated[str, Field(pattern=SLUG)], Indicator] = {}

    # convenient views -------------------------------------------------------
    def targets(self):
        """Yield (focus_area, goal, target) for every target, in programme order."""
        for fa in self.focus_areas:
            for goal in fa.goals:
                for target in goal.targets:
                    yield fa, goal, target

    def target(self, target_id: str) -> Target:
        for _, _, t in self.targets():
            if t.id == target_id:
                return t
        raise KeyError(target_id)

    def focus_area(self, focus_id: str) -> FocusArea:
        for fa in self.focus_areas:
            if fa.id == focus_id:
                return fa
        raise KeyError(focus_id)

    def target_year(self, target: Target) -> int:
        return target.rule.year or self.programme.end

    def steered_indicators(self) -> set[str]:
        """Indicators with a target (styrmått); the others are followed without one."""
        out = set()
        for _, _, t in self.targets():
            if t.indicator:
                out.add(t.indicator)
            if isinstance(t.rule, RelativeRule):
                out.add(t.rule.compare_to)
        return out


# --- yearly file -----------------------------------------------------------


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


# --- loading ---------------------------------------------------------------

_FIX_BY_TYPE = {
    "extra_forbidden": "Remove the key or correct its spelling (see params/SCHEMA.md for the allowed keys).",
    "missing": "Add the key (see params/SCHEMA.md).",
    "string_pattern_mismatch": "Ids are lowercase ASCII letters, digits and '-' (write å/ä as a, ö as o).",
    "union_tag_invalid": "Use one of: " + ", ".join(RULE_KINDS) + ".",
    "union_tag_not_found": "Add 'kind:' with one of: " + ", ".join(RULE_KINDS) + ".",
    "literal_error": "Use one of the values the message lists.",
    "greater_than_equal": "Use a value inside the range the message gives.",
    "less_than_equal": "Use a value inside the range the message gives.",
    "too_short": "Add at least one entry.",
}


def readable_path(data, loc: tuple) -> str:
    """`('focus_areas', 0, 'goals', 1)` -> `focus_areas[klimat].goals[vaxthusgaser]`."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and 0 <= part < len(node):
                item = node[part]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    label = item["id"]
                node = item
            else:
                node = None
            out += f"[{label}]"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _where(doc: YamlDoc, loc: tuple) -> str:
    path = readable_path(doc.data, loc) or "(top level)"
    line = doc.line(loc)
    return f"{path} (line {line})" if line else path


def _report_validation(exc: ValidationError, doc: YamlDoc, shown: str, problems: Problems) -> None:
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in RULE_KINDS and err["type"] != "extra_forbidden"))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = f"unknown key '{loc[-1]}'"
        elif err["type"] == "missing":
            msg = f"required key '{loc[-1]}' is missing"
        elif "input" in err and err["type"] not in ("missing",):
            given = err["input"]
            if not isinstance(given, (dict, list)):
                msg = f"{msg} (got {given!r})"
        problems.error(shown, _where(doc, loc), msg[:1].upper() + msg[1:] + ".", _FIX_BY_TYPE.get(err["type"], "See params/SCHEMA.md."))


def _parse(model, path: Path, shown: str, problems: Problems):
    doc = read_yaml(path, shown, problems)
    if doc is None:
        return None, None
    if not isinstance(doc.data, dict):
        problems.error(shown, "(top level)", "must be a mapping of keys to values.", "See params/SCHEMA.md.")
        return None, doc
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        _report_validation(exc, doc, shown, problems)
        return None, doc


def _suggest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def cross_check_programme(prog: Programme, doc: YamlDoc, shown: str, problems: Problems) -> None:
    """Checks that span several keys: unique ids, references, years."""

    def err(loc: tuple, what: str, fix: str) -> None:
        problems.error(shown, _where(doc, loc), what, fix)

    p = prog.programme
    if p.end < p.start:
        err(("programme", "end"), f"Programme ends ({p.end}) before it starts ({p.start}).", "Swap start and end.")
    seen: dict[str, dict[str, tuple]] = {"focus area": {}, "goal": {}, "target": {}}
    focus_ids = [fa.id for fa in prog.focus_areas]
    for ind_id, ind in prog.indicators.items():
        if ind.focus_area is not None and ind.focus_area not in focus_ids:
            err(("indicators", ind_id, "focus_area"), f"Indicator '{ind_id}' names an unknown focus area '{ind.focus_area}'." + _suggest(ind.focus_area, focus_ids),
                "Use one of the focus area ids: " + ", ".join(focus_ids) + ".")

    def unique(kind: str, ident: str, loc: tuple) -> None:
        first = seen[kind].get(ident)
        if first is not None:
            err(loc + ("id",), f"Duplicate {kind} id '{ident}' (first used at {readable_path(doc.data, first)}).", f"Give every {kind} its own id.")
        else:
            seen[kind][ident] = loc

    for i, fa in enumerate(prog.focus_areas):
        floc = ("focus_areas", i)
        unique("focus area", fa.id, floc)
        for j, goal in enumerate(fa.goals):
            gloc = floc + ("goals", j)
            unique("goal", goal.id, gloc)
            for k, t in enumerate(goal.targets):
                tloc = gloc + ("targets", k)
                unique("target", t.id, tloc)
                rule = t.rule
                if t.indicator is None and rule.kind != "qualitative":
                    err(tloc + ("rule", "kind"), f"Target '{t.id}' has a '{rule.kind}' rule but no indicator.",
                        "Add 'indicator:' naming one of the indicators, or make the rule 'qualitative'.")
                if t.indicator is not None and t.indicator not in prog.indicators:
                    err(tloc + ("indicator",), f"Unknown indicator '{t.indicator}'." + _suggest(t.indicator, prog.indicators),
                        "Define it under 'indicators:' or correct the id.")
                if isinstance(rule, RelativeRule):
                    if rule.compare_to not in prog.indicators:
                        err(tloc + ("rule", "compare_to"), f"Unknown indicator '{rule.compare_to}' in compare_to." + _suggest(rule.compare_to, prog.indicators),
                            "Define it under 'indicators:' or correct the id.")
                    elif rule.compare_to == t.indicator:
                        err(tloc + ("rule", "compare_to"), "A target cannot be compared with its own indicator.", "Name the comparison series.")
                target_year = rule.year or p.end
                base = getattr(rule, "base_year", None)
                if base is not None and base >= target_year:
                    err(tloc + ("rule", "base_year"), f"Base year {base} is not before the target year {target_year}.",
                        "The base year is the year the change is measured from; it must come before the target year.")
                if rule.year is not None and rule.year < p.start - 10:
                    err(tloc + ("rule", "year"), f"Target year {rule.year} lies more than ten years before the programme starts ({p.start}).",
                        "Check the year; target years normally fall inside the programme period.")


def load_programme(path: Path, shown: str, problems: Problems) -> Programme | None:
    before = len(problems.errors)
    prog, doc = _parse(Programme, path, shown, problems)
    if prog is None:
        return None
    expected = path.parent.name
    if prog.region.id != expected:
        problems.error(shown, _where(doc, ("region", "id")), f"Region id '{prog.region.id}' differs from its folder name '{expected}'.",
                       f"Rename the folder or set region.id to '{expected}'.")
    cross_check_programme(prog, doc, shown, problems)
    return prog if len(problems.errors) == before else None


def load_year(path: Path, shown: str, prog: Programme | None, problems: Problems) -> YearParams | None:
    before = len(problems.errors)
    yp, doc = _parse(YearParams, path, shown, problems)
    if yp is None:
        return None
    if str(yp.year) != path.stem:
        problems.error(shown, _where(doc, ("year",)), f"year: {yp.year} differs from the file name '{path.name}'.",
                       f"Set year: {path.stem} or rename the file to {yp.year}.yml.")
    if prog is not None:
        targets = {t.id: t for _, _, t in prog.targets()}
        for tid in yp.assessments:
            loc = ("assessments", tid)
            if tid not in targets:
                problems.error(shown, _where(doc, loc), f"Assessment of a target that does not exist: '{tid}'." + _suggest(tid, targets),
                               "Use the id of a qualitative target from programme.yml.")
            elif targets[tid].rule.kind != "qualitative":
                problems.error(shown, _where(doc, loc), f"Target '{tid}' is computed from data ({targets[tid].rule.kind}); only qualitative targets take an assessment.",
                               "Move it under 'overrides:' with a 'reason:' if the computed status must be replaced.")
        for tid in yp.overrides:
            if tid not in targets:
                problems.error(shown, _where(doc, ("overrides", tid)), f"Override of a target that does not exist: '{tid}'." + _suggest(tid, targets),
                               "Use a target id from programme.yml.")
        for _, _, t in prog.targets():
            if t.rule.kind == "qualitative" and t.id not in yp.assessments:
                problems.warning(shown, "assessments", f"Qualitative target '{t.id}' has no assessment; its status will be 'Saknar data'.",
                                 f"Add assessments: {{{t.id}: {{status: ..., motivation: ...}}}}.")
    return yp if len(problems.errors) == before else None
