"""`hallbar status`: every target's status for a report year, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import sys

from ..analysis.status import assess, flat_record, records
from ..analysis.tables import status_rows
from ..errors import InputError, Problem
from ..inputs.project import Project, load_region
from ..jsonio import dumps
from . import output


def report_year(project: Project, region: str, years: dict, year: int | None) -> int:
    """The year asked for, which must have a yearly file (as in `hallbar build`), or the latest one."""
    have = ", ".join(map(str, sorted(years))) or "none"
    if year is None:
        if not years:
            raise InputError([Problem(f"params/{region}", "", "has no yearly file, so there is no report year.",
                                      "Add params/<region>/<year>.yml (see params/SCHEMA.md).")])
        return max(years)
    if year not in years:
        raise InputError([Problem(f"params/{region}/{year}.yml", "--year", f"does not exist, so {year} is not a report year of {region}.",
                                  f"Choose a year that has a yearly file (have: {have}), or create params/{region}/{year}.yml.")])
    return year


def run(args) -> int:
    from rich.table import Table

    project = Project.at(args.project)
    project.check_region_id(args.region)
    inputs = load_region(project, args.region)
    year = report_year(project, args.region, inputs.years, args.year)
    results = assess(inputs, year)
    if args.format == "json":
        sys.stdout.write(dumps(records(results)))
        return 0
    if args.format == "csv":
        rows = [flat_record(r) for r in results]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["target_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    prog = inputs.programme
    console = output.make_console()
    console.print(f"[bold]{prog.region.name}[/] — {prog.programme.name}, status {year}")
    rows = {row["id"]: row for row in status_rows(results, prog)}
    for fa in prog.focus_areas:
        table = Table(title=f"{prog.labels.focus_area}: {fa.title}", title_justify="left", expand=True, show_lines=True)
        table.add_column(prog.labels.target, ratio=4, min_width=24, overflow="fold")
        table.add_column("Status", ratio=2, min_width=14)
        table.add_column("Senast", justify="right", ratio=2)
        table.add_column("Mål", justify="right", ratio=2)
        table.add_column("Sedan " + str(year - 1), ratio=1, min_width=6)
        for r in (r for r in results if r.focus_area == fa.id):
            row = rows[r.target_id]
            mark = "*" if r.assessed_by != "computed" else ""
            table.add_row(f"{row['target']}\n[dim]{r.target_id}[/]", f"{row['status']}{mark}", row["latest"], row["goal_text"],
                          row["change"])
        console.print(table)
    console.print("* bedömning eller manuellt ändrad status")
    return 0
