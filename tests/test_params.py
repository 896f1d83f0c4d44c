"""params: the YAML loader and the programme / yearly-file models and cross-checks.

In-process and fast; the same mistakes through the real CLI are in
tests/bad_inputs/ (test_bad_inputs.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import DEMO_BASE

from hallbar.errors import InputError, Problem, Problems
from hallbar.inputs.programme import load_programme, load_year, readable_path
from hallbar.inputs.yamldoc import read_yaml

BASE_PROG = (DEMO_BASE / "params/demo/programme.yml").read_text(encoding="utf-8")
BASE_YEAR = (DEMO_BASE / "params/demo/2025.yml").read_text(encoding="utf-8")


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, f"{old!r} must occur once in the base file"
        text = text.replace(old, new)
    return text


def _programme(tmp_path: Path, text: str = BASE_PROG, *pairs):
    path = tmp_path / "params" / "demo" / "programme.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_edit(text, *pairs), encoding="utf-8")
    problems = Problems()
    return load_programme(path, "params/demo/programme.yml", problems), problems


def _year(tmp_path: Path, *pairs, name: str = "2025.yml", text: str = BASE_YEAR):
    prog, problems = _programme(tmp_path)
    assert prog is not None, problems.items
    path = tmp_path / "params" / "demo" / name
    path.write_text(_edit(text, *pairs), encoding="utf-8")
    return load_year(path, f"params/demo/{name}", prog, problems), problems


def _errors(problems: Problems) -> str:
    return "\n".join(map(str, problems.errors))


# --- YAML loader ------------------------------------------------------------------


def _read(tmp_path: Path, data: bytes):
    path = tmp_path / "x.yml"
    path.write_bytes(data)
    problems = Problems()
    return read_yaml(path, "x.yml", problems), problems


def test_yaml_keeps_line_of_every_key(tmp_path):
    doc, problems = _read(tmp_path, b"a:\n  b: 1\n  c:\n    - id: x\n      d: 2\n")
    assert not problems.items
    assert doc.line(("a", "b")) == 2
    assert doc.line(("a", "c", 0, "d")) == 5
    assert doc.line(("a", "c", 0, "nope")) == 4  # deepest known prefix


def test_yaml_bom_is_accepted(tmp_path):
    doc, problems = _read(tmp_path, "\ufeffyear: 2025\ntitle: Hållbarhet\n".encode())
    assert not problems.items
    assert doc.data == {"year": 2025, "title": "Hållbarhet"}


@pytest.mark.parametrize(
    "data, fragments",
    [
        (b"a: [1,\n", ["x.yml", "line", "is not valid YAML"]),
        (b"a: 1\na: 2\n", ["x.yml", "line 2", "'a' appears twice", "first on line 1"]),
        (b"", ["x.yml", "is empty"]),
        (b"# only a comment\n", ["x.yml", "only comments"]),
        ("title: Hållbarhet\n".encode("cp1252"), ["x.yml", "line 1", "not UTF-8 text", "Windows-1252"]),
        ("a: 1\n".encode("utf-16"), ["x.yml", "UTF-16"]),
        (b"a: !!int x\n", ["x.yml", "cannot read"]),
        (b"{[a, b]: 1}\n", ["x.yml", "line 1", "plain text"]),
        (b"a: !!python/object:os.system x\n", ["x.yml", "not valid YAML"]),
    ],
    ids=["syntax", "duplicate-key", "empty", "comments-only", "cp1252", "utf16", "bad-tag", "list-key", "python-tag"],
)
def test_yaml_problems_name_the_file_and_line(tmp_path, data, fragments):
    doc, problems = _read(tmp_path, data)
    assert doc is None
    text = _errors(problems)
    for frag in fragments:
        assert frag in text


def test_yaml_dates_stay_text_so_the_model_reports_them(tmp_path):
    doc, problems = _read(tmp_path, b"approved_on: 2026-13-01\nok: 2026-03-18\n")
    assert not problems.items
    assert doc.data == {"approved_on": "2026-13-01", "ok": "2026-03-18"}


# --- programme ---------------------------------------------------------------------


def test_valid_programme_loads(tmp_path):
    prog, problems = _programme(tmp_path)
    assert not problems.items
    assert prog.region.id == "demo"
    assert [t.id for _, _, t in prog.targets()] == ["utslapp", "resor", "struktur", "sjukfranvaro", "jamix", "index"]
    assert prog.target_year(prog.target("resor")) == 2028  # default: programme end
    assert prog.steered_indicators() == {"utslapp", "resor", "sjukfranvaro", "jamix", "index", "index-jamforelse"}
    assert prog.indicators["sjukfranvaro"].is_share


@pytest.mark.parametrize(
    "pairs, fragments",
    [
        ([("  - id: organisation\n", "  - id: klimat\n")],
         ["focus_areas[klimat].id (line 25)", "Duplicate focus area id 'klimat'"]),
        ([("      - id: medarbetare\n", "      - id: vaxthusgaser\n")],
         ["goals[vaxthusgaser].id", "Duplicate goal id 'vaxthusgaser'"]),
        ([("          - id: resor\n", "          - id: utslapp\n")],
         ["targets[utslapp].id (line 18)", "Duplicate target id 'utslapp'"]),
        ([("indicator: jamix", "indicator: jamx")],
         ["targets[jamix].indicator (line 38)", "Unknown indicator 'jamx'", "Did you mean 'jamix'?"]),
        ([("compare_to: index-jamforelse", "compare_to: nope")],
         ["targets[index].rule.compare_to", "Unknown indicator 'nope' in compare_to"]),
        ([("compare_to: index-jamforelse", "compare_to: index")],
         ["targets[index].rule.compare_to", "cannot be compared with its own indicator"]),
        ([("base_year: 2021, year: 2028", "base_year: 2021, year: 2021")],
         ["targets[utslapp].rule.base_year (line 17)", "Base year 2021 is not before the target year 2028"[:28]]),
        ([("base_year: 2022}", "base_year: 2030}")],  # default target year = programme end 2028
         ["targets[resor].rule.base_year", "Base year 2030 is not before the target year 2028"]),
        ([("base_year: 2021, year: 2028", "base_year: 2001, year: 2010")],
         ["targets[utslapp].rule.year", "more than ten years before the programme starts"]),
        ([("start: 2024, end: 2028", "start: 2028, end: 2024")],
         ["programme.end", "ends (2024) before it starts (2028)"]),
        ([("            indicator: sjukfranvaro\n", "")],
         ["targets[sjukfranvaro].rule.kind", "'level' rule but no indicator"]),
        ([("{id: demo,", "{id: demo2,")], ["region.id (line 2)", "differs from its folder name 'demo'"]),
    ],
    ids=["dup-focus", "dup-goal", "dup-target", "unknown-indicator", "compare-unknown", "compare-self",
         "base-equals-target", "base-after-default-end", "target-year-too-early", "end-before-start",
         "rule-without-indicator", "region-folder"],
)
def test_programme_cross_checks(tmp_path, pairs, fragments):
    prog, problems = _programme(tmp_path, BASE_PROG, *pairs)
    assert prog is None
    text = _errors(problems)
    assert "params/demo/programme.yml" in text
    for frag in fragments:
        assert frag in text, text


@pytest.mark.parametrize(
    "pairs, fragments",
    [
        ([("    better: higher\n", "    better: higher\n    colour: red\n")], ["indicators.jamix.colour", "Unknown key 'colour'"]),
        ([("    better: higher\n", "    better: higer\n")], ["indicators.jamix.better", "'lower' or 'higher'", "got 'higer'"]),
        ([("decimals: 0", "decimals: many")], ["indicators.utslapp.decimals", "valid integer", "Write a whole number"]),
        ([("kind: change", "kind: chnage")], ["targets[resor].rule (line 21)", "Unknown rule kind 'chnage' (did you mean 'change'?)"]),
        ([("rule: {kind: qualitative}", "rule: {}")], ["targets[struktur].rule", "kind"]),
        ([("agenda2030: [7, 13]", "agenda2030: [7, 18]")], ["focus_areas[klimat].agenda2030[1]", "got 18", "numbered 1-17"]),
        ([("agenda2030: [7, 13]", "agenda2030: [0]")], ["agenda2030[0]", "numbered 1-17"]),
        ([("  jamix:\n", "  Jämix:\n")], ["indicators.Jämix", "is not a valid id", "lowercase ASCII"]),
        ([("{id: demo,", "{id: demo, kolada_id: 0007,")], ["region.kolada_id", "quotes"]),
        ([("rule: {kind: level, value: 4.5}", "rule: {kind: level, value: 4,5}")],
         ["targets[sjukfranvaro].rule.5", "is not text", "decimal comma"]),
        ([("rule: {kind: level, value: 4.5}", "rule: {kind: level, value: '4,5'}")],
         ["targets[sjukfranvaro].rule.value", "got '4,5'", "not a comma"]),
        ([("percent: -4.2, ", "percent: -4.2, value: 3, ")], ["targets[utslapp].rule.value", "Unknown key 'value'"]),
        ([("    title: Utsläpp från tjänsteresor\n    unit: ton CO2e\n", "    title: Utsläpp från tjänsteresor\n")],
         ["indicators.resor.unit", "Required key 'unit' is missing"]),
        ([("start: 2024, end: 2028", "start: 1900, end: 2028")], ["programme.start", "four-digit year between 1970 and 2100"]),
    ],
    ids=["unknown-key", "bad-literal", "wrong-type", "unknown-kind", "no-kind", "sdg-18", "sdg-0", "bad-id",
         "kolada-octal", "flow-decimal-comma", "quoted-decimal-comma", "key-of-other-kind", "missing-key", "year-range"],
)
def test_programme_schema_messages(tmp_path, pairs, fragments):
    prog, problems = _programme(tmp_path, BASE_PROG, *pairs)
    assert prog is None
    text = _errors(problems)
    for frag in fragments:
        assert frag in text, text
    for p in problems.errors:
        assert p.file == "params/demo/programme.yml" and p.where and p.fix, p


def test_indicator_named_like_a_rule_kind_keeps_its_path(tmp_path):
    """pydantic's discriminator tag is dropped only right after 'rule'."""
    prog, problems = _programme(tmp_path, BASE_PROG, ("  jamix:\n    title: JÄMIX\n", "  change:\n    title: JÄMIX\n    bad: 1\n"))
    assert "indicators.change.bad" in _errors(problems)


