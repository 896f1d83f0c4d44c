"""The look of every chart and of status colours: one house style.

Seaborn's whitegrid look with DejaVu Sans; Okabe–Ito colours that survive
colour-vision deficiency, each series with its own line style and marker so
the figures also read in greyscale; status colours with hatches for bars.
Status is never shown by colour alone (symbol + label everywhere); the colour
is a help. Text on a status colour is black or white, whichever contrasts
more (`text_on`, WCAG 2.1 relative luminance), and every pair meets 4.5:1.

SVG with text as paths, a fixed hash salt and no date: the same figure gives
the same bytes, and it looks the same in the browser and in the typst PDF.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
from matplotlib import ticker as mticker
from matplotlib.figure import Figure

from ..sv import numbers

# status colours (Okabe–Ito) and hatches (bars in greyscale print)
STATUS_STYLE = {
    "achieved": ("#0072B2", ""),
    "on_track": ("#56B4E9", ".."),
    "moderate": ("#F0E442", "//"),
    "insufficient": ("#E69F00", "xx"),
    "away": ("#D55E00", "\\\\"),
    "not_achieved": ("#CC79A7", "++"),
    "no_data": ("#BBBBBB", "oo"),
}


def status_colour(code: str) -> str:
    return STATUS_STYLE[code][0]


def status_hatch(code: str) -> str:
    return STATUS_STYLE[code][1]


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
LS_BASE = (0, (2, 2))  # the base-year line: the same on every chart
C_BASE = "#555555"
C_PROGRAMME = "#F0F0F0"  # the programme period's light shade (reads as light grey in greyscale)
C_PERIOD = "#333333"  # the bracket under the years of the assessed period
# sizes: figures are FIG_WIDTH wide and printed at 17 cm (scale ≈ 0.88), so no text is below FS_SMALL
# (8,5 pt → 7,5 pt in print, above the 7 pt minimum of `analysis.display`)
FIG_WIDTH = 7.6
FS_LABEL = 9.5  # direct labels of lines and points
FS_SMALL = 8.5  # the base year, the programme period, the assessed period
SVG_METADATA = {"Date": None, "Creator": "hallbar", "Format": "image/svg+xml", "Type": "http://purl.org/dc/dcmitype/StillImage"}
PANEL_STYLES = [  # multi-series figures: marker, line style
    ("o", "-"), ("s", (0, (5, 2))), ("^", (0, (1.5, 1.5))), ("D", (0, (7, 2, 1.5, 2))), ("v", "-"), ("P", (0, (5, 2))),
]


def house_rc() -> dict[str, Any]:
    """The rc settings of every figure: seaborn's whitegrid look, DejaVu Sans, deterministic SVG."""
    import seaborn as sns  # here, not at the top: the build and the renderers read the colours without drawing

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
        return numbers.number(x, self._dec)


def _decimals_for(values: Iterable[float]) -> int:
    vals = [float(v) for v in values if math.isfinite(v)]
    for d in range(5):
        if all(abs(v - round(v, d)) <= 1e-9 * max(1.0, abs(v)) for v in vals):
            return d
    return 4



# --- contrast (WCAG 2.1) ------------------------------------------------------------


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#ffffff") else "#ffffff"


def status_colours() -> dict[str, tuple[str, str]]:
    """code -> (background, text) for every status."""
    return {code: (colour, text_on(colour)) for code, (colour, _hatch) in STATUS_STYLE.items()}


def css_class(code: str) -> str:
    return "s-" + code.replace("_", "-")


def status_css() -> str:
    return "\n".join(f".status.{css_class(code)} {{ background: {bg}; color: {fg}; }}"
                     for code, (bg, fg) in status_colours().items()) + "\n"
