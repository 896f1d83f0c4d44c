"""A fokusområde's chapter: the standard parts a notebook shows, as ordinary objects.

    ch = hb.chapter(project_dir, region, year, focus_area)
    ch.intro()                   # Markdown: the chapter's heading, notice, summary, Agenda 2030, counts
    ch.narrative()               # where the analysts' narrative goes (report/narrative/<region>/<year>/<id>.md)
    ch.status_table()            # DataFrame: every target: Nr, short name, status, latest value, mål, changes
    ch.goal_heading(goal_id)     # Markdown: a goal's heading
    ch.target_text(target_id)    # Markdown: a target's heading, status, reason, numbers (and Tolkning)
    ch.nulage_figure(target_id)  # matplotlib Figure with its alt text
    ch.reason(target_id)         # str: the sentence that states the numbers behind the status
    ch.kontrollmatt()            # DataFrame: the measures followed without a target
    ch.indicator_figure(ind_id)  # matplotlib Figure of one kontrollmått, with its alt text
    ch.observations              # DataFrame: the region's observations, long format

Every part reads the assess stage's results (`ReportYear`); nothing is re-assessed.
"""

from __future__ import annotations

import os

import pandas as pd
from matplotlib.figure import Figure

from ..method import TargetStatus, counts
from ..method.paths import programme_years
from ..model import FocusArea, Goal
from ..sv import alt as alt_text
from ..sv import phrases
from ..sv.words import ASSESSED_BY_NOTE, ROLES, SDG_NAMES, STATUS, plural
from . import figures
from .display import with_alt
from .figures.common import base_handles, mark_years
from .markdown import MD, anchor, div, join, link, md_escape, md_paragraphs, span
from .style import FS_SMALL, css_class
from .tables import short_name, status_table, target_numbers, target_text, value_in
from .year import ReportYear


class Narrative:
    """Where one of the analysts' texts goes (a fokusområde's narrative, or förord, året i korthet, fortsatt arbete).

    In Jupyter it shows the file's text as it is now; the report puts the file's text, sanitized, here.
    """

    def __init__(self, year: ReportYear, key: str):
        self.key = key
        self.path = year.project.narrative_dir(year.region, year.year) / f"{key}.md"
        self.shown = year.project.rel(self.path)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from ..inputs.notebooks import NARRATIVE_TYPE

        text = self.path.read_text(encoding="utf-8-sig") if self.path.is_file() else f"*Ingen text ännu ({self.shown}).*"
        return {NARRATIVE_TYPE: {"text": self.key}, "text/markdown": text, "text/plain": f"Analytikernas text: {self.shown}"}


def badge(code: str | None) -> MD:
    """'▲ I fas' as a styled span (the colour is a help; symbol and word carry the status)."""
    if not code or code not in STATUS:
        return MD("–")
    return span(phrases.status_text(code), "status", css_class(code))


def tolkning(text: str | None, about: str = "") -> MD:
    """The marker of what the transcription inferred from the source: '*Tolkning.* ...' (`about`: whose)."""
    if not text:
        return MD("")
    body = str(text).strip()
    if body.lower().startswith("tolkning:"):
        body = body[len("tolkning:"):].strip()
    body = body[:1].upper() + body[1:]
    whose = f" ({md_escape(about)})" if about else ""
    return div(f"*Tolkning{whose}.* {md_escape(body)}", "tolkning")


