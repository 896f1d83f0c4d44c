"""The built-in renderer: the Quarto book project rendered without Quarto.

HTML: pandoc (pypandoc-binary) turns each chapter into an HTML fragment and
`templates/builtin/page.html.j2` wraps it in a page: one page per chapter, as
Quarto's book output has, so the output folder has the same shape whichever
renderer built it and a reviewer can link to one fokusområde; a sidebar lists
every page and each page links to the previous and next. The stylesheet is
embedded, `lang="sv"`, a skip link leads to the content. The summary page (and
any page with a `<div class="malfilter">`) embeds `templates/builtin/malfilter.js`,
the search and filter over the targets; a Content-Security-Policy lets no other
script run on any page (the filter's by its hash).

PDF: the pages joined as one pandoc AST, pandoc's typst writer with
`templates/builtin/report.typ` (cover, TOC, page numbers, the running header with
the chapter and the Exempeldata marker, numbering, spacing; tables.lua sizes the
tables' columns from their text) and the `typst` package. Fonts: DejaVu
Sans from /usr/share/fonts/truetype/dejavu when present, else typst's embedded
Libertinus Serif; DejaVu Sans Mono (embedded in typst) is the last fallback,
so å/ä/ö and every status symbol (✔ ▲ ◆ ▼ ✖ ?) always have a glyph.

Word: the PDF's document through pandoc's docx writer (`docx.py`). All three read
the chapters and run `templates/builtin/tables.lua` and `hallbar.lua` the same way (`pandoc.py`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

import jinja2

from .. import __version__
from ..analysis.style import status_colours
from ..inputs.narrative import NARRATIVE_ASSETS
from .docx import render_docx
from .pandoc import BUILTIN, book_ast, convert, font_paths, identifiers, page_asts, page_title, plain
from .sources import CSS_FILE, Page, read_project
from .yamltext import dump_yaml_text

log = logging.getLogger("hallbar.render")
ASSET_DIRS = ("figures", NARRATIVE_ASSETS)
FILTER_JS = BUILTIN / "malfilter.js"  # search and filter over the targets (summary page)
MALFILTER = re.compile(r'<div class="malfilter[ "]')


def _book(conf: dict[str, Any]) -> dict[str, Any]:
    h = conf.get("hallbar", {})
    b = conf["book"]
    return {"title": plain(b["title"]), "subtitle": plain(b.get("subtitle", "")), "region_name": plain(h.get("region-name", "")),
            "programme": plain(h.get("programme", "")), "year": h.get("year"), "example_data": bool(h.get("example-data")),
            "pdf": h["pdf"], "docx": h["docx"], "xlsx": h["xlsx"], "csv": h["csv"]}


def filter_script() -> tuple[jinja2.utils.markupsafe.Markup, str]:
    """The filter's script as embedded in a page, and its CSP source (`'sha256-…'` of exactly that text)."""
    text = FILTER_JS.read_text(encoding="utf-8").strip()
    if "</" in text:
        raise ValueError(f"{FILTER_JS.name} must not contain '</' (it is embedded in a <script> element)")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return jinja2.utils.markupsafe.Markup(text), f"'sha256-{digest}'"


