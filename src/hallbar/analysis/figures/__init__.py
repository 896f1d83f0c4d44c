"""The report's charts: pure functions from data to a matplotlib `Figure` (no file I/O).

    nulage.py      a target's nuläge: series, baseline, target, required path, projection
    indicator.py   a kontrollmått: an indicator followed without a target
    overview.py    small multiples of several indicators
    status_bar.py  the share of targets per status in each focus area
    annual.py      an annual_rate target against the programme's own yearly path

Their alt texts are written by `hallbar.sv.alt` from the same data; the look
(colours, fonts, SVG) is `hallbar.analysis.style`.
"""

from .annual import annual_path_figure
from .common import Panel, axis_unit
from .indicator import indicator_figure
from .nulage import nulage_figure
from .overview import overview_figure
from .status_bar import status_bar_figure

__all__ = ["Panel", "annual_path_figure", "axis_unit", "indicator_figure", "nulage_figure", "overview_figure",
           "status_bar_figure"]
