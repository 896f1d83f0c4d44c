"""The report's content as plain values for the templates: Swedish words, Swedish numbers.

`build_view(ctx)` turns a `ReportContext` into a nested dict of strings, `MD`
snippets (status badges, figures, tables the code lays out) and lists. Every
plain string is escaped by the template environment when inserted; only `MD`
values pass as Markdown. Figures are collected in `view["files"]` (source ->
path in the Quarto project) for the writer to copy. The appendices' content
is `appendix`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..analysis.style import css_class
from ..analysis.tables import target_text
from ..inputs.narrative import NARRATIVE_ASSETS
from ..jsonio import read_json
from ..method import TargetStatus, counts
from ..model import STATUS_CODES, FocusArea
from ..sv import numbers, phrases
from ..sv.method_text import method_markdown
from ..sv.words import ASSESSED_BY, CHANGES, RULES_USED, STATUS, plural, sv_date
from .appendix import colophon, indicators_and_gaps, latest_obs, source_text
from .context import ReportContext
from .markdown import MD, image, link, span

RESERVED_PAGES = {"index", "sammanfattning"}


def page_file(focus_id: str) -> str:
    """The chapter file of a focus area; never one of the report's own page names."""
    if focus_id in RESERVED_PAGES or focus_id.startswith("bilaga-"):
        return f"fokus-{focus_id}.qmd"
    return f"{focus_id}.qmd"


def badge(code: str | None) -> MD:
    if not code or code not in STATUS:
        return MD("–")
    return span(phrases.status_text(code), "status", css_class(code))


def run_figures(ctx: ReportContext, run: str) -> list[dict[str, Any]]:
    """The figures a run wrote, in its manifest's order: id, svg, alt (paths in the run folder), caption, target_id.

    Without a manifest (or one without `figures`), every figures/*.svg counts, named after its target.
    """
    folder = ctx.run_dir(run)
    manifest = folder / "manifest.json"
    try:
        listed = read_json(manifest).get("figures") if manifest.is_file() else None
    except (OSError, ValueError, AttributeError):
        listed = None
    if isinstance(listed, list) and all(isinstance(f, dict) and f.get("svg") for f in listed):
        return [{"id": f.get("id") or Path(f["svg"]).stem, "svg": f["svg"], "alt": f.get("alt") or f["svg"][:-4] + ".alt.txt",
                 "caption": f.get("caption"), "target_id": f.get("target_id")} for f in listed]
    targets = {t.id for _, _, t in ctx.programme.targets()}
    return [{"id": p.stem, "svg": f"figures/{p.name}", "alt": f"figures/{p.stem}.alt.txt", "caption": None,
             "target_id": p.stem if p.stem in targets else None} for p in sorted((folder / "figures").glob("*.svg"))]


def _figure(ctx: ReportContext, run: str, fig: dict[str, Any], caption: str, fallback_alt: str, files: dict) -> MD | None:
    """Copy one figure into the project (figures/<run>/<id>.svg) and return its Markdown."""
    folder = ctx.run_dir(run)
    src = folder / fig["svg"]
    if not src.is_file() or ".." in Path(fig["svg"]).parts:
        ctx.warn(ctx.project.rel(src), "", "figure listed in the run's manifest is missing.", "Rebuild with `hallbar build --force`.")
        return None
    alt_path = folder / fig["alt"]
    alt = alt_path.read_text(encoding="utf-8").strip() if alt_path.is_file() else ""
    if not alt:
        ctx.warn(ctx.project.rel(alt_path), "", "alt text is missing or empty; the report uses the status sentence instead.",
                 "The notebook must write figures/<id>.alt.txt next to each figure.")
        alt = fallback_alt
    dest = f"figures/{run}/{re.sub(r'[^A-Za-z0-9_-]', '-', fig['id'])}.svg"
    files[dest] = src
    return image(fig.get("caption") or caption, dest, alt)


