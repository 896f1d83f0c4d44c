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

Word (docx, for the political process): the PDF's joined AST through pandoc's docx
writer, figures as PNG drawn by typst, each with its alt text as the picture's
description, the HTML-only pages left out.

PDF: the pages joined as one pandoc AST, pandoc's typst writer with
`templates/builtin/report.typ` (cover, TOC, page numbers, the running header with
the chapter and the Exempeldata marker, numbering, spacing; hallbar.lua sizes the
tables' columns from their text) and the `typst` package. Fonts: DejaVu
Sans from /usr/share/fonts/truetype/dejavu when present, else typst's embedded
Libertinus Serif; DejaVu Sans Mono (embedded in typst) is the last fallback,
so å/ä/ö and every status symbol (✔ ▲ ◆ ▼ ✖ ?) always have a glyph.

Both read the chapters with `markdown` minus raw HTML/attributes/TeX and run
`templates/builtin/hallbar.lua`, which gives plain pandoc the few Quarto
behaviours the sources use (fig-alt, links between chapters, content-visible).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from .. import __version__
from ..analysis.style import status_colours
from ..inputs.narrative import NARRATIVE_ASSETS, plain_text
from .sources import CSS_FILE, PACKAGE_TEMPLATES, Page, read_project
from .yamltext import dump_yaml_text

log = logging.getLogger("hallbar.render")
READER = "markdown-raw_html-raw_attribute-raw_tex-smart"  # characters as written: the sources carry ”…” and – already
BUILTIN = PACKAGE_TEMPLATES / "builtin"
LUA = BUILTIN / "hallbar.lua"
IPYNB_LUA = BUILTIN / "ipynb.lua"  # chapter notebooks: Markdown outputs as Markdown, no code
# a chapter notebook's markdown cells read as Quarto reads them (pandoc Markdown), raw HTML as text
IPYNB = ("ipynb+header_attributes+fenced_divs+bracketed_spans+link_attributes+implicit_figures+table_captions"
         "+simple_tables+multiline_tables+grid_tables+pipe_tables+fancy_lists+definition_lists+footnotes-raw_html-smart")
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
ASSET_DIRS = ("figures", NARRATIVE_ASSETS)
FILTER_JS = BUILTIN / "malfilter.js"  # search and filter over the targets (summary page)
DOCX_PPI = 200  # figures in the Word file: sharp in print at full text width
MALFILTER = re.compile(r'<div class="malfilter[ "]')


def font_paths() -> list[str]:
    return [str(d) for d in FONT_DIRS if d.is_dir()]


def _pandoc(source: str, to: str, args: list[str], fmt: str = READER, outputfile: str | None = None) -> str:
    import pypandoc

    extra = ["--lua-filter", str(LUA), "--wrap=none", *args]
    path = Path(source) if len(source) < 4096 and "\n" not in source else None
    if path is not None and path.suffix == ".ipynb" and path.is_file():
        return pypandoc.convert_file(source, to, format=IPYNB, extra_args=["--ipynb-output=all", "--lua-filter", str(IPYNB_LUA), *extra],
                                     sandbox=False)
    if path is not None and path.suffix in (".qmd", ".md") and path.is_file():
        return pypandoc.convert_file(source, to, format=fmt, extra_args=extra, sandbox=False)
    return pypandoc.convert_text(source, to, format=fmt, extra_args=extra, sandbox=False, outputfile=outputfile)


def page_ast(path: Path) -> dict:
    import pypandoc

    if path.suffix == ".ipynb":
        return json.loads(pypandoc.convert_file(str(path), "json", format=IPYNB,
                                                extra_args=["--ipynb-output=all", "--lua-filter", str(IPYNB_LUA)]))
    return json.loads(pypandoc.convert_file(str(path), "json", format=READER))


def page_title(ast: dict | list, fallback: str) -> str:
    """The text of the page's first level-1 heading (also inside a div, e.g. a page shown in HTML only)."""
    for block in ast["blocks"] if isinstance(ast, dict) else ast:
        if block.get("t") == "Header" and block["c"][0] == 1:
            return plain_text(block["c"][2]).strip()
        if block.get("t") == "Div":
            title = page_title(block["c"][1], "")
            if title:
                return title
    return fallback


_ATTR_AT = {"Header": 1, "Div": 0, "Span": 0, "Figure": 0, "Image": 0, "Table": 0, "CodeBlock": 0, "Link": 0}


def elements(node: Any) -> Iterator[dict]:
    """Every element (a dict with "t") of a pandoc JSON AST, depth first."""
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for v in node.values():
            yield from elements(v)
    elif isinstance(node, list):
        for v in node:
            yield from elements(v)


def identifiers(node: Any, out: set[str]) -> set[str]:
    """Every element identifier of a pandoc JSON AST (the anchors a link can point to)."""
    for el in elements(node):
        if el["t"] in _ATTR_AT and isinstance(el.get("c"), list):
            attr = el["c"][_ATTR_AT[el["t"]]]
            if isinstance(attr, list) and attr and isinstance(attr[0], str) and attr[0]:
                out.add(attr[0])
    return out


def plain(text: Any) -> str:
    """Markdown text (as written into _quarto.yml) -> the plain text a reader sees."""
    import pypandoc

    return pypandoc.convert_text(str(text or ""), "plain", format=READER, extra_args=["--wrap=none"]).strip()


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


def render_html(project_dir: Path, out: Path, conf: dict[str, Any], pages: list[Page]) -> None:
    import pypandoc

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(BUILTIN)), autoescape=True, undefined=jinja2.StrictUndefined)
    shell = env.get_template("page.html.j2")
    book = _book(conf)
    css = jinja2.utils.markupsafe.Markup((project_dir / CSS_FILE).read_text(encoding="utf-8").replace("</", "<\\/"))
    asts = {p.file: page_ast(project_dir / p.file) for p in pages}
    titles = {f: page_title(ast, Path(f).stem) for f, ast in asts.items()}
    anchors: set[str] = set()
    for ast in asts.values():
        identifiers(ast["blocks"], anchors)
    anchors_file = out / "_anchors.yml"
    anchors_file.write_text(dump_yaml_text({"hallbar-anchors": sorted(anchors)}), encoding="utf-8")
    groups = [("Redovisningen", [p for p in pages if p.kind != "appendix"]), ("Bilagor", [p for p in pages if p.kind == "appendix"])]
    script, script_hash = filter_script()
    for i, page in enumerate(pages):
        body = _pandoc(str(project_dir / page.file), "html5", ["--metadata-file", str(anchors_file)])
        filtered = Path(page.file).stem == "summary" or MALFILTER.search(body) is not None
        nav = [{"title": g, "pages": [{"href": p.html, "title": titles[p.file], "current": p is page} for p in ps]} for g, ps in groups if ps]
        neighbour = lambda j: {"href": pages[j].html, "title": titles[pages[j].file]} if 0 <= j < len(pages) else None  # noqa: E731
        html = shell.render(book=book, page={"title": titles[page.file]}, nav=nav, body=jinja2.utils.markupsafe.Markup(body),
                            css=css, prev=neighbour(i - 1), next=neighbour(i + 1), version=__version__,
                            script=script if filtered else None, script_csp=script_hash if filtered else "'none'",
                            pandoc_version=pypandoc.get_pandoc_version())
        (out / page.html).write_text(html, encoding="utf-8")
    anchors_file.unlink()


