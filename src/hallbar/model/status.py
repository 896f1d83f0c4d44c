"""The codes of the status vocabulary. Their words live in `hallbar.sv`, their colours in `hallbar.analysis.style`."""

from __future__ import annotations

from typing import Literal

STATUS_CODES = ("achieved", "on_track", "moderate", "insufficient", "away", "no_data")
StatusCode = Literal[STATUS_CODES]  # type: ignore[valid-type]

CHANGE_CODES = ("improved", "unchanged", "worsened", "not_comparable")
ASSESSED_BY = ("computed", "analyst", "override")
RULES = ("compound", "linear", "direction", "relative", "qualitative", "none")
