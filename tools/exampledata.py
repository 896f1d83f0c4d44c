"""Illustrative example series for the demo: ``data/<region>/exempeldata.csv``.

The seeds give one real value (a *nuläge*) for some indicators and none for
others, so the status method has too little to work with. This module writes
seeded, reproducible yearly series up to the demo year for every indicator of
every region:

* real observations (every other file in ``data/<region>/``) are never
  altered and never duplicated: only (indicator, year, sex) keys without a
  real row are filled;
* a series passes through the real values (its *anchors*) and follows a
  per-indicator trend (``SPECS``) with a little seeded noise;
* an indicator without any real value starts from an invented, documented
  value (``Spec.start``) and the note of every row says so;
* values respect the unit: shares 0–100, placings whole numbers 1–21,
  everything else ≥ 0, rounded to the indicator's decimals;
* every row has ``example=true`` and source ``Exempeldata (genererad)``;
  the note names the generator, the seed and the anchor.

The trends are chosen per target so that the demo shows a realistic mix of
statuses (see ``Spec.aim``, checked with :func:`status.assess_programme`).

    python tools/exampledata.py [--project DIR] [--seed N] [--region ID] [--check]

``--check`` exits 1 when a committed file differs from what the generator
would write. The same seed always gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hallbar.errors import InputError, Problems
from hallbar.inputs.programme import load_programme
from hallbar.model import Indicator, Programme, is_placing

DEMO_YEAR = 2025  # the last year generated (the demo's report year)
DEFAULT_SEED = 2025
EARLIEST_YEAR = 2019  # series start here, or a few years before the programme if that is earlier
YEARS_BEFORE_START = 3
FILE_NAME = "exempeldata.csv"
SOURCE = "Exempeldata (genererad)"
FIELDS = ["indicator", "year", "value", "sex", "source", "note", "example"]
PLACING_RANGE = (1, 21)  # Öppna jämförelser: 21 regions, 1 best


@dataclass(frozen=True)
class Spec:
    """How one indicator's example series is made.

    trend     change per year: units per year, or (``relative=True``) a fraction per year, compounding
    relative  whether ``trend``/``bend``/``noise`` are fractions of the value
    start     (year, value): an INVENTED starting value, used only where the indicator has no real value
    bend      (year, trend): the trend from that year on (a change of pace)
    knots     {year: value}: invented key values that shape the series (e.g. a pandemic dip); real values win
    first     first year of the series when later than the region's first year
    noise     amplitude of the seeded noise (units, or fraction of the value); 0 = none
    aim       intended status of the target in the demo year (documentation; see tests and the summary)
    shape     Swedish half-sentence for the note, describing invented knots
    """

    trend: float = 0.0
    relative: bool = False
    start: tuple[int, float] | None = None
    bend: tuple[int, float] | None = None
    knots: dict[int, float] = field(default_factory=dict)
    first: int | None = None
    noise: float = 0.0
    aim: str = ""
    shape: str = ""


# --- the table: one spec per indicator --------------------------------------
# Shares in percent move in percent points per year (the status method compares
# levels of shares linearly); other quantities move by a yearly fraction.
# Every `start` is an invented value: the indicator has no real value in the seeds.

SPECS: dict[str, dict[str, Spec]] = {
    "kronoberg": {
        # God livsmiljö och hälsa
        "antibiotikarecept": Spec(trend=-0.025, relative=True, noise=0.008, aim="on_track"),
        "kemiska-produkter": Spec(trend=-0.005, relative=True, noise=0.002, aim="moderate"),
        "byggvarubedomningen": Spec(trend=2.0, start=(2019, 81), noise=1.2, aim="on_track"),
        # Hållbar organisation och arbetssätt
        "vardegrund-dialog": Spec(trend=1.0, noise=0.4, aim="insufficient"),
        "sysselsattningsgrad": Spec(trend=0.15, start=(2019, 85.2), noise=0.05, aim="insufficient"),
        "pensionsalder": Spec(trend=0.22, start=(2019, 64.9), noise=0.04, aim="on_track"),
        "heltid": Spec(trend=1.5, noise=0.5),
        "sjukfranvaro": Spec(trend=-0.15, knots={2019: 5.9, 2020: 6.9, 2021: 6.8}, noise=0.04, aim="moderate",
                             shape="toppen under pandemin 2020–2021 är påhittad"),
        "hme": Spec(trend=0.006, relative=True, noise=0.002, aim="on_track"),
        "egen-personal": Spec(trend=-0.6, noise=0.2, aim="away"),
        # Minskad klimatpåverkan
        "utslapp-scope12": Spec(trend=-0.032, relative=True, start=(2021, 5900), noise=0.006, aim="moderate"),
        "utslapp-totalt": Spec(trend=-0.02, relative=True, knots={2022: 60983}, noise=0.01,
                               shape="2022 är härlett ur de verkliga värdena för inköp 2022 (42 078 ton = 69 procent)"),
        "fornybara-drivmedel": Spec(trend=7.0, noise=1.5, aim="on_track"),
        "utslapp-tjansteresor": Spec(trend=-0.015, relative=True, start=(2022, 1150), knots={2019: 1480, 2020: 690, 2021: 760},
                                     noise=0.006, aim="insufficient", shape="nedgången under pandemin 2020–2021 är påhittad"),
        "utslapp-arbetspendling": Spec(trend=0.008, relative=True, start=(2022, 6400), knots={2019: 6900, 2020: 5600, 2021: 5800},
                                       noise=0.002, aim="away", shape="nedgången under pandemin 2020–2021 är påhittad"),
        "gang-cykel": Spec(trend=0.4, noise=0.15, aim="moderate"),
        "kopt-el-varme": Spec(trend=-0.02, relative=True, start=(2023, 78000), noise=0.002, aim="on_track"),
        "fornybar-el-varme": Spec(trend=1.0, start=(2019, 96), noise=0.2, aim="achieved"),
        "solenergi-ny-effekt": Spec(start=(2023, 0), knots={2024: 90, 2025: 200}, first=2023, aim="moderate",
                                    shape="ackumulerad ny effekt från programstarten; 2023 = 0, 2024 och 2025 påhittade"),
        "solenergi-installerad": Spec(knots={2019: 262, 2020: 318, 2021: 384, 2023: 470, 2024: 560, 2025: 670},
                                      shape="övriga år påhittade, 2024–2025 i linje med ny effekt (solenergi-ny-effekt)"),
        "egenproducerad-energi": Spec(trend=0.14, noise=0.01, aim="moderate"),
        "klimatreduktion-bygg": Spec(trend=3.0, start=(2019, 8), noise=1.2, aim="on_track"),
        "klimatbelastning-vardepapper": Spec(trend=-0.06, relative=True, start=(2021, 1.4), noise=0.01,
                                             aim="on_track (klimatbelastning-minska); achieved (klimatbelastning-index)"),
        "klimatbelastning-jamforelseindex": Spec(trend=-0.03, relative=True, start=(2021, 2.3), noise=0.01),
        "klimatbelastning-aktier": Spec(trend=-0.06, relative=True, noise=0.01),
        "klimatbelastning-rantefonder": Spec(trend=-0.05, relative=True, noise=0.01),
        "utslapp-aktiefonder": Spec(trend=-0.07, relative=True, noise=0.01),
        "utslapp-rantefonder": Spec(trend=-0.05, relative=True, noise=0.01),
        # Hållbar konsumtion och produktion
        "utslapp-inkop": Spec(trend=-0.015, relative=True, noise=0.01),
        "utslapp-inkop-andel": Spec(trend=0.3, noise=0.4),
        "ekologiska-livsmedel": Spec(trend=0.5, noise=0.3, aim="insufficient"),
        "djurskydd": Spec(trend=0.65, start=(2019, 96), noise=0.15, aim="achieved"),
        "kaffe-te-kakao-bananer": Spec(trend=1.5, start=(2019, 70), noise=0.8, aim="insufficient"),
        "fisk-skaldjur": Spec(trend=1.2, start=(2019, 80), noise=0.4, aim="moderate"),
        "vildsvin": Spec(trend=0.08, relative=True, noise=0.04),
        "materialatervinning": Spec(trend=0.7, knots={2023: 40.7, 2024: 41.4, 2025: 52}, noise=0.3,
                                    aim="on_track (computed; 2025.yml overrides it: moderate)",
                                    shape="2023–2025 påhittade, språnget 2025 motsvarar en ny mätmetod"),
    },
    "norrbotten": {
        # Öppna jämförelser placings (1 best, 21 worst): kontrollmått, no target.
        "oj-klimatredovisningar": Spec(trend=0.0, bend=(2021, -2.0), noise=0.6),
        "oj-utslappsminskningar": Spec(trend=0.0, bend=(2021, -1.5), noise=0.6),
        "oj-energianvandning": Spec(trend=-0.3, noise=0.6),
        "oj-fornybara-drivmedel": Spec(trend=0.0, bend=(2021, -1.0), noise=0.6),
        "oj-antibiotika": Spec(trend=0.5, noise=0.6),
        "oj-medicinska-gaser": Spec(trend=0.0, bend=(2021, -2.0), noise=0.6),
        "oj-materialatervinning": Spec(trend=-0.5, noise=0.6),
        "oj-ekologiska-livsmedel": Spec(trend=0.3, noise=0.6),
        "oj-sjukfranvaro": Spec(trend=0.4, noise=0.6),
        "oj-fortroende-varden": Spec(trend=-0.4, noise=0.6),
        "oj-vard-lika-villkor": Spec(trend=0.0, noise=0.6),
    },
    "orebro": {
        # No real values at all. JÄMIX: levels invented; the shape follows seed 004
        # (rising over the programme period, a dip in 2018, a sharp fall in 2020).
        "jamix": Spec(start=(2014, 118), knots={2015: 121, 2016: 124, 2017: 127, 2018: 125, 2019: 130, 2020: 119,
                                                2021: 122, 2022: 126, 2023: 129, 2024: 127, 2025: 131},
                      aim="achieved", shape="nivåerna är påhittade, formen följer programtexten (nedgång 2018, kraftig nedgång 2020)"),
        "fairtrade-kaffe": Spec(trend=3.0, start=(2014, 78), noise=0.8, aim="achieved"),
        "fairtrade-te": Spec(trend=4.0, start=(2014, 70), noise=0.8, aim="achieved"),
        "fairtrade-kakao": Spec(trend=3.5, start=(2014, 45), noise=0.8, aim="insufficient"),
        "fairtrade-bananer": Spec(trend=5.0, start=(2014, 60), bend=(2020, -2.0), noise=0.5, aim="away"),
    },
}


# --- the series --------------------------------------------------------------


def _step_trend(spec: Spec, year: int) -> float:
    """The trend of the step from year-1 to year."""
    if spec.bend is not None and year > spec.bend[0]:
        return spec.bend[1]
    return spec.trend


def _extrapolate(spec: Spec, y0: int, v0: float, year: int) -> float:
    v = v0
    if year > y0:
        for t in range(y0 + 1, year + 1):
            r = _step_trend(spec, t)
            v = v * (1 + r) if spec.relative else v + r
    else:
        for t in range(y0, year, -1):
            r = _step_trend(spec, t)
            v = v / (1 + r) if spec.relative else v - r
    return v


def _interpolate(spec: Spec, y0: int, v0: float, y1: int, v1: float, year: int) -> float:
    w = (year - y0) / (y1 - y0)
    if spec.relative and v0 > 0 and v1 > 0:
        return v0 * (v1 / v0) ** w
    return v0 + (v1 - v0) * w


def bounds(ind: Indicator) -> tuple[float, float]:
    if is_placing(ind.unit):
        return PLACING_RANGE
    if ind.is_share:
        return (0.0, 100.0)
    return (0.0, float("inf"))


def decimals_for(ind: Indicator) -> int:
    """The indicator's decimals; placings and counts ('antal ...') are whole numbers whatever it says."""
    unit = ind.unit.strip().lower()
    return 0 if is_placing(unit) or unit.startswith("antal") else ind.decimals


