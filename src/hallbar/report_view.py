"""The report's content as plain values for the templates: Swedish words, Swedish numbers.

`build_view(ctx)` turns a `ReportContext` into a nested dict of strings, `MD`
snippets (status badges, figures, tables the code lays out) and lists. Every
plain string is escaped by the template environment when inserted; only `MD`
values pass as Markdown. Figures are collected in `view["files"]` (source ->
path in the Quarto project) for the writer to copy.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

from . import fmt, status
from .mdtext import MD, image, link, md_escape, pipe_table, span
from .params import FocusArea, Indicator, Programme
from .report_context import NARRATIVE_ASSETS, ReportContext
from .style import css_class

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december")
SEX_LABELS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
STALE_YEARS = 2  # a series whose latest value is older than year - STALE_YEARS is reported as a data gap
RESERVED_PAGES = {"index", "sammanfattning"}


def sv_date(d: dt.date | str | None) -> str:
    if d is None:
        return ""
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d[:10])
        except ValueError:
            return d
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def page_file(focus_id: str) -> str:
    """The chapter file of a focus area; never one of the report's own page names."""
    if focus_id in RESERVED_PAGES or focus_id.startswith("bilaga-"):
        return f"fokus-{focus_id}.qmd"
    return f"{focus_id}.qmd"


def badge(code: str | None) -> MD:
    if not code or code not in status.STATUSES:
        return MD("–")
    info = status.STATUSES[code]
    return span(f"{info.symbol} {info.label}", "status", css_class(code))


def _point(rec: dict, key: str) -> tuple[int, float] | None:
    p = rec.get(key)
    if isinstance(p, dict) and p.get("value") is not None:
        return int(p["year"]), float(p["value"])
    return None


def _value(ind: Indicator | None, v: float | None) -> str:
    if ind is None or v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return fmt.value(v, ind.unit, ind.decimals)


def target_text(rec: dict, prog: Programme, ind: Indicator | None) -> str:
    """The target in a few words for tables: `högst 250 recept ... år 2028`, `Minska`, `Bedömning`."""
    t = prog.target(rec["target_id"])
    kind = t.rule.kind
    year = rec.get("target_year") or prog.target_year(t)
    if kind == "qualitative" or ind is None:
        return f"Kvalitativt mål ({year})"
    better = ind.better == "lower"
    if kind == "direction":
        word = "Minska" if better else "Öka"
        if getattr(t.rule, "each_year", False):
            return f"{word} varje år"
        base = getattr(t.rule, "base_year", None)
        return f"{word}" + (f" jämfört med {base}" if base else "") + f" (till {year})"
    if kind == "relative":
        cmp = prog.indicators.get(t.rule.compare_to)
        return ("Lägre" if better else "Högre") + f" än {cmp.title.lower() if cmp else t.rule.compare_to}"
    tgt = rec.get("target") or {}
    if tgt.get("value") is None:
        return f"År {year}"
    return f"{'högst' if better else 'minst'} {_value(ind, tgt['value'])} år {tgt.get('year') or year}"


def _latest_text(rec: dict, ind: Indicator | None) -> str:
    p = _point(rec, "latest")
    return f"{_value(ind, p[1])} ({p[0]})" if p else "–"


def _change_text(rec: dict) -> str:
    ch = rec.get("change")
    if ch in status.CHANGES:
        arrow, label = status.CHANGES[ch]
        return f"{arrow} {label}"
    return "–"


def run_figures(ctx: ReportContext, run: str) -> list[dict[str, Any]]:
    """The figures a run wrote, in its manifest's order: id, svg, alt (paths in the run folder), caption, target_id.

    Without a manifest (or one without `figures`), every figures/*.svg counts, named after its target.
    """
    folder = ctx.run_dir(run)
    manifest = folder / "manifest.json"
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("figures") if manifest.is_file() else None
    except (OSError, ValueError):
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


