"""A kontrollmått: an indicator followed without a target, its series and latest value."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib import ticker as mticker
from matplotlib.figure import Figure

from ...model import Indicator, Obs
from ...sv.words import FIGURE, ROLES
from ..style import (
    GREY,
    INK,
    SwedishFormatter,
    house_style,
)
from .common import axis_unit, latest_label, legend, observed_handles, wrap, year_axis


def indicator_figure(indicator: Indicator, series: Sequence[Obs], *, heading: str = ROLES["control"]) -> Figure:
    """One indicator followed without a target: the observed series, the latest value labelled.

    The heading says it has no target, so the missing status is not mistaken for 'Saknar data'.
    """
    series = sorted(series, key=lambda o: o.year)
    placing = indicator.is_placing
    with house_style():
        fig = Figure(figsize=(7.6, 4.3), layout="constrained")
        ax = fig.add_subplot()
        if series:
            ax.plot([o.year for o in series], [o.value for o in series], color=INK, lw=1.9, zorder=4)
            for o in series:
                ax.plot([o.year], [o.value], ls="none", marker="o", ms=6.5, mfc="white" if o.example else INK, mec=INK, mew=1.5, zorder=6)
            last = series[-1]
            ax.annotate(latest_label(indicator, last), (last.year, last.value), xytext=(7, -14 if placing else 7), textcoords="offset points",
                        ha="left", va="bottom", fontsize=9.5, fontweight="bold", zorder=7,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
            years = [o.year for o in series]
            year_axis(ax, min(years), max(years), pad_right=0.9)
            lo, hi = min(o.value for o in series), max(o.value for o in series)
            pad = (hi - lo) * 0.18 or max(abs(hi) * 0.1, 1.0)
            ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
            ax.yaxis.set_major_formatter(SwedishFormatter())
            if placing:
                ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True, min_n_ticks=3))
                ax.invert_yaxis()
            legend(fig, observed_handles(series))
        else:
            ax.text(0.5, 0.5, FIGURE["no_values"], transform=ax.transAxes, ha="center", va="center", fontsize=12, color=GREY)
            ax.set_xticks([])
            ax.set_yticks([])
        ax.set_ylabel(wrap(axis_unit(indicator.unit), 28))
        fig.suptitle(heading, x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(wrap(indicator.title, 88) + "\n" + FIGURE["no_target"], loc="left", fontsize=10)
    return fig
