"""A stand-in for hallbar.render in the build tests: fast, and it records what it was given.

render_report writes report/_output/<region>/<year>/index.html holding the sha256 of the
provenance manifest it found (the colophon is made from it, so it must exist before rendering)
and of the region's narrative; a narrative file containing FAIL makes it raise.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from hallbar.project import Project

log = logging.getLogger("hallbar.render")


def render_report(project, region, year, *, renderer="auto", strict=False) -> Path:
    project = project if isinstance(project, Project) else Project.at(project)
    prov = project.build_dir / region / str(year) / "provenance.json"
    manifest = json.loads(prov.read_text(encoding="utf-8"))
    assert {r["name"] for r in manifest["runs"]} , "provenance lists the runs"
    narrative = project.narrative_dir(region, year)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(narrative.glob("*.md"))) if narrative.is_dir() else ""
    if "FAIL" in text:
        raise RuntimeError("the narrative asked to fail")
    if "WARN" in text:
        log.warning("a warning from the renderer")
    out = project.output_dir / region / str(year)
    out.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(prov.read_bytes()).hexdigest()
    (out / "index.html").write_text(f"<p>{region} {year} {digest} {hashlib.sha256(text.encode()).hexdigest()}</p>", encoding="utf-8")
    return out


def render_landing(project) -> Path:
    project = project if isinstance(project, Project) else Project.at(project)
    out = project.output_dir / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(sorted(p.parent.parent.name for p in project.output_dir.glob("*/*/index.html"))), encoding="utf-8")
    return out