def _target_view(ctx: ReportContext, rec: dict, fa: FocusArea, goal, files: dict, figs: list[dict]) -> dict[str, Any]:
    prog = ctx.programme
    t = prog.target(rec["target_id"])
    ind = prog.indicators.get(t.indicator) if t.indicator else None
    by = rec.get("assessed_by") or "computed"
    title = rec.get("title") or t.title
    mine = sorted((f for f in figs if f.get("target_id") == t.id), key=lambda f: f["id"] != t.id)  # <target-id>.svg first
    if ind is not None and not mine and _point(rec, "latest") is not None:
        ctx.warn(ctx.project.rel(ctx.run_dir(fa.id) / "figures" / f"{t.id}.svg"), "", "figure is missing; the report gives the numbers in words only.",
                 "Rebuild with `hallbar build --force`.")
    caption = f"Utveckling och målbana – {ind.title}" if ind else title
    figures = [m for f in mine if (m := _figure(ctx, fa.id, f, caption, f"Diagram för {title}. {rec.get('reason', '')}", files))]
    return {
        "id": t.id, "anchor": f"t-{t.id}", "title": title, "page": page_file(fa.id),
        "link": link(title, f"{page_file(fa.id)}#t-{t.id}"),
        "focus_title": fa.title, "goal_title": goal.title,
        "status": rec["status"], "badge": badge(rec["status"]), "label": status.STATUSES[rec["status"]].label,
        "assessed_by": by, "assessed_label": status.ASSESSED_BY.get(by, by),
        "computed_badge": badge(rec.get("computed_status")) if by == "override" else None,
        "reason": rec.get("reason") or "", "motivation": rec.get("motivation"),
        "qualitative": t.rule.kind == "qualitative",
        "indicator": ind.title if ind else None,
        "latest": _latest_text(rec, ind), "target": target_text(rec, prog, ind),
        "latest_point": _point(rec, "latest"), "unit": ind.unit if ind else "", "goal_id": goal.id, "focus_id": fa.id,
        "symbol": status.STATUSES[rec["status"]].symbol, "computed_status": rec.get("computed_status"),
        "previous_status": rec.get("previous_status"),
        "previous_badge": badge(rec.get("previous_status")), "change": _change_text(rec), "change_code": rec.get("change"),
        "rule": status.RULES_USED.get(rec.get("rule") or "none", rec.get("rule") or ""),
        "figures": figures,
    }


def _latest_obs(ctx: ReportContext, ind_id: str) -> tuple[int, float, bool] | None:
    obs = ctx.observations
    sel = obs[(obs.indicator == ind_id) & (obs.sex == "T") & obs.value.notna()]
    if sel.empty:
        sel = obs[(obs.indicator == ind_id) & obs.value.notna()]
    if sel.empty:
        return None
    row = sel.sort_values("year").iloc[-1]
    return int(row.year), float(row.value), bool(row.example)


def control_ids(prog: Programme, fa: FocusArea) -> list[str]:
    """Kontrollmått of a focus area: its indicators (`focus_area:`) that no target uses."""
    steered = prog.steered_indicators()
    return [i for i, ind in prog.indicators.items() if ind.focus_area == fa.id and i not in steered]


def _controls(ctx: ReportContext, fa: FocusArea, files: dict, figs: list[dict]) -> list[dict]:
    prog = ctx.programme
    out = []
    for ind_id in control_ids(prog, fa):
        ind = prog.indicators[ind_id]
        latest = _latest_obs(ctx, ind_id)
        mine = [f for f in figs if f.get("target_id") is None and f["id"] == ind_id]
        fig = _figure(ctx, fa.id, mine[0], f"Utveckling – {ind.title}", f"Diagram för {ind.title}.", files) if mine else None
        out.append({"id": ind_id, "title": ind.title, "unit": ind.unit, "source": _source(ind),
                    "latest": _value(ind, latest[1]) if latest else "–", "year": str(latest[0]) if latest else "–",
                    "example": bool(latest and latest[2]), "figure": fig,
                    "link": link(ind.title, f"bilaga-indikatorer.qmd#i-{ind_id}")})
    return out


def _source(ind: Indicator) -> str:
    return ind.source + ("; Källa: Kolada" if ind.kolada else "")