def test_readable_path_uses_ids():
    data = {"focus_areas": [{"id": "klimat", "goals": [{"id": "g", "targets": [{"x": 1}]}]}], "m": {5: 1}}
    assert readable_path(data, ("focus_areas", 0, "goals", 0, "targets", 0, "rule")) == "focus_areas[klimat].goals[g].targets[0].rule"
    assert readable_path(data, ("m", 5)) == "m.5"


# --- yearly file ----------------------------------------------------------------------


def test_valid_year_loads(tmp_path):
    yp, problems = _year(tmp_path)
    assert not problems.items, problems.items
    assert yp.year == 2025 and yp.example_data
    assert yp.report.approved_on == dt.date(2026, 3, 18)
    assert yp.assessments["struktur"].status == "moderate"
    assert yp.overrides["resor"].reason.startswith("Ny mätmetod")


@pytest.mark.parametrize(
    "pairs, fragments",
    [
        ([("year: 2025", "year: 2024")], ["year (line 1)", "year: 2024 differs from the file name '2025.yml'"]),
        ([("2026-03-18", "2026-13-01")], ["report.approved_on (line 9)", "got '2026-13-01'", "YYYY-MM-DD"]),
        ([("2026-03-18", "18 mars 2026")], ["report.approved_on", "YYYY-MM-DD"]),
        ([("  struktur:", "  strukturen:")], ["assessments.strukturen (line 4)", "does not exist", "Did you mean 'struktur'?"]),
        ([("assessments:\n", "assessments:\n  jamix: {status: on_track, motivation: Bra.}\n")],
         ["assessments.jamix (line 4)", "computed from data (direction)", "overrides:"]),
        ([("status: moderate, motivation", "status: done, motivation")], ["assessments.struktur.status", "Use one of: achieved"]),
        ([(", reason: Ny mätmetod 2025.", "")], ["overrides.resor.reason (line 6)", "Required key 'reason' is missing"]),
        ([(", reason: Ny mätmetod 2025.", ", reason: ''")], ["overrides.resor.reason", "at least 1 character"]),
        ([("  resor: {status", "  nope: {status")], ["overrides.nope", "Override of a target that does not exist"]),
        ([("  resor: {status", "  struktur: {status")], ["overrides.struktur", "is qualitative", "assessments:"]),
        ([("example_data: true", "example_data: kanske")], ["example_data", "Write true or false"]),
    ],
    ids=["year-mismatch", "bad-date", "swedish-date", "assess-unknown", "assess-quantitative", "bad-status",
         "override-no-reason", "override-empty-reason", "override-unknown", "override-qualitative", "bad-bool"],
)
def test_year_file_checks(tmp_path, pairs, fragments):
    yp, problems = _year(tmp_path, *pairs)
    assert yp is None
    text = _errors(problems)
    assert "params/demo/2025.yml" in text
    for frag in fragments:
        assert frag in text, text


