"""The report: the Quarto book project of a region × year, its renderers, its exports.

    context.py     what one report is made of (inputs, status results, narratives, provenance)
    view.py        the report's content as values for the templates; appendix.py: the appendices'
    sources.py     the Quarto book project written from `templates/quarto/` (or the project's report/templates/)
    render.py      render_report and the landing page; the atomic swap into report/_output/
    builtin.py     the built-in renderer: pandoc to HTML, pandoc + typst to PDF
    quarto.py      `quarto render` where Quarto is installed
    exports.py     the status table for the board (.xlsx, .csv)
    templates/     the look: report.typ (the PDF), report.css (the HTML), hallbar.lua and tables.lua (pandoc filters)
"""

from .render import check_output_dir, choose_renderer, render_landing, render_report
from .sources import PACKAGE_TEMPLATES

__all__ = ["PACKAGE_TEMPLATES", "check_output_dir", "choose_renderer", "render_landing", "render_report"]
