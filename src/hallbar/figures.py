"""The report's figures: one house style, pure functions, no file I/O.

Every function takes plain data (a `TargetStatus`, an indicator, a list of
`Obs`) and returns a matplotlib `Figure` or a Swedish alt text; `svg_bytes`
turns a figure into deterministic SVG bytes (text as paths, fixed hash salt,
no date), so the same inputs give byte-identical files and the same look in
the HTML and the typst PDF.

Readability rules, applied everywhere:

* status is never shown by colour alone: symbol + Swedish label in the
  heading, hatches on bars;
* series differ in line style and marker as well as colour (Okabe–Ito), so
  the figures survive colour-vision deficiency and greyscale print;
* example (illustrative) values have hollow markers and their own legend entry;
* numbers are Swedish (`71 499`, `6,2`), the unit is on the axis.

Figures are built with `matplotlib.figure.Figure` directly (no pyplot, no
global state), inside `house_style()`.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import seaborn as sns
from matplotlib import ticker as mticker
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import fmt
from .status import CHANGES, STATUS_CODES, STATUSES, TargetStatus

__all__ = [
    "Obs", "Panel", "house_rc", "house_style", "svg_bytes",
    "axis_unit", "is_placing", "required_path", "projection_path",
    "nulage_figure", "nulage_alt", "status_bar_figure", "status_bar_alt",
    "overview_figure", "overview_alt", "annual_path", "annual_path_figure", "annual_path_alt",
    "status_heading", "change_text", "with_year", "years_text", "indicator_figure", "indicator_alt", "target_phrase",
]

# --- house style -------------------------------------------------------------

INK = "#000000"
GREY = "#666666"
# series colours (Okabe–Ito); each also has its own line style and marker
C_OBSERVED = INK
C_REQUIRED = "#009E73"  # bluish green: the path to the target, and the target star
C_PROJECTION = "#CC79A7"  # reddish purple: where the current pace leads
C_COMPARISON = "#0072B2"  # blue: a comparison series (relative targets)
LS_REQUIRED = (0, (7, 2, 1.5, 2))  # dash-dot
LS_PROJECTION = (0, (1.5, 1.8))  # dotted
LS_COMPARISON = (0, (5, 2.5))  # dashed
LS_BASE = (0, (1, 3))
EXAMPLE_LABEL = "Exempeldata (ej verkliga värden)"
SVG_METADATA = {"Date": None, "Creator": "hallbar", "Format": "image/svg+xml", "Type": "http://purl.org/dc/dcmitype/StillImage"}
PANEL_STYLES = [  # multi-series figures: marker, line style
    ("o", "-"), ("s", (0, (5, 2))), ("^", (0, (1.5, 1.5))), ("D", (0, (7, 2, 1.5, 2))), ("v", "-"), ("P", (0, (5, 2))),
]


def house_rc() -> dict[str, Any]:
    """The rc settings of every figure: seaborn's whitegrid look, DejaVu Sans, deterministic SVG."""
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("paper", font_scale=1.25))
    rc.update({
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: same glyphs everywhere (✔▲◆▼✖ included)
        "axes.unicode_minus": True,
        "axes.edgecolor": "#444444",
        "axes.labelcolor": INK,
        "axes.titlelocation": "left",
        "axes.titlesize": 10.5,
        "axes.labelsize": 10,
        "xtick.labelsize": 9.5,
        "ytick.labelsize": 9.5,
        "legend.fontsize": 9,
        "grid.color": "#DDDDDD",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "text.color": INK,
        "hatch.color": "#333333",
        "hatch.linewidth": 0.8,
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "svg.fonttype": "path",  # text as paths: identical in browsers and typst
        "svg.hashsalt": "hallbar",  # deterministic ids
        "svg.image_inline": True,
        "path.simplify": False,
    })
    return rc


