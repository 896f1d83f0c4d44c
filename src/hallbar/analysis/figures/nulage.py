"""The nuläge figure of one target: the observed series, the target, the required path and the projection,
in the programme period and from the base year."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ...method import TargetStatus, projection_path, required_path
from ...method.paths import assessed_period, programme_years, target_value
from ...model import Obs
from ...sv import phrases
from ...sv.words import BOUND, FIGURE, WANT
from ..style import (
    C_COMPARISON,
    C_OBSERVED,
    C_PROJECTION,
    C_REQUIRED,
    FIG_WIDTH,
    GREY,
    INK,
    LS_COMPARISON,
    LS_PROJECTION,
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

# A nuläge figure with a series to assess is one height, whatever its text, so a chapter's figures share a
# scale on the page (the plot area gives way to more title lines, legend rows, the band and the bracket);
# with fewer than two values there is little to show, and the figure is as tall as that needs.
HEIGHT_IN = 4.3
SPARSE_PLOT_IN = 1.6


def nulage_figure(
    ts: TargetStatus,
    indicator,
    series: Sequence[Obs],
    *,
    rule=None,
    compare: Sequence[Obs] = (),
    compare_indicator=None,
    programme=None,
) -> Figure:
    """Nuläge for one target: observed series, target, required path, projection, programme period and base year.

    `indicator` needs title, unit, decimals, better (a `params.Indicator`);
    `rule` (the target's rule) adds wording, the level of a target without data and
    the target's own base year; `programme` (a `Programme` or its `ProgrammeInfo`)
    gives the programme period, shaded, and the programme's base year.

    The base year marked ("Basår 2023", a dashed line) is the target's own
    `rule.base_year`, else the programme's `base_year`, else the year before the
    programme starts (`hallbar.method.paths.programme_years`). Where the status
    was decided by the pace, a bracket under the years shows the period it was
    measured over ("Takten mäts 2020–2025"), with why when that is not from the
    base year. Lines carry direct labels: the latest value, "Mål 2028: högst 4,5
    procent" by the target star, "Nuvarande takt" at the projection's end; the
    legend names the line styles in plain words. With two values or more the
    figure is `HEIGHT_IN` tall (a chapter's figures share one scale); with fewer,
    only as tall as its text and a small plot.
    """
    series = sorted(series, key=lambda o: o.year)
    compare = sorted(compare, key=lambda o: o.year)
    share = indicator.is_share
    placing = indicator.is_placing
    tv = target_value(ts, rule)
    ty = ts.target_year
    years = programme_years(programme, rule, ts)
    period = assessed_period(ts, years.base_year, rule) if series else None
    path = required_path(ts, share) if ts.status != "achieved" else []  # a met target needs no pace (as the alt text)
    proj = projection_path(ts, share)
    star = tv is not None and ty is not None and ts.kind in ("level", "change", "annual_rate")

    handles: list[Any] = observed_handles(series)
    if path:
        handles.append(Line2D([], [], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.7, label=FIGURE["required"]))
    if proj:
        handles.append(Line2D([], [], color=C_PROJECTION, ls=LS_PROJECTION, lw=2.0, marker="D", ms=6, mfc="white",
                              mec=C_PROJECTION, mew=1.4, label=FIGURE["projection"]))
    if compare:
        cname = compare_indicator.title if compare_indicator is not None else FIGURE["comparison_default"]
        handles.append(Line2D([], [], color=C_COMPARISON, ls=LS_COMPARISON, lw=1.5, marker="^", ms=6,
                              label=FIGURE["comparison"].format(name=cname)))
    up = (indicator.better == "higher") != placing  # the better way on screen
    if ts.kind in ("direction", "relative"):
        handles.append(Line2D([], [], color=C_REQUIRED, lw=2.2, marker=">", ms=7, markevery=[1],
                              label=FIGURE["direction"].format(arrow="↑" if up else "↓",
                                                               what=FIGURE["direction_placing"] if placing else WANT[indicator.better])))

    phrase = phrases.target_phrase(ts.kind, indicator, rule, target_value=tv, target_year=ty,
                                    base_year=ts.base.year if ts.base else None, compare=compare_indicator)
    title = wrap(indicator.title, 88) + "\n" + wrap(FIGURE["target_line"].format(phrase=phrase), 100)
    band = years.base_year is not None or years.start is not None
    text_in = figure_height(0.0, title_lines=title.count("\n") + 1, band=band, bracket=period is not None,
                            legend_lines=legend_rows([h.get_label() for h in handles]))
    height = max(HEIGHT_IN, text_in + 2.0) if len(series) >= 2 else round(text_in + SPARSE_PLOT_IN, 2)

    with house_style():
        fig = Figure(figsize=(FIG_WIDTH, height), layout="constrained")
        ax = fig.add_subplot()
        labels: list[Label] = []

        xs_all: list[int] = [o.year for o in series] + [o.year for o in compare] + years_span(years)
        ys_all: list[float] = [o.value for o in series] + [o.value for o in compare]

        # required path and target
        if path:
            ax.plot([p[0] for p in path], [p[1] for p in path], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.7, zorder=2)
            ys_all += [p[1] for p in path]
        if star:
            ax.plot([ty], [tv], ls="none", marker="*", ms=17, mfc=C_REQUIRED, mec=INK, mew=0.8, zorder=5)
            xs_all.append(ty)
            ys_all.append(tv)
            labels.append(Label(ty, tv, FIGURE["target"].format(year=ty, bound=BOUND[indicator.better],
                                                                 value=short_value(tv, indicator))))

        # projection
        if proj:
            ax.plot([p[0] for p in proj], [p[1] for p in proj], color=C_PROJECTION, ls=LS_PROJECTION, lw=2.0, zorder=3)
            ax.plot([proj[-1][0]], [proj[-1][1]], ls="none", marker="D", ms=7, mfc="white", mec=C_PROJECTION, mew=1.6, zorder=4)
            ys_all.append(proj[-1][1])
            xs_all.append(proj[-1][0])
            labels.append(Label(proj[-1][0], proj[-1][1], FIGURE["projection_label"].format(value=short_value(proj[-1][1], indicator))))

        # comparison series (relative targets)
        if compare:
            ax.plot([o.year for o in compare], [o.value for o in compare], color=C_COMPARISON, ls=LS_COMPARISON, lw=1.5,
                    marker="^", ms=6, mfc=C_COMPARISON, mec=C_COMPARISON, zorder=3)
            c = compare[-1]
            labels.append(Label(c.year, c.value, FIGURE["comparison_label"]))

        # the programme period, the base year
        marks = mark_years(ax, years, series)
        if ty is not None:
            xs_all.append(ty)

        # observed series
        if series:
            ax.plot([o.year for o in series], [o.value for o in series], color=C_OBSERVED, lw=1.9, zorder=4)
            real = [o for o in series if not o.example]
            ex = [o for o in series if o.example]
            if real:
                ax.plot([o.year for o in real], [o.value for o in real], ls="none", marker="o", ms=6.5, mfc=INK, mec=INK, zorder=6)
            if ex:
                ax.plot([o.year for o in ex], [o.value for o in ex], ls="none", marker="o", ms=6.5, mfc="white", mec=INK, mew=1.5, zorder=6)
            last = series[-1]
            side = 0
            if proj:  # the label sits on the other side of where the projection goes on screen
                down = (proj[-1][1] < last.value) != placing
                side = 1 if down or proj[-1][1] == last.value else -1
            labels.append(Label(last.year, last.value, latest_label(indicator, last), side=side, bold=True))
        else:
            ax.text(0.5, 0.5, FIGURE["no_values"], transform=ax.transAxes, ha="center", va="center", fontsize=12, color=GREY)

        # axes
        edge = xs_all
        if not series:  # show the years leading to the target (or the report year), not a single tick
            edge = edge + [(ty or ts.year) - 4, ts.year or ty]
        first_x, last_x = min(edge), max(edge)
        year_axis(ax, first_x, last_x)
        for lab in labels:
            lab.outside = lab.x == last_x
        ax.set_ylabel(wrap(axis_unit(indicator.unit), 28))
        ax.yaxis.set_major_formatter(SwedishFormatter())
        if placing:
            ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True, min_n_ticks=3))
        else:
            ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
        if ys_all:
            lo, hi = min(ys_all), max(ys_all)
            pad = (hi - lo) * 0.12 or max(abs(hi) * 0.1, 1.0)
            bottom, top = lo - pad, hi + pad
            if lo >= 0 and bottom < 0:
                bottom = 0.0
            if placing:
                bottom, top = max(0.5, bottom), top
            if share and top > 100 and hi <= 100:
                top = 100.0 + pad * 0.5
            ax.set_ylim(bottom, top)
        else:
            ax.set_yticks([])
        if placing:
            ax.invert_yaxis()

        # heading: status symbol + label (never colour alone), indicator, target
        fig.suptitle(phrases.status_text(ts.status, ts.assessed_by), x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(title, loc="left", fontsize=10, color=INK, pad=title_pad(band))
        legend(fig, handles)
        finish(fig, ax, labels=labels, band=marks, period=period)
    return fig
