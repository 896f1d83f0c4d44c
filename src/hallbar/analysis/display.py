"""How charts show in a notebook, and so in the report: SVG with their alt text.

`with_alt(fig, alt, caption)` gives a matplotlib Figure the text a reader who
cannot see it gets; the library's own figures come with one, written from
their data (`hallbar.sv.alt`). In a notebook (`use_in_notebook`, called when
`hallbar.analysis` is imported in a kernel) every Figure displays as
deterministic SVG, carrying that alt text and caption as output metadata,
which the report turns into the figure's alt text and caption. A Figure
without alt text needs `#| fig-alt: ...` in its cell, or the build stops
and names the cell. Tables show in full (no pandas truncation of long cells
or many rows), as the report shows them.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from ..sv.phrases import one_line
from .style import svg_bytes

SVG = "image/svg+xml"


def with_alt(fig: Figure, alt: str, caption: str | None = None) -> Figure:
    """The same Figure, with the alt text (and caption) the report shows with it."""
    fig._hallbar_alt = one_line(alt)  # type: ignore[attr-defined]
    if caption is not None:
        fig._hallbar_caption = one_line(caption)  # type: ignore[attr-defined]
    return fig


def alt_of(fig: Figure) -> str:
    return getattr(fig, "_hallbar_alt", "") or ""


def caption_of(fig: Figure) -> str:
    return getattr(fig, "_hallbar_caption", "") or ""


PRINT_WIDTH_IN = 17 / 2.54  # the PDF's text width: a figure is scaled to it
PRINT_MAX_HEIGHT_IN = 19 / 2.54  # ... and never taller than this (report.typ's hallbar-image)
MIN_PRINT_PT = 7.0  # no text in print smaller than this


def print_text_size(fig: Figure) -> float | None:
    """The smallest text of the figure in points as printed in the PDF (font size × the scale to the page), or None."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    if not sizes:
        return None
    w, h = fig.get_size_inches()
    scale = min(PRINT_WIDTH_IN / w, PRINT_MAX_HEIGHT_IN / h)
    return round(min(sizes) * scale, 2)


def figure_output(fig: Figure) -> tuple[str, dict[str, Any]]:
    """(svg text, metadata) of a figure as a notebook output: {'alt', 'caption', 'print_pt'} where known.

    `print_pt` is the smallest text as printed; the report warns below `MIN_PRINT_PT`.
    """
    svg = svg_bytes(fig).decode("utf-8")  # drawing first: text sizes are final after layout
    meta = {k: v for k, v in (("alt", alt_of(fig)), ("caption", caption_of(fig)), ("print_pt", print_text_size(fig))) if v}
    return svg, meta


def _svg_formatter(fig: Figure):
    svg, meta = figure_output(fig)
    return (svg, meta) if meta else svg


def use_in_notebook() -> bool:
    """In a Jupyter kernel: Figures display as SVG with their alt text (instead of PNG without). False elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    try:  # the inline backend registers its PNG formatter when it is first loaded: load it first, then replace it
        import matplotlib_inline.backend_inline  # noqa: F401
    except ImportError:  # pragma: no cover - comes with ipykernel
        pass
    formatters = shell.display_formatter.formatters
    for mime, formatter in formatters.items():  # no PNG/PDF copy of a figure beside the SVG
        if mime != SVG:
            formatter.pop(Figure, None)
    formatters[SVG].for_type(Figure, _svg_formatter)
    import matplotlib as mpl

    from .style import house_rc

    mpl.rcParams.update(house_rc())  # the analyst's own charts get the report's look too
    import pandas as pd

    pd.set_option("display.max_colwidth", None)  # a table in the report shows every row and all of each cell
    pd.set_option("display.max_rows", None)
    return True