@contextmanager
def house_style():
    with mpl.rc_context(house_rc()):
        yield


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG bytes: text as paths, no date, fixed ids (byte-identical for equal input)."""
    buf = io.BytesIO()
    with house_style():
        fig.savefig(buf, format="svg", metadata=SVG_METADATA)
    return buf.getvalue()


class SwedishFormatter(mticker.Formatter):
    """Tick labels in Swedish format, with the fewest decimals that show every tick exactly."""

    def __init__(self, decimals: int | None = None):
        self.decimals = decimals
        self._dec = decimals or 0

    def set_locs(self, locs):
        super().set_locs(locs)
        if self.decimals is None:
            self._dec = _decimals_for(locs)

    def __call__(self, x, pos=None):
        return fmt.number(x, self._dec)


def _decimals_for(values: Iterable[float]) -> int:
    vals = [float(v) for v in values if math.isfinite(v)]
    for d in range(5):
        if all(abs(v - round(v, d)) <= 1e-9 * max(1.0, abs(v)) for v in vals):
            return d
    return 4


def _year_axis(ax, first: int, last: int, pad_right: float = 0.0) -> None:
    """Whole years as ticks (no thousands separator), every year up to 12, then every 2nd or 5th."""
    span = max(1, last - first)
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    ax.xaxis.set_major_locator(mticker.FixedLocator(list(range(last, first - 1, -step))[::-1]))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda x, _pos: str(int(round(x)))))
    ax.set_xlim(first - 0.6, last + 0.6 + pad_right)
    ax.grid(axis="x", visible=False)


# --- data the figures take -----------------------------------------------------


@dataclass(frozen=True)
class Obs:
    """One plotted observation."""

    year: int
    value: float
    example: bool = False


@dataclass(frozen=True)
class Panel:
    """One indicator in an overview (small multiples)."""

    title: str
    unit: str
    decimals: int
    better: str
    series: tuple[Obs, ...]
    role: str = ""  # e.g. "Styrmått" / "Kontrollmått"
    status: TargetStatus | None = None
    target: tuple[int, float] | None = None  # (year, value)


is_placing = fmt.is_placing


def _is_share(indicator) -> bool:
    share = getattr(indicator, "is_share", None)
    if isinstance(share, bool):
        return share
    return (indicator.unit or "").strip().lower() in {"procent", "%", "andel (procent)"}


def axis_unit(unit: str) -> str:
    """The y-axis label: the unit, the Swedish way ('procent', 'placering (1 = bäst)')."""
    u = (unit or "").strip()
    low = u.lower()
    if is_placing(u):
        return "placering (1 = bäst)"
    if low == "%":
        return "procent"
    return u


def _val(x: float | None, indicator) -> str:
    return fmt.value(x, indicator.unit, indicator.decimals)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def years_text(years: Iterable[int]) -> str:
    """[2019, 2020, 2021, 2023, 2025] -> '2019–2021, 2023 och 2025'."""
    ys = sorted(set(years))
    runs: list[tuple[int, int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    items = [fmt.year_span(a, b) for a, b in runs]
    return ", ".join(items[:-1]) + " och " + items[-1] if len(items) > 1 else "".join(items)


def _example_sentence(series: Sequence[Obs]) -> list[str]:
    ex = [o.year for o in series if o.example]
    if not ex:
        return []
    if len(ex) == len(series):
        return ["Alla värden är exempeldata."]
    if len(ex) == 1:
        return [f"Värdet för {ex[0]} är exempeldata."]
    return [f"Värdena för {years_text(ex)} är exempeldata."]


def with_year(text: str, year: int) -> str:
    """'5,8 procent (2025)'; '131 (index), 2025' where the value already ends in a parenthesis."""
    return f"{text}, {year}" if text.endswith(")") else f"{text} ({year})"


def status_heading(ts: TargetStatus) -> str:
    """'▲ I fas' (plus how it was assessed when not computed): never colour alone."""
    extra = {"analyst": " (bedömning)", "override": " (manuellt ändrad)"}.get(ts.assessed_by, "")
    return f"{ts.symbol} {ts.label}{extra}"


def change_text(change: str | None) -> str:
    """'↑ Förbättrad' from status.CHANGES."""
    arrow, word = CHANGES[change or "not_comparable"]
    return f"{arrow} {word}"


# --- the geometry: paths from the status result ---------------------------------


def _target_value(ts: TargetStatus, rule) -> float | None:
    if ts.target_value is not None:
        return ts.target_value
    if rule is not None and getattr(rule, "kind", None) == "level":
        return float(rule.value)
    return None


def _linear_rule(ts: TargetStatus, start: float, target: float, share: bool) -> bool:
    if ts.rule in ("compound", "linear"):
        return ts.rule == "linear"
    return (share and ts.kind == "level") or min(start, target) <= 0


def required_path(ts: TargetStatus, share: bool = False) -> list[tuple[int, float]]:
    """Yearly points from the assessed period's first value to the target value by the target year.

    Compound or linear as the status result's `rule` says (the status method's own
    required pace); with a single observation the path starts there. Empty when
    there is no numeric target or the target year is not after the start.
    """
    if ts.kind not in ("level", "change", "annual_rate") or ts.target_value is None or ts.target_year is None:
        return []
    start = ts.first or ts.latest
    if start is None or start.year >= ts.target_year:
        return []
    y0, v0, y1, v1 = start.year, start.value, ts.target_year, ts.target_value
    linear = _linear_rule(ts, v0, v1, share)
    out = []
    for y in range(y0, y1 + 1):
        t = (y - y0) / (y1 - y0)
        out.append((y, v0 + (v1 - v0) * t if linear else v0 * (v1 / v0) ** t))
    return out


def projection_path(ts: TargetStatus, share: bool = False) -> list[tuple[int, float]]:
    """Yearly points from the latest value to the status result's projection at the target year."""
    if ts.projection is None or ts.latest is None or ts.target_year is None or ts.latest.year >= ts.target_year:
        return []
    y0, v0, y1, v1 = ts.latest.year, ts.latest.value, ts.target_year, ts.projection
    linear = ts.rule in ("linear", "relative") or min(v0, v1) <= 0 or (ts.rule == "none" and share)
    return [(y, v0 + (v1 - v0) * (y - y0) / (y1 - y0) if linear else v0 * (v1 / v0) ** ((y - y0) / (y1 - y0)))
            for y in range(y0, y1 + 1)]