def _target_view(ctx: ReportContext, ts: TargetStatus, fa: FocusArea, goal, files: dict, figs: list[dict]) -> dict[str, Any]:
    prog = ctx.programme
    t = prog.target(ts.target_id)
    ind = prog.indicators.get(t.indicator) if t.indicator else None
    by = ts.assessed_by or "computed"
    title = ts.title or t.title
    latest = (ts.latest.year, ts.latest.value) if ts.latest else None
    mine = sorted((f for f in figs if f.get("target_id") == t.id), key=lambda f: f["id"] != t.id)  # <target-id>.svg first
    if ind is not None and not mine and latest is not None:
        ctx.warn(ctx.project.rel(ctx.run_dir(fa.id) / "figures" / f"{t.id}.svg"), "", "figure is missing; the report gives the numbers in words only.",
                 "Rebuild with `hallbar build --force`.")
    caption = f"Utveckling och målbana – {ind.title}" if ind else title
    figures = [m for f in mine if (m := _figure(ctx, fa.id, f, caption, f"Diagram för {title}. {ts.reason}", files))]
    return {
        "id": t.id, "anchor": f"t-{t.id}", "title": title, "page": page_file(fa.id),
        "link": link(title, f"{page_file(fa.id)}#t-{t.id}"),
        "focus_title": fa.title, "goal_title": goal.title,
        "status": ts.status, "badge": badge(ts.status), "label": STATUS[ts.status].label,
        "assessed_by": by, "assessed_label": ASSESSED_BY.get(by, by),
        "computed_badge": badge(ts.computed_status) if by == "override" else None,
        "reason": ts.reason or "", "motivation": ts.motivation,
        "qualitative": t.rule.kind == "qualitative",
        "indicator": ind.title if ind else None,
        "latest": phrases.latest_text(latest, ind), "target": target_text(ts, prog),
        "latest_point": latest, "unit": ind.unit if ind else "", "goal_id": goal.id, "focus_id": fa.id,
        "symbol": STATUS[ts.status].symbol, "computed_status": ts.computed_status,
        "previous_status": ts.previous_status,
        "previous_badge": badge(ts.previous_status), "change": phrases.change_text(ts.change), "change_code": ts.change,
        "rule": RULES_USED.get(ts.rule or "none", ts.rule or ""),
        "figures": figures,
    }


def _controls(ctx: ReportContext, fa: FocusArea, files: dict, figs: list[dict]) -> list[dict]:
    prog = ctx.programme
    out = []
    for ind_id in prog.kontrollmatt(fa.id):
        ind = prog.indicators[ind_id]
        latest = latest_obs(ctx, ind_id)
        mine = [f for f in figs if f.get("target_id") is None and f["id"] == ind_id]
        fig = _figure(ctx, fa.id, mine[0], f"Utveckling – {ind.title}", f"Diagram för {ind.title}.", files) if mine else None
        out.append({"id": ind_id, "title": ind.title, "unit": ind.unit, "source": source_text(ind),
                    "latest": numbers.value(latest[1], ind.unit, ind.decimals) if latest else "–", "year": str(latest[0]) if latest else "–",
                    "example": bool(latest and latest[2]), "figure": fig,
                    "link": link(ind.title, f"bilaga-indikatorer.qmd#i-{ind_id}")})
    return out


def counts_sentence(statuses: list[TargetStatus], noun: str) -> str:
    if not statuses:
        return f"Det finns inga {noun.lower()} att redovisa."
    return phrases.counts_sentence([s.status for s in statuses], noun)


def _counts_row(statuses: list[TargetStatus]) -> list[str]:
    c = counts(statuses)
    return [str(c[code]) for code in STATUS_CODES] + [str(len(statuses))]


