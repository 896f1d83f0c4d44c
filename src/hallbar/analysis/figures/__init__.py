"""The report's charts: pure functions from data to a matplotlib `Figure` (no file I/O).

    nulage.py      a target's nuläge: series, baseline, target, required path, projection
    indicator.py   a kontrollmått: an indicator followed without a target
    overview.py    small multiples of several indicators
    status_bar.py  the share of targets per status in each focus area
    annual.py      an annual_rate target against the programme's own yearly path

Every chart with a time axis takes `programme=` (a `Programme` or its
`ProgrammeInfo`) and marks the same years the same way (`common.mark_years`):
the programme period as a light shade ("Programperiod 2024–2028") and the base
year as a dashed line ("Basår 2023": a target's own `rule.base_year`, else the
programme's `base_year`, else the year before it starts;
`hallbar.method.paths.programme_years`). A nuläge figure also shows, under the
years, the period the status method measured the pace over ("Takten mäts
2020–2025"). Lines carry direct labels; the legend keeps plain words for the
line styles; a figure is as tall as its content.

Their alt texts are written by `hallbar.sv.alt` from the same data and the same
arguments; the look (colours, fonts, sizes, SVG) is `hallbar.analysis.style`.
"""

from .annual import annual_path_figure
from .common import Panel, axis_unit
from .indicator import indicator_figure
from .nulage import nulage_figure
from .overview import overview_figure
from .status_bar import status_bar_figure

__all__ = ["Panel", "annual_path_figure", "axis_unit", "indicator_figure", "nulage_figure", "overview_figure",
           "status_bar_figure"]
