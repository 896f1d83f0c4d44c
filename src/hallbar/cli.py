"""The `hallbar` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .errors import InputError, Problem
from .project import Project, load_region
from .report_context import narrative_problems


def _print_problems(problems: list[Problem], stream=sys.stderr) -> None:
    for p in problems:
        print(f"{'error' if p.is_error else 'warning'}: {p}", file=stream)


def cmd_check(args) -> int:
    project = Project.at(args.project)
    failed = False
    for region in project.select_regions(args.region):
        try:
            inputs = load_region(project, region)
        except InputError as exc:
            failed = True
            errors = [p for p in exc.problems if p.is_error]
            print(f"✗ {region}: {len(errors)} error(s)", file=sys.stderr)
            _print_problems(exc.problems)
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
        print(f"    {len(prog.focus_areas)} {lab.plural('focus_area').lower()}, {n_goals} {lab.plural('goal').lower()}, "
              f"{len(targets)} {lab.plural('target').lower()} ("
              + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")")
        print(f"    {len(prog.indicators)} indicators ({len(steered & set(prog.indicators))} with a target, "
              f"{len(set(prog.indicators) - steered)} followed without one)")
        span = f"{years[0]}–{years[-1]}" if years else "none"
        print(f"    {len(obs)} observations ({n_example} example rows), years {span}")
        print(f"    report years: {', '.join(map(str, sorted(inputs.years))) or 'none'}")
        warnings = list(inputs.warnings)
        for year in sorted(inputs.years):
            found = narrative_problems(project, region, year, prog)
            warnings += [p for p in found if not p.is_error]
            if any(p.is_error for p in found):
                failed = True
                _print_problems([p for p in found if p.is_error])
        if warnings:
            _print_problems(warnings, sys.stdout)
    return 1 if failed else 0


def flat_record(ts) -> dict:
    """One CSV row per target: the JSON record with first/latest/target flattened."""
    rec = ts.to_record()
    row = {k: rec[k] for k in ("target_id", "focus_area", "goal", "title", "status", "label", "rule")}
    for key in ("first", "latest", "target"):
        point = rec.get(key) or {}
        row[f"{key}_year"] = point.get("year")
        row[f"{key}_value"] = point.get("value")
    for key in ("required_pace", "actual_pace", "ratio", "projection", "previous_status", "change", "assessed_by", "reason"):
        row[key] = rec.get(key)
    return row


def cmd_status(args) -> int:
    import csv
    import json

    from rich.console import Console
    from rich.table import Table

    from . import fmt
    from .status import CHANGES, assess_programme

    project = Project.at(args.project)
    project.check_region_id(args.region)
    inputs = load_region(project, args.region)
    year = args.year or (max(inputs.years) if inputs.years else None)
    if year is None:
        raise InputError([Problem(f"params/{args.region}", "", "has no yearly file, so there is no report year.",
                                  "Add params/<region>/<year>.yml or pass --year.")])
    results = assess_programme(inputs.programme, inputs.observations, year, inputs.years)
    if args.format == "json":
        json.dump([r.to_record() for r in results], sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
        print()
        return 0
    if args.format == "csv":
        rows = [flat_record(r) for r in results]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["target_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    prog = inputs.programme
    console = Console()
    console.print(f"[bold]{prog.region.name}[/] — {prog.programme.name}, status {year}")
    for fa in prog.focus_areas:
        table = Table(title=f"{prog.labels.focus_area}: {fa.title}", title_justify="left", expand=True, show_lines=True)
        table.add_column(prog.labels.target, ratio=4, min_width=24, overflow="fold")
        table.add_column("Status", ratio=2, min_width=14)
        table.add_column("Senast", justify="right", ratio=2)
        table.add_column("Mål", justify="right", ratio=2)
        table.add_column("Sedan " + str(year - 1), ratio=1, min_width=6)
        for r in (r for r in results if r.focus_area == fa.id):
            ind = prog.indicators.get(r.indicator) if r.indicator else None
            latest = fmt.value(r.latest.value, ind.unit, ind.decimals) + f" ({r.latest.year})" if (ind and r.latest) else "–"
            target = fmt.value(r.target_value, ind.unit, ind.decimals) + f" ({r.target_year})" if (ind and r.target_value is not None) else "–"
            arrow, word = CHANGES[r.change or "not_comparable"]
            mark = "*" if r.assessed_by != "computed" else ""
            table.add_row(f"{r.title}\n[dim]{r.target_id}[/]", f"{r.symbol} {r.label}{mark}", latest, target, f"{arrow} {word}")
        console.print(table)
    console.print("* bedömning eller manuellt ändrad status")
    return 0


def cmd_build(args) -> int:
    """check -> assess -> notebook runs -> render; see hallbar.build."""
    from .build import BuildError, BuildOptions, run_build

    opts = BuildOptions(
        regions=args.region, years=args.year, jobs=args.jobs, force=args.force, fail_fast=args.fail_fast,
        renderer=args.renderer, strict=args.strict, verbosity=0 if args.quiet else 2 if args.verbose else 1,
        dask=args.dask, render=not args.no_render, command="hallbar " + " ".join(sys.argv[1:]),
    )
    try:
        report = run_build(Project.at(args.project), opts)
    except InputError as exc:
        _print_problems(exc.problems)
        print("build stopped before anything was written: fix the problems above.", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return report.exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hallbar", description="Build a region's yearly hållbarhetsredovisning.")
    parser.add_argument("--version", action="version", version=f"hallbar {__version__}")
    parser.add_argument("--project", default=".", type=Path, help="project folder (default: the current folder)")
    # --project is also accepted after the command: `hallbar check --project DIR`
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", default=argparse.SUPPRESS, type=Path, help="project folder (default: the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", parents=[common], help="validate params and data of one or all regions")
    p.add_argument("--region", action="append", help="region id (repeatable; default: all)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("status", parents=[common], help="goal status of every target of a region for a report year")
    p.add_argument("--region", required=True, help="region id")
    p.add_argument("--year", type=int, help="report year (default: the latest with a yearly file)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("build", parents=[common], help="the yearly build: check, assess, notebook runs (parallel, incremental), report")
    p.add_argument("--region", action="append", help="region id (repeatable; default: all)")
    p.add_argument("--year", action="append", type=int, help="report year (repeatable; default: each region's latest yearly file)")
    p.add_argument("--jobs", "-j", type=int, help="runs at a time (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="re-run every notebook and re-render, changed or not")
    p.add_argument("--fail-fast", action="store_true", help="start no new run after the first failure")
    p.add_argument("--renderer", choices=("auto", "quarto", "builtin"), default="auto")
    p.add_argument("--strict", action="store_true", help="passed to the renderer: treat report warnings as errors")
    p.add_argument("--no-render", action="store_true", help="stop after the notebook runs and provenance")
    p.add_argument("--dask", metavar="ADDRESS", help="run on Dask: 'local' (a LocalCluster on 127.0.0.1) or a scheduler address tcp://host:port")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("--quiet", "-q", action="store_true", help="only failures and the final line")
    loud.add_argument("--verbose", "-v", action="store_true", help="every run, skipped ones too, and failing cells' tracebacks")
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        _print_problems(exc.problems)
        return 1
    except BrokenPipeError:  # e.g. `hallbar status ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
