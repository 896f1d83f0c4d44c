"""A kontrollmått: an indicator followed without a target, its series and latest value, in the programme period."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib import ticker as mticker
from matplotlib.figure import Figure

from ...method.paths import programme_years
from ...model import Indicator, Obs
from ...sv.words import FIGURE, ROLES
from ..style import (
    FIG_WIDTH,
    GREY,
    INK,
    SwedishFormatter,
    house_style,
)
from .common import (
    axis_unit,
    figure_height,
    latest_label,
    legend,
    legend_rows,
    mark_years,
    observed_handles,
    title_pad,
    wrap,
    year_axis,
    years_span,
)
from .labels import Label, finish

PLOT_IN = 1.9  # a single line needs no more; a short series (three values or fewer) less
SHORT_PLOT_IN = 1.5


def indicator_figure(indicator: Indicator, series: Sequence[Obs], *, heading: str = ROLES["control"], programme=None) -> Figure:
    """One indicator followed without a target: the observed series, the latest value labelled.

    The heading says it has no target, so the missing status is not mistaken for 'Saknar data'.
    With `programme` (a `Programme` or its `ProgrammeInfo`) the programme period is shaded and
    its base year marked as on every chart (`programme.base_year`, else the year before it starts).
    The figure is as tall as a single line needs, not a page.
    """
    series = sorted(series, key=lambda o: o.year)
    placing = indicator.is_placing
    years = programme_years(programme)
    band = years.base_year is not None or years.start is not None
    title = wrap(indicator.title, 88) + "\n" + FIGURE["no_target"]
    handles = observed_handles(series)
    plot = PLOT_IN if len(series) > 3 else SHORT_PLOT_IN
    height = figure_height(plot, title_lines=title.count("\n") + 1, band=band,
                           legend_lines=legend_rows([h.get_label() for h in handles]))
    with house_style():
        fig = Figure(figsize=(FIG_WIDTH, height), layout="constrained")
        ax = fig.add_subplot()
        marks = mark_years(ax, years, series)
        labels: list[Label] = []
        if series:
            ax.plot([o.year for o in series], [o.value for o in series], color=INK, lw=1.9, zorder=4)
            for o in series:
                ax.plot([o.year], [o.value], ls="none", marker="o", ms=6.5, mfc="white" if o.example else INK, mec=INK, mew=1.5, zorder=6)
            last = series[-1]
            xs = [o.year for o in series] + years_span(years)
            first_x, last_x = min(xs), max(xs)
            labels.append(Label(last.year, last.value, latest_label(indicator, last), bold=True, outside=last.year == last_x))
            year_axis(ax, first_x, last_x)
            lo, hi = min(o.value for o in series), max(o.value for o in series)
            pad = (hi - lo) * 0.18 or max(abs(hi) * 0.1, 1.0)
            ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
            ax.yaxis.set_major_formatter(SwedishFormatter())
            if placing:
                ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True, min_n_ticks=3))
                ax.invert_yaxis()
            else:
                ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
            legend(fig, handles)
        else:
            ax.text(0.5, 0.5, FIGURE["no_values"], transform=ax.transAxes, ha="center", va="center", fontsize=12, color=GREY)
            span = years_span(years)
            if span:
                year_axis(ax, min(span), max(span))
            else:
                ax.set_xticks([])
            ax.set_yticks([])
        ax.set_ylabel(wrap(axis_unit(indicator.unit), 24))
        fig.suptitle(heading, x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(title, loc="left", fontsize=10, pad=title_pad(band))
        finish(fig, ax, labels=labels, band=marks)
    return fig
