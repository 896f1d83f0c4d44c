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

from .style import svg_bytes

SVG = "image/svg+xml"


def with_alt(fig: Figure, alt: str, caption: str | None = None) -> Figure:
    """The same Figure, with the alt text (and caption) the report shows with it."""
    fig._hallbar_alt = " ".join(str(alt).split())  # type: ignore[attr-defined]
    if caption is not None:
        fig._hallbar_caption = " ".join(str(caption).split())  # type: ignore[attr-defined]
    return fig


def alt_of(fig: Figure) -> str:
    return getattr(fig, "_hallbar_alt", "") or ""


def caption_of(fig: Figure) -> str:
    return getattr(fig, "_hallbar_caption", "") or ""


def figure_output(fig: Figure) -> tuple[str, dict[str, Any]]:
    """(svg text, metadata) of a figure as a notebook output: {'alt': ..., 'caption': ...} where known."""
    meta = {k: v for k, v in (("alt", alt_of(fig)), ("caption", caption_of(fig))) if v}
    return svg_bytes(fig).decode("utf-8"), meta


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
