"""The codes of the status vocabulary. Their words live in `hallbar.sv`, their colours in `hallbar.analysis.style`."""

from __future__ import annotations

from typing import Literal

STATUS_CODES = ("achieved", "on_track", "moderate", "insufficient", "away", "not_achieved", "no_data")
PACE_STATUSES = ("on_track", "moderate", "insufficient", "away")  # say how the pace compares: only before the target year
StatusCode = Literal[STATUS_CODES]  # type: ignore[valid-type]

CHANGE_CODES = ("improved", "unchanged", "worsened", "not_comparable")
ASSESSED_BY = ("computed", "analyst", "override")
RULES = ("compound", "linear", "direction", "relative", "qualitative", "none")
