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

import importlib
import sys
from typing import Any

# The names a notebook uses, each from its module. They load on first use (PEP 562), so that the build
# and `hallbar status`, which need only `hallbar.analysis.status`, do not pay for matplotlib and seaborn.
_HOME = {
    "number": "..sv.numbers", "percent": "..sv.numbers", "unit_text": "..sv.numbers", "value": "..sv.phrases",
    "Chapter": ".chapter", "chapter": ".chapter", "Summary": ".summary", "summary": ".summary",
    "use_in_notebook": ".display", "with_alt": ".display", "heading": ".markdown", "text": ".markdown",
    "Table": ".tables", "table": ".tables", "ReportYear": ".year",
}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:  # a submodule (hb.display, hb.figures, …), as after an eager import
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    found = getattr(importlib.import_module(_HOME[name], __name__), name)
    globals()[name] = found  # also where a submodule of the same name (chapter, summary) was set by its import
    return found


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


if getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)() is not None:
    from .display import use_in_notebook

    use_in_notebook()  # in a Jupyter kernel: charts display as SVG with their alt text