def format_value(value: float, decimals: int) -> str:
    v = round(value, decimals)
    return f"{(0.0 if v == 0 else v):.{decimals}f}"


def make_series(spec: Spec, ind: Indicator, anchors: dict[int, float], years: range, rng: random.Random) -> dict[int, str]:
    """Formatted values for every year in `years` (anchor years included; the caller drops real keys)."""
    knots = dict(spec.knots)
    if not anchors and spec.start is not None:
        knots[spec.start[0]] = spec.start[1]
    knots.update(anchors)  # real values win
    if not knots:
        raise ValueError("no real value and no invented start value")
    ks = sorted(knots)
    lo, hi = bounds(ind)
    out = {}
    for year in years:
        # one draw per year, always, so the stream does not depend on which years are knots
        e = rng.random() + rng.random() - 1.0
        if year in knots:
            v = knots[year]
        else:
            if year < ks[0]:
                v = _extrapolate(spec, ks[0], knots[ks[0]], year)
            elif year > ks[-1]:
                v = _extrapolate(spec, ks[-1], knots[ks[-1]], year)
            else:
                y0 = max(k for k in ks if k < year)
                y1 = min(k for k in ks if k > year)
                v = _interpolate(spec, y0, knots[y0], y1, knots[y1], year)
            v += e * spec.noise * (abs(v) if spec.relative else 1.0)
        v = min(max(v, lo), hi)
        out[year] = format_value(v, decimals_for(ind))
    return out


