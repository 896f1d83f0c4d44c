"""What runs, and why: one run per region × year × focus area plus the summary, with its cache key.

A run is skipped when the content hash of everything it depends on (the
notebook, its parameters, the params files, the data rows it reads,
hallbar's version) equals the one in its cache record and its outputs exist.
`why` says in words why a run must execute ("data changed: sjukfranvaro 2025").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..inputs.project import Project
from .hashing import data_hashes, hallbar_version, notebook_hash, sha256_file, sha256_json
from .runner import RunResult, read_record, run_paths

SUMMARY = "summary"
MAX_LISTED = 3


@dataclass
class Run:
    region: str
    year: int
    name: str
    focus_area: str | None
    notebook: Path
    notebook_rel: str
    parameters: dict
    components: dict
    key: str
    year_dir: Path
    reason: str | None = None  # why it runs; None: skipped (unchanged)
    previous: dict | None = None  # the cache record of the last success
    outcome: str = "pending"  # skipped | ok | failed | not_run
    result: RunResult | None = None

    @property
    def label(self) -> str:
        return f"{self.region} {self.year} {self.name}"

    @property
    def seconds(self) -> float | None:
        return self.result.seconds if self.result else None


def yearly_files(project: Project, region: str, year: int) -> list[Path]:
    """The yearly params a report year uses: its own and the previous year's (for the change since last year)."""
    out = []
    for y in (year, year - 1):
        for suffix in (".yml", ".yaml"):
            p = project.params_dir / region / f"{y}{suffix}"
            if p.is_file():
                out.append(p)
                break
    return out


def plan_region_year(project: Project, inputs, region: str, year: int, force: bool = False) -> list[Run]:
    prog, obs = inputs.programme, inputs.observations
    year_dir = project.build_dir / region / str(year)
    params_files = [project.params_dir / region / "programme.yml", *yearly_files(project, region, year)]
    params_hash = {project.rel(p): sha256_file(p) for p in params_files}
    version = hallbar_version()
    nb_hash: dict[Path, str] = {}
    specs = [(fa.id, fa.id, project.notebook_for(fa.notebook), prog.focus_indicators(fa.id)) for fa in prog.focus_areas]
    all_inds = set(prog.indicators) | (set(obs.indicator) if not obs.empty else set())
    specs.append((SUMMARY, None, project.notebooks_dir / f"{SUMMARY}.ipynb", all_inds))
    runs = []
    for name, focus, nb, inds in specs:
        if nb not in nb_hash:
            nb_hash[nb] = notebook_hash(nb)
        parameters = {"region": region, "year": year} | ({"focus_area": focus} if focus else {})
        components = {
            "notebook": {"path": project.rel(nb), "code": nb_hash[nb]},
            "parameters": parameters,
            "params": params_hash,
            "data": data_hashes(obs, inds),
            "hallbar": version,
        }
        run = Run(region, year, name, focus, nb, project.rel(nb), parameters, components,
                  sha256_json(components), year_dir)
        record, problem = read_record(run_paths(year_dir, name)["record"])
        run.previous = record
        run.reason = why(run, record, problem, force)
        run.outcome = "pending" if run.reason else "skipped"
        if run.outcome == "skipped":  # a failure since is moot: the outputs in place are of these very inputs
            run_paths(year_dir, name)["failed_notebook"].unlink(missing_ok=True)
        runs.append(run)
    return runs


def _listed(items: list[str]) -> str:
    if len(items) <= MAX_LISTED:
        return ", ".join(items)
    return ", ".join(items[:MAX_LISTED]) + f" (+{len(items) - MAX_LISTED} more)"


def why(run: Run, record: dict | None, problem: str | None, force: bool) -> str | None:
    """Why a run must execute, in words; None when nothing it depends on changed."""
    if force:
        return "forced"
    if problem == "damaged":
        return "cache record damaged"
    if record is None:
        return "new"
    if record.get("committing"):
        return "previous build interrupted"
    if record.get("key") == run.key:
        missing = [o for o in record.get("outputs", []) if not (run.year_dir / o).is_file()]
        if missing or not (run.year_dir / "runs" / run.name).is_dir():
            return "outputs missing"
        return None
    old, new = record.get("components", {}), run.components
    reasons = []
    if old.get("notebook", {}).get("path") != new["notebook"]["path"]:
        reasons.append(f"notebook changed (now {new['notebook']['path']})")
    elif old.get("notebook") != new["notebook"]:
        reasons.append("notebook changed")
    if old.get("parameters") != new["parameters"]:
        reasons.append("parameters changed")
    if old.get("params") != new["params"]:
        o, n = old.get("params") or {}, new["params"]
        changed = sorted(Path(k).name for k in set(o) | set(n) if o.get(k) != n.get(k))
        reasons.append("params changed" + (f": {_listed(changed)}" if changed else ""))
    if old.get("data") != new["data"]:
        o, n = old.get("data") or {}, new["data"]
        items = []
        for ind in sorted(set(o) | set(n)):
            oy, ny = o.get(ind) or {}, n.get(ind) or {}
            years = sorted((y for y in set(oy) | set(ny) if oy.get(y) != ny.get(y)), key=lambda y: int(y) if str(y).isdigit() else 0)
            if ind not in o or ind not in n:
                if ny or oy:
                    items.append(f"{ind} (now read)" if ind in n else f"{ind} (no longer read)")
            elif years:
                items.append(f"{ind} {', '.join(years)}")
        reasons.append("data changed" + (f": {_listed(items)}" if items else ""))
    if old.get("hallbar") != new["hallbar"]:
        reasons.append("hallbar version changed")
    return "; ".join(reasons) or "cache record from another version of hallbar"


UNTIMED_RUN_S = 10.0  # what a run never timed counts as when ordering


def longest_first(runs: list[Run]) -> list[Run]:
    """The order runs start in: region × year by region × year, the one with the most work first, so its
    report can render while the others run; inside one, the longest run first (by the last successful
    run's time; runs never timed first)."""

    def secs(r: Run) -> float | None:
        s = (r.previous or {}).get("seconds")
        return s if isinstance(s, (int, float)) else None

    work: dict[tuple[str, int], float] = {}
    for r in runs:
        work[(r.region, r.year)] = work.get((r.region, r.year), 0.0) + (secs(r) if secs(r) is not None else UNTIMED_RUN_S)
    order = {ry: i for i, ry in enumerate(sorted(work, key=lambda ry: -work[ry]))}
    return sorted(runs, key=lambda r: (order[(r.region, r.year)], -(secs(r) if secs(r) is not None else float("inf"))))
