"""What a build reports while it works: events, consumed by the terminal display (or a test).

The scheduler only emits events; `display.Display` turns them into progress
bars, plain lines and the closing summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Note:
    text: str
    level: int = 2  # 1 normal, 2 verbose


@dataclass(frozen=True)
class Warning:
    text: str


@dataclass(frozen=True)
class BackendStarted:
    description: str
    jobs: int


@dataclass(frozen=True)
class RunsPlanned:
    runs: list[Any]  # plan.Run


@dataclass(frozen=True)
class RunStarted:
    run: Any


@dataclass(frozen=True)
class RunFinished:
    run: Any


@dataclass(frozen=True)
class RenderStarted:
    region: str
    year: int


@dataclass(frozen=True)
class RenderFinished:
    outcome: Any  # plan.RenderOutcome


@dataclass(frozen=True)
class Tick:
    """Nothing happened for a moment: time to refresh a progress display."""


@dataclass(frozen=True)
class Stopped:
    """The runs and renders are over (or interrupted)."""
