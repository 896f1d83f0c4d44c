"""The one JSON writer: strict (no NaN, no Infinity), deterministic (sorted keys), atomic on disk.

Every JSON file hallbar writes and every JSON it prints goes through here, so a
strict parser reads all of them. A non-finite number (e.g. a rate computed
from a zero start value) becomes null.
"""

from __future__ import annotations

import json
import math
import os
import secrets
from pathlib import Path
from typing import Any

TMP_PREFIX = ".tmp-"  # temporary files and folders hallbar writes aside and renames into place


def json_safe(data: Any) -> Any:
    """Non-finite floats -> None, tuples -> lists, dataclass-free plain data throughout."""
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {str(k): json_safe(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [json_safe(v) for v in data]
    if isinstance(data, Path):
        return str(data)
    return data


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """Sorted keys, UTF-8 text, a final newline; raises ValueError on anything that is not JSON."""
    return json.dumps(json_safe(data), sort_keys=True, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def write_json(path: Path, data: Any, *, fsync: bool = False) -> bool:
    """Write `data` to `path` atomically (a temporary file renamed into place).

    Returns False, leaving the file (and its time) alone, when it already holds exactly this content.
    """
    text = dumps(data)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}-{secrets.token_hex(4)}")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        if fsync:
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)
    return True


def read_json(path: Path) -> Any:
    """The parsed file; raises OSError or ValueError (json.JSONDecodeError, UnicodeDecodeError)."""
    return json.loads(path.read_text(encoding="utf-8"))