def _counts_row(records: list[dict]) -> list[str]:
    c = status.counts(r["status"] for r in records)
    return [str(c[code]) for code in status.STATUS_CODES] + [str(len(records))]


def counts_sentence(records: list[dict], noun: str) -> str:
    if not records:
        return f"Det finns inga {noun.lower()} att redovisa."
    return status.counts_sentence([r["status"] for r in records], noun)


def _indicator_table(ctx: ReportContext, ind_id: str, ind: Indicator) -> dict[str, Any]:
    """Years × sexes; a row's source and note only where they differ from the indicator's own.

    Example rows say "Exempelvärde" in the last column; their (generated) note is shown once below the table.
    """
    obs = ctx.observations
    sel = obs[obs.indicator == ind_id].sort_values(["year", "sex"])
    sexes = [s for s in ("T", "K", "M") if (sel.sex == s).any()]
    rows = []
    example_notes: list[str] = []
    for year, grp in sel.groupby("year", sort=True):
        by_sex = {r.sex: r for r in grp.itertuples()}
        cells = [str(year)]
        for s in sexes:
            r = by_sex.get(s)
            if r is None:
                cells.append("")
            elif r.missing:
                mark = {"sekretess": "..", "ej tillämplig": "."}.get(r.missing, "-")
                cells.append(f"{mark} ({r.missing})")
            else:
                cells.append(fmt.number(r.value, ind.decimals))
        real = [r for r in grp.itertuples() if not r.example]
        marks = ["Exempelvärde"] if len(real) < len(grp) else []
        example_notes += [str(r.note) for r in grp.itertuples() if r.example and str(r.note or "").strip()]
        sources = [str(r.source) for r in real if str(r.source or "").strip() and str(r.source) != ind.source]
        notes = [str(r.note) for r in real if str(r.note or "").strip()]
        cells.append("; ".join(dict.fromkeys(marks + sources + notes)))
        rows.append(cells)
    headers = ["År", *[f"{SEX_LABELS[s]} ({ind.unit})" for s in sexes], "Källa och anmärkning"]
    table = pipe_table(headers, rows, widths=[1] + [2] * len(sexes) + [4], align="l" + "r" * len(sexes) + "l") if rows else None
    examples = list(dict.fromkeys(example_notes))
    return {"table": table, "has_example": bool(sel.example.any()) if not sel.empty else False,
            "example_note": examples[0] if len(examples) == 1 else ("; ".join(examples[:3]) if examples else "")}


