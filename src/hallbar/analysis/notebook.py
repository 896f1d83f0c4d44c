"""What the notebooks call: load, assess, draw, write the run's files.

A notebook stays thin::

    from hallbar.analysis import notebook as hb
    run = hb.open_focus_area(project_dir, region, year, focus_area, output_dir)
    run.status_table()      # writes table.csv + status.json, returns the table
    run.figures()           # writes figures/<target-id>.svg + .alt.txt, shows them
    run.finish()            # writes manifest.json

The files a run writes are listed in docs/CONTRACTS.md (see `runs`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..jsonio import dumps
from ..method import TargetStatus, annual_path, counts
from ..model import STATUS_CODES, FocusArea
from ..sv import alt as alt_text
from ..sv import numbers, phrases
from ..sv.phrases import counts_sentence
from ..sv.words import CHANGES, ROLES, SDG_NAMES, plural
from . import figures
from .figures import Panel
from .runs import STATUS_JSON, TABLE_CSV, Gallery, Md, _csv, _Run
from .status import records
from .tables import status_table, values_by_year

__all__ = ["open_focus_area", "open_summary", "FocusAreaRun", "SummaryRun", "Md", "Gallery"]


class FocusAreaRun(_Run):
    """One region × year × fokusområde."""

    kind = "focus_area"

    def __init__(self, project_dir, region, year, focus_area: str, output_dir, notebook: str = "focus_area"):
        super().__init__(project_dir, region, year, output_dir, notebook, focus_area)
        try:
            self.focus: FocusArea = self.programme.focus_area(focus_area)
        except KeyError:
            ids = ", ".join(fa.id for fa in self.programme.focus_areas)
            raise ValueError(f"'{focus_area}' is not a focus area of {region}; use one of: {ids}.") from None
        self.statuses = [s for s in self.all_statuses if s.focus_area == focus_area]

    # texts ----------------------------------------------------------------------
    def intro(self) -> Md:
        lab = self.programme.labels
        sdgs = self.agenda2030()
        sdg_text = ", ".join(f"{n} {SDG_NAMES[n]}" for n in sdgs) or "–"
        n_ind = sum(1 for s in self.statuses if s.indicator)
        parts = [
            f"## {lab.focus_area}: {self.focus.title}",
            f"{self.programme.region.name}, {self.programme.programme.name}. Redovisningsår {self.year}.",
            self.focus.summary,
            f"**Agenda 2030:** {sdg_text}.",
            f"**{counts_sentence([s.status for s in self.statuses], plural(lab, 'target'))}** {n_ind} av dem följs med en indikator och har en nulägesfigur.",
            self._notice(),
        ]
        return Md("\n\n".join(p for p in parts if p))

    def agenda2030(self) -> list[int]:
        return self.focus.agenda2030_all()

    # tables ---------------------------------------------------------------------
    def status_table(self) -> pd.DataFrame:
        """Write table.csv and status.json for this focus area; return the table."""
        table = status_table(self.statuses, self.programme)
        self.write(TABLE_CSV, _csv(table))
        self.write(STATUS_JSON, dumps(records(self.statuses)))
        return table

    # figures --------------------------------------------------------------------
    def _figure_inputs(self, ts: TargetStatus) -> dict[str, Any]:
        target = self.programme.target(ts.target_id)
        ind = self.programme.indicators[target.indicator]
        kw: dict[str, Any] = {"rule": target.rule}
        compare_to = getattr(target.rule, "compare_to", None)
        if compare_to:
            kw["compare"] = self.series(compare_to, target.sex)
            kw["compare_indicator"] = self.programme.indicators[compare_to]
        return {"ts": ts, "indicator": ind, "series": self.series(target.indicator, target.sex), **kw}

    def figure(self, target_id: str) -> tuple[str, str, bytes, str]:
        """Draw and write the nuläge figure of one target (figures/<target-id>.svg + .alt.txt)."""
        ts = next(s for s in self.statuses if s.target_id == target_id)
        a = self._figure_inputs(ts)
        fig = figures.nulage_figure(a["ts"], a["indicator"], a["series"], **{k: v for k, v in a.items() if k in ("rule", "compare", "compare_indicator")})
        alt = alt_text.nulage_alt(a["ts"], a["indicator"], a["series"], **{k: v for k, v in a.items() if k in ("rule", "compare", "compare_indicator")})
        return self.write_figure(target_id, fig, alt, a["indicator"].title, target_id, indicator=ts.indicator)

    def figures(self) -> Gallery:
        """Every target with an indicator gets its nuläge figure and alt text."""
        return Gallery([self.figure(s.target_id) for s in self.statuses if s.indicator])

    def kontrollmatt(self, extra: Iterable[str] = ()) -> list[str]:
        """Indicators followed without a target (kontrollmått) shown with this focus area.

        Those whose `focus_area:` in programme.yml names this focus area, then `extra`
        (ids a specialised notebook adds); ids the programme does not define, and
        indicators some target steers, are left out.
        """
        steered = self.programme.steered_indicators()
        own = self.programme.kontrollmatt(self.focus.id)
        return own + [i for i in dict.fromkeys(extra) if i in self.programme.indicators and i not in steered and i not in own]

    def kontrollmatt_figures(self, extra: Iterable[str] = ()) -> Gallery:
        """One figure per kontrollmått (figures/<indicator-id>.svg + .alt.txt), see `kontrollmatt`."""
        targets = {t.id for _, _, t in self.programme.targets()}
        items = []
        for i in self.kontrollmatt(extra):
            if i in targets:  # a target's figure has that name; the overview still shows the indicator
                continue
            ind = self.programme.indicators[i]
            s = self.series(i)
            items.append(self.write_figure(i, figures.indicator_figure(ind, s), alt_text.indicator_alt(ind, s),
                                           f"{ind.title} ({ROLES['control'].lower()})", None, kind="indicator", indicator=i))
        return Gallery(items)

    def steered(self) -> list[str]:
        out: list[str] = []
        for s in self.statuses:
            t = self.programme.target(s.target_id)
            for i in (t.indicator, getattr(t.rule, "compare_to", None)):
                if i and i not in out:
                    out.append(i)
        return out

    def _panels(self, indicators: Sequence[str]) -> list[Panel]:
        by_indicator = {}
        for s in self.statuses:
            if s.indicator and s.indicator not in by_indicator:
                by_indicator[s.indicator] = s
        panels = []
        for i in indicators:
            ind = self.programme.indicators[i]
            ts = by_indicator.get(i)
            role = ROLES[self.programme.indicator_role(i)]
            tv = None
            if ts is not None and ts.kind in ("level", "change", "annual_rate"):
                tv = ts.target_value if ts.target_value is not None else getattr(self.programme.target(ts.target_id).rule, "value", None)
            panels.append(Panel(title=ind.title, unit=ind.unit, decimals=ind.decimals, better=ind.better,
                                series=tuple(self.series(i)), role=role, status=ts,
                                target=(ts.target_year, float(tv)) if ts is not None and tv is not None and ts.target_year else None))
        return panels

    def indicator_overview(self, indicators: Sequence[str] | None = None, *, name: str = "kontrollmatt",
                           title: str | None = None, ncols: int = 3) -> Gallery:
        """Small multiples of several indicators in one figure (default: this focus area's kontrollmått).

        Writes figures/<name>.svg + .alt.txt and <name>.csv (every value shown). Nothing
        is written when there is nothing to show.
        """
        indicators = list(self.kontrollmatt() if indicators is None else indicators)
        unknown = [i for i in indicators if i not in self.programme.indicators]
        if unknown:
            raise ValueError(f"unknown indicator(s): {', '.join(unknown)}")
        if not indicators:
            return Gallery()
        self.check_figure_name(name)
        panels = self._panels(indicators)
        title = title or f"{ROLES['control']}: {self.focus.title}"
        fig = figures.overview_figure(panels, title=title, ncols=ncols)
        alt = alt_text.overview_alt(panels, title)
        item = self.write_figure(name, fig, alt, title, kind="overview")
        self.write(f"{name}.csv", _csv(self.indicator_table(indicators)))
        return Gallery([item])

    def indicator_table(self, indicators: Sequence[str]) -> pd.DataFrame:
        """Every value of the indicators, one row per indicator, one column per year (Swedish format)."""
        return values_by_year(self.programme, {i: self.series(i) for i in indicators}, indicators)

    def annual_path(self, target_id: str, *, name: str | None = None) -> tuple[pd.DataFrame, Gallery]:
        """An `annual_rate` target against the programme's own yearly path (e.g. −4,2 procent per år).

        Writes figures/<name>.svg + .alt.txt and <name>.csv (year, path, observed, deviation).
        """
        ts = next(s for s in self.statuses if s.target_id == target_id)
        target = self.programme.target(target_id)
        rule = target.rule
        if rule.kind != "annual_rate":
            raise ValueError(f"target '{target_id}' is '{rule.kind}', not 'annual_rate'")
        name = name or f"bana-{target_id}"
        self.check_figure_name(name)
        ind = self.programme.indicators[target.indicator]
        series = self.series(target.indicator, target.sex)
        fig = figures.annual_path_figure(ts, ind, series, percent=rule.percent, base_year=rule.base_year)
        alt = alt_text.annual_path_alt(ts, ind, series, percent=rule.percent, base_year=rule.base_year)
        caption = f"{ind.title}: utfall mot programmets bana ({numbers.number(rule.percent, 1, sign=True)} procent per år)"
        item = self.write_figure(name, fig, alt, caption, target_id, indicator=target.indicator)
        ref = next((o for o in series if o.year >= rule.base_year), None)
        rows = []
        if ref is not None:
            by = {o.year: o for o in series}
            for y, pv in annual_path(ref.year, ref.value, rule.percent, ts.target_year or self.programme.programme.end):
                o = by.get(y)
                dev = "" if o is None or not pv else numbers.number((o.value / pv - 1) * 100, 1, sign=True) + " procent"
                rows.append({"År": y, "Bana": numbers.value(pv, ind.unit, ind.decimals),
                             "Utfall": "" if o is None else numbers.value(o.value, ind.unit, ind.decimals) + (" (exempel)" if o.example else ""),
                             "Avvikelse från banan": dev})
        table = pd.DataFrame(rows, columns=["År", "Bana", "Utfall", "Avvikelse från banan"])
        self.write(f"{name}.csv", _csv(table))
        return table, Gallery([item])

    def _manifest(self, extra):
        return super()._manifest({"focus_area_title": self.focus.title, "targets": [s.target_id for s in self.statuses], **extra})


class SummaryRun(_Run):
    """The whole report year of one region."""

    kind = "summary"

    def __init__(self, project_dir, region, year, output_dir, notebook: str = "summary"):
        super().__init__(project_dir, region, year, output_dir, notebook, None)
        self.statuses = self.all_statuses

    def intro(self) -> Md:
        prog = self.programme
        lab = prog.labels
        parts = [
            f"## Sammanfattning {self.year}: {prog.region.name}",
            f"{prog.programme.name}: {len(prog.focus_areas)} {plural(lab, 'focus_area').lower()}, "
            f"{sum(len(fa.goals) for fa in prog.focus_areas)} {plural(lab, 'goal').lower()} och "
            f"{len(self.statuses)} {plural(lab, 'target').lower()}.",
            f"**{counts_sentence([s.status for s in self.statuses], plural(lab, 'target'))}**",
            self._notice(),
        ]
        return Md("\n\n".join(p for p in parts if p))

    def _rows(self) -> list[tuple[str, dict[str, int]]]:
        return [(fa.title, counts([s for s in self.statuses if s.focus_area == fa.id])) for fa in self.programme.focus_areas]

    def counts(self) -> pd.DataFrame:
        """counts.csv: number of targets per status per focus area, and the totals."""
        lab = self.programme.labels
        head = [phrases.status_text(c) for c in STATUS_CODES]
        rows = []
        for title, c in self._rows() + [("Totalt", counts(self.statuses))]:
            rows.append({lab.focus_area: title, **{h: c[code] for h, code in zip(head, STATUS_CODES, strict=True)}, "Totalt": sum(c.values())})
        table = pd.DataFrame(rows, columns=[lab.focus_area, *head, "Totalt"])
        self.write("counts.csv", _csv(table))
        return table

    def status_bar(self) -> Gallery:
        """figures/status-bar.svg + .alt.txt: the share of targets per status in each focus area."""
        lab = self.programme.labels
        noun = plural(lab, "target").lower()
        rows = self._rows()
        fig = figures.status_bar_figure(rows, noun=noun, area_noun=lab.focus_area)
        alt = alt_text.status_bar_alt(rows, noun=noun, area_noun=lab.focus_area)
        caption = f"Andel {noun} per status och {lab.focus_area.lower()} {self.year}"
        return Gallery([self.write_figure("status-bar", fig, alt, caption, kind="overview")])

    def targets(self) -> pd.DataFrame:
        """targets.csv: every target in one table (and status.json with every record)."""
        table = status_table(self.statuses, self.programme, with_focus_area=True)
        self.write("targets.csv", _csv(table))
        self.write(STATUS_JSON, dumps(records(self.statuses)))
        return table

    def changes(self) -> pd.DataFrame:
        """changes.csv: the targets whose status improved or worsened since last year."""
        lab = self.programme.labels
        areas = {fa.id: fa.title for fa in self.programme.focus_areas}
        rows = []
        for s in self.statuses:
            if s.change in ("improved", "worsened"):
                rows.append({lab.focus_area: areas[s.focus_area], lab.target: self.programme.target(s.target_id).title,
                             f"Status {self.year - 1}": phrases.status_text(s.previous_status),
                             f"Status {self.year}": phrases.status_text(s.status), "Förändring": phrases.change_text(s.change)})
        table = pd.DataFrame(rows, columns=[lab.focus_area, lab.target, f"Status {self.year - 1}", f"Status {self.year}", "Förändring"])
        self.write("changes.csv", _csv(table))
        return table

    def change_counts(self) -> Md:
        c = {k: sum(1 for s in self.statuses if s.change == k) for k in CHANGES}
        noun = plural(self.programme.labels, "target").lower()
        return Md(f"Jämfört med {self.year - 1}: {c['improved']} {noun} har förbättrad status, {c['worsened']} försämrad, "
                  f"{c['unchanged']} oförändrad och {c['not_comparable']} kan inte jämföras (saknar data något av åren).")

    def agenda2030(self) -> pd.DataFrame:
        """agenda2030.csv: which of the 17 goals each focus area is linked to ('Ja'), all 17 listed."""
        lab = self.programme.labels
        linked = {fa.title: set(fa.agenda2030_all()) for fa in self.programme.focus_areas}
        rows = []
        for n, name in SDG_NAMES.items():
            row = {"Mål": n, "Globalt mål": name}
            row |= {title: "Ja" if n in s else "" for title, s in linked.items()}
            row[f"Antal {plural(lab, 'focus_area').lower()}"] = sum(1 for s in linked.values() if n in s)
            rows.append(row)
        table = pd.DataFrame(rows)
        self.write("agenda2030.csv", _csv(table))
        return table


def open_focus_area(project_dir: str | os.PathLike, region: str, year: int | str, focus_area: str,
                    output_dir: str | os.PathLike, *, notebook: str = "focus_area") -> FocusAreaRun:
    """Load and assess a region's year and open a run for one focus area writing into `output_dir`."""
    return FocusAreaRun(project_dir, region, year, focus_area, output_dir, notebook)


def open_summary(project_dir: str | os.PathLike, region: str, year: int | str, output_dir: str | os.PathLike,
                 *, notebook: str = "summary") -> SummaryRun:
    """Load and assess a region's year and open the summary run writing into `output_dir`."""
    return SummaryRun(project_dir, region, year, output_dir, notebook)
