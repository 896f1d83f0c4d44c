"""Notebook files as the report reads them: cells, their `#|` options and tags, and their figures' alt text.

A code cell's options are Quarto's `#|` comment lines at the top of its
source (`#| fig-alt: ...`, parsed as YAML), then the cell metadata keys of
the same names; the Jupyter tags `remove-cell`, `remove-input`,
`remove-output` say the same as `include: false`, `echo: false`,
`output: false`. Used by the build (a figure without alt text fails its run),
by the report (which turns executed notebooks into chapters) and by
`hallbar check` (which warns before anything runs).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

IMAGE_TYPES = ("image/svg+xml", "image/png", "image/jpeg")
NARRATIVE_TYPE = "application/vnd.hallbar.narrative+json"  # where a notebook asks for the analysts' narrative
HIDDEN_TAGS = ("parameters", "injected-parameters")  # papermill's: never part of the chapter
OPTION_LINE = re.compile(r"^#\|\s?(.*)$")
# calls that draw a chart: a cell with one of these and no fig-alt is worth a warning before the build
DRAWS = re.compile(r"\b(plt\.|sns\.|seaborn\.|\.plot\(|\.subplots\(|Figure\(|\.hist\(|\.bar\(|\.scatter\(|catplot|relplot|lineplot|barplot)")
# the chapter's and summary's figures carry their alt text (`hallbar.analysis.with_alt`); hb.figures.* do not
LIBRARY_FIGURE = re.compile(r"\b(nulage_figure|status_bar_figure|indicator_figure|with_alt)\(")  # ch.…, s.…, hb.with_alt


@dataclass
class Cell:
    """One cell of a notebook, with what the report needs to know about it."""

    index: int  # 0-based position in the file
    number: int  # 1-based, as the analyst counts in the source notebook (papermill's injected cell left out)
    cell_type: str
    source: str
    tags: list[str]
    options: dict[str, Any]
    outputs: list[dict] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    problem: str = ""  # an option block that is not YAML

    @property
    def first_line(self) -> str:
        lines = [ln for ln in self.code.splitlines() if ln.strip()]
        text = lines[0].strip() if lines else self.source.strip().splitlines()[0] if self.source.strip() else ""
        return text if len(text) <= 60 else text[:57] + "…"

    @property
    def code(self) -> str:
        """The source without its `#|` option lines."""
        lines = self.source.splitlines()
        i = 0
        while i < len(lines) and OPTION_LINE.match(lines[i]):
            i += 1
        return "\n".join(lines[i:])

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    @property
    def included(self) -> bool:
        return not (self.option("include") is False or "remove-cell" in self.tags or any(t in self.tags for t in HIDDEN_TAGS))

    @property
    def shows_output(self) -> bool:
        return self.included and not (self.option("output") is False or "remove-output" in self.tags)

    def where(self, notebook: str) -> str:
        return f"cell {self.number} ('{self.first_line}')"


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def parse_options(source: str) -> tuple[dict[str, Any], str]:
    """The `#|` options of a code cell as a dict, and a problem text if they are not YAML."""
    lines = []
    for line in source.splitlines():
        m = OPTION_LINE.match(line)
        if not m:
            break
        lines.append(m.group(1))
    if not lines:
        return {}, ""
    try:
        data = YAML(typ="safe", pure=True).load("\n".join(lines))
    except YAMLError as exc:
        return {}, f"its `#|` options are not valid YAML ({str(exc).splitlines()[0]})"
    return (data if isinstance(data, dict) else {}), ""


def cells(nb: dict) -> list[Cell]:
    """Every cell of a notebook (as parsed JSON), numbered as in the source notebook."""
    out = []
    injected = 0
    for i, raw in enumerate(nb.get("cells", [])):
        meta = raw.get("metadata", {}) or {}
        tags = list(meta.get("tags", []) or [])
        if "injected-parameters" in tags:
            injected += 1
        ctype = raw.get("cell_type", "")
        source = _source(raw)
        options, problem = parse_options(source) if ctype == "code" else ({}, "")
        for key in ("include", "echo", "output", "fig-alt", "fig-cap", "tbl-cap", "label"):
            if key not in options and key in meta:
                options[key] = meta[key]
        out.append(Cell(i, i + 1 - injected, ctype, source, tags, options, list(raw.get("outputs", []) or []), meta, problem))
    return out


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def image_outputs(cell: Cell) -> list[tuple[int, dict, str]]:
    """(output index, output, image mimetype) of every figure the cell displays."""
    out = []
    for k, o in enumerate(cell.outputs):
        data = o.get("data") or {}
        if o.get("output_type") in ("display_data", "execute_result") and NARRATIVE_TYPE not in data:
            mime = next((m for m in IMAGE_TYPES if m in data), None)
            if mime and "text/markdown" not in data:
                out.append((k, o, mime))
    return out


def figure_alt(cell: Cell, n: int, output: dict, mime: str) -> str:
    """The alt text of the cell's n-th figure: the figure's own (the library's) or the cell's `fig-alt` (one, or a list)."""
    meta = (output.get("metadata") or {}).get(mime) or {}
    own = str(meta.get("alt") or "").strip()
    if own:
        return own
    alts = _as_list(cell.option("fig-alt"))
    if len(alts) == 1 and not isinstance(cell.option("fig-alt"), list):
        return str(alts[0]).strip()
    return str(alts[n]).strip() if n < len(alts) else ""


def missing_alt(nb: dict, notebook: str) -> list[tuple[Cell, str]]:
    """(cell, message) for every shown figure without alt text in an executed notebook."""
    out = []
    for cell in cells(nb):
        if cell.cell_type != "code" or not cell.shows_output:
            continue
        for n, (_k, output, mime) in enumerate(image_outputs(cell)):
            if not figure_alt(cell, n, output, mime):
                which = f"figure {n + 1} of " if len(image_outputs(cell)) > 1 else "a figure in "
                out.append((cell, f"{notebook}: {cell.where(notebook)}: {which}this cell has no alt text, so the report cannot "
                                  "show it to readers who cannot see it. Fix: add a line `#| fig-alt: <what the figure shows, "
                                  "with its numbers>` at the top of the cell (a list for several figures), or give the figure "
                                  "its text with hallbar.analysis.with_alt(fig, ...)."))
                break
    return out


def drawing_cells_without_alt(nb: dict) -> list[Cell]:
    """Code cells that seem to draw a chart (static check, before running) but give no `fig-alt` and no library alt."""
    out = []
    for cell in cells(nb):
        if cell.cell_type != "code" or not cell.shows_output or cell.option("fig-alt"):
            continue
        code = cell.code
        if DRAWS.search(code) and not LIBRARY_FIGURE.search(code):
            out.append(cell)
    return out
