"""The summary chapter: the whole report year at a glance, as ordinary objects.

    s = hb.summary(project_dir, region, year)
    s.intro()                 # Markdown: the heading, notice, counts per status
    s.foreword()              # where the analysts' förord goes (report/narrative/<region>/<year>/forord.md)
    s.year_in_brief()         # where "Året i korthet" goes (aret-i-korthet.md)
    s.key_figures()           # DataFrame: the indicators marked `key: true`, last year, this year, change, target
    s.key_figures_table()     # the same as the report's table (caption, layout)
    s.status_bar_figure()     # matplotlib Figure: the share of targets per status in each fokusområde
    s.counts_table()          # DataFrame: targets per status and fokusområde
    s.grid(focus_id)          # DataFrame: a fokusområde's measured targets: nr, name, utgångsläge, last year, this year, mål, status
    s.qualitative(focus_id)   # DataFrame: its qualitative targets: nr, name, målår, status
    s.grid_table(focus_id)    # either as the report's table (caption, layout, searchable in HTML)
    s.changes_text()          # Markdown: how many targets changed status, and how their values changed, since last year
    s.changes_table()         # DataFrame: the targets whose status changed
    s.next_steps()            # where "Fortsatt arbete" goes (fortsatt-arbete.md)
"""

from __future__ import annotations

import os

import pandas as pd
from matplotlib.figure import Figure

from ..method import counts
from ..method.paths import target_value
from ..model import STATUS_CODES
from ..sv import alt as alt_text
from ..sv import numbers, phrases
from ..sv.words import CHANGES, plural
from . import figures
from .chapter import Narrative, badge
from .display import with_alt
from .markdown import MD, anchor, join, link, md_escape
from .tables import Table, short_name, table, target_numbers, value_in
from .year import ReportYear

RESERVED_PAGES = {"index", "sammanfattning", "summary"}
GROUP_SEPARATOR = " – "  # a grid table's caption: "<fokusområde> – …" (the HTML filter groups by the text before it)


def chapter_file(focus_id: str) -> str:
    """The chapter file of a fokusområde in the report project (never one of the report's own page names)."""
    if focus_id in RESERVED_PAGES or focus_id.startswith("bilaga-"):
        return f"fokus-{focus_id}.ipynb"
    return f"{focus_id}.ipynb"


