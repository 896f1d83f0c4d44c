"""The standard tables: every target's status row, and indicator values by year.

`status_rows` is the one place a target's row is made; the notebooks' status
table, the board's export (.xlsx/.csv) and `hallbar status` pick their columns
from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import pandas as pd

from ..method import TargetStatus
from ..method.paths import target_value
from ..model import Obs, Programme
from ..sv import numbers, phrases
from ..sv.words import ASSESSED_BY, ROLES, RULES_USED, STATUS, status_words
from .markdown import MD, div, pipe_table


def target_text(ts: TargetStatus, programme: Programme, *, short: bool = True) -> str:
    """What the target asks: 'högst 4,5 procent år 2028', 'minska jämfört med år 2021', 'Kvalitativt mål (2028)'."""
    t = programme.target(ts.target_id)
    ind = programme.indicators.get(t.indicator) if t.indicator else None
    cmp = programme.indicators.get(t.compare_to) if t.compare_to else None
    return phrases.target_phrase(ts.kind or t.rule.kind, ind, t.rule, target_value=target_value(ts, t.rule),
                                 target_year=ts.target_year or programme.target_year(t),
                                 base_year=ts.base.year if ts.base else None, compare=cmp, short=short)


def value_in(observations: pd.DataFrame | None, indicator: str | None, sex: str, year: int | None) -> float | None:
    """One observation's value (None where there is none)."""
    if observations is None or observations.empty or not indicator or year is None:
        return None
    sel = observations[(observations.indicator == indicator) & (observations.sex == sex) & (observations.year == year)
                       & observations.value.notna()]
    return float(sel.value.iloc[0]) if len(sel) else None


def target_numbers(programme: Programme) -> dict[str, str]:
    """'3.7' for the 7th target of the 3rd fokusområde: the short reference tables use."""
    out = {}
    for i, fa in enumerate(programme.focus_areas, start=1):
        for j, t in enumerate(fa.targets(), start=1):
            out[t.id] = f"{i}.{j}"
    return out


def short_name(programme: Programme, target_id: str, limit: int = 60) -> str:
    """A target's short name: its `short_title`, else its indicator's, else its title cut at a word near `limit`."""
    t = programme.target(target_id)
    if t.short_title:
        return t.short_title
    ind = programme.indicators.get(t.indicator) if t.indicator else None
    if ind is not None:
        return ind.short_title or ind.title
    title = t.title.rstrip(".")
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def status_rows(statuses: Iterable[TargetStatus], programme: Programme, observations: pd.DataFrame | None = None,
                year: int | None = None) -> list[dict[str, Any]]:
    """One row per target with every column any status table shows (plain values and display strings).

    With `observations` and the report `year`, also the indicator's values in the base year and the year before.
    """
    goals = {g.id: g.title for fa in programme.focus_areas for g in fa.goals}
    areas = {fa.id: fa.title for fa in programme.focus_areas}
    numbers_of = target_numbers(programme)
    rows = []
    for ts in statuses:
        t = programme.target(ts.target_id)
        ind = programme.indicators.get(t.indicator) if t.indicator else None
        latest = (ts.latest.year, ts.latest.value) if ts.latest is not None else None
        report_year = year or ts.year
        base_year = getattr(t.rule, "base_year", None)
        previous_value = value_in(observations, t.indicator, t.sex, report_year - 1) if report_year else None
        base_value = value_in(observations, t.indicator, t.sex, base_year)
        tv = target_value(ts, t.rule) if t.rule.kind in ("level", "change", "annual_rate") else None
        rows.append({
            "number": numbers_of.get(ts.target_id, ""),
            "short": short_name(programme, ts.target_id),
            "kind": t.rule.kind,
            "base_year": base_year,
            "base_value": base_value,
            "base": phrases.value(base_value, ind) if ind is not None and base_value is not None else "",
            "previous_value": previous_value,
            "previous_text": phrases.value(previous_value, ind) if ind is not None and previous_value is not None else "",
            "this_value": latest[1] if latest and latest[0] == report_year else None,
            "this_text": phrases.value(latest[1], ind) if ind is not None and latest and latest[0] == report_year else "",
            "target_value": tv,
            "target_year": ts.target_year or programme.target_year(t),
            "value_change": phrases.value_change(previous_value, latest[1] if latest and latest[0] == report_year else None,
                                                 ind, report_year) if ind is not None and report_year else "",
            "focus_area": areas.get(ts.focus_area, ts.focus_area),
            "goal": goals.get(ts.goal, ts.goal),
            "target": ts.title or t.title,
            "id": ts.target_id,
            "symbol": status_words(ts.status).symbol,
            "label": status_words(ts.status).label,
            "status": phrases.status_text(ts.status),
            "assessed": ASSESSED_BY.get(ts.assessed_by, ts.assessed_by),
            "latest_value": latest[1] if latest else None,
            "latest_year": latest[0] if latest else None,
            "unit": ind.unit if ind else "",
            "latest": phrases.latest_text(latest, ind),
            "goal_text": target_text(ts, programme),
            "previous": status_words(ts.previous_status).label if ts.previous_status in STATUS else "",
            "change": phrases.change_text(ts.change),
            "computed": status_words(ts.computed_status).label if ts.assessed_by == "override" and ts.computed_status else "",
            "rule": RULES_USED.get(ts.rule, ts.rule),
            "explanation": ts.motivation if ts.assessed_by == "analyst" and ts.motivation else ts.reason,
        })
    return rows


