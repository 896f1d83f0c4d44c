"""The appendices' content: indicator values, data gaps and the colophon from the provenance manifest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..analysis.markdown import MD, link, md_escape, pipe_table
from ..model import Indicator, Programme
from ..sv import numbers
from ..sv.phrases import join
from ..sv.words import MISSING_SHORT, ROLES, SEX_LABELS, SEX_WORDS
from .context import ReportContext

STALE_YEARS = 2  # a series whose latest value is older than year - STALE_YEARS is reported as a data gap


def latest_obs(ctx: ReportContext, ind_id: str) -> tuple[int, float, bool] | None:
    obs = ctx.observations
    sel = obs[(obs.indicator == ind_id) & (obs.sex == "T") & obs.value.notna()]
    if sel.empty:
        sel = obs[(obs.indicator == ind_id) & obs.value.notna()]
    if sel.empty:
        return None
    row = sel.sort_values("year").iloc[-1]
    return int(row.year), float(row.value), bool(row.example)


def source_text(ind: Indicator) -> str:
    return ind.source + ("; Källa: Kolada" if ind.kolada else "")


YEARS_PER_TABLE = 9  # a longer series is shown in several tables, so that the columns stay readable on A4
EXAMPLE_MARK = "*"  # after an example value in the indicator tables ("5,8*"); the page explains it


def _cells(ctx: ReportContext, ind_id: str, ind: Indicator) -> tuple[dict[tuple[str, int], str], list[str], bool]:
    """An indicator's values by (sex, year) as the table shows them, its notes (sources and remarks that differ from the
    indicator's own, by year) and whether any value is example data. How example values were made is not the reader's
    concern, so their notes are left out."""
    obs = ctx.observations
    sel = obs[obs.indicator == ind_id].sort_values(["year", "sex"])
    sexes = set(sel.sex)
    cell_of: dict[tuple[str, int], str] = {}
    notes: list[str] = []
    for r in sel.itertuples():
        if r.missing:
            text = MISSING_SHORT.get(r.missing, "-")
        else:
            text = numbers.number(r.value, ind.decimals) + (EXAMPLE_MARK if r.example else "")
        cell_of[(r.sex, int(r.year))] = text
        if not r.example:
            extra = [str(r.source)] if str(r.source or "").strip() and str(r.source) != ind.source else []
            extra += [str(r.note)] if str(r.note or "").strip() else []
            if extra:
                who = "" if len(sexes) == 1 else f", {SEX_LABELS[r.sex].lower()}"
                notes.append(f"{int(r.year)}{who}: " + "; ".join(extra))
    return cell_of, list(dict.fromkeys(notes)), bool(sel.example.any()) if not sel.empty else False


def indicator_groups(ctx: ReportContext, prog: Programme) -> list[dict[str, Any]]:
    """The indicator appendix: per fokusområde one wide table (a row per indicator and sex, a column per year), the
    sources it draws on and the remarks. Each indicator's name carries its anchor (`i-<id>`), which the targets link to."""
    groups, seen = [], set()
    areas = [(fa.title, fa.id, [i for i in prog.indicators if i in prog.focus_indicators(fa.id)]) for fa in prog.focus_areas]
    rest = [i for i in prog.indicators if not any(i in ids for _t, _f, ids in areas)]
    for title, fid, ids in areas + ([("Övriga mått", "ovriga", rest)] if rest else []):
        ids = [i for i in ids if i not in seen]
        seen.update(ids)
        if not ids:
            continue
        rows, sources, notes, example = [], {}, [], False
        cells = {}
        for i in ids:
            ind = prog.indicators[i]
            cells[i], ind_notes, ex = _cells(ctx, i, ind)
            example = example or ex
            name = f"{ind.title}, {numbers.unit_text(ind.unit)}"
            if prog.indicator_role(i) == "control":
                name += f" ({ROLES['control'].lower()})"
            sources.setdefault(source_text(ind), []).append(ind.title)
            notes += [f"{ind.title} {n}" for n in ind_notes]
            if ind.description:
                notes.append(f"{ind.title}: {ind.description.strip().rstrip('.')}")
            sexes = [x for x in ("T", "K", "M") if any(k[0] == x for k in cells[i])] or ["T"]
            for n, sex in enumerate(sexes):
                if n == 0:  # the indicator's first row carries its anchor
                    label = name + (f", {SEX_WORDS[sex]}" if sex != "T" else ", totalt" if len(sexes) > 1 else "")
                    rows.append((MD(f"[{md_escape(label)}]{{#i-{i}}}"), i, sex))
                else:
                    rows.append((md_escape(f"{ind.title}, {SEX_WORDS[sex]}"), i, sex))
        years = sorted({y for i in ids for (_s, y) in cells[i]})
        tables = []
        for k in range(0, len(years), YEARS_PER_TABLE):
            chunk = years[k:k + YEARS_PER_TABLE]
            body = [[label, *[cells[i].get((sex, y), "") for y in chunk]] for label, i, sex in rows]
            caption = f"Indikatorvärden för {title}" + (f", {numbers.year_span(chunk[0], chunk[-1])}" if len(years) > YEARS_PER_TABLE else "")
            tables.append(pipe_table([ROLES_HEADING, *[str(y) for y in chunk]], body, widths=[7] + [1.3] * len(chunk),
                                     align="l" + "r" * len(chunk), caption=caption))
        if not years:
            tables.append(pipe_table([ROLES_HEADING], [[label] for label, _i, _s in rows], caption=f"Indikatorer för {title}"))
        # the source most of the group's indicators share, then the others by name
        main = max(sources, key=lambda src: len(sources[src]))
        others = [f"{name} ({src})" for src, names in sources.items() if src != main for name in names]
        source_line = f"Källa: {main}" + (f", utom för {join(others)}" if others else "") + "."
        groups.append({"title": title, "anchor": f"bi-{fid}", "tables": tables, "example": example, "source_line": source_line,
                       "notes": notes})
    return groups


ROLES_HEADING = "Mått"


def gaps(ctx: ReportContext, prog: Programme, year: int, all_targets: list[dict], focus_views: list[dict]) -> dict[str, Any]:
    """The data-gaps appendix: targets without data, indicators without a recent value, missing narratives."""
    stale = []
    for ind_id, ind in prog.indicators.items():
        latest = latest_obs(ctx, ind_id)
        if latest is None or latest[0] < year - STALE_YEARS:
            role = ROLES["steered"] if prog.indicator_role(ind_id) != "control" else ROLES["control"]
            stale.append({"title": ind.title, "role": role, "latest": str(latest[0]) if latest else "inga värden",
                          "link": link(ind.title, f"bilaga-indikatorer.qmd#i-{ind_id}")})
    return {
        "no_data": [tv for tv in all_targets if tv["status"] == "no_data"],
        "stale": stale, "stale_before": year - STALE_YEARS,
        "missing_narratives": [{"title": f["title"], "path": f["narrative_path"]} for f in focus_views if f["narrative"] is None],
    }


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
