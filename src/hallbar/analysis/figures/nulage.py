"""The nuläge figure of one target: the observed series, the baseline, the target, the required path and the projection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ...method import TargetStatus, projection_path, required_path
from ...method.paths import linear_rule, target_value
from ...model import Obs
from ...sv import phrases
from ...sv.words import BOUND, FIGURE, WANT
from ..style import (
    C_COMPARISON,
    C_OBSERVED,
    C_PROJECTION,
    C_REQUIRED,
    GREY,
    INK,
    LS_BASE,
    LS_COMPARISON,
    LS_PROJECTION,
    LS_REQUIRED,
    SwedishFormatter,
    house_style,
)
from .common import axis_unit, baseline, latest_label, legend, observed_handles, value_text, wrap, year_axis


def nulage_figure(
    ts: TargetStatus,
    indicator,
    series: Sequence[Obs],
    *,
    rule=None,
    compare: Sequence[Obs] = (),
    compare_indicator=None,
) -> Figure:
    """Nuläge for one target: observed series, baseline, target, required path, projection.

    `indicator` needs title, unit, decimals, better (a `params.Indicator`);
    `rule` (the target's rule) adds wording and the level of a target without data.
    """
    series = sorted(series, key=lambda o: o.year)
    compare = sorted(compare, key=lambda o: o.year)
    share = indicator.is_share
    placing = indicator.is_placing
    tv = target_value(ts, rule)
    ty = ts.target_year

    with house_style():
        fig = Figure(figsize=(7.6, 4.9), layout="constrained")
        ax = fig.add_subplot()
        handles: list[Any] = []

        years = [o.year for o in series]
        xs_all: list[int] = list(years) + [o.year for o in compare]
        ys_all: list[float] = [o.value for o in series] + [o.value for o in compare]

        # required path and target
        path = required_path(ts, share)
        if path:
            ax.plot([p[0] for p in path], [p[1] for p in path], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.7, zorder=2)
            handles.append(Line2D([], [], color=C_REQUIRED, ls=LS_REQUIRED, lw=1.7,
                                  label=FIGURE["required"].format(how=FIGURE["required_linear"] if linear_rule(ts, path[0][1], path[-1][1], share) else FIGURE["required_compound"])))
            ys_all += [p[1] for p in path]
        if tv is not None and ty is not None and ts.kind in ("level", "change", "annual_rate"):
            ax.plot([ty], [tv], ls="none", marker="*", ms=17, mfc=C_REQUIRED, mec=INK, mew=0.8, zorder=5)
            handles.append(Line2D([], [], ls="none", marker="*", ms=13, mfc=C_REQUIRED, mec=INK, mew=0.8,
                                  label=FIGURE["target"].format(year=ty, bound=BOUND[indicator.better], value=value_text(tv, indicator))))
            xs_all.append(ty)
            ys_all.append(tv)

        # projection
        proj = projection_path(ts, share)
        if proj:
            ax.plot([p[0] for p in proj], [p[1] for p in proj], color=C_PROJECTION, ls=LS_PROJECTION, lw=2.0, zorder=3)
            ax.plot([proj[-1][0]], [proj[-1][1]], ls="none", marker="D", ms=7, mfc="white", mec=C_PROJECTION, mew=1.6, zorder=4)
            handles.append(Line2D([], [], color=C_PROJECTION, ls=LS_PROJECTION, lw=2.0, marker="D", ms=6, mfc="white",
                                  mec=C_PROJECTION, mew=1.4, label=FIGURE["projection"].format(year=proj[-1][0], value=value_text(proj[-1][1], indicator))))
            ys_all.append(proj[-1][1])
            xs_all.append(proj[-1][0])

        # comparison series (relative targets)
        if compare:
            ax.plot([o.year for o in compare], [o.value for o in compare], color=C_COMPARISON, ls=LS_COMPARISON, lw=1.5,
                    marker="^", ms=6, mfc=C_COMPARISON, mec=C_COMPARISON, zorder=3)
            cname = compare_indicator.title if compare_indicator is not None else FIGURE["comparison_default"]
            handles.append(Line2D([], [], color=C_COMPARISON, ls=LS_COMPARISON, lw=1.5, marker="^", ms=6,
                                  label=FIGURE["comparison"].format(name=cname)))

        # baseline
        bl = baseline(ts)
        if bl is not None:
            point, word = bl
            ax.axvline(point.year, color=GREY, ls=LS_BASE, lw=1.0, zorder=1)
            ax.plot([point.year], [point.value], ls="none", marker="s", ms=11, mfc="none", mec=GREY, mew=1.3, zorder=4)
            handles.append(Line2D([], [], ls="none", marker="s", ms=9, mfc="none", mec=GREY, mew=1.3,
                                  label=FIGURE["marker"].format(word=word, year=point.year, value=value_text(point.value, indicator))))
            xs_all.append(point.year)

        # observed series
        if series:
            ax.plot(years, [o.value for o in series], color=C_OBSERVED, lw=1.9, zorder=4)
            real = [o for o in series if not o.example]
            ex = [o for o in series if o.example]
            if real:
                ax.plot([o.year for o in real], [o.value for o in real], ls="none", marker="o", ms=6.5, mfc=INK, mec=INK, zorder=6)
            if ex:
                ax.plot([o.year for o in ex], [o.value for o in ex], ls="none", marker="o", ms=6.5, mfc="white", mec=INK, mew=1.5, zorder=6)
            handles[:0] = observed_handles(series)
            last = series[-1]
            ax.annotate(latest_label(indicator, last), (last.year, last.value),
                        xytext=(7, -14 if placing else 7), textcoords="offset points", ha="left", va="bottom",
                        fontsize=9.5, fontweight="bold", color=INK, zorder=7,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
        else:
            ax.text(0.5, 0.85, FIGURE["no_values"], transform=ax.transAxes, ha="center", va="center", fontsize=12, color=GREY)

        # wanted direction (direction and relative targets carry no target value)
        if ts.kind in ("direction", "relative"):
            up = (indicator.better == "higher") != placing  # the better way on screen
            ax.annotate("", xy=(0.975, 0.78 if up else 0.22), xytext=(0.975, 0.22 if up else 0.78), xycoords="axes fraction",
                        arrowprops=dict(arrowstyle="-|>,head_width=0.5,head_length=0.9", lw=2.2, color=C_REQUIRED))
            handles.append(Line2D([], [], color=C_REQUIRED, lw=2.2, marker=">", ms=7, markevery=[1],
                                  label=FIGURE["direction"].format(arrow="↑" if up else "↓", what=FIGURE["direction_placing"] if placing else WANT[indicator.better])))

        # axes
        edge = xs_all + [y for y in (getattr(rule, "base_year", None), ty) if y]
        if not series:  # show the years leading to the target (or the report year), not a single tick
            edge += [(ty or ts.year) - 4, ts.year or ty]
        year_axis(ax, min(edge), max(edge), pad_right=1.0 if ts.kind in ("direction", "relative") else 0.0)  # room for the arrow
        ax.set_ylabel(wrap(axis_unit(indicator.unit), 28))
        ax.yaxis.set_major_formatter(SwedishFormatter())
        if placing:
            ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True, min_n_ticks=3))
        if ys_all:
            lo, hi = min(ys_all), max(ys_all)
            pad = (hi - lo) * 0.18 or max(abs(hi) * 0.1, 1.0)
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
        phrase = phrases.target_phrase(ts.kind, indicator, rule, target_value=tv, target_year=ty,
                                        base_year=ts.base.year if ts.base else None, compare=compare_indicator)
        ax.set_title(wrap(indicator.title, 88) + "\n" + wrap(FIGURE["target_line"].format(phrase=phrase), 100),
                     loc="left", fontsize=10, color=INK)
        if handles:
            legend(fig, handles)
    return fig