def render_html(project_dir: Path, out: Path, conf: dict[str, Any], pages: list[Page], asts: dict[str, dict] | None = None) -> None:
    """One HTML page per chapter; `asts`: the pages already read (`page_asts`)."""
    import pypandoc

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(BUILTIN)), autoescape=True, undefined=jinja2.StrictUndefined)
    shell = env.get_template("page.html.j2")
    book = _book(conf)
    css = jinja2.utils.markupsafe.Markup((project_dir / CSS_FILE).read_text(encoding="utf-8").replace("</", "<\\/"))
    asts = asts if asts is not None else page_asts(project_dir, pages)
    titles = {f: page_title(ast, Path(f).stem) for f, ast in asts.items()}
    anchors: set[str] = set()
    for ast in asts.values():
        identifiers(ast["blocks"], anchors)
    anchors_file = out / "_anchors.yml"
    anchors_file.write_text(dump_yaml_text({"hallbar-anchors": sorted(anchors)}), encoding="utf-8")
    groups = [("Redovisningen", [p for p in pages if p.kind != "appendix"]), ("Bilagor", [p for p in pages if p.kind == "appendix"])]
    script, script_hash = filter_script()
    for i, page in enumerate(pages):
        body = convert(json.dumps(asts[page.file], ensure_ascii=False), "html5", ["--metadata-file", str(anchors_file)], fmt="json")
        filtered = Path(page.file).stem == "summary" or MALFILTER.search(body) is not None
        nav = [{"title": g, "pages": [{"href": p.html, "title": titles[p.file], "current": p is page} for p in ps]} for g, ps in groups if ps]
        neighbour = lambda j: {"href": pages[j].html, "title": titles[pages[j].file]} if 0 <= j < len(pages) else None  # noqa: E731
        html = shell.render(book=book, page={"title": titles[page.file]}, nav=nav, body=jinja2.utils.markupsafe.Markup(body),
                            css=css, prev=neighbour(i - 1), next=neighbour(i + 1), version=__version__,
                            script=script if filtered else None, script_csp=script_hash if filtered else "'none'",
                            pandoc_version=pypandoc.get_pandoc_version())
        (out / page.html).write_text(html, encoding="utf-8")
    anchors_file.unlink()


def render_pdf(project_dir: Path, out: Path, conf: dict[str, Any], pages: list[Page], book: dict | None = None) -> Path:
    """The PDF of `pages` (or of `book`, their joined AST when the caller has it already)."""
    import typst

    h, b = conf.get("hallbar", {}), conf["book"]
    meta = {
        "title": b["title"], "subtitle": b.get("subtitle", ""), "lang": "sv",
        "region-name": h.get("region-name", ""), "programme": h.get("programme", ""), "year": str(h.get("year", "")),
        "approved-by": h.get("approved-by", ""), "approved-on": h.get("approved-on", ""),
        "example-data": bool(h.get("example-data")),
        "status-colours": {code: {"bg": bg, "fg": fg} for code, (bg, fg) in status_colours().items()},
    }
    meta_file = out / "_metadata.yml"
    meta_file.write_text(dump_yaml_text(meta), encoding="utf-8")
    typ = out / "_report.typ"
    try:
        book = book if book is not None else book_ast(project_dir, pages)
        source = convert(json.dumps(book, ensure_ascii=False), "typst",
                         ["--standalone", "--template", str(BUILTIN / "report.typ"), "--metadata-file", str(meta_file)], fmt="json")
        typ.write_text(source, encoding="utf-8")
        pdf = out / h["pdf"]
        _, notes = typst.compile_with_warnings(str(typ), output=str(pdf), root=str(out), font_paths=font_paths(),
                                               ignore_system_fonts=True)
        for note in notes:  # e.g. "unknown font family: dejavu sans" where DejaVu is not installed: the fallbacks apply
            log.info("typst: %s", getattr(note, "message", note))
        return pdf
    finally:
        for f in (meta_file, typ):
            f.unlink(missing_ok=True)


def render_builtin(project_dir: Path, out: Path) -> None:
    """Render the Quarto project in `project_dir` into the (empty) folder `out`: HTML pages, PDF, Word."""
    conf, pages = read_project(project_dir)
    for sub in ASSET_DIRS:
        if (project_dir / sub).is_dir():
            shutil.copytree(project_dir / sub, out / sub)
    asts = page_asts(project_dir, pages)  # every chapter read once, for the HTML pages, the PDF and the Word file
    render_html(project_dir, out, conf, pages, asts)
    book = book_ast(project_dir, pages, asts)  # the PDF and the Word file are the same document
    render_pdf(project_dir, out, conf, pages, book)
    render_docx(project_dir, out, conf, pages, book)
