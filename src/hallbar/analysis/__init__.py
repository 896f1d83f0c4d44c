"""What notebooks import: the standard parts of a chapter as ordinary objects (see docs/ANALYSIS.md).

    import hallbar.analysis as hb
    ch = hb.chapter(project_dir, region, year, focus_area)   # a fokusområde: hallbar.analysis.chapter
    s = hb.summary(project_dir, region, year)                # the whole year: hallbar.analysis.summary
    hb.table(df, "Caption")                                  # a DataFrame as a real table
    hb.with_alt(fig, "What the chart shows, in numbers")     # alt text for your own chart
    hb.number(71499.0) -> '71 499'                           # Swedish number format (hb.percent for rates)
    hb.value(6.2, indicator) -> '6,2 procent'                # a value with the indicator's unit
    hb.unit_text("ton CO2e") -> 'ton CO₂e'                   # a unit as the report writes it (axis labels)
    hb.heading(2, "Text", "id"), hb.text("…")                # escaped Markdown for the report

Modules: status.py (goal status computed and explained, as records), tables.py,
figures/ (the charts) and style.py (their look), display.py (charts in a
notebook: SVG with alt text), markdown.py (escaped Markdown), year.py (one
region's report year as the notebooks see it).
"""

from ..sv.numbers import number, percent, unit_text
from ..sv.phrases import value
from .chapter import Chapter, chapter
from .display import use_in_notebook, with_alt
from .markdown import heading, text
from .summary import Summary, summary
from .tables import Table, table
from .year import ReportYear

__all__ = ["Chapter", "ReportYear", "Summary", "Table", "chapter", "heading", "number", "percent", "summary", "table", "text",
           "unit_text", "use_in_notebook", "value", "with_alt"]

use_in_notebook()  # in a Jupyter kernel: charts display as SVG with their alt text (a no-op elsewhere)
