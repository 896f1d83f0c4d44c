"""How the CLI writes: problems to stderr, a broken pipe (`| head`) ends quietly."""

from __future__ import annotations

import sys

from ..errors import Problem
from ..pipeline.display import make_console, quiet_broken_pipe

__all__ = ["make_console", "print_problems", "quiet_broken_pipe"]


def print_problems(problems: list[Problem], stream=None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        print(f"{'error' if p.is_error else 'warning'}: {p}", file=stream)