# --- a region ----------------------------------------------------------------


@dataclass
class RegionResult:
    region: str
    path: Path
    text: str
    rows: int = 0
    indicators: int = 0
    invented: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None


def _num(v: float) -> str:
    """A number for a Swedish note: '71 499', '1,37'."""
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", " ")
    return f"{v:g}".replace(".", ",")


def _real_rows(folder: Path, root: Path, problems: Problems):
    """Every observation of the region's other data files: (indicator, year, sex) -> (value, file)."""
    from hallbar.inputs.observations import data_files, read_data_file

    real: dict[tuple[str, int, str], tuple[float, str]] = {}
    for path in data_files(folder):
        if path.name == FILE_NAME:
            continue
        shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        df = read_data_file(path, shown, problems)
        for rec in df.itertuples(index=False):
            real.setdefault((rec.indicator, int(rec.year), rec.sex), (float(rec.value), shown))
    return real


def _sexes(prog: Programme, indicator: str, real) -> list[str]:
    wanted = {"T"}
    wanted |= {t.sex for _, _, t in prog.targets() if t.indicator == indicator}
    wanted |= {s for (i, _, s) in real if i == indicator}
    return [s for s in ("T", "K", "M") if s in wanted]


def first_year(prog: Programme, real) -> int:
    years = [y for (_, y, _) in real]
    return min([EARLIEST_YEAR, prog.programme.start - YEARS_BEFORE_START, *years])


