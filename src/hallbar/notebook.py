"""The facade the notebooks call: load, assess, draw, write the run's files.

A notebook stays thin::

    from hallbar import notebook as hb
    run = hb.open_focus_area(project_dir, region, year, focus_area, output_dir)
    run.status_table()      # writes table.csv + status.json, returns the table
    run.figures()           # writes figures/<target-id>.svg + .alt.txt, shows them
    run.finish()            # writes manifest.json

Results reach the report only as the files listed in docs/CONTRACTS.md; the
DataFrames and figures the methods return are for the analyst reading the
notebook. Every file is written deterministically (same inputs, same bytes)
except manifest.json, whose `started`/`finished` timestamps are the one
exception. Opening a run in a folder that holds an earlier run's
manifest.json first removes the files that manifest lists, so a re-run never
leaves stale figures behind (nothing else is touched).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, figures, fmt
from .figures import Obs, Panel
from .jsonio import dumps
from .params import FocusArea, Programme
from .project import Project, RegionInputs, load_region
from .status import CHANGES, STATUS_CODES, STATUSES, TargetStatus, assess_programme, counts, counts_sentence

__all__ = [
    "open_focus_area", "open_summary", "FocusAreaRun", "SummaryRun", "Md", "Gallery",
    "SDG_NAMES", "status_text", "latest_text", "target_text", "change_text", "status_rows",
]

# The UN Sustainable Development Goals, Swedish short names (globalamalen.se)
SDG_NAMES = {
    1: "Ingen fattigdom", 2: "Ingen hunger", 3: "Hälsa och välbefinnande", 4: "God utbildning för alla",
    5: "Jämställdhet", 6: "Rent vatten och sanitet för alla", 7: "Hållbar energi för alla",
    8: "Anständiga arbetsvillkor och ekonomisk tillväxt", 9: "Hållbar industri, innovationer och infrastruktur",
    10: "Minskad ojämlikhet", 11: "Hållbara städer och samhällen", 12: "Hållbar konsumtion och produktion",
    13: "Bekämpa klimatförändringarna", 14: "Hav och marina resurser", 15: "Ekosystem och biologisk mångfald",
    16: "Fredliga och inkluderande samhällen", 17: "Genomförande och globalt partnerskap",
}

STATUS_JSON = "status.json"
TABLE_CSV = "table.csv"
MANIFEST = "manifest.json"
FIGURES = "figures"


# --- display helpers (no IPython dependency) --------------------------------------


class Md(str):
    """Markdown text that a notebook displays as Markdown."""

    def _repr_markdown_(self) -> str:
        return str(self)


@dataclass
class Gallery:
    """Figures shown in the notebook: the SVG embedded, its alt text as alt and below it."""

    items: list[tuple[str, str, bytes, str]] = field(default_factory=list)  # (file, caption, svg, alt)

    def __len__(self) -> int:
        return len(self.items)

    def _repr_html_(self) -> str:
        if not self.items:
            return "<p><em>Inga figurer.</em></p>"
        out = []
        for file, caption, svg, alt in self.items:
            data = base64.b64encode(svg).decode("ascii")
            out.append(
                f'<figure style="margin:1.5em 0">'
                f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" style="max-width:100%">'
                f"<figcaption><strong>{html.escape(caption)}</strong> <code>{html.escape(file)}</code><br>"
                f"<small>Alt-text: {html.escape(alt)}</small></figcaption></figure>")
        return "\n".join(out)

    def __repr__(self) -> str:
        return "\n".join(f"{file}: {alt}" for file, _c, _s, alt in self.items) or "(inga figurer)"


# --- table cells -----------------------------------------------------------------------


def status_text(ts: TargetStatus) -> str:
    """'▲ I fas': symbol and label, never colour alone."""
    return f"{ts.symbol} {ts.label}"


def change_text(ts: TargetStatus) -> str:
    arrow, word = CHANGES[ts.change or "not_comparable"]
    return f"{arrow} {word}"


def latest_text(ts: TargetStatus, indicator) -> str:
    """'6,2 procent (2022)', or '–'."""
    if indicator is None or ts.latest is None:
        return "–"
    return figures.with_year(fmt.value(ts.latest.value, indicator.unit, indicator.decimals), ts.latest.year)


def target_text(ts: TargetStatus, indicator, rule=None, compare_indicator=None) -> str:
    """What the target asks, short: 'högst 4,5 procent år 2028', 'minska jämfört med år 2021'."""
    if indicator is None or ts.kind == "qualitative":
        return "–"
    phrase = figures.target_phrase(ts, indicator, rule, compare_indicator)
    return phrase[len("värdet ska "):] if phrase.startswith("värdet ska ") else phrase


def _assessed(ts: TargetStatus) -> str:
    return {"computed": "Beräknad", "analyst": "Bedömning", "override": "Manuellt ändrad"}.get(ts.assessed_by, ts.assessed_by)


def status_rows(statuses: Iterable[TargetStatus], programme: Programme, *, with_focus_area: bool = False) -> pd.DataFrame:
    """The status table: goal, target, status, latest value, target value, change (display strings)."""
    lab = programme.labels
    goals = {g.id: g.title for fa in programme.focus_areas for g in fa.goals}
    areas = {fa.id: fa.title for fa in programme.focus_areas}
    rows = []
    for ts in statuses:
        target = programme.target(ts.target_id)
        ind = programme.indicators.get(target.indicator) if target.indicator else None
        cmp_ind = programme.indicators.get(getattr(target.rule, "compare_to", "") or "")
        row = {}
        if with_focus_area:
            row[lab.focus_area] = areas.get(ts.focus_area, ts.focus_area)
        row |= {
            lab.goal: goals.get(ts.goal, ts.goal),
            lab.target: target.title,
            "Status": status_text(ts),
            "Senaste värde": latest_text(ts, ind),
            "Målvärde": target_text(ts, ind, target.rule, cmp_ind),
            "Förändring sedan föregående år": change_text(ts),
            "Underlag": _assessed(ts),
        }
        rows.append(row)
    columns = ([lab.focus_area] if with_focus_area else []) + [lab.goal, lab.target, "Status", "Senaste värde", "Målvärde",
                                                              "Förändring sedan föregående år", "Underlag"]
    return pd.DataFrame(rows, columns=columns)


# --- the run -----------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


class _Run:
    """What every run shares: inputs, statuses, the output folder and the files written."""

    kind = "run"

    def __init__(self, project_dir: str | os.PathLike, region: str, year: int | str, output_dir: str | os.PathLike,
                 notebook: str, focus_area: str | None = None):
        self.started = _now()
        self.project = Project.at(project_dir)
        self.region = region
        self.year = int(year)
        self.notebook = notebook
        self.focus_area_id = focus_area
        self.output_dir = Path(output_dir).resolve()
        self.inputs: RegionInputs = load_region(self.project, region)
        self.programme: Programme = self.inputs.programme
        self.year_params = self.inputs.years.get(self.year)
        self.all_statuses: list[TargetStatus] = assess_programme(self.programme, self.inputs.observations, self.year, self.inputs.years)
        self._files: dict[str, str] = {}
        self._figures: list[dict[str, Any]] = []
        self._clean_previous()
        self.output_dir.mkdir(parents=True, exist_ok=True)

    # files ------------------------------------------------------------------
    def _clean_previous(self) -> None:
        manifest = self.output_dir / MANIFEST
        if not manifest.is_file():
            return
        try:
            old = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(old, dict) or "hallbar_version" not in old:
            return  # not ours: leave it alone
        for rel in list(old.get("files", [])) + [MANIFEST]:
            path = (self.output_dir / rel).resolve()
            if path.is_file() and self.output_dir in path.parents:
                path.unlink()

    def write(self, rel: str, data: str | bytes) -> Path:
        """Write one output file (UTF-8, '\\n' line ends) and record it for the manifest."""
        path = self.output_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path.write_bytes(raw)
        self._files[rel] = hashlib.sha256(raw).hexdigest()
        return path

    def _write_figure(self, name: str, fig, alt: str, caption: str, target_id: str | None = None, *,
                      kind: str = "target", indicator: str | None = None) -> tuple[str, str, bytes, str]:
        """figures/<name>.svg + .alt.txt, listed in the manifest's `figures` in the order written.

        kind: 'target' (a target's figure; target_id set), 'indicator' (a kontrollmått; id = the
        indicator id) or 'overview' (about the whole focus area or year).
        """
        svg = figures.svg_bytes(fig)
        rel = f"{FIGURES}/{name}.svg"
        self.write(rel, svg)
        self.write(f"{FIGURES}/{name}.alt.txt", alt.strip() + "\n")
        self._figures = [f for f in self._figures if f["svg"] != rel]
        self._figures.append({"id": name, "svg": rel, "alt": f"{FIGURES}/{name}.alt.txt", "caption": caption,
                              "target_id": target_id, "kind": kind, "indicator": indicator})
        return rel, caption, svg, alt

    def _check_figure_name(self, name: str) -> None:
        if name in {t.id for _, _, t in self.programme.targets()}:
            raise ValueError(f"figure name '{name}' is a target id; target figures are named after their target. Choose another name.")

    # data ---------------------------------------------------------------------
    @property
    def example_data(self) -> bool:
        obs = self.inputs.observations
        has_example_rows = bool(len(obs)) and bool(obs["example"].any())
        return bool(self.year_params and self.year_params.example_data) or has_example_rows

    def series(self, indicator: str, sex: str = "T") -> list[Obs]:
        """Observations of one indicator up to the report year (missing values left out)."""
        obs = self.inputs.observations
        sel = obs[(obs.indicator == indicator) & (obs.sex == sex) & (obs.year <= self.year) & obs.value.notna()]
        sel = sel.sort_values("year")
        return [Obs(int(y), float(v), bool(e)) for y, v, e in zip(sel.year, sel.value, sel.example, strict=True)]

    def _notice(self) -> str:
        lines = []
        if self.year_params is None:
            lines.append(f"> **Obs!** Det finns ingen årsfil `params/{self.region}/{self.year}.yml`: "
                         "kvalitativa mål saknar bedömning och rapportåret finns inte.")
        if self.example_data:
            lines.append("> **Exempeldata.** Uppgifterna är helt eller delvis illustrativa och inte regionens egna utfall.")
        if self.inputs.warnings:
            lines.append(f"> {len(self.inputs.warnings)} varning(ar) från kontrollen av indata:\n>\n"
                         + "\n".join(f"> - {w}" for w in self.inputs.warnings))
        return "\n\n".join(lines)

    def _manifest(self, extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "region": self.region,
            "year": self.year,
            "focus_area": self.focus_area_id,
            "notebook": self.notebook,
            "files": sorted(self._files),
            "sha256": dict(sorted(self._files.items())),
            "figures": list(self._figures),
            "example_data": self.example_data,
            "hallbar_version": __version__,
            "started": self.started,
            "finished": _now(),
            **extra,
        }

    def finish(self) -> Md:
        """Write manifest.json (the run's file list); the last call of a notebook."""
        self.write_manifest()
        files = "\n".join(f"- `{f}`" for f in sorted(self._files))
        return Md(f"Klart: {len(self._files)} filer i `{self.output_dir}` (förtecknade i `{MANIFEST}`):\n\n{files}")

    def write_manifest(self) -> Path:
        data = self._manifest({})
        path = self.output_dir / MANIFEST
        path.write_text(dumps(data), encoding="utf-8")
        return path

    @property
    def files(self) -> list[str]:
        return sorted(self._files)


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
            f"**{counts_sentence(self.statuses, lab.plural('target'))}** {n_ind} av dem följs med en indikator och har en nulägesfigur.",
            self._notice(),
        ]
        return Md("\n\n".join(p for p in parts if p))

    def agenda2030(self) -> list[int]:
        out = set(self.focus.agenda2030)
        for goal in self.focus.goals:
            out |= set(goal.agenda2030)
            for t in goal.targets:
                out |= set(t.agenda2030)
        return sorted(out)

    # tables ---------------------------------------------------------------------
    def status_table(self) -> pd.DataFrame:
        """Write table.csv and status.json for this focus area; return the table."""
        table = status_rows(self.statuses, self.programme)
        self.write(TABLE_CSV, _csv(table))
        self.write(STATUS_JSON, dumps([s.to_record() for s in self.statuses]))
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
        alt = figures.nulage_alt(a["ts"], a["indicator"], a["series"], **{k: v for k, v in a.items() if k in ("rule", "compare", "compare_indicator")})
        return self._write_figure(target_id, fig, alt, a["indicator"].title, target_id, indicator=ts.indicator)

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
        tagged = [i for i, ind in self.programme.indicators.items() if getattr(ind, "focus_area", None) == self.focus.id]
        return [i for i in dict.fromkeys([*tagged, *extra]) if i in self.programme.indicators and i not in steered]

    def kontrollmatt_figures(self, extra: Iterable[str] = ()) -> Gallery:
        """One figure per kontrollmått (figures/<indicator-id>.svg + .alt.txt), see `kontrollmatt`."""
        targets = {t.id for _, _, t in self.programme.targets()}
        items = []
        for i in self.kontrollmatt(extra):
            if i in targets:  # a target's figure has that name; the overview still shows the indicator
                continue
            ind = self.programme.indicators[i]
            s = self.series(i)
            items.append(self._write_figure(i, figures.indicator_figure(ind, s), figures.indicator_alt(ind, s),
                                            f"{ind.title} (kontrollmått)", None, kind="indicator", indicator=i))
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
        steered = self.programme.steered_indicators()
        targeted = {t.indicator for _, _, t in self.programme.targets() if t.indicator}
        panels = []
        for i in indicators:
            ind = self.programme.indicators[i]
            ts = by_indicator.get(i)
            role = "Styrmått" if i in targeted else "Jämförelse" if i in steered else "Kontrollmått"
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
        self._check_figure_name(name)
        panels = self._panels(indicators)
        title = title or f"Kontrollmått: {self.focus.title}"
        fig = figures.overview_figure(panels, title=title, ncols=ncols)
        alt = figures.overview_alt(panels, title)
        item = self._write_figure(name, fig, alt, title, kind="overview")
        self.write(f"{name}.csv", _csv(self.indicator_table(indicators)))
        return Gallery([item])

    def indicator_table(self, indicators: Sequence[str]) -> pd.DataFrame:
        """Every value of the indicators, one row per indicator, one column per year (Swedish format)."""
        steered = self.programme.steered_indicators()
        targeted = {t.indicator for _, _, t in self.programme.targets() if t.indicator}
        years = sorted({o.year for i in indicators for o in self.series(i)})
        rows = []
        for i in indicators:
            ind = self.programme.indicators[i]
            s = {o.year: o for o in self.series(i)}
            role = "Styrmått" if i in targeted else "Jämförelse" if i in steered else "Kontrollmått"
            row = {"Indikator": ind.title, "Typ": role, "Enhet": ind.unit}
            for y in years:
                o = s.get(y)
                row[str(y)] = "" if o is None else fmt.number(o.value, ind.decimals) + (" (exempel)" if o.example else "")
            row["Källa"] = ind.source
            rows.append(row)
        return pd.DataFrame(rows, columns=["Indikator", "Typ", "Enhet", *map(str, years), "Källa"])

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
        self._check_figure_name(name)
        ind = self.programme.indicators[target.indicator]
        series = self.series(target.indicator, target.sex)
        fig = figures.annual_path_figure(ts, ind, series, percent=rule.percent, base_year=rule.base_year)
        alt = figures.annual_path_alt(ts, ind, series, percent=rule.percent, base_year=rule.base_year)
        caption = f"{ind.title}: utfall mot programmets bana ({fmt.number(rule.percent, 1, sign=True)} procent per år)"
        item = self._write_figure(name, fig, alt, caption, target_id, indicator=target.indicator)
        ref = next((o for o in series if o.year >= rule.base_year), None)
        rows = []
        if ref is not None:
            by = {o.year: o for o in series}
            for y, pv in figures.annual_path(ref.year, ref.value, rule.percent, ts.target_year or self.programme.programme.end):
                o = by.get(y)
                dev = "" if o is None or not pv else fmt.number((o.value / pv - 1) * 100, 1, sign=True) + " procent"
                rows.append({"År": y, "Bana": fmt.value(pv, ind.unit, ind.decimals),
                             "Utfall": "" if o is None else fmt.value(o.value, ind.unit, ind.decimals) + (" (exempel)" if o.example else ""),
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
            f"{prog.programme.name}: {len(prog.focus_areas)} {lab.plural('focus_area').lower()}, "
            f"{sum(len(fa.goals) for fa in prog.focus_areas)} {lab.plural('goal').lower()} och "
            f"{len(self.statuses)} {lab.plural('target').lower()}.",
            f"**{counts_sentence(self.statuses, lab.plural('target'))}**",
            self._notice(),
        ]
        return Md("\n\n".join(p for p in parts if p))

    def _rows(self) -> list[tuple[str, dict[str, int]]]:
        return [(fa.title, counts([s for s in self.statuses if s.focus_area == fa.id])) for fa in self.programme.focus_areas]

    def counts(self) -> pd.DataFrame:
        """counts.csv: number of targets per status per focus area, and the totals."""
        lab = self.programme.labels
        head = [f"{STATUSES[c].symbol} {STATUSES[c].label}" for c in STATUS_CODES]
        rows = []
        for title, c in self._rows() + [("Totalt", counts(self.statuses))]:
            rows.append({lab.focus_area: title, **{h: c[code] for h, code in zip(head, STATUS_CODES, strict=True)}, "Totalt": sum(c.values())})
        table = pd.DataFrame(rows, columns=[lab.focus_area, *head, "Totalt"])
        self.write("counts.csv", _csv(table))
        return table

    def status_bar(self) -> Gallery:
        """figures/status-bar.svg + .alt.txt: the share of targets per status in each focus area."""
        lab = self.programme.labels
        noun = lab.plural("target").lower()
        rows = self._rows()
        fig = figures.status_bar_figure(rows, noun=noun, area_noun=lab.focus_area)
        alt = figures.status_bar_alt(rows, noun=noun, area_noun=lab.focus_area)
        caption = f"Andel {noun} per status och {lab.focus_area.lower()} {self.year}"
        return Gallery([self._write_figure("status-bar", fig, alt, caption, kind="overview")])

    def targets(self) -> pd.DataFrame:
        """targets.csv: every target in one table (and status.json with every record)."""
        table = status_rows(self.statuses, self.programme, with_focus_area=True)
        self.write("targets.csv", _csv(table))
        self.write(STATUS_JSON, dumps([s.to_record() for s in self.statuses]))
        return table

    def changes(self) -> pd.DataFrame:
        """changes.csv: the targets whose status improved or worsened since last year."""
        lab = self.programme.labels
        areas = {fa.id: fa.title for fa in self.programme.focus_areas}
        rows = []
        for s in self.statuses:
            if s.change in ("improved", "worsened"):
                prev = STATUSES[s.previous_status]
                rows.append({lab.focus_area: areas[s.focus_area], lab.target: self.programme.target(s.target_id).title,
                             f"Status {self.year - 1}": f"{prev.symbol} {prev.label}", f"Status {self.year}": status_text(s),
                             "Förändring": change_text(s)})
        table = pd.DataFrame(rows, columns=[lab.focus_area, lab.target, f"Status {self.year - 1}", f"Status {self.year}", "Förändring"])
        self.write("changes.csv", _csv(table))
        return table

    def change_counts(self) -> Md:
        c = {k: sum(1 for s in self.statuses if s.change == k) for k in CHANGES}
        noun = self.programme.labels.plural("target").lower()
        return Md(f"Jämfört med {self.year - 1}: {c['improved']} {noun} har förbättrad status, {c['worsened']} försämrad, "
                  f"{c['unchanged']} oförändrad och {c['not_comparable']} kan inte jämföras (saknar data något av åren).")

    def agenda2030(self) -> pd.DataFrame:
        """agenda2030.csv: which of the 17 goals each focus area is linked to ('Ja'), all 17 listed."""
        lab = self.programme.labels
        linked: dict[str, set[int]] = {}
        for fa in self.programme.focus_areas:
            s = set(fa.agenda2030)
            for g in fa.goals:
                s |= set(g.agenda2030)
                for t in g.targets:
                    s |= set(t.agenda2030)
            linked[fa.title] = s
        rows = []
        for n, name in SDG_NAMES.items():
            row = {"Mål": n, "Globalt mål": name}
            row |= {title: "Ja" if n in s else "" for title, s in linked.items()}
            row[f"Antal {lab.plural('focus_area').lower()}"] = sum(1 for s in linked.values() if n in s)
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
