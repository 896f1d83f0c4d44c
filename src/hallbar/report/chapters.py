"""Executed notebooks become the report's chapters: what a notebook shows is what the reader reads.

`write_chapter` turns one executed notebook (build/<region>/<year>/notebooks/<run>.ipynb)
into the chapter notebook of the Quarto project: the same cells in the same
order, with every cell option and tag resolved once, so that Quarto (which
ignores `remove-input`, `remove-output` and per-figure alt text) and the
built-in renderer read the very same thing:

* markdown cells stay, made safe (raw HTML shows as text, unsafe links go);
* papermill's parameter cells, `remove-cell` and `#| include: false` cells go;
* code never shows (each code cell gets `echo: false`; its source stays, for
  provenance); `remove-output` / `#| output: false` drop a cell's outputs;
* each output becomes one Markdown output: Markdown as shown; a figure as a
  file in the project with its caption (`#| fig-cap` or the library's) and
  alt text (the library's, or `#| fig-alt`), an id from `#| label`; an HTML
  table (a pandas DataFrame) as a real table with `#| tbl-cap` as caption;
  printed text as preformatted text; warnings (stderr) and object reprs go;
* the analysts' narrative goes where the notebook calls `narrative()`, else
  after the chapter's heading; a missing one is a visible placeholder.

A figure without alt text is an error naming the notebook, the cell (number
and first line) and the fix.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ..analysis.display import MIN_PRINT_PT
from ..analysis.markdown import MD, md_escape
from ..errors import Problems
from ..inputs.narrative import sanitize_chunks
from ..inputs.notebooks import IMAGE_TYPES, NARRATIVE_TYPE, Cell, _as_list, cells, figure_alt, image_outputs

EXTENSIONS = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}
_STYLE = re.compile(r"<style.*?</style>", re.S | re.I)  # pandas' table styling: not content
REPR = re.compile(r"^(<.*>|Text\(.*\)|\[<.*>\]|None)$", re.S)  # object reprs a reader has no use for


@dataclass
class Chapter:
    """The chapter made of one executed notebook."""

    notebook: Any  # nbformat node: the chapter notebook
    files: dict[str, bytes] = field(default_factory=dict)  # path in the project -> bytes (figures)
    notes: list[str] = field(default_factory=list)  # what was neutralised in its Markdown
    narrative_keys: list[str] = field(default_factory=list)  # the analysts' texts the notebook asks for, in order
    small_text: list[str] = field(default_factory=list)  # figures whose text prints smaller than MIN_PRINT_PT


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _html_table(html: str, caption: str, label: str) -> str:
    """A pandas DataFrame's HTML table as a Markdown table (the default 0, 1, 2 … index left out)."""
    import pypandoc

    html = _STYLE.sub("", html)
    md = pypandoc.convert_text(html, "markdown-raw_html-raw_attribute-native_divs-native_spans-simple_tables-multiline_tables-grid_tables-smart",
                               format="html-native_divs", extra_args=["--wrap=none"]).strip()
    md = _drop_range_index(md)
    if caption or label:
        attr = f" {{#{label}}}" if label else ""
        md += f"\n\n: {md_escape(caption)}{attr}" if caption else f"\n\n: {attr.strip()}"
    return md


def _drop_range_index(md: str) -> str:
    """Leave out the first column of a pipe table when it is pandas' default index (empty header, 0, 1, 2, …)."""
    lines = md.splitlines()
    rows = [ln for ln in lines if ln.startswith("|")]
    if len(rows) < 3:
        return md
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    head, body = cells[0], cells[2:]
    if head and head[0] == "" and all(len(r) > 1 and r[0] == str(i) for i, r in enumerate(body)):
        out = []
        for ln in lines:
            if ln.startswith("|"):
                parts = ln.strip().strip("|").split("|")
                out.append("|" + "|".join(parts[1:]) + "|")
            else:
                out.append(ln)
        return "\n".join(out)
    return md


def _figure_md(path: str, caption: str, alt: str, label: str) -> str:
    attrs = [f"#{label}"] if label else []
    alt_attr = " ".join(alt.split()).replace("\\", "\\\\").replace('"', '\\"')
    attrs += [f'fig-alt="{alt_attr}"', 'width="100%"']
    return f"![{md_escape(caption)}]({path}){{{' '.join(attrs)}}}"


def _labels(cell: Cell, n: int, prefix: str) -> str:
    """The id of a cell's n-th figure or table from `#| label` (several: label-1, label-2, …)."""
    label = str(cell.option("label") or "")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", label):
        return ""
    return label if n == 0 else f"{label}-{n + 1}"


def _captions(cell: Cell, key: str) -> list[str]:
    return [str(c) for c in _as_list(cell.option(key))]


def chapter_from(nb: dict, notebook: str, run: str, figures_dir: str, problems: Problems) -> Chapter:
    """The chapter notebook of an executed notebook (see the module docstring); problems name notebook and cell."""
    out = nbformat.v4.new_notebook()
    out.metadata = {"kernelspec": nb.get("metadata", {}).get("kernelspec", {}), "language_info": {"name": "python"}}
    chapter = Chapter(out)
    pieces: list[tuple[Any, str]] = []  # (target cell, markdown) to sanitize together
    for cell in cells(nb):
        if not cell.included or cell.cell_type == "raw":
            continue
        if cell.problem:
            problems.error(notebook, cell.where(notebook), cell.problem + ".", "Write the options as YAML: `#| key: value`.")
            continue
        if cell.cell_type == "markdown":
            md_cell = nbformat.v4.new_markdown_cell("")
            out.cells.append(md_cell)
            pieces.append((md_cell, cell.source))
            continue
        if cell.cell_type != "code":
            continue
        chunks = _outputs(cell, notebook, run, figures_dir, chapter, problems) if cell.shows_output else []
        code = nbformat.v4.new_code_cell(cell.code)
        code.metadata = {"echo": False}
        out.cells.append(code)
        for kind, text in chunks:
            if kind == "narrative":
                code.metadata["hallbar-narrative"] = text
                chapter.narrative_keys.append(text)
                continue
            output = nbformat.v4.new_output("display_data", data={"text/markdown": ""})
            code.outputs.append(output)
            pieces.append((output, text))
    cleaned, chapter.notes = sanitize_chunks([text for _, text in pieces])
    for (target, _), text in zip(pieces, cleaned, strict=True):
        if isinstance(target, dict) and target.get("output_type"):
            target["data"]["text/markdown"] = text
        else:
            target["source"] = text
    for c in out.cells:
        c["id"] = f"c{out.cells.index(c)}"
    return chapter


