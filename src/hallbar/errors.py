"""Every exception hallbar raises, in one tree.

    HallbarError
    ├── InputError        problems in the user's input, all of them at once (file, where, what, fix)
    ├── BuildError        the build cannot go on (its message says why and what to do)
    │   └── BuildLocked   another build holds the project's lock
    └── RenderError       a renderer failed; the previous report is left in place

A user mistake never surfaces as a traceback: loaders collect `Problem`s and
raise one `InputError` holding all of them; the CLI prints them and exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place: which file, where in it, what, how to fix."""

    file: str
    where: str
    what: str
    fix: str = ""
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        text = f"{place}: {self.what}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class HallbarError(Exception):
    """The root of hallbar's exceptions."""


class InputError(HallbarError):
    """Raised with every problem of a run, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            f"{len(errors)} problem(s) in the input:\n" + "\n".join(f"  - {p}" for p in errors)
        )


class BuildError(HallbarError):
    """The build cannot go on (its message says why and what to do)."""


class BuildLocked(BuildError):
    """Another build holds the project's build lock."""


class RenderError(HallbarError):
    """A renderer failed; the previous report is left in place."""


@dataclass
class Problems:
    """Collector used by the loaders."""

    items: list[Problem] = field(default_factory=list)

    def error(self, file: str | Path, where: str, what: str, fix: str = "") -> None:
        self.items.append(Problem(str(file), where, what, fix, "error"))

    def warning(self, file: str | Path, where: str, what: str, fix: str = "") -> None:
        self.items.append(Problem(str(file), where, what, fix, "warning"))

    def extend(self, other: Problems | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self.items)
