"""What the generated pages (cover, appendices) say, as plain values for the templates.

The chapters are the executed notebooks (`chapters`); `build_view(ctx)` gives
the cover and the appendices a nested dict of strings, `MD` snippets (status
badges, links, tables the code lays out) and lists. Every plain string is
escaped by the template environment when inserted; only `MD` values pass as
Markdown. The appendices' content is `appendix`.
"""

from __future__ import annotations

import re
from typing import Any

from ..analysis.chapter import badge
from ..analysis.markdown import MD, link, md_escape
from ..analysis.summary import chapter_file
from ..analysis.tables import short_name, target_numbers
from ..method import TargetStatus
from ..model import STATUS_CODES, FocusArea
from ..sv import numbers
from ..sv.method_text import method_markdown
from ..sv.phrases import uc_first
from ..sv.words import ASSESSED_BY, CHANGES, RULES_USED, VALUE_CHANGES, plural, status_words, sv_date
from .appendix import colophon, gaps, indicator_groups
from .context import ReportContext


def _target_view(ctx: ReportContext, ts: TargetStatus, fa: FocusArea, numbers_of: dict[str, str]) -> dict[str, Any]:
    """A target as the cover, the appendices and the exports list it (its chapter is its notebook's)."""
    prog = ctx.programme
    t = prog.target(ts.target_id)
    by = ts.assessed_by or "computed"
    title = ts.title or t.title
    page = chapter_file(fa.id)
    return {
        "id": t.id, "title": title, "link": link(title, f"{page}#t-{t.id}"), "focus_title": fa.title,
        "number": numbers_of[t.id], "short_link": link(short_name(prog, t.id), f"{page}#t-{t.id}"),
        "status": ts.status, "badge": badge(ts.status), "assessed_by": by, "assessed_label": ASSESSED_BY.get(by, by),
        "reason": ts.reason or "", "change_code": ts.change,
        "rule": RULES_USED.get(ts.rule or "none", ts.rule or ""),
    }


def build_view(ctx: ReportContext) -> dict[str, Any]:
    prog, yp, year = ctx.programme, ctx.year_params, ctx.year
    labels = prog.labels
    report_meta = yp.report
    title = report_meta.title or f"Hållbarhetsredovisning {year}"
    r = {
        "region_id": ctx.region, "region_name": prog.region.name, "programme_name": prog.programme.name,
        "programme_period": numbers.year_span(prog.programme.start, prog.programme.end), "year": year, "previous_year": year - 1,
        "title": title, "subtitle": f"{prog.region.name} – {prog.programme.name}",
        "approved_by": report_meta.approved_by or "", "approved_on": sv_date(report_meta.approved_on),
        "approved_on_iso": report_meta.approved_on.isoformat() if report_meta.approved_on else "",
        "contacts": [c.model_dump() for c in report_meta.contacts],
        "publisher": report_meta.publisher or prog.region.name, "diarienummer": report_meta.diarienummer or "",
        "decision": report_meta.decision or "", "produced_by": report_meta.produced_by or "",
        "adopted_by": prog.programme.adopted_by or "",
        "example_data": ctx.example_data,
        "label": {k: getattr(labels, k) for k in ("focus_area", "goal", "target")},
        "plural": {k: plural(labels, k) for k in ("focus_area", "goal", "target")},
        "pdf": f"hallbarhetsredovisning-{ctx.region}-{year}.pdf", "docx": f"hallbarhetsredovisning-{ctx.region}-{year}.docx",
        "xlsx": f"statustabell-{ctx.region}-{year}.xlsx", "csv": f"statustabell-{ctx.region}-{year}.csv",
    }
    all_targets = []
    focus_views = []
    numbers_of = target_numbers(prog)
    for fa in prog.focus_areas:
        by_id = {s.target_id: s for s in ctx.statuses_of(fa.id)}
        all_targets += [_target_view(ctx, by_id[t.id], fa, numbers_of) for t in fa.targets() if t.id in by_id]
        fn = ctx.narratives.get(fa.id)
        focus_views.append({"id": fa.id, "title": fa.title, "file": chapter_file(fa.id),
                            "narrative": MD(fn.narrative.markdown) if fn and fn.narrative else None,
                            "narrative_path": fn.shown if fn else ""})
    interpretations = [{"where": _where_text(prog, level, ident), "text": uc_first(re.sub(r"^\s*Tolkning:\s*", "", text, flags=re.I))}
                       for level, ident, text in prog.interpretations()]
    groups = indicator_groups(ctx, prog)
    r["counts"] = {"focus_areas": len(prog.focus_areas), "goals": sum(len(fa.goals) for fa in prog.focus_areas),
                   "targets": len(all_targets),
                   "qualitative": sum(1 for _fa, _g, t in prog.targets() if t.rule.kind == "qualitative")}
    has_kolada = any(i.kolada for i in prog.indicators.values())
    r["sources"] = sorted({ind.source for ind in prog.indicators.values()} | ({"Kolada"} if has_kolada else set()))
    guide = {"statuses": [{"badge": badge(code), "meaning": status_words(code).sentence} for code in STATUS_CODES],
             "status_changes": [{"sign": f"{arrow} {word}"} for arrow, word in CHANGES.values()],
             "value_changes": [{"sign": f"{arrow} {word}"} for arrow, word in VALUE_CHANGES.values()]}
    return {"r": r, "guide": guide, "focus_areas": focus_views, "targets": all_targets,
            "gaps": gaps(ctx, prog, year, all_targets, focus_views), "method": MD(method_markdown()), "colophon": colophon(ctx),
            "interpretations": interpretations, "has_kolada": has_kolada, "indicator_groups": groups,
            "has_examples": any(g["example"] for g in groups)}


def _where_text(prog, level: str, ident: str) -> MD:
    """The thing an interpretation is about, linked to its place in the report where it has one."""
    labels = prog.labels
    if level == "focus_area":
        fa = prog.focus_area(ident)
        return MD(f"{md_escape(labels.focus_area)}: {link(fa.title, f'{chapter_file(fa.id)}#f-{fa.id}')}")
    if level == "goal":
        for fa in prog.focus_areas:
            for goal in fa.goals:
                if goal.id == ident:
                    return MD(f"{md_escape(labels.goal)}: {link(goal.title, f'{chapter_file(fa.id)}#g-{goal.id}')}")
    if level == "target":
        for fa, _goal, t in prog.targets():
            if t.id == ident:
                return MD(f"{md_escape(labels.target)}: {link(t.title, f'{chapter_file(fa.id)}#t-{t.id}')}")
    ind = prog.indicators[ident]
    return MD(f"Indikator: {link(ind.title, f'bilaga-indikatorer.qmd#i-{ident}')}")
