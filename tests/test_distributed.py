"""`hallbar build --dask local`: the same runs on a real dask.distributed LocalCluster on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures_build.helpers import build, copy_fixture

pytestmark = pytest.mark.slow


def test_build_on_a_local_dask_cluster(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "project")
    got = build(root, regions=["alfa"], dask="local", verbosity=2)
    report = got.report
    assert report.exit_code == 0, got.out + got.err
    assert report.backend.startswith("dask LocalCluster tcp://127.0.0.1:")
    assert [(r.name, r.outcome) for r in report.runs] == [("klimat", "ok"), ("organisation", "ok"), ("summary", "ok")]
    year_dir = root / "build" / "alfa" / "2025"
    for name in ("klimat", "organisation", "summary"):
        assert (year_dir / "runs" / name / "manifest.json").is_file()
        assert (year_dir / ".cache" / f"{name}.json").is_file()
    prov = json.loads((year_dir / "provenance.json").read_text(encoding="utf-8"))
    assert prov["build"]["backend"].startswith("dask LocalCluster tcp://127.0.0.1:")
    # the cache is the same whichever backend ran the runs: a local rebuild runs nothing
    again = build(root, regions=["alfa"])
    assert {r.outcome for r in again.report.runs} == {"skipped"}
