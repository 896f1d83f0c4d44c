"""Small multiples: several indicators side by side, each on its own scale (a focus area's kontrollmått, a theme)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ...model import is_placing
from ...sv import numbers
from ...sv.words import FIGURE, status_words
from ..style import (
    C_REQUIRED,
    GREY,
    INK,
    SwedishFormatter,
    house_style,
)
from .common import Panel, axis_unit, observed_handles, wrap, year_axis


def overview_figure(panels: Sequence[Panel], title: str = "", ncols: int = 3) -> Figure:
    """Small multiples, one per indicator, own y-scale each; role (styrmått/kontrollmått) and status in the panel title."""
    n = max(1, len(panels))
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    with house_style():
        fig = Figure(figsize=(3.0 * ncols + 0.6, 2.55 * nrows + 1.1), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        same_role = len({p.role for p in panels}) == 1  # the figure title says it then
        for k, ax in enumerate(axes.flat):
            if k >= len(panels):
                ax.set_visible(False)
                continue
            p = panels[k]
            s = sorted(p.series, key=lambda o: o.year)
            head = (f"{status_words(p.status.status).symbol} " if p.status is not None else "") + (f"{p.role}: " if p.role and not same_role else "")
            ax.set_title(wrap(head + p.title, 38), loc="left", fontsize=8.5)
            xs = [o.year for o in s]
            ys = [o.value for o in s]
            if s:
                ax.plot(xs, ys, color=INK, lw=1.5)
                real = [o for o in s if not o.example]
                ex = [o for o in s if o.example]
                ax.plot([o.year for o in real], [o.value for o in real], ls="none", marker="o", ms=4.5, mfc=INK, mec=INK)
                ax.plot([o.year for o in ex], [o.value for o in ex], ls="none", marker="o", ms=4.5, mfc="white", mec=INK, mew=1.2)
                last = s[-1]
                ax.annotate(numbers.number(last.value, p.decimals), (last.year, last.value), xytext=(4, 4), textcoords="offset points",
                            fontsize=8, fontweight="bold")
            else:
                ax.text(0.5, 0.5, FIGURE["no_values"], transform=ax.transAxes, ha="center", va="center", fontsize=9, color=GREY)
                ax.set_yticks([])
            if p.target is not None:
                ax.plot([p.target[0]], [p.target[1]], ls="none", marker="*", ms=11, mfc=C_REQUIRED, mec=INK, mew=0.6)
                xs.append(p.target[0])
                ys.append(p.target[1])
            if xs:
                year_axis(ax, min(xs), max(xs))
                ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=4, integer=True))
            else:
                ax.set_xticks([])
            if ys:
                lo, hi = min(ys), max(ys)
                pad = (hi - lo) * 0.2 or max(abs(hi) * 0.15, 1.0)
                ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
                ax.yaxis.set_major_formatter(SwedishFormatter())
                ax.yaxis.set_major_locator(mticker.MaxNLocator(nbins=4, integer=is_placing(p.unit)))
            ax.set_ylabel(axis_unit(p.unit), fontsize=8)
            ax.tick_params(labelsize=7.5)
            if is_placing(p.unit):
                ax.invert_yaxis()
        handles = observed_handles([o for p in panels for o in p.series])
        if any(p.target is not None for p in panels):
            handles.append(Line2D([], [], ls="none", marker="*", ms=10, mfc=C_REQUIRED, mec=INK, mew=0.6, label=FIGURE["target_value"]))
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
        if title:
            fig.suptitle(title, x=0.012, ha="left", fontsize=13, fontweight="bold")
    return fig
