"""The summary chart: stacked horizontal bars of the share of targets per status in each focus area."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ...model import STATUS_CODES
from ...sv import phrases
from ...sv.words import FIGURE
from ..style import (
    INK,
    SwedishFormatter,
    house_style,
    status_colour,
    status_hatch,
)
from .common import wrap


def status_bar_figure(rows: Sequence[tuple[str, dict[str, int]]], noun: str = "delmål", area_noun: str = "fokusområde") -> Figure:
    """Stacked horizontal bars: the share of targets per status in each focus area.

    `rows`: (focus area title, {status code: count}) in programme order.
    Colours + hatches + a legend with symbol and label; the count on each segment.
    """
    n = max(1, len(rows))
    with house_style():
        fig = Figure(figsize=(7.6, 1.5 + 0.62 * n), layout="constrained")
        ax = fig.add_subplot()
        labels = [wrap(title, 30) for title, _ in rows]
        for i, (_title, counts) in enumerate(rows):
            total = sum(counts.get(c, 0) for c in STATUS_CODES)
            left = 0.0
            for code in STATUS_CODES:
                k = counts.get(code, 0)
                if not k:
                    continue
                width = 100.0 * k / total
                ax.barh(i, width, left=left, height=0.62, color=status_colour(code), hatch=status_hatch(code), edgecolor="#333333", linewidth=0.6)
                ax.text(left + width / 2, i, str(k), ha="center", va="center", fontsize=9.5, fontweight="bold", color=INK,
                        bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85))
                left += width
            ax.text(101.5, i, FIGURE["status_bar_total"].format(n=total, noun=noun), ha="left", va="center", fontsize=9, color=INK)
        ax.set_yticks(range(len(rows)), labels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_locator(mticker.MultipleLocator(20))
        ax.xaxis.set_major_formatter(SwedishFormatter(0))
        ax.set_xlabel(FIGURE["status_bar_axis"].format(noun=noun))
        ax.grid(axis="y", visible=False)
        ax.spines["right"].set_visible(False)
        handles = [Patch(facecolor=status_colour(c), hatch=status_hatch(c), edgecolor="#333333", linewidth=0.6,
                         label=phrases.status_text(c)) for c in STATUS_CODES]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, handlelength=2.2, handleheight=1.3)
        fig.suptitle(FIGURE["status_bar_title"].format(noun=noun, area=area_noun.lower()), x=0.012, ha="left", fontsize=13, fontweight="bold")
    return fig