def build_view(ctx: ReportContext) -> dict[str, Any]:
    prog, yp, year = ctx.programme, ctx.year_params, ctx.year
    labels = prog.labels
    files: dict[str, Any] = {}
    report_meta = yp.report
    title = report_meta.title or f"Hållbarhetsredovisning {year}"
    r = {
        "region_id": ctx.region, "region_name": prog.region.name, "programme_name": prog.programme.name,
        "programme_period": fmt.year_span(prog.programme.start, prog.programme.end), "year": year, "previous_year": year - 1,
        "title": title, "subtitle": f"{prog.region.name} – {prog.programme.name}",
        "approved_by": report_meta.approved_by or "", "approved_on": sv_date(report_meta.approved_on),
        "approved_on_iso": report_meta.approved_on.isoformat() if report_meta.approved_on else "",
        "contacts": [c.model_dump() for c in report_meta.contacts],
        "example_data": ctx.example_data,
        "label": {k: getattr(labels, k) for k in ("focus_area", "goal", "target")},
        "plural": {k: labels.plural(k) for k in ("focus_area", "goal", "target")},
        "pdf": f"hallbarhetsredovisning-{ctx.region}-{year}.pdf",
        "xlsx": f"statustabell-{ctx.region}-{year}.xlsx", "csv": f"statustabell-{ctx.region}-{year}.csv",
    }
    focus_views, all_targets = [], []
    for fa in prog.focus_areas:
        recs = {rec["target_id"]: rec for rec in ctx.records_of(fa.id)}
        figs = run_figures(ctx, fa.id)
        goals = []
        for goal in fa.goals:
            tv = [_target_view(ctx, recs[t.id], fa, goal, files, figs) for t in goal.targets if t.id in recs]
            goals.append({"id": goal.id, "anchor": f"g-{goal.id}", "title": goal.title, "targets": tv})
            all_targets.extend(tv)
        fn = ctx.narratives.get(fa.id)
        if fn is not None and fn.narrative is not None:
            for img in fn.narrative.images:
                files[f"{NARRATIVE_ASSETS}/{fa.id}/{img}"] = fn.path.parent / img
        focus_recs = list(recs.values())
        focus_views.append({
            "id": fa.id, "file": page_file(fa.id), "anchor": f"f-{fa.id}", "title": fa.title, "summary": fa.summary,
            "agenda2030": ", ".join(str(n) for n in fa.agenda2030),
            "goals": goals, "targets": [t for g in goals for t in g["targets"]],
            "counts_sentence": counts_sentence(focus_recs, labels.plural("target")),
            "narrative": fn.narrative.markdown if fn and fn.narrative else None,
            "narrative_path": fn.shown if fn else "",
            "controls": _controls(ctx, fa, files, figs),
            "overview": [m for f in figs if f.get("target_id") is None and f["id"] not in control_ids(prog, fa)
                         and (m := _figure(ctx, fa.id, f, fa.title, f"Diagram för {fa.title}.", files))],
            "link": link(fa.title, f"{page_file(fa.id)}#f-{fa.id}"),
            "count_cells": [link(fa.title, f"{page_file(fa.id)}#f-{fa.id}"), *_counts_row(focus_recs)],
        })

    summary_alt = ("Stapeldiagram över antal mål per status och " + labels.focus_area.lower() + ". "
                   + " ".join(f"{f['title']}: {counts_sentence(ctx.records_of(f['id']), labels.plural('target'))}" for f in focus_views))
    summary_figs = [m for f in run_figures(ctx, "summary")
                    if (m := _figure(ctx, "summary", f, f"Status per {labels.focus_area.lower()}", summary_alt, files))]
    if not summary_figs:
        ctx.warn(ctx.project.rel(ctx.run_dir("summary") / "figures"), "", "the summary run wrote no figure; the summary shows the counts as a table only.",
                 "Rebuild with `hallbar build --force`.")
    changes = {code: sum(1 for t in all_targets if t["change_code"] == code) for code in status.CHANGES}
    changed = [t for t in all_targets if t["change_code"] in ("improved", "worsened")]
    summary = {
        "counts_sentence": counts_sentence(ctx.records, labels.plural("target")),
        "figures": summary_figs,
        "status_headers": [f"{status.STATUSES[c].symbol} {status.STATUSES[c].label}" for c in status.STATUS_CODES],
        "changes": {code: (status.CHANGES[code][0], status.CHANGES[code][1], n) for code, n in changes.items()},
        "changed": changed,
        "any_comparable": any(t["change_code"] != "not_comparable" for t in all_targets),
    }

    steered = prog.steered_indicators()
    targets_of: dict[str, list[str]] = {}
    for _fa, _g, t in prog.targets():
        if t.indicator:
            targets_of.setdefault(t.indicator, []).append(t.title)
    indicators, stale = [], []
    for ind_id, ind in prog.indicators.items():
        latest = _latest_obs(ctx, ind_id)
        role = "Styrmått" if ind_id in steered else "Kontrollmått"
        indicators.append({"id": ind_id, "anchor": f"i-{ind_id}", "title": ind.title, "unit": ind.unit, "source": ind.source,
                           "kolada": ind.kolada, "role": role, "description": ind.description,
                           "better": "lägre är bättre" if ind.better == "lower" else "högre är bättre",
                           **_indicator_table(ctx, ind_id, ind)})
        if latest is None or latest[0] < year - STALE_YEARS:
            stale.append({"title": ind.title, "role": role, "latest": str(latest[0]) if latest else "inga värden",
                          "link": link(ind.title, f"bilaga-indikatorer.qmd#i-{ind_id}")})
    gaps = {
        "no_data": [t for t in all_targets if t["status"] == "no_data"],
        "stale": stale, "stale_before": year - STALE_YEARS,
        "missing_narratives": [{"title": f["title"], "path": f["narrative_path"]} for f in focus_views if f["narrative"] is None],
    }
    return {"r": r, "focus_areas": focus_views, "targets": all_targets, "summary": summary, "indicators": indicators,
            "gaps": gaps, "method": MD(status.method_markdown()), "colophon": colophon(ctx), "files": files,
            "has_kolada": any(i.kolada for i in prog.indicators.values())}


