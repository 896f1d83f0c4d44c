"""What every chart shares: axes, wrapping, legends, the marked years, the figure's height.

Every time chart marks the same years the same way (`mark_years`): the
programme period as a light shade labelled "Programperiod 2024–2028" and the
base year as a dashed line labelled "Basår 2023" (which base year:
`hallbar.method.paths.programme_years`). Where the status method measured
the pace over other years than from the base year, a bracket under the years
shows them ("Takten mäts 2020–2025", `period_bracket`). Lines carry their
numbers as direct labels (`Label`, placed by `finish` in `labels.py` so they
do not overlap); the legend keeps a few plain words for the line styles. A figure is
as tall as its content (`figure_height`), not a fixed page-size box.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from ...method import TargetStatus
from ...method.paths import AssessedPeriod, ProgrammeYears
from ...model import Indicator, Obs, is_placing
from ...sv import numbers, phrases
from ...sv.numbers import count_word, unit_text
from ...sv.words import EXAMPLE_DATA, FIGURE
from ..style import C_BASE, C_PERIOD, C_PROGRAMME, FS_SMALL, INK, LS_BASE


@dataclass(frozen=True)
class Panel:
    """One indicator in an overview (small multiples)."""

    title: str
    unit: str
    decimals: int
    better: str
    series: tuple[Obs, ...]
    role: str = ""  # shown in the panel title (sv.words.ROLES)
    status: TargetStatus | None = None
    target: tuple[int, float] | None = None  # (year, value)
    base_year: int | None = None  # the panel's own base year (a target's rule.base_year); default: the programme's


def axis_unit(unit: str) -> str:
    """The y-axis label: the unit, the Swedish way ('procent', 'placering (1 = bäst)')."""
    u = (unit or "").strip()
    low = u.lower()
    if is_placing(u):
        return FIGURE["placing_axis"]
    if low == "%":
        return FIGURE["percent_axis"]
    return unit_text(u)


def value_text(x: float | None, indicator: Indicator) -> str:
    return numbers.value(x, indicator.unit, indicator.decimals)


def short_value(x: float | None, indicator: Indicator) -> str:
    """A value for a label: with its unit, or the number alone where the unit is long (it is on the axis)."""
    text = value_text(x, indicator)
    return numbers.number(x, indicator.decimals) if len(text) > 22 else text


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def year_axis(ax, first: int, last: int) -> None:
    """Whole years as ticks (no thousands separator), every year up to 12, then every 2nd or 5th."""
    span = max(1, last - first)
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    ax.xaxis.set_major_locator(mticker.FixedLocator(list(range(last, first - 1, -step))[::-1]))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda x, _pos: str(int(round(x)))))
    ax.set_xlim(first - 0.6, last + 0.6)
    ax.grid(axis="x", visible=False)


def observed_handles(series: Sequence[Obs]) -> list[Line2D]:
    """Legend entries for the observed series: filled = real values, hollow = example data."""
    real = any(not o.example for o in series)
    ex = any(o.example for o in series)
    out = []
    if real:
        out.append(Line2D([], [], color=INK, lw=1.9, marker="o", ms=6, mfc=INK, mec=INK, label=FIGURE["observed"]))
    if ex:
        out.append(Line2D([], [], color=INK, lw=1.9, marker="o", ms=6, mfc="white", mec=INK, mew=1.5,
                          label=EXAMPLE_DATA if real else FIGURE["observed_example"]))
    return out


LEGEND_WRAP = 46


def _legend_cols(labels: Sequence[str]) -> int:
    longest = max((len(line) for text in labels for line in wrap(text, LEGEND_WRAP).split("\n")), default=0)
    return 2 if longest <= 40 else 1


def legend_rows(labels: Sequence[str]) -> int:
    """How many text lines the legend of `labels` takes (for the figure's height)."""
    if not labels:
        return 0
    ncols = _legend_cols(labels)
    heights = [wrap(t, LEGEND_WRAP).count("\n") + 1 for t in labels]
    rows = [max(heights[i:i + ncols]) for i in range(0, len(heights), ncols)]
    return sum(rows)


def legend(fig: Figure, handles: list, width: int = LEGEND_WRAP) -> None:
    """Legend below the axes; long labels wrap, and a single column when they are long."""
    if not handles:
        return
    for h in handles:
        h.set_label(wrap(h.get_label(), width))
    fig.legend(handles=handles, loc="outside lower center", ncols=_legend_cols([h.get_label() for h in handles]),
               frameon=False, handlelength=2.6, columnspacing=1.6)


def latest_label(indicator: Indicator, last: Obs) -> str:
    """The label at the latest value: '5,8 procent (2025)'; the number alone where the unit is long (it is on the axis)."""
    return phrases.with_year(short_value(last.value, indicator), last.year)


# --- the figure's height ------------------------------------------------------------------------------------

HEADER_IN = 0.34  # the bold heading (status or "Kontrollmått")
TITLE_LINE_IN = 0.18  # a line of the axes title
BAND_IN = 0.2  # the row above the plot with "Basår" and "Programperiod"
XTICKS_IN = 0.3
BRACKET_IN = 0.36  # the assessed period's bracket and label under the years
LEGEND_ROW_IN = 0.2
LEGEND_PAD_IN = 0.1


def figure_height(plot_in: float, *, title_lines: int = 0, legend_lines: int = 0, band: bool = False,
                  bracket: bool = False) -> float:
    """The height that fits the content: the plot area plus what is above and below it (inches, 2 decimals)."""
    h = plot_in + XTICKS_IN + HEADER_IN + TITLE_LINE_IN * title_lines
    h += BAND_IN if band else 0.0
    h += BRACKET_IN if bracket else 0.0
    h += (LEGEND_ROW_IN * legend_lines + LEGEND_PAD_IN) if legend_lines else 0.0
    return round(h, 2)


def title_pad(band: bool) -> float:
    """The axes title's distance above the plot: room for the band's labels when there is one."""
    return 6.0 + (FS_SMALL * 1.55 if band else 0.0)


# --- the marked years: programme period, base year, assessed period ---------------------------------------------


def years_span(years: ProgrammeYears | None) -> list[int]:
    """The years the x-axis must show so the marks are visible: the base year and the programme period."""
    if years is None:
        return []
    return [y for y in (years.base_year, years.start, years.end) if y is not None]


@dataclass
class Band:
    """The labels above the plot: the base year's and the programme period's (positioned by `finish`)."""

    base: Any = None  # Annotation at the base-year line
    base_year: int | None = None
    programme: Any = None  # Annotation of the shaded period
    period: tuple[float, float] | None = None  # the shade's x-range (data)


def mark_years(ax, years: ProgrammeYears | None, series: Sequence[Obs] = (), *, labels: bool = True, ms: float = 11) -> Band:
    """Shade the programme period, draw the base-year line and mark the base year's value (an open square).

    Returns the band of labels above the plot (`labels=False`: no labels, e.g. small multiples,
    whose legend names the marks instead).
    """
    band = Band()
    if years is None:
        return band
    if years.start is not None and years.end is not None:
        lo, hi = years.start - 0.5, years.end + 0.5
        ax.axvspan(lo, hi, color=C_PROGRAMME, lw=0, zorder=0)
        band.period = (lo, hi)
        if labels:
            band.programme = ax.annotate(
                FIGURE["programme_period"].format(span=numbers.year_span(years.start, years.end)), xy=(lo, 1.0),
                xycoords=("data", "axes fraction"), xytext=(3, 3), textcoords="offset points", ha="left", va="bottom",
                fontsize=FS_SMALL, color=INK, annotation_clip=False)
    if years.base_year is not None:
        b = years.base_year
        ax.axvline(b, color=C_BASE, ls=LS_BASE, lw=1.1, zorder=1)
        band.base_year = b
        at = next((o for o in series if o.year == b), None)
        if at is not None:
            ax.plot([b], [at.value], ls="none", marker="s", ms=ms, mfc="none", mec=C_BASE, mew=1.3, zorder=5)
        if labels:
            band.base = ax.annotate(
                FIGURE["base"].format(year=b), xy=(b, 1.0), xycoords=("data", "axes fraction"), xytext=(-3, 3),
                textcoords="offset points", ha="right", va="bottom", fontsize=FS_SMALL, color=INK, annotation_clip=False)
    return band


def base_handles(years: ProgrammeYears | None) -> list:
    """Legend entries for the marks, where the chart cannot label them directly (small multiples)."""
    from matplotlib.patches import Patch

    out: list = []
    if years is None:
        return out
    if years.base_year is not None:
        out.append(Line2D([], [], color=C_BASE, ls=LS_BASE, lw=1.1, label=FIGURE["base"].format(year=years.base_year)))
    if years.start is not None and years.end is not None:
        out.append(Patch(facecolor=C_PROGRAMME, edgecolor="none",
                         label=FIGURE["programme_period"].format(span=numbers.year_span(years.start, years.end))))
    return out


def period_label(period: AssessedPeriod) -> str:
    """'Takten mäts 2020–2025', with why when it does not start at the base year ('(de senaste fem åren)')."""
    text = FIGURE["assessed_period"].format(span=numbers.year_span(period.first, period.last))
    why = FIGURE["period_why"].get(period.why) if period.differs else None
    if why:
        span = numbers.year_span(period.base_year or period.first, period.first - 1)
        text += f" ({why.format(n=count_word(period.last - period.window_start), span=span)})"
    return text


def period_bracket(ax, period: AssessedPeriod) -> None:
    """A bracket under the year labels from the period's first to its latest year, with 'Takten mäts 2020–2025'."""
    import matplotlib as mpl

    fig = ax.figure
    tick = ax.xaxis.get_major_ticks()[0] if ax.xaxis.get_major_ticks() else None
    size = tick.tick1line.get_markersize() if tick is not None else mpl.rcParams["xtick.major.size"]
    pad = tick.get_pad() if tick is not None else mpl.rcParams["xtick.major.pad"]
    below = size + pad + mpl.rcParams["xtick.labelsize"] * 1.2 + 3.0  # under the year labels, in points
    base = ax.get_xaxis_transform()
    line = offset_copy(base, fig=fig, x=0, y=-below, units="points")
    ax.annotate("", xy=(period.first, 0), xycoords=line, xytext=(period.last, 0), textcoords=line, annotation_clip=False,
                arrowprops=dict(arrowstyle="|-|,widthA=0.25,widthB=0.25", lw=1.1, color=C_PERIOD, shrinkA=0, shrinkB=0))
    text = offset_copy(base, fig=fig, x=0, y=-below - 4, units="points")
    ax.annotate(period_label(period), xy=((period.first + period.last) / 2, 0), xycoords=text, ha="center", va="top",
                fontsize=FS_SMALL, color=INK, annotation_clip=False)


# --- direct labels, placed together after the layout -----------------------------------------------------------