def book_ast(project_dir: Path, pages: list[Page]) -> dict:
    """Every page as one pandoc AST, in book order (the PDF and the Word file are one document each).

    Joined as ASTs, not as Markdown text: joined text would let a page's closing list swallow the table
    that follows it; and pandoc would sort a list of files by name.
    """
    asts = [page_ast(project_dir / p.file) for p in pages]
    return {"pandoc-api-version": asts[0]["pandoc-api-version"], "meta": {}, "blocks": [b for a in asts for b in a["blocks"]]}


def render_pdf(project_dir: Path, out: Path, conf: dict[str, Any], pages: list[Page]) -> Path:
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
        source = _pandoc(json.dumps(book_ast(project_dir, pages), ensure_ascii=False), "typst",
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


def svg_to_png(out: Path, book: dict, folder: str = "_docx-figures") -> None:
    """Point the AST's SVG images at PNG copies in `out/folder` (Word before 2016 cannot show SVG).

    One typst document with a page per image, exported as PNG at DOCX_PPI: typst draws the SVG with the
    report's own fonts, and one compile loads them once (pandoc would need rsvg-convert).
    """
    import typst

    images = [el for el in elements(book["blocks"]) if el["t"] == "Image"]
    svgs = sorted({img["c"][2][0] for img in images if img["c"][2][0].lower().endswith(".svg")})
    if not svgs:
        return
    (out / folder).mkdir()
    pages = "\n#pagebreak()\n".join(f'#image("/{s}")' for s in svgs)  # paths from the root (out)
    doc = out / folder / "_images.typ"
    doc.write_text("#set page(width: auto, height: auto, margin: 0pt)\n" + pages + "\n", encoding="utf-8")
    typst.compile(str(doc), output=str(out / folder / "{p}.png"), format="png", ppi=DOCX_PPI, root=str(out),
                  font_paths=font_paths(), ignore_system_fonts=True)
    doc.unlink()
    png = {svg: f"{folder}/{i}.png" for i, svg in enumerate(svgs, start=1)}  # typst's {p}: the page number
    for img in images:
        src = img["c"][2][0]
        if src in png:
            img["c"][2][0] = png[src]


def _epoch(date: Any) -> str:
    """Seconds since 1970 at midnight UTC of an ISO date (the report's date); 0 when it has none."""
    try:
        day = dt.date.fromisoformat(str(date))
    except ValueError:
        return "0"
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))