def _digest(value: Any) -> MD:
    text = str(value or "")
    return MD(f"`{text}`") if text.isalnum() else md_escape(text)


def _local_paths_hidden(command: str, root: Path) -> str:
    """`hallbar --project /home/anna/region build` -> `hallbar --project . build`: the same command, run in the project."""
    for path in dict.fromkeys((str(root), str(Path(root).resolve()))):
        command = re.sub(re.escape(path) + r"(?=[/\s'\"]|$)", ".", command)
    return command


def _digest_code(text: str) -> str:
    return f"`{text}`" if "`" not in text and text.strip() == text and "\n" not in text else md_escape(text)


def colophon(ctx: ReportContext) -> dict[str, Any]:
    """The build's provenance.json as rows (see `provenance.manifest`); unknown scalar keys are shown as they are."""
    prov = ctx.provenance or {}
    git = prov.get("git") if isinstance(prov.get("git"), dict) else prov
    build = prov.get("build") if isinstance(prov.get("build"), dict) else prov
    rows: list[tuple[str, str]] = []
    if prov:
        commit, dirty = git.get("commit"), git.get("dirty")
        rows.append(("Commit", (str(commit) + (" (med ändringar som inte är incheckade)" if dirty else ""))
                     if commit else "okänd (projektet är inte ett git-arkiv)"))
        when = build.get("finished") or build.get("built") or build.get("started")
        if when:
            rows.append(("Byggd", str(when)))
        for key, label in (("command", "Kommando"), ("host", "Dator"), ("backend", "Körmiljö")):
            if build.get(key):
                value = str(build[key])
                if key == "command":  # the project's folder on the build machine is no business of the report
                    value = _local_paths_hidden(value, ctx.project.root)
                rows.append((label, value))
        if prov.get("outcome"):
            rows.append(("Bygget", "lyckades" if prov["outcome"] == "ok" else str(prov["outcome"])))
    inputs = prov.get("inputs") or prov.get("checksums") or []
    input_rows = []
    if isinstance(inputs, dict):
        inputs = [{"path": k, "sha256": (v.get("sha256") if isinstance(v, dict) else v)} for k, v in sorted(inputs.items())]
    for item in inputs if isinstance(inputs, list) else []:
        if isinstance(item, dict):
            input_rows.append([item.get("path") or item.get("file") or "", item.get("kind") or "",
                               _digest(item.get("sha256") or item.get("hash") or item.get("checksum"))])
    versions = prov.get("versions") if isinstance(prov.get("versions"), dict) else {}
    packages = versions.get("packages") if isinstance(versions.get("packages"), dict) else versions
    version_rows = [[k, str(v)] for k, v in sorted(packages.items()) if isinstance(v, (str, int, float))]
    version_rows += [[k, str(v)] for k, v in sorted(versions.items()) if k not in ("packages", "executable")
                     and isinstance(v, (str, int, float)) and packages is not versions]
    runs = []
    params = prov.get("parameters") if isinstance(prov.get("parameters"), dict) else {}
    for run in prov.get("runs") or []:
        if isinstance(run, dict):
            p = params.get(run.get("name"), {})
            # code spans: long paths may break anywhere (report.css) instead of widening the table
            shown = MD(", ".join(_digest_code(f"{k}={v}") for k, v in p.items() if k not in ("project_dir",))) if isinstance(p, dict) else ""
            runs.append([run.get("name", ""), run.get("notebook", ""), shown, run.get("outcome", ""), run.get("finished") or ""])
    return {"present": bool(prov), "rows": rows, "inputs": input_rows, "versions": version_rows, "runs": runs}
