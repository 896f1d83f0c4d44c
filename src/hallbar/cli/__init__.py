"""The `hallbar` command: a thin layer over the library (argument parsing and printing only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import __version__
from ..errors import InputError
from ..model import MAX_YEAR, MIN_YEAR
from .output import print_problems, quiet_broken_pipe


def year(text: str) -> int:
    """A four-digit year in the range the data accept (so `--year 25` is refused, not read as year 25)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year; write it with four digits, e.g. 2025") from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"{value} is not a year between {MIN_YEAR} and {MAX_YEAR}; write it with four digits, e.g. 2025")
    return value


def cmd_check(args) -> int:
    from .check import run

    return run(args)


def cmd_status(args) -> int:
    from .status import run

    return run(args)


def cmd_build(args) -> int:
    from .build import run

    return run(args)


def cmd_clean(args) -> int:
    from .build import run_clean

    return run_clean(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hallbar", description="Build a region's yearly hållbarhetsredovisning.")
    parser.add_argument("--version", action="version", version=f"hallbar {__version__}")
    parser.add_argument("--project", default=".", type=Path, help="project folder (default: the current folder)")
    # --project is also accepted after the command: `hallbar check --project DIR`
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", default=argparse.SUPPRESS, type=Path, help="project folder (default: the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", parents=[common], help="validate params, data and narratives of one or all regions")
    p.add_argument("--region", action="append", help="region id (repeatable; default: all)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("status", parents=[common], help="goal status of every target of a region for a report year")
    p.add_argument("--region", required=True, help="region id")
    p.add_argument("--year", type=year, help="report year (default: the latest with a yearly file)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("build", parents=[common], help="the yearly build: check, assess, notebook runs (parallel, incremental), report")
    p.add_argument("--region", action="append", help="region id (repeatable; default: all)")
    p.add_argument("--year", action="append", type=year, help="report year (repeatable; default: each region's latest yearly file)")
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

    p = sub.add_parser("clean", parents=[common], help="remove build/ (what builds wrote; inputs are never touched)")
    p.add_argument("--all", action="store_true", help="also remove the built reports in report/_output/")
    p.set_defaults(func=cmd_clean)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print_problems(exc.problems)
        return 1
    except BrokenPipeError:  # e.g. `hallbar status ... | head`
        quiet_broken_pipe()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
