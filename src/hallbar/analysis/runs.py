"""A notebook run: the region's inputs and statuses, the output folder, the files written and their manifest.

Results reach the report only as the files listed in docs/CONTRACTS.md; the
DataFrames and figures the methods return are for the analyst reading the
notebook. Every file is written deterministically (same inputs, same bytes)
except manifest.json, whose `started`/`finished` timestamps are the one
exception. Opening a run in a folder that holds an earlier run's
manifest.json first removes the files that manifest lists, so a re-run never
leaves stale figures behind (nothing else is touched).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__
from ..inputs.project import Project, RegionInputs, load_region
from ..jsonio import dumps
from ..method import TargetStatus
from ..model import Obs, Programme
from .status import assess
from .style import svg_bytes

STATUS_JSON = "status.json"
TABLE_CSV = "table.csv"
MANIFEST = "manifest.json"
FIGURES = "figures"


class Md(str):
    """Markdown text that a notebook displays as Markdown."""

    def _repr_markdown_(self) -> str:
        return str(self)


@dataclass
class Gallery:
    """Figures shown in the notebook: the SVG embedded, its alt text as alt and below it."""

    items: list[tuple[str, str, bytes, str]] = field(default_factory=list)  # (file, caption, svg, alt)

    def __len__(self) -> int:
        return len(self.items)

    def _repr_html_(self) -> str:
        if not self.items:
            return "<p><em>Inga figurer.</em></p>"
        out = []
        for file, caption, svg, alt in self.items:
            data = base64.b64encode(svg).decode("ascii")
            out.append(
                f'<figure style="margin:1.5em 0">'
                f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" style="max-width:100%">'
                f"<figcaption><strong>{html.escape(caption)}</strong> <code>{html.escape(file)}</code><br>"
                f"<small>Alt-text: {html.escape(alt)}</small></figcaption></figure>")
        return "\n".join(out)

    def __repr__(self) -> str:
        return "\n".join(f"{file}: {alt}" for file, _c, _s, alt in self.items) or "(inga figurer)"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _csv(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


class _Run:
    """What every run shares: inputs, statuses, the output folder and the files written."""

    kind = "run"

    def __init__(self, project_dir: str | os.PathLike, region: str, year: int | str, output_dir: str | os.PathLike,
                 notebook: str, focus_area: str | None = None):
        self.started = _now()
        self.project = Project.at(project_dir)
        self.region = region
        self.year = int(year)
        self.notebook = notebook
        self.focus_area_id = focus_area
        self.output_dir = Path(output_dir).resolve()
        self.inputs: RegionInputs = load_region(self.project, region)
        self.programme: Programme = self.inputs.programme
        self.year_params = self.inputs.years.get(self.year)
        self.all_statuses: list[TargetStatus] = assess(self.inputs, self.year)
        self._files: dict[str, str] = {}
        self._figures: list[dict[str, Any]] = []
        self._clean_previous()
        self.output_dir.mkdir(parents=True, exist_ok=True)

    # files ------------------------------------------------------------------
    def _clean_previous(self) -> None:
        manifest = self.output_dir / MANIFEST
        if not manifest.is_file():
            return
        try:
            old = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(old, dict) or "hallbar_version" not in old:
            return  # not ours: leave it alone
        for rel in list(old.get("files", [])) + [MANIFEST]:
            path = (self.output_dir / rel).resolve()
            if path.is_file() and self.output_dir in path.parents:
                path.unlink()

    def write(self, rel: str, data: str | bytes) -> Path:
        """Write one output file (UTF-8, '\\n' line ends) and record it for the manifest."""
        path = self.output_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path.write_bytes(raw)
        self._files[rel] = hashlib.sha256(raw).hexdigest()
        return path

    def write_figure(self, name: str, fig, alt: str, caption: str, target_id: str | None = None, *,
                      kind: str = "target", indicator: str | None = None) -> tuple[str, str, bytes, str]:
        """figures/<name>.svg + .alt.txt, listed in the manifest's `figures` in the order written.

        kind: 'target' (a target's figure; target_id set), 'indicator' (a kontrollmått; id = the
        indicator id) or 'overview' (about the whole focus area or year).
        """
        svg = svg_bytes(fig)
        rel = f"{FIGURES}/{name}.svg"
        self.write(rel, svg)
        self.write(f"{FIGURES}/{name}.alt.txt", alt.strip() + "\n")
        self._figures = [f for f in self._figures if f["svg"] != rel]
        self._figures.append({"id": name, "svg": rel, "alt": f"{FIGURES}/{name}.alt.txt", "caption": caption,
                              "target_id": target_id, "kind": kind, "indicator": indicator})
        return rel, caption, svg, alt

    def check_figure_name(self, name: str) -> None:
        if name in {t.id for _, _, t in self.programme.targets()}:
            raise ValueError(f"figure name '{name}' is a target id; target figures are named after their target. Choose another name.")

    # data ---------------------------------------------------------------------
    @property
    def example_data(self) -> bool:
        obs = self.inputs.observations
        has_example_rows = bool(len(obs)) and bool(obs["example"].any())
        return bool(self.year_params and self.year_params.example_data) or has_example_rows

    def series(self, indicator: str, sex: str = "T") -> list[Obs]:
        """Observations of one indicator up to the report year (missing values left out)."""
        obs = self.inputs.observations
        sel = obs[(obs.indicator == indicator) & (obs.sex == sex) & (obs.year <= self.year) & obs.value.notna()]
        sel = sel.sort_values("year")
        return [Obs(int(y), float(v), bool(e)) for y, v, e in zip(sel.year, sel.value, sel.example, strict=True)]

    def _notice(self) -> str:
        lines = []
        if self.year_params is None:
            lines.append(f"> **Obs!** Det finns ingen årsfil `params/{self.region}/{self.year}.yml`: "
                         "kvalitativa mål saknar bedömning och rapportåret finns inte.")
        if self.example_data:
            lines.append("> **Exempeldata.** Uppgifterna är helt eller delvis illustrativa och inte regionens egna utfall.")
        if self.inputs.warnings:
            lines.append(f"> {len(self.inputs.warnings)} varning(ar) från kontrollen av indata:\n>\n"
                         + "\n".join(f"> - {w}" for w in self.inputs.warnings))
        return "\n\n".join(lines)

    def _manifest(self, extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "region": self.region,
            "year": self.year,
            "focus_area": self.focus_area_id,
            "notebook": self.notebook,
            "files": sorted(self._files),
            "sha256": dict(sorted(self._files.items())),
            "figures": list(self._figures),
            "example_data": self.example_data,
            "hallbar_version": __version__,
            "started": self.started,
            "finished": _now(),
            **extra,
        }

    def finish(self) -> Md:
        """Write manifest.json (the run's file list); the last call of a notebook."""
        self.write_manifest()
        files = "\n".join(f"- `{f}`" for f in sorted(self._files))
        return Md(f"Klart: {len(self._files)} filer i `{self.output_dir}` (förtecknade i `{MANIFEST}`):\n\n{files}")

    def write_manifest(self) -> Path:
        data = self._manifest({})
        path = self.output_dir / MANIFEST
        path.write_text(dumps(data), encoding="utf-8")
        return path

    @property
    def files(self) -> list[str]:
        return sorted(self._files)