def _outputs(cell: Cell, notebook: str, run: str, figures_dir: str, chapter: Chapter, problems: Problems) -> list[tuple[str, str]]:
    """[(kind, markdown)] for a code cell's outputs, in order."""
    chunks: list[tuple[str, str]] = []
    figures = {k: n for n, (k, _o, _m) in enumerate(image_outputs(cell))}
    fig_caps, tbl_caps = _captions(cell, "fig-cap"), _captions(cell, "tbl-cap")
    n_table = 0
    for k, output in enumerate(cell.outputs):
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout" and _text(output.get("text")).strip():
                chunks.append(("text", "```\n" + _text(output.get("text")).rstrip("\n") + "\n```"))
            continue
        if kind not in ("display_data", "execute_result"):
            continue
        data = output.get("data") or {}
        if NARRATIVE_TYPE in data:
            marker = data[NARRATIVE_TYPE] if isinstance(data[NARRATIVE_TYPE], dict) else {}
            chunks.append(("narrative", str(marker.get("text") or marker.get("focus_area") or "")))
        elif k in figures:
            n = figures[k]
            mime = next(m for m in IMAGE_TYPES if m in data)
            alt = figure_alt(cell, n, output, mime)
            if not alt:
                problems.error(notebook, cell.where(notebook), "a figure has no alt text, so the report cannot show it to readers "
                               "who cannot see it.", "Add `#| fig-alt: <what the figure shows, with its numbers>` at the top of the "
                               "cell (a list for several figures), or give the figure its text with hallbar.analysis.with_alt(fig, ...).")
                continue
            meta = (output.get("metadata") or {}).get(mime) or {}
            if isinstance(meta.get("print_pt"), (int, float)) and meta["print_pt"] < MIN_PRINT_PT:
                chapter.small_text.append(f"{cell.where(notebook)}: figure text prints at {meta['print_pt']} pt "
                                          f"(at least {MIN_PRINT_PT:g} pt is readable)")
            caption = fig_caps[n] if n < len(fig_caps) else (fig_caps[0] if len(fig_caps) == 1 and n == 0 else str(meta.get("caption") or ""))
            raw = _text(data[mime])
            blob = raw.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(raw)
            path = f"{figures_dir}/{run}-c{cell.number}-{n + 1}.{EXTENSIONS[mime]}"
            chapter.files[path] = blob
            chunks.append(("figure", _figure_md(path, caption, alt, _labels(cell, n, "fig"))))
        elif "text/markdown" in data:
            chunks.append(("markdown", _text(data["text/markdown"])))
        elif "text/html" in data and "<table" in _text(data["text/html"]):
            caption = tbl_caps[n_table] if n_table < len(tbl_caps) else ""
            chunks.append(("table", _html_table(_text(data["text/html"]), caption, _labels(cell, n_table, "tbl"))))
            n_table += 1
        elif "text/plain" in data and kind == "execute_result" or "text/plain" in data and len(data) == 1:
            text = _text(data.get("text/plain")).strip()
            if text and not REPR.match(text):
                chunks.append(("text", "```\n" + text + "\n```"))
    # a table shown as Markdown by the library (hallbar.analysis.table) takes the cell's tbl-cap when it has none
    if tbl_caps:
        for i, (kind, text) in enumerate(chunks):
            if kind == "markdown" and text.lstrip().startswith("|") and "\n: " not in text:
                chunks[i] = (kind, text.rstrip() + f"\n\n: {md_escape(tbl_caps[0])}")
                break
    return chunks


def place_narrative(chapter: Chapter, markdown: str, key: str = "") -> bool:
    """The analysts' text `key` where the notebook asked for it (True), else, for a fokusområde's narrative (no key
    asked for), after the first cell with a level-1 heading (False)."""
    cell_md = nbformat.v4.new_markdown_cell(markdown)
    nb = chapter.notebook
    placed = False
    for i, c in enumerate(nb.cells):
        marker = c.metadata.get("hallbar-narrative")
        if marker is not None and (not key or marker == key or marker is True):
            nb.cells.insert(i + 1, cell_md)
            placed = True
            break
    else:
        at = 0
        for i, c in enumerate(nb.cells):
            text = c.source if c.cell_type == "markdown" else "\n".join(o.get("data", {}).get("text/markdown", "") for o in c.get("outputs", []))
            if re.search(r"^# ", text, re.M):
                at = i + 1
                break
        nb.cells.insert(at, cell_md)
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    return placed


def write_chapter(chapter: Chapter, dest: Path, project_dir: Path) -> None:
    for rel, blob in chapter.files.items():
        path = project_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
    nbformat.write(chapter.notebook, str(dest))


def narrative_markdown(text: MD | str | None, placeholder: str) -> str:
    return str(text) if text else placeholder
