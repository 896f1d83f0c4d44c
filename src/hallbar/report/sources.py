"""Write the Quarto book project of one report: build/<region>/<year>/quarto/.

The templates are the project's `report/templates/` (a region may change
wording and layout there); hallbar's own copy is the fallback for a project
that has none. Templates are Jinja with Markdown-safe defaults: every
`{{ value }}` in a `.qmd` template is escaped as Markdown text unless it is an
`MD` value (Markdown hallbar wrote itself) or passes the `md` filter; in
`_quarto.yml.j2` every value becomes a quoted YAML scalar.

The project is a standard Quarto book (`project: type: book`, `lang: sv`,
execution off): the cover and the appendices are pandoc Markdown written from
templates, the summary and every fokusområde are the executed notebooks
(`.ipynb`, see `chapters`). Quarto and the built-in renderer read exactly
these files.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..analysis.markdown import MD, anchor, md_escape, md_paragraphs, pipe_table
from ..analysis.style import status_css
from ..analysis.summary import chapter_file
from ..errors import Problems
from ..inputs.narrative import NARRATIVE_ASSETS
from ..inputs.notebooks import read_notebook
from ..model import EDITORIAL_TEXTS
from ..sv import phrases
from ..sv.words import EDITORIAL, NARRATIVE_HEADING
from .chapters import chapter_from, place_narrative, write_chapter
from .context import ReportContext
from .view import build_view
from .yamltext import load_yaml_text

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
APPENDICES = (
    ("bilaga-indikatorer.qmd", "bilaga-indikatorer.qmd.j2"),
    ("bilaga-metod.qmd", "bilaga-metod.qmd.j2"),
    ("bilaga-dataluckor.qmd", "bilaga-dataluckor.qmd.j2"),
    ("bilaga-kolofon.qmd", "bilaga-kolofon.qmd.j2"),
)
CSS_FILE = "hallbar.css"
FIGURES_DIR = "figures"  # the chapters' figures, in the project
QUARTO_TYP = "_hallbar.typ"  # typst lines Quarto's PDF includes: breakable tables, the Exempeldata header


@dataclass(frozen=True)
class Page:
    file: str  # the .qmd file in the project
    kind: str  # index | chapter | appendix

    @property
    def html(self) -> str:
        return self.file.rsplit(".", 1)[0] + ".html"


def template_dirs(report_dir: Path) -> list[Path]:
    dirs = [report_dir / "templates"] if (report_dir / "templates").is_dir() else []
    return dirs + [PACKAGE_TEMPLATES / "quarto"]


def _md_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, MD):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return str(value)
    return md_escape(value)


def _yaml_finalize(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def environment(report_dir: Path, kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(report_dir)]),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        finalize=_md_finalize if kind == "md" else _yaml_finalize, autoescape=False,
    )
    env.filters.update(md=MD, esc=md_escape, paras=md_paragraphs, mdtext=md_escape)
    env.filters["antal"] = lambda n, singular, plural: f"{n} {(singular if n == 1 else plural).lower()}"
    env.filters["rows"] = lambda items, *keys: [[item[k] for k in keys] for item in items]
    env.globals.update(table=pipe_table, anchor=anchor)
    return env


def css_text() -> str:
    """The report's stylesheet, with the status colours (`analysis.style`)."""
    return (PACKAGE_TEMPLATES / "builtin" / "report.css").read_text(encoding="utf-8") + "\n" + status_css()


def _chapters(ctx: ReportContext, dest: Path, problems: Problems) -> list[Page]:
    """The summary chapter and one chapter per fokusområde: the executed notebooks, resolved (see `chapters`)."""
    prog, project = ctx.programme, ctx.project
    runs = [("summary", "summary.ipynb", None, project.notebooks_dir / "summary.ipynb")]
    runs += [(fa.id, chapter_file(fa.id), fa, project.notebook_for(fa.notebook)) for fa in prog.focus_areas]
    pages = []
    for run, file, fa, source in runs:
        executed = ctx.build_dir / "notebooks" / f"{run}.ipynb"
        shown = f"{project.rel(source)} ({ctx.region} {ctx.year}, {run})"
        try:
            nb = read_notebook(executed)
        except (OSError, ValueError) as exc:
            problems.error(project.rel(executed), "", f"the executed notebook cannot be read ({exc}).",
                           f"Run `hallbar build --region {ctx.region} --year {ctx.year}` first.")
            continue
        chapter = chapter_from(nb, shown, run, FIGURES_DIR, problems)
        if fa is not None:
            chapter_narrative(ctx, fa, chapter, dest)
        else:
            summary_texts(ctx, chapter, dest, project.rel(source))
        for note in chapter.notes:
            ctx.warn(project.rel(source), "", f"notebook output: {note}.", "Show plain Markdown (no HTML, no scripts).")
        for note in chapter.small_text:
            ctx.warn(project.rel(source), "", note + ".", "Make the figure narrower (about 17 cm) or its text larger.")
        write_chapter(chapter, dest / file, dest)
        pages.append(Page(file, "chapter"))
    return pages


