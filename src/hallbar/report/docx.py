"""The Word file (docx) for the political process: the PDF's document through pandoc's docx writer.

The same joined AST as the PDF (the HTML-only pages and links left out by hallbar.lua), on A4
(`reference_docx`: pandoc's own reference document with an A4 page; the language is Swedish), figures
as PNG drawn by typst (Word before 2016 cannot show SVG), each with its alt text as the picture's
description, headings as Word headings, tables with a repeating header row. The file's dates
are the report's date, so the same inputs give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import logging
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from ..errors import RenderError
from .pandoc import book_ast, elements, filters, font_paths, plain
from .sources import Page
from .yamltext import dump_yaml_text

log = logging.getLogger("hallbar.render")
DOCX_PPI = 200  # figures in the Word file: sharp in print at full text width
PANDOC_TIMEOUT = 600  # seconds
# A4 with 2,5 cm margins, in twentieths of a point (pandoc's own reference document leaves the size to Word: Letter)
A4_SECTION = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1418" w:right="1418" w:bottom="1418" '
              'w:left="1418" w:header="709" w:footer="709" w:gutter="0" /><w:footnotePr><w:numRestart w:val="eachSect" />'
              '</w:footnotePr></w:sectPr>')


def reference_docx(dest: Path) -> Path:
    """pandoc's default reference document on A4 with 10 pt text: the Word file's look (the styles are pandoc's).

    tables.lua sizes the tables' columns for this page and text size."""
    import pypandoc

    proc = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"], capture_output=True,
                          check=True, timeout=120)
    with zipfile.ZipFile(io.BytesIO(proc.stdout)) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":  # 10 pt text (Word's default 12 pt leaves tables no room)
                data, n = re.subn(rb'(<w:rPrDefault>.*?<w:sz w:val=")\d+(" />\s*<w:szCs w:val=")\d+', rb"\g<1>20\g<2>20", data,
                                  count=1, flags=re.S)
                if n != 1:
                    raise RenderError("pandoc's reference.docx has no default text size to set.")
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start, end = text.rfind("<w:sectPr"), text.rfind("</w:sectPr>") + len("</w:sectPr>")
                if start < 0 or end < start:
                    raise RenderError("pandoc's reference.docx has no section properties to set the page size in.")
                data = (text[:start] + A4_SECTION + text[end:]).encode("utf-8")
            # a fixed time: pandoc stamps its default document's parts with the clock, and copies them into the Word file
            out.writestr(zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    return dest


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


def render_docx(project_dir: Path, out: Path, conf: dict[str, Any], pages: list[Page], book: dict | None = None) -> Path:
    """The Word file for the political process: the PDF's document (HTML-only pages left out) in pandoc's docx.

    `book`: the pages' joined AST when the caller has it already (it is not changed here)."""
    import pypandoc

    h, b = conf.get("hallbar", {}), conf["book"]
    book = copy.deepcopy(book) if book is not None else book_ast(project_dir, pages)  # its images become PNG
    svg_to_png(out, book)
    docx = out / h["docx"]
    meta = {"title": plain(b["title"]), "subtitle": plain(b.get("subtitle", "")), "author": plain(h.get("region-name", "")),
            "lang": "sv-SE", "toc-title": "Innehåll"}
    meta_file = out / "_docx-metadata.yml"
    meta_file.write_text(dump_yaml_text(meta), encoding="utf-8")
    reference = reference_docx(out / "_reference.docx")
    # the file's dates are the report's date, not the clock's: same inputs, same bytes. Given to this pandoc
    # alone (not set in os.environ), so renders side by side in one process (Dask threads) cannot mix them.
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(b.get("date"))}
    try:
        proc = subprocess.run([pypandoc.get_pandoc_path(), "--from", "json", "--to", "docx", "--output", str(docx), *filters(),
                               "--wrap=none", "--metadata-file", str(meta_file), "--reference-doc", str(reference), "--toc",
                               "--toc-depth=1", f"--dpi={DOCX_PPI}", "--resource-path", str(out)],
                              input=json.dumps(book, ensure_ascii=False).encode("utf-8"), capture_output=True, env=env,
                              timeout=PANDOC_TIMEOUT)
        messages = proc.stderr.decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            raise RenderError(f"pandoc could not write the Word file {docx.name} ({proc.returncode}): {messages[-2000:]}")
        for line in messages.splitlines():  # e.g. a figure it could not read, shown as its description instead
            log.warning("Word file %s: pandoc says: %s", docx.name, line)
    finally:
        meta_file.unlink(missing_ok=True)
        reference.unlink(missing_ok=True)
        shutil.rmtree(out / "_docx-figures", ignore_errors=True)
    return docx
