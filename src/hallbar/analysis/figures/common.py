"""What every chart shares: axes, wrapping, legends, the observed series' legend entries."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ...method import TargetStatus
from ...model import Indicator, Obs, is_placing
from ...sv import numbers, phrases
from ...sv.numbers import unit_text
from ...sv.words import EXAMPLE_DATA, FIGURE
from ..style import INK


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


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def year_axis(ax, first: int, last: int, pad_right: float = 0.0) -> None:
    """Whole years as ticks (no thousands separator), every year up to 12, then every 2nd or 5th."""
    span = max(1, last - first)
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    ax.xaxis.set_major_locator(mticker.FixedLocator(list(range(last, first - 1, -step))[::-1]))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda x, _pos: str(int(round(x)))))
    ax.set_xlim(first - 0.6, last + 0.6 + pad_right)
    ax.grid(axis="x", visible=False)


def baseline(ts: TargetStatus):
    """(point, label) of the baseline the figure marks, or None."""
    if ts.base is not None:
        return ts.base, FIGURE["base"]
    if ts.kind == "direction" and ts.first is not None and ts.latest is not None and ts.first.year != ts.latest.year:
        return ts.first, FIGURE["comparison_year"]
    if ts.kind == "level" and ts.first is not None:
        return ts.first, FIGURE["start"]
    return None


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


def legend(fig: Figure, handles: list, width: int = 46) -> None:
    """Legend below the axes; long labels wrap, and a single column when they are long."""
    if not handles:
        return
    for h in handles:
        h.set_label(wrap(h.get_label(), width))
    longest = max(len(line) for h in handles for line in h.get_label().split("\n"))
    fig.legend(handles=handles, loc="outside lower center", ncols=2 if longest <= 40 else 1, frameon=False,
               handlelength=2.6, columnspacing=1.6)


def latest_label(indicator: Indicator, last: Obs) -> str:
    """The label at the latest value: '5,8 procent (2025)'; the number alone where the unit is long (it is on the axis)."""
    text = value_text(last.value, indicator)
    if len(text) > 22:
        text = numbers.number(last.value, indicator.decimals)
    return phrases.with_year(text, last.year)
