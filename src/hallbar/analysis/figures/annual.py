"""An annual_rate target against the programme's own yearly path (e.g. −4,2 procent per år from the base year)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ...method import TargetStatus, annual_path
from ...method.paths import programme_years
from ...model import Obs
from ...sv import numbers, phrases
from ...sv.words import FIGURE
from ..style import (
    C_COMPARISON,
    C_PROJECTION,
    C_REQUIRED,
    FIG_WIDTH,
    GREY,
    INK,
    LS_REQUIRED,
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
    short_value,
    title_pad,
    wrap,
    year_axis,
    years_span,
)
from .labels import Label, finish

PLOT_IN = 2.6


def annual_path_figure(ts: TargetStatus, indicator, series: Sequence[Obs], *, percent: float, base_year: int,
                       programme=None) -> Figure:
    """Observed values against the programme's own yearly path from the base year (annual_rate targets).

    The base year is marked as on every chart ("Basår 2021"); with `programme` the programme period is shaded.
    """
    series = sorted(series, key=lambda o: o.year)
    base = next((o for o in series if o.year == base_year), None)
    ref = base or next((o for o in series if o.year > base_year), None)
    ty = ts.target_year or base_year + 7
    years = replace(programme_years(programme), base_year=base_year)
    handles = observed_handles(series)
    if ref is not None:
        handles.append(Line2D([], [], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.8, marker="x", ms=6, mew=1.4,
                              label=FIGURE["annual_path"].format(percent=numbers.percent_words(percent))))
    title = wrap(FIGURE["annual_title"].format(title=indicator.title), 88)
    height = figure_height(PLOT_IN, title_lines=title.count("\n") + 1, band=True,
                           legend_lines=legend_rows([h.get_label() for h in handles]))
    with house_style():
        fig = Figure(figsize=(FIG_WIDTH, height), layout="constrained")
        ax = fig.add_subplot()
        labels: list[Label] = []
        xs = [base_year, ty] + years_span(years)
        ys: list[float] = []
        by: dict[int, float] = {}  # the programme's path by year
        if ref is not None:
            path = annual_path(ref.year, ref.value, percent, ty)
            ax.plot([p[0] for p in path], [p[1] for p in path], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.8, marker="x", ms=6, mew=1.4)
            ys += [p[1] for p in path]
            labels.append(Label(ty, path[-1][1], FIGURE["annual_path_end"].format(year=ty, value=short_value(path[-1][1], indicator))))
            by = dict(path)
            on_path = [o for o in series if o.year in by and o.year > ref.year]
            for o in on_path:
                ax.plot([o.year, o.year], [by[o.year], o.value], color=C_PROJECTION if o.value > by[o.year] else C_COMPARISON,
                        lw=1.2, ls="-", alpha=0.9)
        marks = mark_years(ax, years, series)
        if series:
            ax.plot([o.year for o in series], [o.value for o in series], color=INK, lw=1.9)
            for o in series:
                ax.plot([o.year], [o.value], ls="none", marker="o", ms=6.5, mfc="white" if o.example else INK, mec=INK, mew=1.5)
            xs += [o.year for o in series]
            ys += [o.value for o in series]
            last = series[-1]
            text = latest_label(indicator, last)
            if ref is not None and last.year in by and last.year > ref.year:
                on = by[last.year]
                dev = (last.value / on - 1) if on else float("nan")
                side = FIGURE["above"] if dev > 0 else FIGURE["below"] if dev < 0 else FIGURE["on"]
                text += "\n" + FIGURE["annual_deviation"].format(percent=numbers.number(abs(dev) * 100, 1), side=side, year=last.year)
            labels.append(Label(last.year, last.value, text, side=1, bold=False))
        if ref is None:
            ax.text(0.5, 0.5, FIGURE["no_values_since_base"].format(year=base_year), transform=ax.transAxes, ha="center",
                    va="center", fontsize=12, color=GREY)
            ax.set_yticks([])
        first_x, last_x = min(xs), max(xs)
        year_axis(ax, first_x, last_x)
        for lab in labels:
            lab.outside = lab.x == last_x
        ax.set_ylabel(axis_unit(indicator.unit))
        ax.yaxis.set_major_formatter(SwedishFormatter())
        if ys:
            lo, hi = min(ys), max(ys)
            pad = (hi - lo) * 0.15 or max(abs(hi) * 0.1, 1.0)
            ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
        fig.suptitle(phrases.status_text(ts.status, ts.assessed_by), x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(title, loc="left", fontsize=10, pad=title_pad(True))
        legend(fig, handles)
        finish(fig, ax, labels=labels, band=marks)
    return fig
