"""`hallbar check`: validate params, data and narratives; print what each region holds."""

from __future__ import annotations

import sys
from collections import Counter

from ..errors import InputError, Problem
from ..inputs.narrative import narrative_problems
from ..inputs.notebooks import drawing_cells_without_alt, read_notebook
from ..inputs.project import Project, load_region
from ..sv.words import plural
from .output import print_problems


def notebook_warnings(project: Project, prog) -> list[Problem]:
    """Cells that seem to draw a chart without alt text, in the notebooks the region's build runs (before any run)."""
    names = dict.fromkeys([project.notebook_for(fa.notebook) for fa in prog.focus_areas] + [project.notebooks_dir / "summary.ipynb"])
    out = []
    for path in names:
        if not path.is_file():
            continue
        try:
            nb = read_notebook(path)
        except (OSError, ValueError):
            continue
        for cell in drawing_cells_without_alt(nb):
            out.append(Problem(project.rel(path), cell.where(project.rel(path)),
                               "seems to draw a chart but gives it no alt text; the build stops at a figure without one.",
                               "Add `#| fig-alt: <what the chart shows, with its numbers>` at the top of the cell, "
                               "or hallbar.analysis.with_alt(fig, ...).", "warning"))
    return out


def run(args) -> int:
    project = Project.at(args.project)
    failed = False
    for region in project.select_regions(args.region):
        try:
            inputs = load_region(project, region)
        except InputError as exc:
            failed = True
            errors = [p for p in exc.problems if p.is_error]
            print(f"✗ {region}: {len(errors)} error(s)", file=sys.stderr)
            print_problems(exc.problems)
            continue
        prog, obs = inputs.programme, inputs.observations
        lab = prog.labels
        targets = [t for _, _, t in prog.targets()]
        kinds = Counter(t.rule.kind for t in targets)
        n_goals = sum(len(fa.goals) for fa in prog.focus_areas)
        steered = prog.steered_indicators()
        years = sorted(obs.year.unique()) if not obs.empty else []
        n_example = int(obs.example.sum()) if not obs.empty else 0
        print(f"✓ {prog.region.name} ({region}): {prog.programme.name}")
        print(f"    {len(prog.focus_areas)} focus areas ({plural(lab, 'focus_area')}), {n_goals} goals ({plural(lab, 'goal')}), "
              f"{len(targets)} targets ({plural(lab, 'target')}) by rule kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        print(f"    {len(prog.indicators)} indicators ({len(steered & set(prog.indicators))} with a target, "
              f"{len(set(prog.indicators) - steered)} followed without one)")
        span = f"{years[0]}–{years[-1]}" if years else "none"
        print(f"    {len(obs)} observations ({n_example} example rows), years {span}")
        print(f"    report years: {', '.join(map(str, sorted(inputs.years))) or 'none'}")
        marked = Counter(level for level, _, _ in prog.interpretations())
        print(f"    {sum(marked.values())} interpretations (Tolkning) marked"
              + (": " + ", ".join(f"{n} on {level.replace('_', ' ')}s" for level, n in sorted(marked.items())) if marked else ""))
        warnings = list(inputs.warnings)
        built = max(inputs.years) if inputs.years else None  # what `hallbar build` renders by default
        others: list[int] = []
        for year in sorted(inputs.years):
            found = narrative_problems(project, region, year, prog)
            if any(p.is_error for p in found):
                failed = True
                print_problems([p for p in found if p.is_error])
            missing = [p for p in found if not p.is_error]
            if year == built:
                warnings += missing
            elif missing:
                others.append(year)
        warnings += notebook_warnings(project, prog)
        if warnings:
            print_problems(warnings, sys.stdout)
        if others:
            print(f"    note: narratives are missing for earlier report years too ({', '.join(map(str, others))}); "
                  f"`hallbar build --year Y` would show placeholders there.")
    return 1 if failed else 0