def _text_body(ctx: ReportContext, key: str, title: str, dest: Path, editorial: bool) -> str:
    """The analysts' text `key` as Markdown (its images copied into the project), or a visible placeholder."""
    fn = ctx.narratives.get(key)
    if fn is not None and fn.narrative is not None:
        for img in fn.narrative.images:
            target = dest / NARRATIVE_ASSETS / key / img
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fn.path.parent / img, target)
        return str(fn.narrative.markdown)
    shown = fn.shown if fn else f"report/narrative/{ctx.region}/{ctx.year}/{key}.md"
    bold, rest = phrases.missing_text(title, ctx.year, shown, editorial=editorial)
    return f"::: {{.platshallare}}\n**{md_escape(bold)}** {md_escape(rest)}\n:::"


def chapter_narrative(ctx: ReportContext, fa, chapter, dest: Path) -> None:
    """The analysts' narrative of a fokusområde (or a visible placeholder), placed in its chapter; its images copied."""
    heading = f"## {NARRATIVE_HEADING} {anchor(f'f-{fa.id}-analys', 'unlisted')}"
    place_narrative(chapter, f"{heading}\n\n{_text_body(ctx, fa.id, fa.title, dest, editorial=False)}", fa.id)


def summary_texts(ctx: ReportContext, chapter, dest: Path, source: str) -> None:
    """The editorial texts (förord, året i korthet, fortsatt arbete) where the summary notebook asks for them.

    A text the notebook does not ask for is not shown (the notebook is the chapter); when it is written, a warning says so.
    """
    for key in EDITORIAL_TEXTS:
        title = EDITORIAL[key]
        if key in chapter.narrative_keys:
            fn = ctx.narratives.get(key)
            if fn is not None and fn.narrative is None:
                ctx.warn(fn.shown, "", f"no text for '{title}'; the report shows a placeholder.", f"Write the analysts' text in {fn.shown}.")
            body = _text_body(ctx, key, title, dest, editorial=True)
            place_narrative(chapter, f"## {title} {anchor(key)}\n\n{body}", key)
        elif ctx.narratives.get(key) is not None and ctx.narratives[key].narrative is not None:
            ctx.warn(ctx.narratives[key].shown, "", f"the summary notebook does not show '{title}', so the report leaves it out.",
                     f"Show it in {source} where it belongs (the Summary method for it), or remove the file.")


def write_project(ctx: ReportContext, dest: Path, renderer: str = "") -> dict[str, Any]:
    """(Re)write the Quarto project in `dest`; returns the view (with `pages`, in reading order).

    Raises `InputError` (naming notebook and cell) when a chapter cannot be made, e.g. a figure without alt text.
    """
    view = build_view(ctx)
    view["renderer"] = renderer
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    md_env = environment(ctx.project.report_dir, "md")
    problems = Problems()
    pages = [Page("index.qmd", "index")]
    (dest / "index.qmd").write_text(md_env.get_template("index.qmd.j2").render(**view), encoding="utf-8")
    pages += _chapters(ctx, dest, problems)
    problems.raise_if_errors()
    for out, tpl in APPENDICES:
        (dest / out).write_text(md_env.get_template(tpl).render(**view), encoding="utf-8")
        pages.append(Page(out, "appendix"))
    (dest / CSS_FILE).write_text(css_text(), encoding="utf-8")
    typ = [(PACKAGE_TEMPLATES / "builtin" / "quarto.typ").read_text(encoding="utf-8")]
    if view["r"]["example_data"]:
        typ.append((PACKAGE_TEMPLATES / "builtin" / "exempeldata.typ").read_text(encoding="utf-8"))
    (dest / QUARTO_TYP).write_text("\n".join(typ), encoding="utf-8")
    yml = environment(ctx.project.report_dir, "yaml").get_template("_quarto.yml.j2").render(
        pages=pages, css=CSS_FILE, quarto_typ=QUARTO_TYP, **view)
    load_yaml_text(yml)  # a template edit that breaks YAML fails here, not in Quarto
    (dest / "_quarto.yml").write_text(yml, encoding="utf-8")
    view["pages"] = pages
    return view


def read_project(dest: Path) -> tuple[dict[str, Any], list[Page]]:
    """The book metadata and pages of a written project, from its `_quarto.yml`."""
    conf = load_yaml_text((dest / "_quarto.yml").read_text(encoding="utf-8"))
    book = conf["book"]

    def files(entries: list) -> list[str]:
        out = []
        for e in entries or []:
            if isinstance(e, str):
                out.append(e)
            elif isinstance(e, dict):
                out.extend(files(e.get("chapters", [])))
        return out

    chapters = files(book.get("chapters"))
    pages = [Page(f, "index" if f == "index.qmd" else "chapter") for f in chapters]
    pages += [Page(f, "appendix") for f in files(book.get("appendices"))]
    return conf, pages
