"""Markdown text for the report sources: escaping, pipe tables, the analysts' narrative.

Everything the report inserts from the programme, the yearly file or the data
is *text*, never markup: `md_escape` backslash-escapes every ASCII
punctuation character (pandoc's `all_symbols_escapable`), so `*`, `#`, `<script>`,
`{{< meta >}}`, `@ref` or `$x$` reach the reader as the characters they are, in
Quarto and in the built-in renderer alike (the escape also breaks Quarto's
`{{<` shortcode pattern). Trusted Markdown that the report writes itself is
wrapped in `MD`; the report templates escape every other value.

The narrative is the analysts' own Markdown: `sanitize_narrative` parses it
with pandoc (raw HTML, raw attributes, raw TeX and citations off; HTML comments dropped),
walks the AST (raw nodes become text, attributes lose everything but a few harmless keys,
only http(s)/mailto/relative links survive, headings move under the chapter's
own) and writes Markdown back, so nothing in it can execute in either renderer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ASCII_PUNCT = set("\\`*_{}[]()#+-.!<>|~^$@:&\"'%=/;?,")
_WS = re.compile(r"\s+")
NARRATIVE_READER = "markdown-raw_html-native_divs-native_spans-raw_attribute-raw_tex-citations-yaml_metadata_block"
_COMMENT = re.compile(r"<!--.*?-->", re.S)  # the analysts' notes to themselves are dropped
SAFE_KEYS = {"width", "height", "fig-alt", "lang"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
WORD_JOINER = "\u2060"


class MD(str):
    """Markdown the report wrote itself: inserted as is, never escaped again."""


def md_escape(text: Any) -> MD:
    """Plain text -> Markdown that renders exactly that text, on one line."""
    if text is None:
        return MD("")
    s = _WS.sub(" ", str(text)).strip()
    return MD("".join("\\" + ch if ch in ASCII_PUNCT else ch for ch in s))


def md_paragraphs(text: Any) -> MD:
    """Plain text with blank-line separated paragraphs -> escaped Markdown paragraphs."""
    if text is None:
        return MD("")
    paras = [p for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    return MD("\n\n".join(md_escape(p) for p in paras))


def cell(value: Any) -> MD:
    return value if isinstance(value, MD) else md_escape("" if value is None else value)


def pipe_table(headers: list[Any], rows: Iterable[list[Any]], widths: list[int] | None = None,
               align: str | None = None, caption: Any = None) -> MD:
    """A pipe table; `widths` are relative column widths, `align` one of l/r/c per column."""
    widths = widths or [1] * len(headers)
    align = align or "l" * len(headers)
    total = sum(widths)
    seps = []
    for w, a in zip(widths, align, strict=False):
        # over 72 characters in all: pandoc (and Quarto) then give the table the full text width
        dashes = "-" * max(3, round(100 * w / total))
        seps.append({"l": dashes, "r": dashes[:-1] + ":", "c": ":" + dashes[:-2] + ":"}[a])
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join(seps) + "|"]
    for row in rows:
        cells = [cell(v) for v in row]
        if any("\n" in c for c in cells):
            raise ValueError("a table cell must not contain a line break")
        lines.append("| " + " | ".join(cells) + " |")
    out = "\n".join(lines)
    if caption:
        out += "\n\n: " + cell(caption)
    return MD(out)


def span(text: Any, *classes: str) -> MD:
    """`[text]{.a .b}`: a styled span both renderers keep (HTML class; the typst filter may style it)."""
    return MD(f"[{cell(text)}]{{{' '.join('.' + c for c in classes)}}}")


def anchor(ident: str, *classes: str) -> MD:
    """A heading attribute `{#id .class}`; ids are built from slugs. `.unlisted` keeps a heading out of the TOC."""
    if not all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", x) for x in (ident, *classes)):
        raise ValueError(f"unsafe anchor {ident!r} {classes!r}")
    return MD("{#" + " ".join((ident, *("." + c for c in classes))) + "}")


def link(text: Any, target: str) -> MD:
    """A link to a page of the report (`klimat.qmd#t-id`); targets are built from slugs."""
    if not re.fullmatch(r"[A-Za-z0-9._#/-]+", target):
        raise ValueError(f"unsafe link target {target!r}")
    return MD(f"[{cell(text)}]({target})")


def image(caption: Any, path: str, alt: Any) -> MD:
    """A figure both renderers handle alike: short caption, long alt text, page width."""
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", path):
        raise ValueError(f"unsafe image path {path!r}")
    alt_attr = _WS.sub(" ", str(alt)).strip().replace("\\", "\\\\").replace('"', '\\"')
    return MD(f'![{cell(caption)}]({path}){{fig-alt="{alt_attr}" width="100%"}}')


# --- the narrative -----------------------------------------------------------


@dataclass
class Narrative:
    markdown: MD
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


def _walk(node: Any, ctx: dict) -> Any:
    if isinstance(node, list):
        return [_walk(x, ctx) for x in node]
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
        level = ctx["levels"].get(c[0], ctx["base"])
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
    out = pypandoc.convert_text(json.dumps(ast), "markdown-raw_html-raw_attribute-raw_tex", format="json",
                                extra_args=["--wrap=preserve"])
    return Narrative(MD(out.strip()), ctx["images"], list(dict.fromkeys(ctx["notes"])))
