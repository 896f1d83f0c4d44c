"""Markdown text for notebooks and report sources: escaping, pipe tables, links, figures, notes.

Everything the report inserts from the programme, the yearly file or the data
is *text*, never markup: `md_escape` backslash-escapes every ASCII
punctuation character (pandoc's `all_symbols_escapable`), so `*`, `#`, `<script>`,
`{{< meta >}}`, `@ref` or `$x$` reach the reader as the characters they are, in
Quarto and in the built-in renderer alike (the escape also breaks Quarto's
`{{<` shortcode pattern). Trusted Markdown that the report writes itself is
wrapped in `MD`; the report templates escape every other value.

The analysts' narrative is made safe by `hallbar.inputs.narrative`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..sv.phrases import one_line

ASCII_PUNCT = set("\\`*_{}[]()#+-.!<>|~^$@:&\"'%=/;?,")


class MD(str):
    """Markdown hallbar wrote itself: inserted as is, never escaped again; a notebook shows it as Markdown."""

    def _repr_markdown_(self) -> str:
        return str(self)


def md_escape(text: Any) -> MD:
    """Plain text -> Markdown that renders exactly that text, on one line."""
    if text is None:
        return MD("")
    s = one_line(text)
    return MD("".join("\\" + ch if ch in ASCII_PUNCT else ch for ch in s))


def md_paragraphs(text: Any) -> MD:
    """Plain text with blank-line separated paragraphs -> escaped Markdown paragraphs."""
    if text is None:
        return MD("")
    paras = [p for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    return MD("\n\n".join(md_escape(p) for p in paras))


def cell(value: Any) -> MD:
    return value if isinstance(value, MD) else md_escape("" if value is None else value)


_LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?|\[([^\]]*)\]\{[^}]*\}")


def _content_widths(headers: list[Any], rows: list[list[Any]]) -> list[float]:
    """Relative column widths as a layout engine would choose them: the longest cell, the longest word of the header
    (headers wrap, words do not), within 4–40 characters."""
    def shown(v: Any) -> str:
        return _LINK_TEXT.sub(lambda m: m.group(1) or m.group(3) or "", str(v if v is not None else "")).replace("\\", "")

    out = []
    for i, h in enumerate(headers):
        longest_word = max((len(w) for w in str(h).split()), default=0)
        longest_cell = max((len(shown(r[i])) for r in rows if i < len(r)), default=0)
        out.append(float(min(40, max(4, longest_word, longest_cell))))
    return out


def pipe_table(headers: list[Any], rows: Iterable[list[Any]], widths: list[float] | None = None,
               align: str | None = None, caption: Any = None) -> MD:
    """A pipe table; `widths` are relative column widths (default: from the cells' text), `align` one of l/r/c per column."""
    rows = [list(r) for r in rows]
    widths = widths or _content_widths(headers, rows)
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
    return MD(f'![{cell(caption)}]({path}){{fig-alt="{_attr_value(alt)}" width="100%"}}')


def div(content: Any, *classes: str, attrs: dict[str, str] | None = None) -> MD:
    """A fenced div `::: {.a key="value"}` around Markdown (a notice, a note); both renderers keep the classes."""
    if not all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", c) for c in [*classes, *(attrs or {})]):
        raise ValueError(f"unsafe classes {classes!r} or attributes {attrs!r}")
    extra = "".join(f' {k}="{_attr_value(v)}"' for k, v in (attrs or {}).items())
    return MD(f"::: {{{' '.join('.' + c for c in classes)}{extra}}}\n{content}\n:::")


def _attr_value(value: Any) -> str:
    """A value inside "…" of a Markdown attribute: on one line (no-break spaces kept), \\ and " escaped."""
    return one_line(value).replace("\\", "\\\\").replace('"', '\\"')


def join(*parts: Any) -> MD:
    """Markdown blocks, one blank line apart; empty parts left out."""
    return MD("\n\n".join(str(p) for p in parts if p))


def heading(level: int, text: Any, ident: str | None = None) -> MD:
    """`## Text {#ident}`: a heading for the report, its text escaped."""
    if not 1 <= int(level) <= 6:
        raise ValueError("a heading level is 1 to 6")
    return MD("#" * int(level) + " " + md_escape(text) + (f" {anchor(ident)}" if ident else ""))


def text(plain: Any) -> MD:
    """A paragraph (or paragraphs) of plain text, shown as the characters it is."""
    return md_paragraphs(plain)
