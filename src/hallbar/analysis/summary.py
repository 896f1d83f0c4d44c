"""The summary chapter: the whole report year at a glance, as ordinary objects.

    s = hb.summary(project_dir, region, year)
    s.intro()               # Markdown: the heading, notice, counts per status
    s.status_bar_figure()   # matplotlib Figure: the share of targets per status in each fokusområde
    s.counts_table()        # DataFrame: targets per status and fokusområde
    s.targets_table()       # DataFrame: every target, linked to its chapter, with status, utfall, mål, change
    s.changes_text()        # Markdown: how many targets changed status since last year
    s.changes_table()       # DataFrame: the targets whose status changed
"""

from __future__ import annotations

import os

import pandas as pd
from matplotlib.figure import Figure

from ..method import counts
from ..model import STATUS_CODES
from ..sv import alt as alt_text
from ..sv import phrases
from ..sv.words import CHANGES, plural
from . import figures
from .chapter import badge
from .display import with_alt
from .markdown import MD, anchor, join, link, md_escape
from .tables import target_text
from .year import ReportYear

RESERVED_PAGES = {"index", "sammanfattning", "summary"}


def chapter_file(focus_id: str) -> str:
    """The chapter file of a fokusområde in the report project (never one of the report's own page names)."""
    if focus_id in RESERVED_PAGES or focus_id.startswith("bilaga-"):
        return f"fokus-{focus_id}.ipynb"
    return f"{focus_id}.ipynb"


class Summary:
    def __init__(self, year: ReportYear):
        self.report_year = year

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

    def _rows(self) -> list[tuple[str, dict[str, int]]]:
        st = self.report_year.statuses
        return [(fa.title, counts([s for s in st if s.focus_area == fa.id])) for fa in self.programme.focus_areas]

    def intro(self) -> MD:
        st = self.report_year.statuses
        sentence = phrases.counts_sentence([s.status for s in st], self._noun()) if st else f"Det finns inga {self._noun().lower()} att redovisa."
        return join(f"# Sammanfattning {anchor('sammanfattning')}", self.report_year.notice(), md_escape(sentence))

    def status_bar_figure(self) -> Figure:
        lab = self.programme.labels
        noun = self._noun().lower()
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

    def targets_table(self) -> pd.DataFrame:
        lab = self.programme.labels
        areas = {fa.id: fa.title for fa in self.programme.focus_areas}
        rows = []
        for s in self.report_year.statuses:
            t = self.programme.target(s.target_id)
            ind = self.programme.indicators.get(t.indicator) if t.indicator else None
            latest = (s.latest.year, s.latest.value) if s.latest else None
            rows.append({lab.focus_area: areas.get(s.focus_area, s.focus_area),
                         lab.target: link(s.title or t.title, f"{chapter_file(s.focus_area)}#t-{t.id}"),
                         "Status": badge(s.status), "Utfall": phrases.latest_text(latest, ind),
                         "Mål": target_text(s, self.programme), f"Jämfört med {self.year - 1}": phrases.change_text(s.change)})
        return pd.DataFrame(rows)

    def changes_text(self) -> MD:
        st = self.report_year.statuses
        n = {code: sum(1 for s in st if s.change == code) for code in CHANGES}
        if not any(s.change != "not_comparable" for s in st):
            return md_escape(f"Ingen status kan jämföras med {self.year - 1}: det året saknar data eller bedömningar.")
        lab = self.programme.labels
        one = lab.target.lower()
        many = self._noun().lower()

        def antal(k: int) -> str:
            return f"{k} {one if k == 1 else many}"

        return md_escape(
            f"Jämfört med {self.year - 1} har {antal(n['improved'])} fått bättre status ({CHANGES['improved'][0]}), "
            f"{n['unchanged']} har samma status ({CHANGES['unchanged'][0]}) och {n['worsened']} har fått sämre status "
            f"({CHANGES['worsened'][0]}). För {n['not_comparable']} går det inte att jämföra ({CHANGES['not_comparable'][0]}), "
            "oftast för att data saknas det ena året.")

    def changes_table(self) -> pd.DataFrame:
        lab = self.programme.labels
        rows = []
        for s in self.report_year.statuses:
            if s.change in ("improved", "worsened"):
                t = self.programme.target(s.target_id)
                rows.append({lab.target: link(s.title or t.title, f"{chapter_file(s.focus_area)}#t-{t.id}"),
                             f"Status {self.year - 1}": badge(s.previous_status), f"Status {self.year}": badge(s.status),
                             "Förändring": phrases.change_text(s.change)})
        return pd.DataFrame(rows, columns=[lab.target, f"Status {self.year - 1}", f"Status {self.year}", "Förändring"])


def summary(project_dir: str | os.PathLike, region: str, year: int | str) -> Summary:
    """The summary of a region's report year (reads the build's status results)."""
    return Summary(ReportYear.open(project_dir, region, year))