def render_docx(project_dir: Path, out: Path, conf: dict[str, Any], pages: list[Page]) -> Path:
    """The Word file for the political process: the PDF's document (HTML-only pages left out) in pandoc's docx."""
    h, b = conf.get("hallbar", {}), conf["book"]
    book = book_ast(project_dir, pages)
    svg_to_png(out, book)
    docx = out / h["docx"]
    meta = {"title": plain(b["title"]), "subtitle": plain(b.get("subtitle", "")), "author": plain(h.get("region-name", "")),
            "lang": "sv-SE", "toc-title": "Innehåll"}
    meta_file = out / "_docx-metadata.yml"
    meta_file.write_text(dump_yaml_text(meta), encoding="utf-8")
    # the file's creation date is the report's date, not the clock's: same inputs, same bytes
    epoch, os.environ["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH"), _epoch(b.get("date"))
    try:
        _pandoc(json.dumps(book, ensure_ascii=False), "docx",
                ["--metadata-file", str(meta_file), "--toc", "--toc-depth=1", f"--dpi={DOCX_PPI}", "--resource-path", str(out)],
                fmt="json", outputfile=str(docx))
    finally:
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
        meta_file.unlink(missing_ok=True)
        shutil.rmtree(out / "_docx-figures", ignore_errors=True)
    return docx


def render_builtin(project_dir: Path, out: Path) -> None:
    """Render the Quarto project in `project_dir` into the (empty) folder `out`: HTML pages, PDF, Word."""
    conf, pages = read_project(project_dir)
    for sub in ASSET_DIRS:
        if (project_dir / sub).is_dir():
            shutil.copytree(project_dir / sub, out / sub)
    render_html(project_dir, out, conf, pages)
    render_pdf(project_dir, out, conf, pages)
    render_docx(project_dir, out, conf, pages)
