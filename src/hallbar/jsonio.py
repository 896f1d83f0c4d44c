"""Deterministic JSON for the files a build writes: same data, same bytes."""

from __future__ import annotations

import json
import math
from typing import Any


def json_safe(data: Any) -> Any:
    """JSON has no inf/NaN: a non-finite number (e.g. the rate from a zero start value) becomes null."""
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {k: json_safe(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [json_safe(v) for v in data]
    return data


def dumps(data: Any) -> str:
    """Sorted keys, UTF-8 text, two-space indent, a final newline."""
    return json.dumps(json_safe(data), sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
