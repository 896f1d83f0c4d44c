"""The analysts' narrative: `report/narrative/<region>/<year>/<focus-id>.md`, read and made safe.

`sanitize_narrative` parses the analysts' own Markdown with pandoc (raw HTML,
raw attributes, raw TeX and citations off; HTML comments dropped), walks the
AST (raw nodes become text, attributes lose everything but a few harmless
keys, only http(s)/mailto/relative links survive, headings move under the
chapter's own) and writes Markdown back, so nothing in it can execute in
either renderer.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, Problems
from ..model import EDITORIAL_TEXTS, Programme
from .project import Project

NARRATIVE_READER = "markdown-raw_html-native_divs-native_spans-raw_attribute-raw_tex-citations-yaml_metadata_block"
# written back as pipe tables (their relative column widths survive) with the characters as they are: no smart
# punctuation anywhere after this point ("--" stays two hyphens, quotes are already Swedish ”…”)
NARRATIVE_WRITER = "markdown-raw_html-raw_attribute-raw_tex-smart-simple_tables-multiline_tables-grid_tables"
_COMMENT = re.compile(r"<!--.*?-->", re.S)  # the analysts' notes to themselves are dropped
SAFE_KEYS = {"width", "height", "fig-alt", "lang", "when-format", "data-group-label"}  # Quarto's content-visible; the filter
SAFE_SCHEMES = ("http://", "https://", "mailto:")
WORD_JOINER = "\u2060"
NARRATIVE_ASSETS = "narrativ"  # folder in the report project that holds the narrative's images


class MarkdownText(str):
    """Markdown that hallbar produced itself (safe to insert as is)."""


@dataclass
class FocusNarrative:
    focus_id: str
    path: Path  # where the file is (or is expected)
    shown: str  # the path as the user sees it
    narrative: Narrative | None  # None: the file is missing


@dataclass
class Narrative:
    markdown: MarkdownText
    images: list[str] = field(default_factory=list)  # relative paths the narrative refers to
    notes: list[str] = field(default_factory=list)  # what was neutralised or is worth a warning


def plain_text(node: Any) -> str:
    """The text of a pandoc JSON AST node (inline code and math as written)."""
    if isinstance(node, dict):
        t = node.get("t")
        if t == "Str":
            return node["c"]
        if t in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if t in ("Code", "Math", "RawInline"):
            return node["c"][1]
        return plain_text(node.get("c"))
    if isinstance(node, list):
        return "".join(plain_text(x) for x in node)
    return ""


def _clean_attr(attr: list, notes: list[str]) -> list:
    ident, classes, keyvals = attr
    kept = [[k, v] for k, v in keyvals if k in SAFE_KEYS]
    if len(kept) != len(keyvals):
        notes.append("attribut togs bort: " + ", ".join(k for k, _ in keyvals if k not in SAFE_KEYS))
    classes = [c for c in classes if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", c)]
    return [ident, classes, kept]


def _safe_url(url: str) -> bool:
    u = url.strip().lower()
    if u.startswith(SAFE_SCHEMES) or u.startswith("#"):
        return True
    return ":" not in u.split("/", 1)[0]  # relative: no scheme before the first '/'


_ATTR_AT = {"Div": 0, "Span": 0, "Header": 1, "Code": 0, "CodeBlock": 0, "Link": 0, "Image": 0, "Table": 0, "Figure": 0}


SWEDISH_QUOTES = {"DoubleQuote": "”", "SingleQuote": "’"}  # Swedish: the same mark on both sides


def _walk(node: Any, ctx: dict) -> Any:
    if isinstance(node, list):
        out = []
        for x in node:
            if isinstance(x, dict) and x.get("t") == "Quoted":  # "citat" -> ”citat”, as characters both renderers keep
                mark = {"t": "Str", "c": SWEDISH_QUOTES.get(x["c"][0].get("t"), "”")}
                out += [mark, *_walk(x["c"][1], ctx), dict(mark)]
            else:
                out.append(_walk(x, ctx))
        return out
    if not isinstance(node, dict) or "t" not in node:
        if isinstance(node, dict):
            return {k: _walk(v, ctx) for k, v in node.items()}
        return node
    t, c = node["t"], node.get("c")
    notes = ctx["notes"]
    if t == "RawInline":
        notes.append("rå kod visas som text")
        return {"t": "Str", "c": c[1]}
    if t == "RawBlock":
        notes.append("rå kod visas som text")
        return {"t": "Para", "c": [{"t": "Str", "c": c[1]}]}
    if t in ("Code", "CodeBlock"):
        text = c[1].replace("{{<", "{{" + WORD_JOINER + "<")  # Quarto must not see a shortcode
        return {"t": t, "c": [_clean_attr(c[0], notes), text]}
    if t == "Header":
        level = c[0] if ctx.get("keep_levels") else ctx["levels"].get(c[0], ctx["base"])
        return {"t": t, "c": [level, _clean_attr(c[1], notes), _walk(c[2], ctx)]}
    if t in ("Link", "Image"):
        attr, inlines, (url, title) = c
        if not _safe_url(url):
            notes.append(f"osäker länk togs bort: {url[:40]}")
            if t == "Link":
                return {"t": "Span", "c": [["", [], []], _walk(inlines, ctx)]}
            url = ""
        if t == "Image":
            if url and not url.lower().startswith(SAFE_SCHEMES):
                rel = url.split("#", 1)[0]
                if ".." in rel.split("/") or rel.startswith("/"):
                    notes.append(f"bilden {url} ligger utanför narrativmappen")
                else:
                    ctx["images"].append(rel)
                    url = ctx["image_prefix"] + rel
            if not plain_text(inlines).strip() and not any(k == "fig-alt" for k, _ in attr[2]):
                notes.append(f"bilden {url} saknar alternativtext")
        return {"t": t, "c": [_clean_attr(attr, notes), _walk(inlines, ctx), [url, title]]}
    if t in _ATTR_AT and isinstance(c, list):
        i = _ATTR_AT[t]
        c = list(c)
        c[i] = _clean_attr(c[i], notes)
        return {"t": t, "c": [_walk(x, ctx) if j != i else x for j, x in enumerate(c)]}
    return {"t": t, **({"c": _walk(c, ctx)} if "c" in node else {})}


def _header_levels(blocks: Any, base: int) -> dict[int, int]:
    found: set[int] = set()

    def visit(n: Any) -> None:
        if isinstance(n, list):
            for x in n:
                visit(x)
        elif isinstance(n, dict):
            if n.get("t") == "Header":
                found.add(n["c"][0])
            visit(n.get("c"))

    visit(blocks)
    return {lvl: min(base + i, 6) for i, lvl in enumerate(sorted(found))}


def sanitize_narrative(text: str, heading_base: int = 2, image_prefix: str = "") -> Narrative:
    """The analysts' Markdown made safe; headings renumbered from `heading_base` without skips."""
    import pypandoc

    text = _COMMENT.sub("", text)
    ast = json.loads(pypandoc.convert_text(text, "json", format=NARRATIVE_READER))
    ctx = {"notes": [], "images": [], "levels": _header_levels(ast["blocks"], heading_base),
           "base": heading_base, "image_prefix": image_prefix}
    ast["blocks"] = _walk(ast["blocks"], ctx)
    ast["meta"] = {}
    out = pypandoc.convert_text(json.dumps(ast), NARRATIVE_WRITER, format="json",
                                extra_args=["--wrap=preserve"])
    return Narrative(MarkdownText(out.strip()), ctx["images"], list(dict.fromkeys(ctx["notes"])))


