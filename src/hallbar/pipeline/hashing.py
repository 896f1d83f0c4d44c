"""Content hashes: of bytes, files, JSON, a notebook's cells, a region's observation rows, the package.

Hashes are of content, never of file times: a file's bytes, a notebook's
cells (type, source and tags: outputs, execution counts and editor metadata do not count), a
region's observation rows (the values, not the file or row they came from).
They are the cache keys of the build (`plan`) and the checksums of the
provenance manifest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_json(data) -> str:
    return sha256_bytes(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8"))


def notebook_hash(path: Path) -> str:
    """sha256 of what a notebook is: every cell's type, source and tags, in order, and its kernel.

    Markdown counts (it is chapter text); outputs, execution counts and editor metadata do not.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        tags = sorted((cell.get("metadata") or {}).get("tags", []) or [])
        cells.append([cell.get("cell_type", ""), "".join(src) if isinstance(src, list) else str(src), tags])
    lang = (nb.get("metadata", {}).get("kernelspec") or {}).get("name", "")
    return sha256_json({"kernel": lang, "cells": cells})


def _cell(v) -> str:
    if isinstance(v, float):
        return "nan" if math.isnan(v) else repr(v)
    return str(v)


ROW_FIELDS = ("sex", "value", "missing", "source", "note", "example")


def data_hashes(observations, indicators) -> dict[str, dict[str, str]]:
    """{indicator: {year: sha256 of its rows}} for the given indicators (rows of every sex).

    Only the observation's content counts: moving a row to another file or line changes nothing.
    """
    wanted = set(indicators)
    groups: dict[str, dict[str, list[str]]] = {i: {} for i in sorted(wanted)}
    if observations is not None and not observations.empty:
        cols = [c for c in ROW_FIELDS if c in observations.columns]
        sel = observations[observations.indicator.isin(wanted)]
        for rec in sel[["indicator", "year", *cols]].itertuples(index=False):
            row = rec._asdict()
            line = "|".join(_cell(row[c]) for c in cols)
            groups[row["indicator"]].setdefault(str(int(row["year"])), []).append(line)
    return {ind: {y: sha256_bytes("\n".join(sorted(lines)).encode("utf-8")) for y, lines in sorted(years.items())}
            for ind, years in groups.items()}


# Parts of the package no notebook run uses: the build machinery, the command line and the report stage.
# Editing them does not re-run notebooks (the render stage's cache uses the hash of the whole package).
# Everything else counts, which errs on the side of re-running.
NOT_RUN_INPUTS = ("__main__.py", "cli", "pipeline", "report")


@functools.lru_cache(maxsize=2)
def hallbar_version(scope: str = "runs") -> str:
    """The package version plus a hash of its source, so an edited (unreleased) hallbar counts as a new version.

    scope "runs": the modules a notebook can use (see NOT_RUN_INPUTS); "all": every file of the package.
    """
    from .. import __version__

    pkg = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for p in sorted(pkg.rglob("*")):
        rel = p.relative_to(pkg)
        if scope == "runs" and rel.parts[0] in NOT_RUN_INPUTS:
            continue
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"):
            h.update(str(rel).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
    return f"{__version__}+src.{h.hexdigest()[:12]}"