def _baseline(ts: TargetStatus):
    """(point, label) of the baseline the figure marks, or None."""
    if ts.base is not None:
        return ts.base, "Basår"
    if ts.kind == "direction" and ts.first is not None and ts.latest is not None and ts.first.year != ts.latest.year:
        return ts.first, "Jämförelseår"
    if ts.kind == "level" and ts.first is not None:
        return ts.first, "Utgångsläge"
    return None


def _want_word(better: str) -> str:
    return "minska" if better == "lower" else "öka"


def target_phrase(ts: TargetStatus, indicator, rule=None, compare_indicator=None) -> str:
    """What the target asks, in words: 'högst 4,5 procent år 2028', 'ska minska jämfört med år 2021'."""
    kind = ts.kind
    bound = "högst" if indicator.better == "lower" else "minst"
    tv = _target_value(ts, rule)
    ty = ts.target_year
    if kind == "direction":
        each = bool(getattr(rule, "each_year", False))
        if is_placing(indicator.unit):
            what = "förbättras (lägre placering)" if indicator.better == "lower" else "förbättras"
        else:
            what = _want_word(indicator.better)
        base_year = getattr(rule, "base_year", None) or (ts.base.year if ts.base else None)
        since = " jämfört med föregående år" if each else (f" jämfört med år {base_year}" if base_year else "")
        until = f" till år {ty}" if ty and not each and getattr(rule, "year", None) else ""
        return f"värdet ska {what}{since}{until}"
    if kind == "relative":
        rel = "lägre" if indicator.better == "lower" else "högre"
        cname = fmt.lc_first(compare_indicator.title) if compare_indicator is not None else "jämförelseserien"
        return f"värdet ska vara {rel} än för {cname}"
    if kind in ("level", "change", "annual_rate"):
        pct = getattr(rule, "percent", None)
        base_year = getattr(rule, "base_year", None)
        how = ""
        if kind == "annual_rate" and pct is not None:
            how = f"{_pct_words(pct)} per år från år {base_year}"
        elif kind == "change" and pct is not None:
            how = f"{_pct_words(pct)} jämfört med år {base_year}"
        if tv is not None:
            main = (f"{_val(tv, indicator)} eller bättre år {ty}" if is_placing(indicator.unit)
                    else f"{bound} {_val(tv, indicator)} år {ty}")
            return f"{main} ({how})" if how else main
        if how:
            return f"{how} till år {ty}"
    return "–"


def _pct_words(p: float) -> str:
    return f"{fmt.number(p, 0 if float(p).is_integer() else 1, sign=True)} procent"


