"""pandoc as the built-in renderer uses it: how the chapters are read, the one filter, the AST helpers.

Every chapter is read the same way for every output (HTML, PDF, Word): Quarto's `.qmd` as
pandoc Markdown without raw HTML/attributes/TeX and without smart punctuation, and an executed
notebook as `ipynb` with `ipynb.lua` (Markdown outputs as Markdown, no code). Every output is
written through `tables.lua` (column widths; the phone layout of tables) and `hallbar.lua`, which gives
plain pandoc the few Quarto behaviours the sources use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..inputs.narrative import plain_text
from .sources import PACKAGE_TEMPLATES, Page

READER = "markdown-raw_html-raw_attribute-raw_tex-smart"  # characters as written: the sources carry ”…” and – already
BUILTIN = PACKAGE_TEMPLATES / "builtin"
LUA = BUILTIN / "hallbar.lua"
TABLES_LUA = BUILTIN / "tables.lua"  # the tables' column widths and phone layout; runs before hallbar.lua
IPYNB_LUA = BUILTIN / "ipynb.lua"  # chapter notebooks: Markdown outputs as Markdown, no code
# a chapter notebook's markdown cells read as Quarto reads them (pandoc Markdown), raw HTML as text
IPYNB = ("ipynb+header_attributes+fenced_divs+bracketed_spans+link_attributes+implicit_figures+table_captions"
         "+simple_tables+multiline_tables+grid_tables+pipe_tables+fancy_lists+definition_lists+footnotes-raw_html-smart")
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def font_paths() -> list[str]:
    return [str(d) for d in FONT_DIRS if d.is_dir()]


def filters() -> list[str]:
    """pandoc's arguments for hallbar's two filters, in their order (tables.lua measures the cells as written)."""
    return ["--lua-filter", str(TABLES_LUA), "--lua-filter", str(LUA)]


def convert(source: str, to: str, args: list[str], fmt: str = READER) -> str:
    import pypandoc

    extra = [*filters(), "--wrap=none", *args]
    path = Path(source) if len(source) < 4096 and "\n" not in source else None
    if path is not None and path.suffix == ".ipynb" and path.is_file():
        return pypandoc.convert_file(source, to, format=IPYNB, extra_args=["--ipynb-output=all", "--lua-filter", str(IPYNB_LUA), *extra],
                                     sandbox=False)
    if path is not None and path.suffix in (".qmd", ".md") and path.is_file():
        return pypandoc.convert_file(source, to, format=fmt, extra_args=extra, sandbox=False)
    return pypandoc.convert_text(source, to, format=fmt, extra_args=extra, sandbox=False)


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


def page_asts(project_dir: Path, pages: list[Page]) -> dict[str, dict]:
    """Each page's AST by its file name, read once for every output of a render."""
    return {p.file: page_ast(project_dir / p.file) for p in pages}


def book_ast(project_dir: Path, pages: list[Page], asts: dict[str, dict] | None = None) -> dict:
    """Every page as one pandoc AST, in book order (the PDF and the Word file are one document each).

    Joined as ASTs, not as Markdown text: joined text would let a page's closing list swallow the table
    that follows it; and pandoc would sort a list of files by name. `asts`: the pages already read.
    """
    asts = asts if asts is not None else page_asts(project_dir, pages)
    first = asts[pages[0].file]
    return {"pandoc-api-version": first["pandoc-api-version"], "meta": {}, "blocks": [b for p in pages for b in asts[p.file]["blocks"]]}