_CHUNK = "hallbar-chunk-"


def sanitize_chunks(texts: list[str]) -> tuple[list[str], list[str]]:
    """Many pieces of Markdown made safe in one pandoc round trip, headings kept as they are.

    (The Markdown cells and outputs of a notebook: each piece stays a piece.) Returns the pieces and
    the notes (what was neutralised).
    """
    import pypandoc

    if not texts:
        return [], []
    joined = "\n\n".join(f"::: {{#{_CHUNK}{i}}}\n{_COMMENT.sub('', t)}\n:::" for i, t in enumerate(texts))
    ast = json.loads(pypandoc.convert_text(joined, "json", format=NARRATIVE_READER))
    ctx = {"notes": [], "images": [], "levels": {}, "base": 1, "keep_levels": True, "image_prefix": ""}
    ast["blocks"] = _walk(ast["blocks"], ctx)
    ast["meta"] = {}
    out = pypandoc.convert_text(json.dumps(ast), NARRATIVE_WRITER, format="json",
                                extra_args=["--wrap=preserve"])
    pieces = [""] * len(texts)
    lines = out.splitlines()
    i = 0
    opening = re.compile(r"^(:{3,})\s*\{#" + _CHUNK + r"(\d+)\}\s*$")
    while i < len(lines):
        m = opening.match(lines[i])
        if not m:
            i += 1
            continue
        fence, k = m.group(1), int(m.group(2))
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            j += 1
        pieces[k] = "\n".join(lines[i + 1:j]).strip("\n")  # not spaces: a simple table's columns start with them
        i = j + 1
    return pieces, list(dict.fromkeys(ctx["notes"]))


