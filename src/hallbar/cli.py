"""The `hallbar` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .errors import InputError, Problem
from .project import Project, load_region


def _print_problems(problems: list[Problem], stream=sys.stderr) -> None:
    for p in problems:
        print(f"{'error' if p.is_error else 'warning'}: {p}", file=stream)


def _regions(project: Project, wanted: list[str] | None) -> list[str]:
    if wanted:
        for r in wanted:
            project.check_region_id(r)
        return list(dict.fromkeys(wanted))
    regions = project.regions()
    if not regions:
        raise InputError([Problem(str(project.params_dir), "", "contains no region (no params/<region>/programme.yml).",
                                  "Run hallbar in a project folder, or pass --project DIR.")])
    return regions


def cmd_check(args) -> int:
    project = Project.at(args.project)
    failed = False
    for region in _regions(project, args.region):
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
        if inputs.warnings:
            _print_problems(inputs.warnings, sys.stdout)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hallbar", description="Build a region's yearly hållbarhetsredovisning.")
    parser.add_argument("--version", action="version", version=f"hallbar {__version__}")
    parser.add_argument("--project", default=".", type=Path, help="project folder (default: the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="validate params and data of one or all regions")
    p.add_argument("--region", action="append", help="region id (repeatable; default: all)")
    p.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
