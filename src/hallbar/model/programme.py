"""The programme: `params/<region>/programme.yml` as pydantic models (no I/O).

Keys are English; every title and label is the region's own Swedish text.
`Programme` also answers the questions several layers ask (which targets, which
indicators a focus area reads, which are kontrollmått), so each has one home.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from .base import SLUG, Sdg, Slug, Strict, Text, Year
from .rules import RelativeRule, Rule
from .status import StatusCode

PLACING_UNITS = ("placering", "plats", "rang")
SHARE_UNITS = ("procent", "%", "andel (procent)")


def is_placing(unit: str | None) -> bool:
    """A rank (1 = best): shown as 'plats 5', drawn on an inverted axis."""
    return (unit or "").strip().lower() in PLACING_UNITS


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
    # the year the programme measures from (its nuläge), marked "Basår" on every chart; optional:
    # a target's own rule.base_year wins, and without either the year before `start` is used
    base_year: Year | None = None


# The analysts' editorial texts of a report year, beside the fokusområden's narratives
# (report/narrative/<region>/<year>/<name>.md): förord, året i korthet, fortsatt arbete.
EDITORIAL_TEXTS = ("forord", "aret-i-korthet", "fortsatt-arbete")


class Labels(Strict):
    """The region's own names of its levels (Fokusområde / Övergripande mål / Delmål); plurals optional."""

    focus_area: Text = "Fokusområde"
    focus_areas: str | None = None
    goal: Text = "Övergripande mål"
    goals: str | None = None
    target: Text = "Delmål"
    targets: str | None = None
    # the region's own status labels, shown with the symbol ('moderate: Delvis i fas'); the rest keep hallbar's words
    status: dict[StatusCode, Text] = {}


class Indicator(Strict):
    title: Text
    short_title: str | None = None  # the phrase sentences use, definite form: "Sjukfrånvaron"
    unit: Text
    better: Literal["lower", "higher"]
    decimals: Annotated[int, Field(ge=0, le=4)] = 1
    source: Text
    kolada: str | None = None
    description: str | None = None
    focus_area: str | None = None  # where a measure followed without a target (kontrollmått) is shown
    key: bool = False  # one of the report's key figures (nyckeltal), shown in the summary
    interpretation: str | None = None  # what the transcription inferred, and from which passage (shown as "Tolkning")

    @property
    def spoken(self) -> str:
        """What the report's sentences call the indicator."""
        return self.short_title or self.title

    @property
    def is_share(self) -> bool:
        """A share in percent: levels of it are compared in percent points."""
        return self.unit.strip().lower() in SHARE_UNITS

    @property
    def is_placing(self) -> bool:
        return is_placing(self.unit)


class Target(Strict):
    id: Slug
    title: Text
    short_title: str | None = None  # a few words for tables: "Solceller 640 kW"
    indicator: str | None = None
    sex: Literal["T", "K", "M"] = "T"
    rule: Rule
    agenda2030: list[Sdg] = []
    description: str | None = None
    interpretation: str | None = None

    @property
    def compare_to(self) -> str | None:
        return self.rule.compare_to if isinstance(self.rule, RelativeRule) else None

    @property
    def indicators(self) -> list[str]:
        """The indicators this target reads: its own and a relative rule's comparison."""
        return [i for i in (self.indicator, self.compare_to) if i]


class Goal(Strict):
    id: Slug
    title: Text
    agenda2030: list[Sdg] = []
    targets: Annotated[list[Target], Field(min_length=1)]
    interpretation: str | None = None


class FocusArea(Strict):
    id: Slug
    title: Text
    summary: str = ""
    agenda2030: list[Sdg] = []
    notebook: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")] | None = None
    goals: Annotated[list[Goal], Field(min_length=1)]
    interpretation: str | None = None

    def targets(self) -> Iterator[Target]:
        for goal in self.goals:
            yield from goal.targets

    def agenda2030_all(self) -> list[int]:
        """The global goals the focus area, its goals and its targets are linked to."""
        out = set(self.agenda2030)
        for goal in self.goals:
            out |= set(goal.agenda2030)
            for t in goal.targets:
                out |= set(t.agenda2030)
        return sorted(out)


class Programme(Strict):
    region: Region
    programme: ProgrammeInfo
    labels: Labels = Labels()
    focus_areas: Annotated[list[FocusArea], Field(min_length=1)]
    indicators: dict[Annotated[str, Field(pattern=SLUG)], Indicator] = {}

    def targets(self) -> Iterator[tuple[FocusArea, Goal, Target]]:
        """(focus_area, goal, target) for every target, in programme order."""
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

    def goal(self, goal_id: str) -> Goal:
        for fa in self.focus_areas:
            for goal in fa.goals:
                if goal.id == goal_id:
                    return goal
        raise KeyError(goal_id)

    def target_year(self, target: Target) -> int:
        return target.rule.year or self.programme.end

    def targeted_indicators(self) -> set[str]:
        """Indicators a target is measured by (styrmått)."""
        return {t.indicator for _, _, t in self.targets() if t.indicator}

    def steered_indicators(self) -> set[str]:
        """Indicators some target reads (its own or a comparison); the others are followed without one."""
        return {i for _, _, t in self.targets() for i in t.indicators}

    def indicator_role(self, indicator_id: str) -> str:
        """'steered' (a target's), 'comparison' (only a relative rule's) or 'control' (kontrollmått)."""
        if indicator_id in self.targeted_indicators():
            return "steered"
        return "comparison" if indicator_id in self.steered_indicators() else "control"

    def interpretations(self) -> list[tuple[str, str, str]]:
        """(level, id, text) of everything the transcription inferred: focus areas, goals, targets, indicators."""
        out: list[tuple[str, str, str]] = []
        for fa in self.focus_areas:
            if fa.interpretation:
                out.append(("focus_area", fa.id, fa.interpretation))
            for goal in fa.goals:
                if goal.interpretation:
                    out.append(("goal", goal.id, goal.interpretation))
                out += [("target", t.id, t.interpretation) for t in goal.targets if t.interpretation]
        out += [("indicator", i, ind.interpretation) for i, ind in self.indicators.items() if ind.interpretation]
        return out

    def kontrollmatt(self, focus_id: str) -> list[str]:
        """Kontrollmått shown with a focus area: its indicators (`focus_area:`) that no target reads."""
        steered = self.steered_indicators()
        return [i for i, ind in self.indicators.items() if ind.focus_area == focus_id and i not in steered]

    def focus_indicators(self, focus_id: str) -> set[str]:
        """Every indicator a focus area's chapter reads: its targets' (incl. comparisons) and its kontrollmått."""
        fa = self.focus_area(focus_id)
        return {i for t in fa.targets() for i in t.indicators} | {
            i for i, ind in self.indicators.items() if ind.focus_area == focus_id}