def test_missing_assessment_is_a_warning(tmp_path):
    yp, problems = _year(tmp_path, ("  struktur: {status: moderate, motivation: Arbetet har påbörjats.}\n", ""))
    assert yp is not None and not problems.errors
    assert "Qualitative target 'struktur' has no assessment" in str(problems.warnings[0])


def test_year_checks_without_programme(tmp_path):
    """A yearly file is still schema-checked when the programme failed (prog=None)."""
    path = tmp_path / "2025.yml"
    path.write_text(BASE_YEAR.replace("approved_by", "aproved_by"), encoding="utf-8")
    problems = Problems()
    assert load_year(path, "params/demo/2025.yml", None, problems) is None
    assert "report.aproved_by" in _errors(problems)


# --- errors module -------------------------------------------------------------------------


def test_problem_text_and_input_error():
    p = Problem("data/x.csv", "row 3", "sex 'X' is not T, K or M.", "Use T, K or M.")
    assert str(p) == "data/x.csv: row 3: sex 'X' is not T, K or M. Fix: Use T, K or M."
    problems = Problems()
    problems.warning("a.yml", "", "w.")
    problems.raise_if_errors()  # warnings alone do not raise
    problems.extend([p])
    with pytest.raises(InputError) as exc:
        problems.raise_if_errors()
    assert "1 problem(s)" in str(exc.value) and "data/x.csv: row 3" in str(exc.value)
    assert len(exc.value.problems) == 2


def test_empty_optional_keys_mean_default(tmp_path):
    yp, problems = _year(tmp_path, text="year: 2025\nassessments:\noverrides:\nreport:\n")
    assert yp is not None, _errors(problems)
    assert yp.assessments == {} and yp.overrides == {} and yp.report.approved_on is None


def test_required_key_without_value(tmp_path):
    prog, problems = _programme(tmp_path, BASE_PROG, ("    title: Eget index\n", "    title:\n"))
    assert prog is None
    assert "indicators.index.title (line" in _errors(problems) and "Has no value" in _errors(problems)
