"""The report stage: build folder -> report/_output/<region>/<year>/ (HTML, PDF, XLSX, CSV).

    render_report(project, region, year, *, renderer="auto", strict=False) -> Path
    render_landing(project) -> Path

`render_report` writes the Quarto book project into build/<region>/<year>/quarto/
(`report_sources`), renders it with Quarto when `quarto` is on PATH ("auto") or
with the built-in pandoc + typst renderer, adds the status table, and moves
the finished folder into place in one rename: a failed or interrupted render
leaves the previous report as it was. Problems in the inputs raise
`InputError`; problems the report can live with are warnings, logged on the
`hallbar.render` logger and listed in the report's rapport.json; with
`strict=True` they are errors too (`InputError`, nothing rendered).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import jinja2

from .. import __version__
from ..errors import InputError, Problem, RenderError
from ..inputs.project import Project
from ..jsonio import dumps
from .builtin import render_builtin
from .context import load_context
from .exports import write_status_table
from .quarto import quarto_path, quarto_version, render_quarto
from .sources import PACKAGE_TEMPLATES, css_text, write_project

__all__ = ["render_report", "render_landing", "check_output_dir", "RenderError", "RENDERERS", "REPORT_META"]

RENDERERS = ("auto", "quarto", "builtin")
REPORT_META = "rapport.json"  # what the landing page lists, one per built report


def choose_renderer(renderer: str) -> str:
    if renderer not in RENDERERS:
        raise InputError([Problem("--renderer", repr(renderer), "is not a renderer.", "Use one of: " + ", ".join(RENDERERS) + ".")])
    if renderer == "auto":
        return "quarto" if quarto_path() else "builtin"
    if renderer == "quarto" and not quarto_path():
        raise InputError([Problem("--renderer", "quarto", "quarto is not on PATH.", "Install Quarto >= 1.9.18 or use --renderer builtin.")])
    return renderer


def _describe(renderer: str) -> str:
    if renderer == "quarto":
        return f"Quarto {quarto_version()}"
    from importlib.metadata import version

    import pypandoc
    import typst  # noqa: F401

    return f"hallbars inbyggda renderare (pandoc {pypandoc.get_pandoc_version()}, typst {version('typst')})"


def _swap(tmp: Path, final: Path) -> None:
    """Put `tmp` where `final` is, keeping the old folder until the new one is in place."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
    try:
        tmp.rename(final)
    except BaseException:
        if old is not None:
            old.rename(final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(final: Path) -> None:
    """A render killed between `_swap`'s two renames leaves the previous report as a hidden
    `.old-<pid>` folder and nothing at `final`: put the newest one back, drop stale ones."""
    olds = sorted(final.parent.glob(f".{final.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not final.exists():
        olds.pop().rename(final)
    for stale in olds:
        shutil.rmtree(stale, ignore_errors=True)


def _drop_stale(folder: Path, pattern: str) -> None:
    """Remove what an interrupted render left behind: temporary folders or files matching `pattern`."""
    for stale in folder.glob(pattern):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def check_output_dir(project: Project, *parts: str) -> None:
    """`InputError` unless report/_output (and report/_output/<parts...>) is a folder hallbar can write.

    Checked before anything is rendered, so a file in the way or a read-only folder is one clear
    sentence instead of an OSError from deep inside the renderer.
    """
    folder = project.output_dir.joinpath(*parts)
    for path in (folder, *folder.parents):
        if not path.exists() and not path.is_symlink():
            continue
        rel = project.rel(path) if path != project.root else str(path)
        if not path.is_dir():
            raise InputError([Problem(rel, "", "is a file, not a folder, so hallbar cannot write the report there.",
                                      f"Move or delete the file {rel}; hallbar writes the reports into {project.rel(project.output_dir)}/.")])
        if not os.access(path, os.W_OK | os.X_OK):
            raise InputError([Problem(rel, "", "is a folder hallbar may not write to (read-only), so the report cannot be written.",
                                      f"Make {rel} writable for this user (chmod u+w), or build in a copy of the project.")])
        return  # the nearest existing folder is writable: the rest can be created


def render_report(project: Project | str | Path, region: str, year: int, *, renderer: str = "auto", strict: bool = False) -> Path:
    """Render one region × year; returns report/_output/<region>/<year>/."""
    project = project if isinstance(project, Project) else Project.at(project)
    chosen = choose_renderer(renderer)
    check_output_dir(project, region)
    ctx = load_context(project, region, int(year), strict=strict)
    qdir = ctx.build_dir / "quarto"
    view = write_project(ctx, qdir, renderer=_describe(chosen))
    ctx.raise_if_strict()
    final = project.output_dir / region / str(ctx.year)
    final.parent.mkdir(parents=True, exist_ok=True)
    _recover(final)
    _drop_stale(final.parent, f".{ctx.year}.tmp-*")  # a render killed midway (the build lock keeps out a live one)
    tmp = Path(tempfile.mkdtemp(prefix=f".{ctx.year}.tmp-", dir=final.parent))
    try:
        if chosen == "quarto":
            render_quarto(qdir, tmp, view["r"]["pdf"], view["r"]["docx"])
        else:
            render_builtin(qdir, tmp)
        write_status_table(ctx.statuses, ctx.programme, view["r"], tmp, ctx.inputs.observations)
        r = view["r"]
        meta = {"region": region, "region_name": r["region_name"], "programme": r["programme_name"], "year": ctx.year,
                "title": r["title"], "example_data": r["example_data"], "renderer": chosen, "hallbar_version": __version__,
                "rendered": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "files": {"html": "index.html", "pdf": r["pdf"], "docx": r["docx"], "xlsx": r["xlsx"], "csv": r["csv"]},
                "warnings": [str(p) for p in ctx.problems.warnings]}
        (tmp / REPORT_META).write_text(dumps(meta), encoding="utf-8")
        missing = [f for f in meta["files"].values() if not (tmp / f).is_file()]
        if missing:
            raise RenderError(f"the {chosen} renderer did not write: {', '.join(missing)}")
        _swap(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def built_reports(project: Project) -> list[dict]:
    """Every finished report under report/_output/, newest year first per region."""
    out = []
    root = project.output_dir
    if not root.is_dir():
        return out
    for meta_path in sorted(root.glob(f"*/*/{REPORT_META}")):
        folder = meta_path.parent
        if folder.name.startswith(".") or folder.parent.name.startswith("."):
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        files = meta.get("files", {})
        meta["links"] = {k: f"{folder.parent.name}/{folder.name}/{v}" for k, v in files.items() if (folder / v).is_file()}
        out.append(meta)
    return sorted(out, key=lambda m: (str(m.get("region_name", m.get("region"))), -int(m.get("year", 0))))


def render_landing(project: Project | str | Path) -> Path:
    """report/_output/index.html: every built region × year with links to HTML, PDF, XLSX and CSV."""
    project = project if isinstance(project, Project) else Project.at(project)
    check_output_dir(project)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES / "builtin")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    regions: dict[str, list[dict]] = {}
    for meta in built_reports(project):
        regions.setdefault(meta.get("region_name") or meta["region"], []).append(meta)
    html = env.get_template("landing.html.j2").render(regions=regions, css=jinja2.utils.markupsafe.Markup(css_text().replace("</", "<\\/")),
                                                       version=__version__)
    project.output_dir.mkdir(parents=True, exist_ok=True)
    target = project.output_dir / "index.html"
    _drop_stale(project.output_dir, ".index.html.tmp-*")
    tmp = target.with_name(f".index.html.tmp-{os.getpid()}")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    return target
