"""An annual_rate target against the programme's own yearly path (e.g. −4,2 procent per år from the base year)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ...method import TargetStatus, annual_path
from ...model import Obs
from ...sv import numbers, phrases
from ...sv.words import FIGURE
from ..style import (
    C_COMPARISON,
    C_PROJECTION,
    C_REQUIRED,
    GREY,
    INK,
    LS_REQUIRED,
    SwedishFormatter,
    house_style,
)
from .common import axis_unit, legend, observed_handles, wrap, year_axis


def annual_path_figure(ts: TargetStatus, indicator, series: Sequence[Obs], *, percent: float, base_year: int) -> Figure:
    """Observed values against the programme's own yearly path from the base year (annual_rate targets)."""
    series = sorted(series, key=lambda o: o.year)
    base = next((o for o in series if o.year == base_year), None)
    ref = base or next((o for o in series if o.year > base_year), None)
    ty = ts.target_year or base_year + 7
    with house_style():
        fig = Figure(figsize=(7.6, 4.7), layout="constrained")
        ax = fig.add_subplot()
        handles = []
        xs = [base_year, ty]
        ys: list[float] = []
        if ref is not None:
            path = annual_path(ref.year, ref.value, percent, ty)
            ax.plot([p[0] for p in path], [p[1] for p in path], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.8, marker="x", ms=6, mew=1.4)
            handles.append(Line2D([], [], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.8, marker="x", ms=6, mew=1.4,
                                  label=FIGURE["annual_path"].format(percent=numbers.percent_words(percent))))
            ys += [p[1] for p in path]
            by = dict(path)
            on_path = [o for o in series if o.year in by and o.year > ref.year]
            for o in on_path:
                ax.plot([o.year, o.year], [by[o.year], o.value], color=C_PROJECTION if o.value > by[o.year] else C_COMPARISON,
                        lw=1.2, ls="-", alpha=0.9)
            if on_path:
                last = on_path[-1]
                dev = (last.value / by[last.year] - 1) if by[last.year] else float("nan")
                side = FIGURE["above"] if dev > 0 else FIGURE["below"] if dev < 0 else FIGURE["on"]
                ax.annotate(FIGURE["annual_deviation"].format(percent=numbers.number(abs(dev) * 100, 1), side=side, year=last.year), (last.year, last.value),
                            xytext=(8, -16), textcoords="offset points", fontsize=9, color=INK,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
        if series:
            ax.plot([o.year for o in series], [o.value for o in series], color=INK, lw=1.9)
            for o in series:
                ax.plot([o.year], [o.value], ls="none", marker="o", ms=6.5, mfc="white" if o.example else INK, mec=INK, mew=1.5)
            handles[:0] = observed_handles(series)
            xs += [o.year for o in series]
            ys += [o.value for o in series]
        if ref is None:
            ax.text(0.5, 0.5, FIGURE["no_values_since_base"].format(year=base_year), transform=ax.transAxes, ha="center",
                    va="center", fontsize=12, color=GREY)
            ax.set_yticks([])
        year_axis(ax, min(xs), max(xs))
        ax.set_ylabel(axis_unit(indicator.unit))
        ax.yaxis.set_major_formatter(SwedishFormatter())
        if ys:
            lo, hi = min(ys), max(ys)
            pad = (hi - lo) * 0.15 or max(abs(hi) * 0.1, 1.0)
            ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
        fig.suptitle(phrases.status_text(ts.status, ts.assessed_by), x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(wrap(FIGURE["annual_title"].format(title=indicator.title), 88), loc="left", fontsize=10)
        legend(fig, handles)
    return fig
