"""Small multiples: several indicators side by side, each on its own scale (a focus area's kontrollmått, a theme)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ...method.paths import programme_years
from ...model import is_placing
from ...sv import numbers
from ...sv.words import FIGURE, status_words
from ..style import (
    C_BASE,
    C_REQUIRED,
    FIG_WIDTH,
    GREY,
    INK,
    LS_BASE,
    SwedishFormatter,
    house_style,
)
from .common import Panel, axis_unit, base_handles, mark_years, observed_handles, wrap, year_axis, years_span

PANEL_IN = 1.45  # a panel's plot area
PANEL_TITLE_LINE_IN = 0.16
FS_PANEL = 8.0  # ≥ 7 pt printed: the figure is FIG_WIDTH wide whatever the number of columns


def overview_figure(panels: Sequence[Panel], title: str = "", ncols: int = 3, *, programme=None) -> Figure:
    """Small multiples, one per indicator, own y-scale each; role (styrmått/kontrollmått) and status in the panel title.

    With `programme` every panel shades the programme period and marks the base year
    (a panel's own `base_year`, else the programme's); the legend names both, since the
    panels are too small for labels on them.
    """
    n = max(1, len(panels))
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    base = programme_years(programme)
    same_role = len({p.role for p in panels}) == 1  # the figure title says it then
    heads = [wrap(((f"{status_words(p.status.status).symbol} " if p.status is not None else "")
                   + (f"{p.role}: " if p.role and not same_role else "") + p.title), 34 if ncols == 3 else 50)
             for p in panels]
    title_lines = [max((h.count("\n") + 1 for h in heads[r * ncols:(r + 1) * ncols]), default=1) for r in range(nrows)]
    handles = observed_handles([o for p in panels for o in p.series])
    if any(p.target is not None for p in panels):
        handles.append(Line2D([], [], ls="none", marker="*", ms=10, mfc=C_REQUIRED, mec=INK, mew=0.6, label=FIGURE["target_value"]))
    bases = {p.base_year if p.base_year is not None else base.base_year for p in panels}
    marks = base_handles(base if len(bases) == 1 else replace(base, base_year=None))
    if len(bases) > 1 and bases != {None}:
        marks.insert(0, Line2D([], [], color=C_BASE, ls=LS_BASE, lw=1.1, label=FIGURE["base_plain"]))
    handles += marks
    legend_rows = math.ceil(len(handles) / 3)
    height = round(nrows * (PANEL_IN + 0.32) + PANEL_TITLE_LINE_IN * sum(title_lines) + (0.34 if title else 0.0)
                   + 0.2 * legend_rows + 0.12, 2)
    with house_style():
        fig = Figure(figsize=(FIG_WIDTH, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for k, ax in enumerate(axes.flat):
            if k >= len(panels):
                ax.set_visible(False)
                continue
            p = panels[k]
            s = sorted(p.series, key=lambda o: o.year)
            ax.set_title(heads[k], loc="left", fontsize=FS_PANEL + 0.5)
            years = base if p.base_year is None else replace(base, base_year=p.base_year)
            mark_years(ax, years, s, labels=False, ms=7)
            xs = [o.year for o in s] + (years_span(years) if s or p.target is not None else [])
            ys = [o.value for o in s]
            if s:
                ax.plot([o.year for o in s], ys, color=INK, lw=1.5)
                real = [o for o in s if not o.example]
                ex = [o for o in s if o.example]
                ax.plot([o.year for o in real], [o.value for o in real], ls="none", marker="o", ms=4.5, mfc=INK, mec=INK)
                ax.plot([o.year for o in ex], [o.value for o in ex], ls="none", marker="o", ms=4.5, mfc="white", mec=INK, mew=1.2)
                last = s[-1]
                ax.annotate(numbers.number(last.value, p.decimals), (last.year, last.value), xytext=(4, 4), textcoords="offset points",
                            fontsize=FS_PANEL, fontweight="bold", annotation_clip=False)
            else:
                ax.text(0.5, 0.5, FIGURE["no_values"], transform=ax.transAxes, ha="center", va="center", fontsize=9, color=GREY)
                ax.set_yticks([])
            if p.target is not None:
                ax.plot([p.target[0]], [p.target[1]], ls="none", marker="*", ms=11, mfc=C_REQUIRED, mec=INK, mew=0.6)
                xs.append(p.target[0])
                ys.append(p.target[1])
            if xs:
                year_axis(ax, min(xs), max(xs))
                ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=3, integer=True))
            else:
                ax.set_xticks([])
            if ys:
                lo, hi = min(ys), max(ys)
                pad = (hi - lo) * 0.2 or max(abs(hi) * 0.15, 1.0)
                ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
                ax.yaxis.set_major_formatter(SwedishFormatter())
                ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=4, integer=is_placing(p.unit)))
            ax.set_ylabel(wrap(axis_unit(p.unit), 22), fontsize=FS_PANEL)
            ax.tick_params(labelsize=FS_PANEL)
            if is_placing(p.unit):
                ax.invert_yaxis()
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=FS_PANEL + 0.5)
        if title:
            fig.suptitle(title, x=0.012, ha="left", fontsize=13, fontweight="bold")
    return fig