class Summary:
    def __init__(self, year: ReportYear):
        self.report_year = year
        self._numbers: dict[str, str] | None = None

    @property
    def programme(self):
        return self.report_year.programme

    @property
    def year(self) -> int:
        return self.report_year.year

    def _noun(self) -> str:
        return plural(self.programme.labels, "target")

    @property
    def noun(self) -> str:
        """The region's word for its targets, plural, lower case: 'delmål', 'inriktningar'."""
        return self._noun().lower()

    @property
    def noun_one(self) -> str:
        """The region's word for one target, lower case: 'delmål', 'inriktning'."""
        return self.programme.labels.target.lower()

    def _rows(self) -> list[tuple[str, dict[str, int]]]:
        st = self.report_year.statuses
        return [(fa.title, counts([s for s in st if s.focus_area == fa.id])) for fa in self.programme.focus_areas]

    def number(self, target_id: str) -> str:
        """'3.7': the target's number (fokusområde, then its place in it), as every table shows it."""
        if self._numbers is None:
            self._numbers = target_numbers(self.programme)
        return self._numbers[target_id]

    def _name(self, target_id: str, focus_id: str) -> MD:
        return link(short_name(self.programme, target_id), f"{chapter_file(focus_id)}#t-{target_id}")

    # -- the analysts' texts ------------------------------------------------------------------------------------

    def foreword(self) -> Narrative:
        """Where the analysts' förord goes (report/narrative/<region>/<year>/forord.md)."""
        return Narrative(self.report_year, "forord")

    def year_in_brief(self) -> Narrative:
        """Where 'Året i korthet' goes: 4–6 key messages, each red one with an action and an owner (aret-i-korthet.md)."""
        return Narrative(self.report_year, "aret-i-korthet")

    def next_steps(self) -> Narrative:
        """Where 'Fortsatt arbete' goes: the next steps (fortsatt-arbete.md)."""
        return Narrative(self.report_year, "fortsatt-arbete")

    # -- generated parts ------------------------------------------------------------------------------------------

    def intro(self) -> MD:
        st = self.report_year.statuses
        sentence = phrases.counts_sentence([s.status for s in st], self._noun(), self.noun_one) if st else f"Det finns inga {self.noun} att redovisa."
        return join(f"# Sammanfattning {anchor('sammanfattning')}", self.report_year.notice(), md_escape(sentence))

    def key_figures(self) -> pd.DataFrame:
        """The key figures (indicators with `key: true`): last year's and this year's value, the change and the target."""
        prog, year = self.programme, self.year
        obs = self.report_year.observations
        rows = []
        for ind_id, ind in prog.indicators.items():
            if not ind.key:
                continue
            prev, this = value_in(obs, ind_id, "T", year - 1), value_in(obs, ind_id, "T", year)
            goal, name = "Följs utan mål", ind.title
            for _fa, _g, t in prog.targets():
                if t.indicator == ind_id and t.rule.kind != "qualitative":
                    name = t.short_title or name
                    ts = self.report_year.status(t.id)
                    goal = phrases.target_compact(t.rule.kind, ind, t.rule, target_value=target_value(ts, t.rule))
                    ty = ts.target_year or prog.target_year(t)
                    goal = f"{goal} ({ty})" if ty and goal != "–" else goal
                    break
            fmt = lambda v, d=ind.decimals: numbers.number(v, d) if v is not None else "–"  # noqa: E731
            rows.append({"Nyckeltal": f"{name}, {numbers.unit_text(ind.unit)}", str(year - 1): fmt(prev), str(year): fmt(this),
                         "Förändring": phrases.value_change(prev, this, ind, year, short=True), "Mål": goal})
        return pd.DataFrame(rows, columns=["Nyckeltal", str(year - 1), str(year), "Förändring", "Mål"])

    def status_bar_figure(self) -> Figure:
        lab = self.programme.labels
        noun = self.noun
        rows = self._rows()
        fig = figures.status_bar_figure(rows, noun=noun, area_noun=lab.focus_area)
        return with_alt(fig, alt_text.status_bar_alt(rows, noun=noun, area_noun=lab.focus_area),
                        f"Andel {noun} per status och {lab.focus_area.lower()} {self.year}")

    def counts_table(self) -> pd.DataFrame:
        lab = self.programme.labels
        head = [phrases.status_text(c) for c in STATUS_CODES]
        rows = []
        for fa, (title, c) in zip(self.programme.focus_areas, self._rows(), strict=True):
            rows.append({lab.focus_area: link(title, f"{chapter_file(fa.id)}#f-{fa.id}"),
                         **{h: str(c[code]) for h, code in zip(head, STATUS_CODES, strict=True)}, "Totalt": str(sum(c.values()))})
        return pd.DataFrame(rows, columns=[lab.focus_area, *head, "Totalt"])

    def _statuses(self, focus_id: str, qualitative: bool):
        self.programme.focus_area(focus_id)
        return [s for s in self.report_year.statuses if s.focus_area == focus_id
                and (self.programme.target(s.target_id).rule.kind == "qualitative") == qualitative]

    def target_year(self, focus_id: str) -> int | None:
        """The target year the fokusområde's measured targets share (None when they differ)."""
        years = {s.target_year or self.programme.target_year(self.programme.target(s.target_id)) for s in self._statuses(focus_id, False)}
        return years.pop() if len(years) == 1 else None

    def grid(self, focus_id: str) -> pd.DataFrame:
        """A fokusområde's targets with a measure, one row each: Nr | name, unit | utgångsläge | last year | this year | mål | status.

        The name links to the target in its chapter; the full programme sentence is there.
        """
        prog, year = self.programme, self.year
        obs = self.report_year.observations
        common = self.target_year(focus_id)
        goal_head = f"Mål {common}" if common else "Mål"
        rows = []
        for s in self._statuses(focus_id, False):
            t = prog.target(s.target_id)
            ind = prog.indicators.get(t.indicator) if t.indicator else None
            fmt = lambda v, d=(ind.decimals if ind else 1): numbers.number(v, d)  # noqa: E731
            prev = value_in(obs, t.indicator, t.sex, year - 1)
            if s.latest is None:
                this = "–"
            else:
                this = fmt(s.latest.value) if s.latest.year == year else f"{fmt(s.latest.value)} ({s.latest.year})"
            goal = phrases.target_compact(t.rule.kind, ind, t.rule, target_value=target_value(s, t.rule))
            ty = s.target_year or prog.target_year(t)
            if not common and ty and goal != "–":
                goal = f"{goal} ({ty})"
            name = self._name(t.id, focus_id)
            start = s.base or s.first  # the base year's value, else the first of the method's period
            rows.append({"Nr": self.number(t.id),
                         self.programme.labels.target: MD(f"{name}, {md_escape(numbers.unit_text(ind.unit))}") if ind else name,
                         "Utgångsläge": f"{fmt(start.value)} ({start.year})" if start is not None else "–",
                         str(year - 1): fmt(prev) if prev is not None else "–", str(year): this,
                         goal_head: goal, "Status": badge(s.status)})
        return pd.DataFrame(rows, columns=["Nr", self.programme.labels.target, "Utgångsläge", str(year - 1), str(year), goal_head, "Status"])

    def qualitative(self, focus_id: str) -> pd.DataFrame:
        """A fokusområde's qualitative targets, one row each: Nr | name | målår | status (the analysts' assessment)."""
        rows = []
        for s in self._statuses(focus_id, True):
            t = self.programme.target(s.target_id)
            ty = s.target_year or self.programme.target_year(t)
            rows.append({"Nr": self.number(t.id), self.programme.labels.target: self._name(t.id, focus_id),
                         "Målår": str(ty) if ty else "–", "Status": badge(s.status)})
        return pd.DataFrame(rows, columns=["Nr", self.programme.labels.target, "Målår", "Status"])

    def grid_table(self, focus_id: str, qualitative: bool = False) -> Table:
        """`grid` (or `qualitative`) as the report shows it: captioned, laid out, searchable in HTML (`malfilter`)."""
        group = {"data-group-label": self.programme.labels.focus_area}  # the filter's name for the groups
        if qualitative:
            return table(self.qualitative(focus_id), self.grid_caption(focus_id, True), align="llll", classes=("malfilter",),
                         widths=[1.2, 10, 2, 3.2], attrs=group)
        return table(self.grid(focus_id), self.grid_caption(focus_id), align="llrrrll", classes=("malfilter",),
                     widths=[1.2, 6.2, 2.4, 1.6, 1.6, 2.4, 3.2], attrs=group)

    def key_figures_table(self) -> Table:
        """`key_figures` as the report shows it."""
        return table(self.key_figures(), f"Nyckeltal {self.year}", align="lrrll", classes=("nyckeltal",), widths=[7, 1.6, 1.6, 2.4, 3])

    def grid_caption(self, focus_id: str, qualitative: bool = False) -> str:
        """'Minskad klimatpåverkan – delmål med mätetal' (the HTML filter groups the tables by the text before ' – ')."""
        title = self.programme.focus_area(focus_id).title
        return f"{title}{GROUP_SEPARATOR}{'kvalitativa ' + self.noun if qualitative else self.noun + ' med mätetal'}"

    def changes_text(self) -> MD:
        """Two sentences: how the targets' status changed since last year, and how their values changed."""
        st = self.report_year.statuses
        n = {code: sum(1 for s in st if s.change == code) for code in CHANGES}
        status = phrases.status_changes_sentence(n, self.noun_one, self.noun, self.year)
        moved = {"better": 0, "worse": 0, "same": 0}
        obs = self.report_year.observations
        for s in st:
            t = self.programme.target(s.target_id)
            ind = self.programme.indicators.get(t.indicator) if t.indicator else None
            if ind is None or t.rule.kind == "qualitative":
                continue
            d = phrases.value_direction(value_in(obs, t.indicator, t.sex, self.year - 1), value_in(obs, t.indicator, t.sex, self.year), ind)
            if d:
                moved[d] += 1
        values = phrases.value_changes_sentence(moved, self.noun_one, self.noun, self.year)
        return md_escape(f"{status} {values}")

    def changes_table(self) -> pd.DataFrame:
        """The targets whose status changed since last year, with the change in value beside it."""
        lab = self.programme.labels
        obs = self.report_year.observations
        rows = []
        for s in self.report_year.statuses:
            if s.change not in ("improved", "worsened"):
                continue
            t = self.programme.target(s.target_id)
            ind = self.programme.indicators.get(t.indicator) if t.indicator else None
            value = "–"
            if ind is not None:
                value = phrases.value_change(value_in(obs, t.indicator, t.sex, self.year - 1), value_in(obs, t.indicator, t.sex, self.year),
                                             ind, self.year)
            rows.append({"Nr": self.number(t.id), lab.target: self._name(t.id, s.focus_area),
                         f"Status {self.year - 1}": badge(s.previous_status), f"Status {self.year}": badge(s.status),
                         "Förändring i värde": value})
        return pd.DataFrame(rows, columns=["Nr", lab.target, f"Status {self.year - 1}", f"Status {self.year}", "Förändring i värde"])


def summary(project_dir: str | os.PathLike, region: str, year: int | str) -> Summary:
    """The summary of a region's report year (reads the build's status results)."""
    return Summary(ReportYear.open(project_dir, region, year))