def generate_region(root: Path, region: str, seed: int = DEFAULT_SEED) -> RegionResult:
    """The example file's text for one region (nothing is written)."""
    problems = Problems()
    prog_path = root / "params" / region / "programme.yml"
    prog = load_programme(prog_path, f"params/{region}/programme.yml", problems)
    folder = root / "data" / region
    real = _real_rows(folder, root, problems) if prog is not None else {}
    if problems.errors:
        raise InputError(problems.items)
    specs = SPECS.get(region, {})
    start = first_year(prog, real)
    res = RegionResult(region, folder / FILE_NAME, "")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    years_written: list[int] = []
    for ind_id, ind in prog.indicators.items():
        spec = specs.get(ind_id)
        for sex in _sexes(prog, ind_id, real):
            anchors = {y: v for (i, y, s), (v, _f) in real.items() if i == ind_id and s == sex and v == v}
            anchor_files = sorted({f for (i, _y, s), (_v, f) in real.items() if i == ind_id and s == sex})
            if spec is None:
                if not anchors:
                    res.skipped.append(f"{ind_id} ({sex}): no real value and no spec in hallbar.exampledata.SPECS")
                    continue
                spec_used = Spec(noise=0.0)
            else:
                spec_used = spec
                if not anchors and spec.start is None and not spec.knots:
                    res.skipped.append(f"{ind_id} ({sex}): no real value and no invented start value")
                    continue
            years = range(max(start, spec_used.first or start), DEMO_YEAR + 1)
            rng = random.Random(f"hallbar.exampledata/{seed}/{region}/{ind_id}/{sex}")
            values = make_series(spec_used, ind, anchors, years, rng)
            head = f"Genererad av hallbar.exampledata (seed {seed})"
            if anchors:
                where = ", ".join(f"{_num(v)} år {y}" for y, v in sorted(anchors.items()))
                word = "verkligt värde" if len(anchors) == 1 else "verkliga värden"
                note = f"{head}: trend genom {word} {where} ({', '.join(anchor_files)})."
            elif spec_used.start is not None:
                note = (f"{head}: inget verkligt värde finns; utgår från påhittat startvärde "
                        f"{_num(spec_used.start[1])} år {spec_used.start[0]}.")
                res.invented.append(f"{region}/{ind_id}: {_num(spec_used.start[1])} år {spec_used.start[0]} ({ind.unit})")
            else:
                note = f"{head}: inget verkligt värde finns; alla värden är påhittade."
                res.invented.append(f"{region}/{ind_id}: påhittade stödvärden {', '.join(map(str, sorted(spec_used.knots)))}")
            if spec_used.shape:
                note += f" {spec_used.shape[:1].upper()}{spec_used.shape[1:]}."
            res.indicators += 1
            for year, value in values.items():
                if (ind_id, year, sex) in real:
                    continue  # never alter or duplicate a real observation
                writer.writerow([ind_id, year, value, sex, SOURCE, note, "true"])
                res.rows += 1
                years_written.append(year)
    res.text = buf.getvalue()
    if years_written:
        res.years = (min(years_written), max(years_written))
    return res


