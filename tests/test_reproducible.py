"""Two clean builds of the same inputs give the same report.

The shared demo build (conftest `demo_build`) and a second one in a fresh tmp copy:
byte-identical status.json, figures (SVG and alt text) and run tables, the same
report pages byte for byte, the same CSV, the same XLSX cell values, the same PDF
text. Only the technical page (HTML only) may differ, and only in its build-time
lines (when it was built, the command, when each run finished); the PDF has none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_REGIONS, DEMO_YEAR, build_demo, normalise_colophon, pdf_report_text, report_differences, require_poppler

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="session")
def second_build(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo-again") / "project")


def test_two_clean_builds_give_the_same_report(demo_build: Path, second_build: Path) -> None:
    require_poppler()
    diffs = report_differences(demo_build, second_build)
    assert not diffs, "the two builds differ:\n" + "\n".join(diffs)


def test_the_colophon_is_where_the_builds_differ(demo_build: Path, second_build: Path) -> None:
    """The comparison is not vacuous: the raw colophons do differ (build time, folder), and only there."""
    require_poppler()
    region = DEMO_REGIONS[0]
    out = f"report/_output/{region}/{DEMO_YEAR}"
    pdf = f"{out}/hallbarhetsredovisning-{region}-{DEMO_YEAR}.pdf"
    (head_a, col_a), (head_b, _) = pdf_report_text(demo_build / pdf, demo_build), pdf_report_text(second_build / pdf, second_build)
    assert head_a == head_b and len(head_a) > 10_000 and col_a == ""  # the whole PDF is the same: no build record in it
    raw_a = (demo_build / out / "bilaga-kolofon.html").read_text(encoding="utf-8")
    raw_b = (second_build / out / "bilaga-kolofon.html").read_text(encoding="utf-8")
    assert raw_a != raw_b  # built at different times
    assert "<tid>" in normalise_colophon(raw_a, demo_build)
    assert str(demo_build) not in raw_a and "--project . build" in raw_a  # the build machine's folder is not published
