"""What a build is asked to do (`BuildOptions`) and what it did (`BuildReport`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .plan import Run
from .runner import DEFAULT_CELL_TIMEOUT, DEFAULT_KERNEL_RETRIES, DEFAULT_START_TIMEOUT


@dataclass
class BuildOptions:
    regions: list[str] | None = None
    years: list[int] | None = None
    jobs: int | None = None
    force: bool = False
    fail_fast: bool = False
    renderer: str = "auto"
    strict: bool = False
    verbosity: int = 1  # 0 quiet, 1 normal, 2 verbose
    dask: str | None = None  # None: local processes; "local": a LocalCluster; else a scheduler address
    render: bool = True
    start_timeout: float = DEFAULT_START_TIMEOUT
    cell_timeout: float | None = DEFAULT_CELL_TIMEOUT
    kernel_retries: int = DEFAULT_KERNEL_RETRIES
    command: str = "hallbar build"


@dataclass
class RenderOutcome:
    region: str
    year: int | None  # None: the landing page
    outcome: str  # rendered | skipped | failed | not_rendered
    detail: str = ""
    seconds: float | None = None
    path: str | None = None

    @property
    def what(self) -> str:
        return f"{self.region} {self.year}" if self.year is not None else "landing page"


@dataclass
class BuildReport:
    runs: list[Run] = field(default_factory=list)
    renders: list[RenderOutcome] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)
    started: str = ""
    finished: str = ""
    backend: str = ""
    jobs: int = 0
    interrupted: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.runs if r.outcome == outcome)

    @property
    def failed_runs(self) -> list[Run]:
        return [r for r in self.runs if r.outcome == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if self.failed_runs or self.count("not_run") or any(r.outcome == "failed" for r in self.renders):
            return 1
        return 0
