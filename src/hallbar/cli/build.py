"""`hallbar build` and `hallbar clean`."""

from __future__ import annotations

import sys

from ..errors import BuildError, InputError
from ..inputs.project import Project
from ..pipeline.build import clean, run_build
from ..pipeline.lock import build_lock
from ..pipeline.options import BuildOptions
from .output import print_problems


def run(args) -> int:
    """check -> assess -> notebook runs -> render; see hallbar.pipeline.build."""
    opts = BuildOptions(
        regions=args.region, years=args.year, jobs=args.jobs, force=args.force, fail_fast=args.fail_fast,
        renderer=args.renderer, strict=args.strict, verbosity=0 if args.quiet else 2 if args.verbose else 1,
        dask=args.dask, render=not args.no_render, command="hallbar " + " ".join(sys.argv[1:]),
    )
    try:
        report = run_build(Project.at(args.project), opts)
    except InputError as exc:
        print_problems(exc.problems)
        print("build stopped before anything was written: fix the problems above.", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return report.exit_code


def run_clean(args) -> int:
    """Remove build/ (and with --all report/_output/); never while a build runs."""
    project = Project.at(args.project)
    try:
        with build_lock(project.build_dir):
            removed = clean(project, outputs=args.all)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for folder in removed:
        print(f"removed {project.rel(folder)}/")
    if not removed:
        print("nothing to remove")
    return 0