def text_titles(prog: Programme) -> dict[str, str]:
    """Every text the analysts may write for a report year (file name -> what it is): one narrative per fokusområde,
    then the editorial texts."""
    return {fa.id: f"'{fa.title}'" for fa in prog.focus_areas} | {k: f"the editorial text '{k}'" for k in EDITORIAL_TEXTS}


def read_narratives(project: Project, region: str, year: int, prog: Programme, strict: bool,
                    problems: Problems, assets: str = NARRATIVE_ASSETS) -> dict[str, FocusNarrative]:
    """The analysts' texts of a report year: the editorial parts (förord, året i korthet, fortsatt arbete)
    and the narrative of each fokusområde, keyed by file name; problems go to `problems` (usable by `hallbar check`)."""
    folder = project.narrative_dir(region, year)
    titles = text_titles(prog)
    shown_folder = project.rel(folder)
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            if path.stem not in titles:
                close = difflib.get_close_matches(path.stem, list(titles), n=1)
                problems.error(project.rel(path), "", f"is a text for '{path.stem}', which is neither a focus area of {prog.region.name} "
                               "nor an editorial text." + (f" Did you mean '{close[0]}'?" if close else ""),
                               "Rename the file to one of: " + ", ".join(f"{f}.md" for f in titles) + f" (in {shown_folder}).")
    out: dict[str, FocusNarrative] = {}
    for key, title in titles.items():
        path = folder / f"{key}.md"
        shown = project.rel(path)
        if not path.is_file():
            what = f"no text for {title}: the analysts' text is expected at {shown}."
            fix = f"Write the analysts' text for {key} in {shown} (Markdown)."
            if strict and key not in EDITORIAL_TEXTS:  # the editorial texts are optional, also in a strict build
                problems.error(shown, "", what, fix)
            out[key] = FocusNarrative(key, path, shown, None)
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.error(shown, "", "is not UTF-8 text.", "Save the narrative as UTF-8.")
            continue
        narrative = sanitize_narrative(text, heading_base=3, image_prefix=f"{assets}/{key}/")
        for img in narrative.images:
            if not (folder / img).is_file():
                problems.error(shown, "", f"refers to an image '{img}' that does not exist in {project.rel(folder)}.",
                               "Put the image next to the narrative or correct the path.")
        out[key] = FocusNarrative(key, path, shown, narrative)
    return out


def narrative_problems(project: Project, region: str, year: int, prog: Programme, strict: bool = False) -> list[Problem]:
    """Every narrative problem of one report year, missing texts as warnings (errors with `strict`).

    Called by `hallbar check` and at the start of `hallbar build`, so a
    misnamed narrative is reported before any notebook runs.
    """
    problems = Problems()
    titles = text_titles(prog)
    for fn in read_narratives(project, region, year, prog, strict, problems).values():
        # the editorial texts are optional: the render warns where the summary shows a placeholder for one
        if fn.narrative is None and not strict and fn.focus_id not in EDITORIAL_TEXTS:
            problems.warning(fn.shown, "", f"no text for {titles[fn.focus_id]}; the report will show a placeholder.",
                             f"Write the analysts' text in {fn.shown} (or build with --strict to make this an error).")
    return problems.items