class Chapter:
    """One region × year × fokusområde."""

    def __init__(self, year: ReportYear, focus_id: str):
        self.report_year = year
        try:
            self.focus: FocusArea = year.programme.focus_area(focus_id)
        except KeyError:
            ids = ", ".join(fa.id for fa in year.programme.focus_areas)
            raise ValueError(f"'{focus_id}' is not a focus area of {year.region}; use one of: {ids}.") from None
        self.statuses: list[TargetStatus] = [s for s in year.statuses if s.focus_area == focus_id]

    # plain data ----------------------------------------------------------------------------------------
    @property
    def programme(self):
        return self.report_year.programme

    @property
    def year(self) -> int:
        return self.report_year.year

    @property
    def goals(self) -> list[Goal]:
        return list(self.focus.goals)

    @property
    def observations(self) -> pd.DataFrame:
        """The region's observations up to the report year (every indicator; filter with pandas)."""
        return self.report_year.observations

    def status(self, target_id: str) -> TargetStatus:
        return self.report_year.status(target_id)

    def reason(self, target_id: str) -> str:
        return self.status(target_id).reason

    def status_table(self) -> pd.DataFrame:
        """Goal, target, status (symbol and word), latest value, target, change since last year, how assessed."""
        return status_table(self.statuses, self.programme, observations=self.report_year.observations, year=self.year)

    def kontrollmatt(self) -> pd.DataFrame:
        """The measures followed without a target in this fokusområde: latest value, year, source."""
        rows = []
        for ind_id in self.programme.kontrollmatt(self.focus.id):
            ind = self.programme.indicators[ind_id]
            s = self.report_year.series(ind_id)
            last = s[-1] if s else None
            rows.append({"Mått": ind.title, "Senaste värde": phrases.value(last.value, ind) if last else "–",
                         "År": str(last.year) if last else "–", "Källa": ind.source + ("; Källa: Kolada" if ind.kolada else "")})
        return pd.DataFrame(rows, columns=["Mått", "Senaste värde", "År", "Källa"])

    # figures -------------------------------------------------------------------------------------------
    def nulage_figure(self, target_id: str) -> Figure:
        """The target's nuläge: its series, baseline, target, required path and projection; alt text from the data."""
        ts = self.status(target_id)
        target = self.programme.target(target_id)
        if not target.indicator:
            raise ValueError(f"target '{target_id}' is qualitative: it has no indicator to draw")
        ind = self.programme.indicators[target.indicator]
        kw = {"rule": target.rule, "programme": self.programme}  # the programme: its base year and period on the chart
        if target.compare_to:
            kw |= {"compare": self.report_year.series(target.compare_to, target.sex),
                   "compare_indicator": self.programme.indicators[target.compare_to]}
        series = self.report_year.series(target.indicator, target.sex)
        fig = figures.nulage_figure(ts, ind, series, **kw)
        return with_alt(fig, alt_text.nulage_alt(ts, ind, series, **kw), f"Utveckling och målbana – {ind.title}")

    def indicator_figure(self, indicator_id: str) -> Figure:
        """A measure followed without a target: its series and latest value; alt text from the data."""
        ind = self.report_year.indicator(indicator_id)
        series = self.report_year.series(indicator_id)
        return with_alt(figures.indicator_figure(ind, series, programme=self.programme),
                        alt_text.indicator_alt(ind, series, programme=self.programme), f"{ind.title} ({ROLES['control'].lower()})")

    def mark_programme(self, ax) -> None:
        """On your own chart (matplotlib/seaborn, years on the x-axis): shade the programme period and draw the
        base-year line the way every chart of the report does, with a legend entry for each."""
        years = programme_years(self.programme)
        mark_years(ax, years, labels=False)
        handles, _labels = ax.get_legend_handles_labels()
        ax.legend(handles=handles + base_handles(years), loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=FS_SMALL,
                  frameon=False)

    # text ----------------------------------------------------------------------------------------------
    def intro(self) -> MD:
        """# Title, the Exempeldata notice, the summary, Agenda 2030 and the counts per status."""
        fa = self.focus
        noun = plural(self.programme.labels, "target")
        counts_text = (phrases.counts_sentence([s.status for s in self.statuses], noun, self.programme.labels.target) if self.statuses
                       else f"Det finns inga {noun.lower()} att redovisa.")
        sdgs = ", ".join(str(n) for n in fa.agenda2030)
        return join(
            f"# {md_escape(fa.title)} {anchor(f'f-{fa.id}')}",
            self.report_year.notice(),
            md_paragraphs(fa.summary),
            tolkning(fa.interpretation),
            f"Koppling till Agenda 2030: mål {sdgs}." if sdgs else "",
            md_escape(counts_text),
        )

    def agenda2030(self) -> pd.DataFrame:
        """The global goals the fokusområde, its goals and targets are linked to."""
        return pd.DataFrame([{"Mål": n, "Globalt mål": SDG_NAMES[n]} for n in self.focus.agenda2030_all()])

    def narrative(self) -> Narrative:
        """Marks where the analysts' narrative goes; without it, the report puts it after the introduction."""
        return Narrative(self.report_year, self.focus.id)

    def goal_heading(self, goal_id: str) -> MD:
        goal = next((g for g in self.focus.goals if g.id == goal_id), None)
        if goal is None:
            raise KeyError(f"'{goal_id}' is not a goal of {self.focus.id}")
        return join(f"## {md_escape(goal.title)} {anchor(f'g-{goal.id}')}", tolkning(goal.interpretation))

    def target_links(self, target_id: str) -> MD:
        """HTML only: links from a target to its data series, to the method and back to the summary."""
        t = self.programme.target(target_id)
        links = []
        if t.indicator:
            links.append(str(link("Dataserien", f"bilaga-indikatorer.qmd#i-{t.indicator}")))
        links.append(str(link("Statusmetoden", "bilaga-metod.qmd#bilaga-metod")))
        links.append(str(link("Tillbaka till sammanfattningen", f"summary.ipynb#s-{self.focus.id}")))
        return MD(f'::: {{.content-visible when-format="html"}}\n::: {{.mallankar}}\n{" · ".join(links)}\n:::\n:::')

    def target_text(self, target_id: str) -> MD:
        """### Nr and short name, the programme's sentence, status, the reason or assessment, utfall, mål, the changes."""
        ts = self.status(target_id)
        t = self.programme.target(target_id)
        ind = self.programme.indicators.get(t.indicator) if t.indicator else None
        by = ts.assessed_by
        status = f"**Status {self.year}:** {badge(ts.status)}"
        if by == "analyst":
            status += f" ({ASSESSED_BY_NOTE['analyst']})"
        elif by == "override":
            status += f" ({ASSESSED_BY_NOTE['override']}; beräknad status: {badge(ts.computed_status)})"
        if by == "analyst":
            body = (f"**Bedömning.** {md_escape(ts.motivation)}" if ts.motivation else f"**Bedömning saknas.** {md_escape(ts.reason)}")
        elif by == "override":
            body = f"**Skäl till ändrad status.** {md_escape(ts.reason)}"
        else:
            body = md_escape(ts.reason)
        ty = ts.target_year or self.programme.target_year(t)
        facts = []
        if t.rule.kind == "qualitative":
            facts.append(f"Målår: {ty}" + (", som har passerats" if ty < self.year else ""))
        else:
            latest = (ts.latest.year, ts.latest.value) if ts.latest else None
            facts.append(f"Utfall: {md_escape(phrases.latest_text(latest, ind))}")
            facts.append(f"Mål: {md_escape(target_text(ts, self.programme))}")
            if ind is not None:
                obs = self.report_year.observations
                prev, this = value_in(obs, t.indicator, t.sex, self.year - 1), value_in(obs, t.indicator, t.sex, self.year)
                facts.append(f"Värde: {md_escape(phrases.value_change(prev, this, ind, self.year))}")
        facts.append(f"Status: {md_escape(phrases.status_change(ts.change, self.year))}"
                     + (f" (då {badge(ts.previous_status)})" if ts.previous_status else ""))
        number = target_numbers(self.programme)[t.id]
        return join(f"### {number} {md_escape(short_name(self.programme, t.id))} {anchor(f't-{t.id}')}",
                    f"*{md_escape(t.title)}*" + (f" {md_escape(phrases.sentence(t.description))}" if t.description else ""), status, body, "\n".join(f"- {f}" for f in facts),
                    tolkning(t.interpretation or (ind.interpretation if ind else None)), self.target_links(t.id))

    def kontrollmatt_heading(self) -> MD:
        """## Kontrollmått: the heading of the measures followed without a target ('' when there are none)."""
        ids = self.programme.kontrollmatt(self.focus.id)
        if not ids:
            return MD("")
        notes = [tolkning(self.programme.indicators[i].interpretation, self.programme.indicators[i].title)
                 for i in ids if self.programme.indicators[i].interpretation]
        return join(f"## {ROLES['control']} {anchor(f'f-{self.focus.id}-kontrollmatt')}",
                    f"{ROLES['control']} följs utan mål; de har därför ingen status.", *notes)

    def counts(self) -> dict[str, int]:
        return counts(self.statuses)


def chapter(project_dir: str | os.PathLike, region: str, year: int | str, focus_area: str) -> Chapter:
    """The chapter of one fokusområde of a region's report year (reads the build's status results)."""
    return Chapter(ReportYear.open(project_dir, region, year), focus_area)