# --- nuläge figure ------------------------------------------------------------------


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
    share = _is_share(indicator)
    placing = is_placing(indicator.unit)
    tv = _target_value(ts, rule)
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
                                  label=f"Nödvändig bana ({'linjär' if _linear_rule(ts, path[0][1], path[-1][1], share) else 'procentuell'} takt)"))
            ys_all += [p[1] for p in path]
        if tv is not None and ty is not None and ts.kind in ("level", "change", "annual_rate"):
            ax.plot([ty], [tv], ls="none", marker="*", ms=17, mfc=C_REQUIRED, mec=INK, mew=0.8, zorder=5)
            handles.append(Line2D([], [], ls="none", marker="*", ms=13, mfc=C_REQUIRED, mec=INK, mew=0.8,
                                  label=f"Mål {ty}: {('högst' if indicator.better == 'lower' else 'minst')} {_val(tv, indicator)}"))
            xs_all.append(ty)
            ys_all.append(tv)

        # projection
        proj = projection_path(ts, share)
        if proj:
            ax.plot([p[0] for p in proj], [p[1] for p in proj], color=C_PROJECTION, ls=LS_PROJECTION, lw=2.0, zorder=3)
            ax.plot([proj[-1][0]], [proj[-1][1]], ls="none", marker="D", ms=7, mfc="white", mec=C_PROJECTION, mew=1.6, zorder=4)
            handles.append(Line2D([], [], color=C_PROJECTION, ls=LS_PROJECTION, lw=2.0, marker="D", ms=6, mfc="white",
                                  mec=C_PROJECTION, mew=1.4, label=f"Nuvarande takt till {proj[-1][0]}: {_val(proj[-1][1], indicator)}"))
            ys_all.append(proj[-1][1])
            xs_all.append(proj[-1][0])

        # comparison series (relative targets)
        if compare:
            ax.plot([o.year for o in compare], [o.value for o in compare], color=C_COMPARISON, ls=LS_COMPARISON, lw=1.5,
                    marker="^", ms=6, mfc=C_COMPARISON, mec=C_COMPARISON, zorder=3)
            cname = compare_indicator.title if compare_indicator is not None else "Jämförelse"
            handles.append(Line2D([], [], color=C_COMPARISON, ls=LS_COMPARISON, lw=1.5, marker="^", ms=6,
                                  label=f"Jämförelse: {cname}"))

        # baseline
        bl = _baseline(ts)
        if bl is not None:
            point, word = bl
            ax.axvline(point.year, color=GREY, ls=LS_BASE, lw=1.0, zorder=1)
            ax.plot([point.year], [point.value], ls="none", marker="s", ms=11, mfc="none", mec=GREY, mew=1.3, zorder=4)
            handles.append(Line2D([], [], ls="none", marker="s", ms=9, mfc="none", mec=GREY, mew=1.3,
                                  label=f"{word} {point.year}: {_val(point.value, indicator)}"))
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
            handles[:0] = _observed_handles(series)
            last = series[-1]
            text = _val(last.value, indicator)
            if len(text) > 22:  # a long unit is on the axis already
                text = fmt.number(last.value, indicator.decimals)
            ax.annotate(with_year(text, last.year), (last.year, last.value),
                        xytext=(7, -14 if placing else 7), textcoords="offset points", ha="left", va="bottom",
                        fontsize=9.5, fontweight="bold", color=INK, zorder=7,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
        else:
            ax.text(0.5, 0.85, "Inga värden ännu", transform=ax.transAxes, ha="center", va="center", fontsize=12, color=GREY)

        # wanted direction (direction and relative targets carry no target value)
        if ts.kind in ("direction", "relative"):
            up = (indicator.better == "higher") != placing  # the better way on screen
            ax.annotate("", xy=(0.975, 0.78 if up else 0.22), xytext=(0.975, 0.22 if up else 0.78), xycoords="axes fraction",
                        arrowprops=dict(arrowstyle="-|>,head_width=0.5,head_length=0.9", lw=2.2, color=C_REQUIRED))
            handles.append(Line2D([], [], color=C_REQUIRED, lw=2.2, marker=">", ms=7, markevery=[1],
                                  label=f"Önskad riktning: {('↑' if up else '↓')} {('lägre placering' if placing else _want_word(indicator.better))}"))

        # axes
        edge = xs_all + [y for y in (getattr(rule, "base_year", None), ty) if y]
        if not series:  # show the years leading to the target, not a single tick
            edge.append((ty or ts.year or 2025) - 4)
            edge.append(ts.year or (ty or 2025))
        _year_axis(ax, min(edge), max(edge), pad_right=1.0 if ts.kind in ("direction", "relative") else 0.0)  # room for the arrow
        ax.set_ylabel(_wrap(axis_unit(indicator.unit), 28))
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
        fig.suptitle(status_heading(ts), x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(_wrap(indicator.title, 88) + "\n" + _wrap("Mål: " + target_phrase(ts, indicator, rule, compare_indicator), 100),
                     loc="left", fontsize=10, color=INK)
        if handles:
            _legend(fig, handles)
    return fig


def _observed_handles(series: Sequence[Obs]) -> list[Line2D]:
    """Legend entries for the observed series: filled = real values, hollow = example data."""
    real = any(not o.example for o in series)
    ex = any(o.example for o in series)
    out = []
    if real:
        out.append(Line2D([], [], color=INK, lw=1.9, marker="o", ms=6, mfc=INK, mec=INK, label="Utfall"))
    if ex:
        out.append(Line2D([], [], color=INK, lw=1.9, marker="o", ms=6, mfc="white", mec=INK, mew=1.5,
                          label=EXAMPLE_LABEL if real else f"Utfall, {EXAMPLE_LABEL.lower()}"))
    return out


def _legend(fig: Figure, handles: list, width: int = 46) -> None:
    """Legend below the axes; long labels wrap, and a single column when they are long."""
    if not handles:
        return
    for h in handles:
        h.set_label(_wrap(h.get_label(), width))
    longest = max(len(line) for h in handles for line in h.get_label().split("\n"))
    fig.legend(handles=handles, loc="outside lower center", ncols=2 if longest <= 40 else 1, frameon=False,
               handlelength=2.6, columnspacing=1.6)


def nulage_alt(
    ts: TargetStatus,
    indicator,
    series: Sequence[Obs],
    *,
    rule=None,
    compare: Sequence[Obs] = (),
    compare_indicator=None,
) -> str:
    """The figure's alt text: one Swedish paragraph that states its numbers and the status.

    'Sjukfrånvaro ... minskade från 6,2 procent år 2022 till 5,6 procent år 2024.
    Målet är högst 4,5 procent år 2028. ... Status: I fas.'
    """
    series = sorted(series, key=lambda o: o.year)
    title = indicator.title
    subject = getattr(indicator, "short_title", None) or "Värdet"  # "Sjukfrånvaron minskade från ..."
    v = lambda x: _val(x, indicator)  # noqa: E731
    placing = is_placing(indicator.unit)
    parts: list[str] = [f"Diagram över {fmt.lc_first(title)}."]
    if not series:
        parts.append("Det finns ännu inga värden.")
    elif len(series) == 1:
        o = series[0]
        parts.append(f"Det finns ett värde: {v(o.value)} år {o.year}.")
    else:
        a, b = series[0], series[-1]
        if placing:
            verb = "förbättrades" if b.value < a.value else "försämrades" if b.value > a.value else "var oförändrad"
        else:
            verb = "ökade" if b.value > a.value else "minskade" if b.value < a.value else "var oförändrat"
        if verb.startswith("var"):
            parts.append(f"{subject} var {v(b.value)} både år {a.year} och år {b.year}.")
        else:
            parts.append(f"{subject} {verb} från {v(a.value)} år {a.year} till {v(b.value)} år {b.year}.")
        if len(series) > 2:
            lo = min(series, key=lambda o: o.value)
            hi = max(series, key=lambda o: o.value)
            parts.append(f"Figuren visar {len(series)} värden; lägst {v(lo.value)} år {lo.year}, högst {v(hi.value)} år {hi.year}.")
    parts += _example_sentence(series)
    phrase = target_phrase(ts, indicator, rule, compare_indicator)
    if phrase != "–":
        parts.append(f"Målet är {'att ' if phrase.startswith('värdet') else ''}{phrase}.")
    if ts.base is not None:
        parts.append(f"Basåret {ts.base.year} var värdet {v(ts.base.value)}.")
    if compare:
        c = sorted(compare, key=lambda o: o.year)[-1]
        parts.append(f"Jämförelseserien var {v(c.value)} år {c.year}.")
    path = required_path(ts, _is_share(indicator))
    if path and ts.status != "achieved":
        parts.append(f"Den nödvändiga banan går från {v(path[0][1])} år {path[0][0]} till {v(path[-1][1])} år {path[-1][0]}.")
    proj = projection_path(ts, _is_share(indicator))
    if proj:
        parts.append(f"Med nuvarande takt blir värdet {v(proj[-1][1])} år {proj[-1][0]}.")
    info = STATUSES[ts.status]
    how = {"analyst": " (analytikernas bedömning)", "override": " (manuellt ändrad)"}.get(ts.assessed_by, "")
    parts.append(f"Status: {info.label}{how}. {info.sentence}")
    return " ".join(parts)


# --- an indicator without a target (kontrollmått) ------------------------------------------


def indicator_figure(indicator, series: Sequence[Obs], *, heading: str = "Kontrollmått") -> Figure:
    """One indicator followed without a target: the observed series, the latest value labelled.

    The heading says it has no target, so the missing status is not mistaken for 'Saknar data'.
    """
    series = sorted(series, key=lambda o: o.year)
    placing = is_placing(indicator.unit)
    with house_style():
        fig = Figure(figsize=(7.6, 4.3), layout="constrained")
        ax = fig.add_subplot()
        if series:
            ax.plot([o.year for o in series], [o.value for o in series], color=INK, lw=1.9, zorder=4)
            for o in series:
                ax.plot([o.year], [o.value], ls="none", marker="o", ms=6.5, mfc="white" if o.example else INK, mec=INK, mew=1.5, zorder=6)
            last = series[-1]
            text = _val(last.value, indicator)
            if len(text) > 22:
                text = fmt.number(last.value, indicator.decimals)
            ax.annotate(with_year(text, last.year), (last.year, last.value), xytext=(7, -14 if placing else 7), textcoords="offset points",
                        ha="left", va="bottom", fontsize=9.5, fontweight="bold", zorder=7,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
            years = [o.year for o in series]
            _year_axis(ax, min(years), max(years), pad_right=0.9)
            lo, hi = min(o.value for o in series), max(o.value for o in series)
            pad = (hi - lo) * 0.18 or max(abs(hi) * 0.1, 1.0)
            ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
            ax.yaxis.set_major_formatter(SwedishFormatter())
            if placing:
                ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True, min_n_ticks=3))
                ax.invert_yaxis()
            _legend(fig, _observed_handles(series))
        else:
            ax.text(0.5, 0.5, "Inga värden ännu", transform=ax.transAxes, ha="center", va="center", fontsize=12, color=GREY)
            ax.set_xticks([])
            ax.set_yticks([])
        ax.set_ylabel(_wrap(axis_unit(indicator.unit), 28))
        fig.suptitle(heading, x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(_wrap(indicator.title, 88) + "\nFöljs utan eget mål", loc="left", fontsize=10)
    return fig


def indicator_alt(indicator, series: Sequence[Obs], *, heading: str = "Kontrollmått") -> str:
    """'Diagram över ... (kontrollmått, följs utan eget mål). Värdet minskade från ... till ....'"""
    series = sorted(series, key=lambda o: o.year)
    v = lambda x: _val(x, indicator)  # noqa: E731
    parts = [f"Diagram över {fmt.lc_first(indicator.title)} ({heading.lower()}, följs utan eget mål)."]
    if not series:
        parts.append("Det finns ännu inga värden.")
    elif len(series) == 1:
        parts.append(f"Det finns ett värde: {v(series[0].value)} år {series[0].year}.")
    else:
        a, b = series[0], series[-1]
        if is_placing(indicator.unit):
            verb = "förbättrades" if b.value < a.value else "försämrades" if b.value > a.value else ""
        else:
            verb = "ökade" if b.value > a.value else "minskade" if b.value < a.value else ""
        parts.append(f"Värdet {verb} från {v(a.value)} år {a.year} till {v(b.value)} år {b.year}." if verb
                     else f"Värdet var {v(b.value)} både år {a.year} och år {b.year}.")
        if len(series) > 2:
            lo = min(series, key=lambda o: o.value)
            hi = max(series, key=lambda o: o.value)
            parts.append(f"Figuren visar {len(series)} värden; lägst {v(lo.value)} år {lo.year}, högst {v(hi.value)} år {hi.year}.")
    parts += _example_sentence(series)
    return " ".join(parts)


# --- summary: stacked bar of statuses per focus area ----------------------------------


def _text_colour(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return INK if lum > 0.45 else "#FFFFFF"


def status_bar_figure(rows: Sequence[tuple[str, dict[str, int]]], noun: str = "delmål", area_noun: str = "fokusområde") -> Figure:
    """Stacked horizontal bars: the share of targets per status in each focus area.

    `rows`: (focus area title, {status code: count}) in programme order.
    Colours + hatches + a legend with symbol and label; the count on each segment.
    """
    n = max(1, len(rows))
    with house_style():
        fig = Figure(figsize=(7.6, 1.5 + 0.62 * n), layout="constrained")
        ax = fig.add_subplot()
        labels = [_wrap(title, 30) for title, _ in rows]
        for i, (_title, counts) in enumerate(rows):
            total = sum(counts.get(c, 0) for c in STATUS_CODES)
            left = 0.0
            for code in STATUS_CODES:
                k = counts.get(code, 0)
                if not k:
                    continue
                width = 100.0 * k / total
                info = STATUSES[code]
                ax.barh(i, width, left=left, height=0.62, color=info.colour, hatch=info.hatch, edgecolor="#333333", linewidth=0.6)
                ax.text(left + width / 2, i, str(k), ha="center", va="center", fontsize=9.5, fontweight="bold", color=INK,
                        bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85))
                left += width
            ax.text(101.5, i, f"{total} {noun}", ha="left", va="center", fontsize=9, color=INK)
        ax.set_yticks(range(len(rows)), labels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_locator(mticker.MultipleLocator(20))
        ax.xaxis.set_major_formatter(SwedishFormatter(0))
        ax.set_xlabel(f"Andel {noun} (procent)")
        ax.grid(axis="y", visible=False)
        ax.spines["right"].set_visible(False)
        handles = [Patch(facecolor=STATUSES[c].colour, hatch=STATUSES[c].hatch, edgecolor="#333333", linewidth=0.6,
                         label=f"{STATUSES[c].symbol} {STATUSES[c].label}") for c in STATUS_CODES]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, handlelength=2.2, handleheight=1.3)
        fig.suptitle(f"Status för {noun} per {area_noun.lower()}", x=0.012, ha="left", fontsize=13, fontweight="bold")
    return fig


def status_bar_alt(rows: Sequence[tuple[str, dict[str, int]]], noun: str = "delmål", area_noun: str = "fokusområde") -> str:
    """'Liggande stapeldiagram ... Minskad klimatpåverkan: 16 delmål, varav 1 uppnått, ...'"""
    parts = [f"Liggande stapeldiagram över andelen {noun} per status i varje {area_noun.lower()}."]
    for title, counts in rows:
        total = sum(counts.get(c, 0) for c in STATUS_CODES)
        items = [f"{counts[c]} {STATUSES[c].label.lower()}" for c in STATUS_CODES if counts.get(c)]
        listing = ", ".join(items[:-1]) + " och " + items[-1] if len(items) > 1 else "".join(items)
        parts.append(f"{title}: {total} {noun}" + (f", varav {listing}." if items else "."))
    return " ".join(parts)


# --- overview: small multiples of many indicators ---------------------------------------


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
            head = (f"{p.status.symbol} " if p.status is not None else "") + (f"{p.role}: " if p.role and not same_role else "")
            ax.set_title(_wrap(head + p.title, 38), loc="left", fontsize=8.5)
            xs = [o.year for o in s]
            ys = [o.value for o in s]
            if s:
                ax.plot(xs, ys, color=INK, lw=1.5)
                real = [o for o in s if not o.example]
                ex = [o for o in s if o.example]
                ax.plot([o.year for o in real], [o.value for o in real], ls="none", marker="o", ms=4.5, mfc=INK, mec=INK)
                ax.plot([o.year for o in ex], [o.value for o in ex], ls="none", marker="o", ms=4.5, mfc="white", mec=INK, mew=1.2)
                last = s[-1]
                ax.annotate(fmt.number(last.value, p.decimals), (last.year, last.value), xytext=(4, 4), textcoords="offset points",
                            fontsize=8, fontweight="bold")
            else:
                ax.text(0.5, 0.5, "Inga värden ännu", transform=ax.transAxes, ha="center", va="center", fontsize=9, color=GREY)
                ax.set_yticks([])
            if p.target is not None:
                ax.plot([p.target[0]], [p.target[1]], ls="none", marker="*", ms=11, mfc=C_REQUIRED, mec=INK, mew=0.6)
                xs.append(p.target[0])
                ys.append(p.target[1])
            if xs:
                _year_axis(ax, min(xs), max(xs))
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
        handles = _observed_handles([o for p in panels for o in p.series])
        if any(p.target is not None for p in panels):
            handles.append(Line2D([], [], ls="none", marker="*", ms=10, mfc=C_REQUIRED, mec=INK, mew=0.6, label="Målvärde"))
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
        if title:
            fig.suptitle(title, x=0.012, ha="left", fontsize=13, fontweight="bold")
    return fig


def overview_alt(panels: Sequence[Panel], title: str = "") -> str:
    parts = [f"{title or 'Översikt'}: {len(panels)} små diagram, ett per indikator."]
    for p in panels:
        s = sorted(p.series, key=lambda o: o.year)
        v = lambda x, p=p: fmt.value(x, p.unit, p.decimals)  # noqa: E731
        who = f"{p.title}" + (f" ({p.role.lower()})" if p.role else "")
        if not s:
            txt = f"{who}: inga värden ännu"
        elif len(s) == 1:
            txt = f"{who}: {v(s[0].value)} år {s[0].year}"
        else:
            txt = f"{who}: från {v(s[0].value)} år {s[0].year} till {v(s[-1].value)} år {s[-1].year}"
        if p.target is not None:
            txt += f"; målvärde {v(p.target[1])} år {p.target[0]}"
        if p.status is not None:
            txt += f"; status {p.status.label.lower()}"
        if any(o.example for o in s):
            txt += " (exempeldata)"
        parts.append(txt + ".")
    return " ".join(parts)


# --- a programme's own yearly path (e.g. −4,2 procent per år) ------------------------------


def annual_path(base_year: int, base_value: float, percent: float, target_year: int) -> list[tuple[int, float]]:
    """The programme's compounding path: base value × (1 + percent/100)^(year − base year)."""
    return [(y, base_value * (1 + percent / 100.0) ** (y - base_year)) for y in range(base_year, target_year + 1)]


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
                                  label=f"Programmets bana ({_pct_words(percent)} per år)"))
            ys += [p[1] for p in path]
            by = dict(path)
            on_path = [o for o in series if o.year in by and o.year > ref.year]
            for o in on_path:
                ax.plot([o.year, o.year], [by[o.year], o.value], color=C_PROJECTION if o.value > by[o.year] else C_COMPARISON,
                        lw=1.2, ls="-", alpha=0.9)
            if on_path:
                last = on_path[-1]
                dev = (last.value / by[last.year] - 1) if by[last.year] else float("nan")
                side = "över" if dev > 0 else "under" if dev < 0 else "på"
                ax.annotate(f"{fmt.number(abs(dev) * 100, 1)} procent {side} banan {last.year}", (last.year, last.value),
                            xytext=(8, -16), textcoords="offset points", fontsize=9, color=INK,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
        if series:
            ax.plot([o.year for o in series], [o.value for o in series], color=INK, lw=1.9)
            for o in series:
                ax.plot([o.year], [o.value], ls="none", marker="o", ms=6.5, mfc="white" if o.example else INK, mec=INK, mew=1.5)
            handles[:0] = _observed_handles(series)
            xs += [o.year for o in series]
            ys += [o.value for o in series]
        if ref is None:
            ax.text(0.5, 0.5, f"Inga värden från basåret {base_year} och framåt", transform=ax.transAxes, ha="center",
                    va="center", fontsize=12, color=GREY)
            ax.set_yticks([])
        _year_axis(ax, min(xs), max(xs))
        ax.set_ylabel(axis_unit(indicator.unit))
        ax.yaxis.set_major_formatter(SwedishFormatter())
        if ys:
            lo, hi = min(ys), max(ys)
            pad = (hi - lo) * 0.15 or max(abs(hi) * 0.1, 1.0)
            ax.set_ylim(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad)
        fig.suptitle(status_heading(ts), x=0.012, ha="left", fontsize=13.5, fontweight="bold")
        ax.set_title(_wrap(f"{indicator.title}: utfall mot programmets bana", 88), loc="left", fontsize=10)
        _legend(fig, handles)
    return fig


def annual_path_alt(ts: TargetStatus, indicator, series: Sequence[Obs], *, percent: float, base_year: int) -> str:
    series = sorted(series, key=lambda o: o.year)
    v = lambda x: _val(x, indicator)  # noqa: E731
    ref = next((o for o in series if o.year >= base_year), None)
    ty = ts.target_year or base_year + 7
    parts = [f"Diagram över {fmt.lc_first(indicator.title)} jämfört med programmets bana, {_pct_words(percent)} per år från år {base_year} till år {ty}."]
    if ref is None:
        parts.append(f"Det finns inga värden från basåret {base_year} och framåt, så banan kan inte ritas.")
    else:
        path = dict(annual_path(ref.year, ref.value, percent, ty))
        if ref.year != base_year:
            parts.append(f"Värde för basåret {base_year} saknas; banan utgår från {v(ref.value)} år {ref.year}.")
        parts.append(f"Banan går från {v(ref.value)} år {ref.year} till {v(path[ty])} år {ty}.")
        later = [o for o in series if o.year > ref.year and o.year in path]
        if later:
            last = later[-1]
            dev = last.value / path[last.year] - 1 if path[last.year] else float("nan")
            side = "över" if dev > 0 else "under" if dev < 0 else "på"
            parts.append(f"Utfallet år {last.year} var {v(last.value)}, {fmt.number(abs(dev) * 100, 1)} procent {side} banans {v(path[last.year])}.")
        elif series:
            parts.append(f"Senaste värdet är {v(series[-1].value)} år {series[-1].year}.")
    if any(o.example for o in series):
        parts.append("Figuren innehåller exempeldata.")
    parts.append(f"Status: {STATUSES[ts.status].label}.")
    return " ".join(parts)