def regions(root: Path) -> list[str]:
    folder = root / "params"
    return sorted(p.name for p in folder.iterdir() if (p / "programme.yml").is_file()) if folder.is_dir() else []


def _status_counts(root: Path, region: str) -> str:
    """Status counts for the demo year and the year before, for the summary."""
    from hallbar.inputs.project import Project, load_region
    from hallbar.method import assess_programme, counts

    try:
        inputs = load_region(Project.at(root), region)
    except InputError:
        return "  (status not computed: the region does not load; run `hallbar check`)"
    lines = []
    for year in (DEMO_YEAR, DEMO_YEAR - 1):
        c = counts(assess_programme(inputs.programme, inputs.observations, year, inputs.years))
        lines.append(f"  status {year}: " + ", ".join(f"{k} {v}" for k, v in c.items() if v))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/exampledata.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder (default: the current folder)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    parser.add_argument("--region", action="append", help="region id (repeatable; default: all)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed file differs from what would be written")
    args = parser.parse_args(argv)
    root = args.project.resolve()
    wanted = args.region or regions(root)
    if not wanted:
        print(f"error: {root / 'params'} contains no region (params/<region>/programme.yml).", file=sys.stderr)
        return 1
    stale = []
    for region in wanted:
        if region not in regions(root):
            print(f"error: no such region '{region}' (params/{region}/programme.yml does not exist).", file=sys.stderr)
            return 1
        try:
            res = generate_region(root, region, args.seed)
        except InputError as exc:
            for p in exc.problems:
                print(f"{'error' if p.is_error else 'warning'}: {p}", file=sys.stderr)
            return 1
        shown = res.path.relative_to(root)
        if args.check:
            current = res.path.read_bytes() if res.path.is_file() else None
            if res.rows == 0 and current is None:
                continue
            if current != res.text.encode("utf-8"):
                stale.append(str(shown))
                why = "is missing" if current is None else "differs from what the generator writes"
                print(f"✗ {shown} {why} (seed {args.seed}).", file=sys.stderr)
            else:
                print(f"✓ {shown} is up to date (seed {args.seed}).")
            continue
        if res.rows == 0:
            print(f"- {region}: nothing to generate")
            continue
        res.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = res.path.with_name(res.path.name + ".tmp")
        tmp.write_bytes(res.text.encode("utf-8"))
        tmp.replace(res.path)
        span = f"{res.years[0]}–{res.years[1]}" if res.years else "-"
        print(f"✓ {shown}: {res.rows} rows, {res.indicators} series, years {span}, seed {args.seed}; "
              f"{len(res.invented)} series from invented values")
        for s in res.skipped:
            print(f"  skipped {s}")
        print(_status_counts(root, region))
    if stale:
        print("Regenerate with: python tools/exampledata.py" + (f" --seed {args.seed}" if args.seed != DEFAULT_SEED else ""),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