def build_view(ctx: ReportContext) -> dict[str, Any]:
    prog, yp, year = ctx.programme, ctx.year_params, ctx.year
    labels = prog.labels
    files: dict[str, Any] = {}
    report_meta = yp.report
    title = report_meta.title or f"Hållbarhetsredovisning {year}"
    r = {
        "region_id": ctx.region, "region_name": prog.region.name, "programme_name": prog.programme.name,
        "programme_period": numbers.year_span(prog.programme.start, prog.programme.end), "year": year, "previous_year": year - 1,
        "title": title, "subtitle": f"{prog.region.name} – {prog.programme.name}",
        "approved_by": report_meta.approved_by or "", "approved_on": sv_date(report_meta.approved_on),
        "approved_on_iso": report_meta.approved_on.isoformat() if report_meta.approved_on else "",
        "contacts": [c.model_dump() for c in report_meta.contacts],
        "example_data": ctx.example_data,
        "label": {k: getattr(labels, k) for k in ("focus_area", "goal", "target")},
        "plural": {k: plural(labels, k) for k in ("focus_area", "goal", "target")},
        "pdf": f"hallbarhetsredovisning-{ctx.region}-{year}.pdf",
        "xlsx": f"statustabell-{ctx.region}-{year}.xlsx", "csv": f"statustabell-{ctx.region}-{year}.csv",
    }
    focus_views, all_targets = [], []
    for fa in prog.focus_areas:
        by_id = {s.target_id: s for s in ctx.statuses_of(fa.id)}
        figs = run_figures(ctx, fa.id)
        goals = []
        for goal in fa.goals:
            tv = [_target_view(ctx, by_id[t.id], fa, goal, files, figs) for t in goal.targets if t.id in by_id]
            goals.append({"id": goal.id, "anchor": f"g-{goal.id}", "title": goal.title, "targets": tv})
            all_targets.extend(tv)
        fn = ctx.narratives.get(fa.id)
        if fn is not None and fn.narrative is not None:
            for img in fn.narrative.images:
                files[f"{NARRATIVE_ASSETS}/{fa.id}/{img}"] = fn.path.parent / img
        focus_statuses = list(by_id.values())
        controls = prog.kontrollmatt(fa.id)
        focus_views.append({
            "id": fa.id, "file": page_file(fa.id), "anchor": f"f-{fa.id}", "title": fa.title, "summary": fa.summary,
            "agenda2030": ", ".join(str(n) for n in fa.agenda2030),
            "goals": goals, "targets": [t for g in goals for t in g["targets"]],
            "counts_sentence": counts_sentence(focus_statuses, plural(labels, "target")),
            "narrative": MD(fn.narrative.markdown) if fn and fn.narrative else None,
            "narrative_path": fn.shown if fn else "",
            "controls": _controls(ctx, fa, files, figs),
            "overview": [m for f in figs if f.get("target_id") is None and f["id"] not in controls
                         and (m := _figure(ctx, fa.id, f, fa.title, f"Diagram för {fa.title}.", files))],
            "link": link(fa.title, f"{page_file(fa.id)}#f-{fa.id}"),
            "count_cells": [link(fa.title, f"{page_file(fa.id)}#f-{fa.id}"), *_counts_row(focus_statuses)],
        })

    summary_alt = ("Stapeldiagram över antal mål per status och " + labels.focus_area.lower() + ". "
                   + " ".join(f"{f['title']}: {counts_sentence(ctx.statuses_of(f['id']), plural(labels, 'target'))}" for f in focus_views))
    summary_figs = [m for f in run_figures(ctx, "summary")
                    if (m := _figure(ctx, "summary", f, f"Status per {labels.focus_area.lower()}", summary_alt, files))]
    if not summary_figs:
        ctx.warn(ctx.project.rel(ctx.run_dir("summary") / "figures"), "", "the summary run wrote no figure; the summary shows the counts as a table only.",
                 "Rebuild with `hallbar build --force`.")
    changes = {code: sum(1 for t in all_targets if t["change_code"] == code) for code in CHANGES}
    changed = [t for t in all_targets if t["change_code"] in ("improved", "worsened")]
    summary = {
        "counts_sentence": counts_sentence(ctx.statuses, plural(labels, "target")),
        "figures": summary_figs,
        "status_headers": [phrases.status_text(c) for c in STATUS_CODES],
        "changes": {code: (CHANGES[code][0], CHANGES[code][1], n) for code, n in changes.items()},
        "changed": changed,
        "any_comparable": any(t["change_code"] != "not_comparable" for t in all_targets),
    }
    indicators, gaps = indicators_and_gaps(ctx, prog, year, all_targets, focus_views)
    return {"r": r, "focus_areas": focus_views, "targets": all_targets, "summary": summary, "indicators": indicators,
            "gaps": gaps, "method": MD(method_markdown()), "colophon": colophon(ctx), "files": files,
            "has_kolada": any(i.kolada for i in prog.indicators.values())}