def status_table(statuses: Iterable[TargetStatus], programme: Programme, *, with_focus_area: bool = False,
                 observations: pd.DataFrame | None = None, year: int | None = None) -> pd.DataFrame:
    """The status table a notebook shows: Nr, the target's short name, status, latest value, mål, the changes since
    last year, and the goal (display strings; pick the columns to show)."""
    lab = programme.labels
    columns = {"number": "Nr", "short": lab.target, "status": "Status", "latest": "Senaste värde", "goal_text": "Mål",
               "value_change": "Värde jämfört med föregående år", "change": "Status jämfört med föregående år",
               "assessed": "Underlag", "goal": lab.goal}
    if with_focus_area:
        columns = {"focus_area": lab.focus_area} | columns
    rows = status_rows(statuses, programme, observations, year)
    for r in rows:  # a qualitative target has no value and no target value: say so once, briefly
        if r["kind"] == "qualitative":
            r["goal_text"] = f"kvalitativt ({r['target_year']})" if r["target_year"] else "kvalitativt"
    return pd.DataFrame([{v: r[k] for k, v in columns.items()} for r in rows], columns=list(columns.values()))


def values_by_year(programme: Programme, series: dict[str, Sequence[Obs]], indicators: Sequence[str]) -> pd.DataFrame:
    """Every value of the indicators: one row per indicator, one column per year (Swedish format)."""
    years = sorted({o.year for i in indicators for o in series[i]})
    rows = []
    for i in indicators:
        ind = programme.indicators[i]
        s = {o.year: o for o in series[i]}
        row = {"Indikator": ind.title, "Typ": ROLES[programme.indicator_role(i)], "Enhet": ind.unit}
        for y in years:
            o = s.get(y)
            row[str(y)] = "" if o is None else numbers.number(o.value, ind.decimals) + (" (exempel)" if o.example else "")
        row["Källa"] = ind.source
        rows.append(row)
    return pd.DataFrame(rows, columns=["Indikator", "Typ", "Enhet", *map(str, years), "Källa"])


class Table:
    """A DataFrame shown as a real table: a Markdown pipe table with a caption (the report), HTML in Jupyter.

    Cells that are `MD` (links, status badges) pass as Markdown; every other cell is escaped text.
    """

    def __init__(self, df: pd.DataFrame, caption: str | None = None, align: str | None = None, classes: tuple[str, ...] = (),
                 widths: list[float] | None = None, attrs: dict[str, str] | None = None):
        self.df, self.caption, self.align, self.classes, self.widths = df, caption, align, tuple(classes), widths
        self.attrs = dict(attrs or {})

    def markdown(self) -> MD:
        md = pipe_table(list(self.df.columns), self.df.itertuples(index=False, name=None), widths=self.widths, align=self.align,
                        caption=self.caption)
        return div(md, *self.classes, attrs=self.attrs) if self.classes or self.attrs else md

    def _repr_mimebundle_(self, include=None, exclude=None):
        html = self.df.to_html(index=False, escape=True)
        if self.caption:
            html = html.replace(">\n  <thead>", f">\n  <caption>{escape(self.caption)}</caption>\n  <thead>", 1)
        return {"text/markdown": str(self.markdown()), "text/html": html, "text/plain": self.df.to_string(index=False)}


def table(df: pd.DataFrame, caption: str | None = None, align: str | None = None, classes: tuple[str, ...] = (),
          widths: list[float] | None = None, attrs: dict[str, str] | None = None) -> Table:
    """Show a DataFrame as a real table with a caption and a header row, in Jupyter and in the report.

    `align`: l/r/c per column; `widths`: relative column widths (the PDF's table layout); `classes` wrap it in a div
    with those classes (e.g. `malfilter`: the summary's tables the HTML version can search and filter).
    """
    return Table(df, caption, align, classes, widths, attrs)
