"""Figures and alt texts without a kernel: hand-made TargetStatus objects, pure functions."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest
from matplotlib.figure import Figure

from hallbar.analysis import figures as F
from hallbar.analysis.style import status_hatch, svg_bytes
from hallbar.method import Point, TargetStatus, annual_path, projection_path, required_path
from hallbar.model import STATUS_CODES, AnnualRateRule, DirectionRule, Indicator, LevelRule, Obs, RelativeRule
from hallbar.sv import alt as _alt
from hallbar.sv import numbers as fmt
from hallbar.sv.phrases import years_text
from hallbar.sv.words import STATUS as STATUSES


def spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class A:
    """The alt texts with the report's no-break spaces as plain spaces, to compare wording (test_fmt checks the spaces)."""

    def __getattr__(self, name):
        fn = getattr(_alt, name)
        return lambda *a, **k: fn(*a, **k).replace("\u00a0", " ").replace("\u202f", " ")


A = A()

SJUK = Indicator(title="Sjukfrånvaro bland anställda", unit="procent", better="lower", decimals=1, source="test")
CO2 = Indicator(title="Utsläpp av växthusgaser, scope 1 och 2", unit="ton CO2e", better="lower", decimals=0, source="test")
PLATS = Indicator(title="Förskrivning av antibiotika, placering i Öppna jämförelser", unit="placering", better="lower",
                  decimals=0, source="test")
FOND = Indicator(title="Relativ klimatbelastning från värdepapper", unit="ton CO2e per miljon kronor", better="lower",
                 decimals=1, source="test")
INDEX = Indicator(title="Relativ klimatbelastning för jämförbara index", unit="ton CO2e per miljon kronor", better="lower",
                  decimals=1, source="test")

LEVEL = LevelRule(kind="level", value=4.5, year=2028)
ANNUAL = AnnualRateRule(kind="annual_rate", percent=-4.2, base_year=2021, year=2028)
DIRECTION = DirectionRule(kind="direction", base_year=2021)
RELATIVE = RelativeRule(kind="relative", compare_to="index")


def obs(pairs, example_from: int | None = None) -> list[Obs]:
    return [Obs(y, v, example_from is not None and y >= example_from) for y, v in pairs]


def sjuk_status(**kw) -> TargetStatus:
    base = dict(target_id="sjukfranvaro", status="on_track", rule="linear", year=2025, kind="level", indicator="sjuk",
                first=Point(2022, 6.2), latest=Point(2024, 5.6), target_value=4.5, target_year=2028,
                required_pace=-0.2833, actual_pace=-0.3, ratio=1.06, projection=4.4)
    return TargetStatus(**(base | kw))


def co2_status() -> TargetStatus:
    return TargetStatus(target_id="utslapp", status="moderate", rule="compound", year=2025, kind="annual_rate", indicator="co2",
                        first=Point(2021, 5900.0), latest=Point(2025, 5190.0), base=Point(2021, 5900.0),
                        target_value=5900 * 0.958 ** 7, target_year=2028, required_pace=-0.042, actual_pace=-0.0315,
                        ratio=0.75, projection=4714.0)


SJUK_SERIES = [(2022, 6.2), (2023, 5.9), (2024, 5.6)]


def svg_of(fig: Figure) -> str:
    return svg_bytes(fig).decode("utf-8")


# --- alt texts ------------------------------------------------------------------------


def test_alt_text_states_the_numbers_in_swedish():
    ts = sjuk_status()
    alt = A.nulage_alt(ts, SJUK, obs(SJUK_SERIES), rule=LEVEL)
    assert "minskade från 6,2 procent år 2022 till 5,6 procent år 2024" in alt
    assert "Målet är högst 4,5 procent år 2028." in alt
    assert spaces(fmt.value(ts.latest.value, SJUK.unit, SJUK.decimals)) in alt
    assert "Status: I fas." in alt and STATUSES["on_track"].sentence in alt
    assert "4,4 procent år 2028" in alt  # the projection
    assert "\n" not in alt  # one paragraph


def test_alt_text_single_observation_and_no_data():
    one = sjuk_status(status="no_data", rule="none", first=Point(2022, 6.2), latest=Point(2022, 6.2), projection=None,
                      required_pace=None, actual_pace=None, ratio=None)
    alt = A.nulage_alt(one, SJUK, obs([(2022, 6.2)]), rule=LEVEL)
    assert "ett värde: 6,2 procent år 2022" in alt
    assert "Saknar data" in alt
    none = TargetStatus(target_id="x", status="no_data", rule="none", year=2025, kind="level", indicator="sjuk", target_year=2028)
    alt = A.nulage_alt(none, SJUK, [], rule=LEVEL)
    assert "inga värden" in alt
    assert "högst 4,5 procent år 2028" in alt  # the level is known from the rule even without data
    assert "Status: Saknar data." in alt


def test_alt_text_marks_example_data_and_overrides():
    ts = sjuk_status(assessed_by="override", computed_status="away")
    alt = A.nulage_alt(ts, SJUK, obs(SJUK_SERIES, example_from=2023), rule=LEVEL)
    assert "Värdena för 2023–2024 är exempeldata." in alt
    assert "(manuellt ändrad)" in alt


def test_alt_text_placing_direction_and_relative():
    ts = TargetStatus(target_id="ab", status="on_track", rule="direction", year=2025, kind="direction", indicator="p",
                      first=Point(2021, 21.0), latest=Point(2024, 15.0), base=Point(2021, 21.0), target_year=2028,
                      actual_pace=-0.106, projection=10.0)
    alt = A.nulage_alt(ts, PLATS, obs([(2021, 21), (2022, 19), (2024, 15)]), rule=DIRECTION)
    assert "förbättrades från plats 21 år 2021 till plats 15 år 2024" in alt
    assert "Målet är att värdet ska förbättras (lägre placering) jämfört med år 2021." in alt

    rel = TargetStatus(target_id="fond", status="moderate", rule="relative", year=2025, kind="relative", indicator="fond",
                       first=Point(2021, 2.4), latest=Point(2024, 1.9), comparison=Point(2024, 1.7), target_value=1.7,
                       target_year=2028, projection=1.5)
    alt = A.nulage_alt(rel, FOND, obs([(2021, 2.4), (2024, 1.9)]), rule=RELATIVE, compare=obs([(2021, 1.8), (2024, 1.7)]),
                       compare_indicator=INDEX)
    assert "lägre än för relativ klimatbelastning för jämförbara index" in alt
    assert "Jämförelseserien var 1,7 ton CO₂e per miljon kronor år 2024." in alt
    assert "Status: Osäkert." in alt


def test_alt_text_thousands_use_swedish_grouping():
    alt = A.nulage_alt(co2_status(), CO2, obs([(2021, 5900), (2025, 5190)]), rule=ANNUAL)
    assert "5 900 ton CO₂e år 2021" in alt
    assert "(−4,2 procent per år från år 2021)" in alt


# --- geometry -------------------------------------------------------------------------------


def test_required_path_compound_and_linear():
    path = required_path(co2_status())
    assert path[0] == (2021, 5900.0) and path[-1][0] == 2028
    assert path[-1][1] == pytest.approx(5900 * 0.958 ** 7)
    assert path[1][1] == pytest.approx(5900 * 0.958)  # compound: −4,2 procent a year
    lin = required_path(sjuk_status(), share=True)
    assert lin[0] == (2022, 6.2) and lin[-1] == (2028, pytest.approx(4.5))
    steps = [b[1] - a[1] for a, b in zip(lin, lin[1:], strict=False)]
    assert max(steps) - min(steps) < 1e-9  # linear: equal steps


def test_required_path_empty_for_direction_and_missing_target():
    assert required_path(TargetStatus(target_id="d", status="away", rule="direction", kind="direction")) == []
    assert required_path(TargetStatus(target_id="n", status="no_data", rule="none", kind="level")) == []


def test_projection_path_ends_at_the_status_projection():
    p = projection_path(co2_status())
    assert p[0] == (2025, 5190.0) and p[-1] == (2028, pytest.approx(4714.0))


# --- figures ----------------------------------------------------------------------------------


def test_nulage_heading_has_symbol_and_label_and_swedish_ticks():
    fig = F.nulage_figure(co2_status(), CO2, obs([(2021, 5900), (2023, 5500), (2025, 5190)]), rule=ANNUAL)
    assert fig.get_suptitle() == "◆ Osäkert"
    ax = fig.axes[0]
    assert ax.get_ylabel() == "ton CO₂e"
    svg_of(fig)  # draw: tick labels exist after a draw
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any(fmt.THIN in t for t in labels), labels  # 5 500 (a narrow no-break space), not 5500 or 5,500
    assert all("," not in t or re.fullmatch(r"[\d \u2212]+,\d+", t) for t in labels)
    years = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "2028" in years and all(fmt.THIN not in y for y in years)


def test_example_rows_are_hollow_and_in_the_legend():
    fig = F.nulage_figure(sjuk_status(), SJUK, obs(SJUK_SERIES, example_from=2023), rule=LEVEL)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Utfall" in legend and any("Exempeldata" in t for t in legend)
    hollow = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "o" and ln.get_markerfacecolor() == "white"]
    assert hollow and list(hollow[0].get_xdata()) == [2023, 2024]


def test_series_differ_by_line_style_and_marker_not_only_colour():
    fig = F.nulage_figure(sjuk_status(), SJUK, obs(SJUK_SERIES), rule=LEVEL)
    entries = fig.legends[0].legend_handles
    styles = {(h.get_linestyle(), h.get_marker()) for h in entries}
    assert len(styles) == len(entries)


def test_placing_has_inverted_axis_and_direction_arrow():
    ts = TargetStatus(target_id="ab", status="on_track", rule="direction", year=2025, kind="direction", indicator="p",
                      first=Point(2021, 21.0), latest=Point(2024, 15.0), base=Point(2021, 21.0), target_year=2028,
                      actual_pace=-0.106, projection=10.0)
    fig = F.nulage_figure(ts, PLATS, obs([(2021, 21), (2022, 19), (2024, 15)]), rule=DIRECTION)
    ax = fig.axes[0]
    assert ax.yaxis_inverted()
    assert ax.get_ylabel() == "placering (1 = bäst)"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(t.startswith("Önskad riktning: ↑") for t in legend)  # better (lower) is up on an inverted axis


def test_relative_target_shows_both_series():
    rel = TargetStatus(target_id="fond", status="moderate", rule="relative", year=2025, kind="relative", indicator="fond",
                       first=Point(2021, 2.4), latest=Point(2024, 1.9), comparison=Point(2024, 1.7), target_value=1.7,
                       target_year=2028, projection=1.5)
    fig = F.nulage_figure(rel, FOND, obs([(2021, 2.4), (2024, 1.9)]), rule=RELATIVE, compare=obs([(2021, 1.8), (2024, 1.7)]),
                          compare_indicator=INDEX)
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "Jämförelse" in legend and "Utfall" in legend
    svg_of(fig)


@pytest.mark.parametrize("series", [[], [(2022, 6.2)], [(y, 7.0 - 0.1 * (y - 2010)) for y in range(2010, 2026)]])
def test_no_single_and_many_observations_render(series):
    ts = sjuk_status(latest=Point(*series[-1]) if series else None, first=Point(*series[0]) if series else None,
                     status="no_data" if len(series) < 2 else "on_track", projection=None if len(series) < 2 else 4.4)
    fig = F.nulage_figure(ts, SJUK, obs(series), rule=LEVEL)
    svg = svg_of(fig)
    assert svg.startswith("<?xml")
    alt = A.nulage_alt(ts, SJUK, obs(series), rule=LEVEL)
    if series:
        assert spaces(fmt.value(series[-1][1], "procent", 1)) in alt


def test_svg_is_deterministic_text_as_paths_and_undated():
    a = svg_bytes(F.nulage_figure(co2_status(), CO2, obs([(2021, 5900), (2025, 5190)]), rule=ANNUAL))
    b = svg_bytes(F.nulage_figure(co2_status(), CO2, obs([(2021, 5900), (2025, 5190)]), rule=ANNUAL))
    assert a == b
    text = a.decode("utf-8")
    assert "<text" not in text  # text as paths: same look in browsers and typst
    assert "<dc:date>" not in text


def test_svg_is_identical_across_processes():
    code = textwrap.dedent("""
        import sys
        from hallbar.analysis import figures as F
        from hallbar.analysis.style import svg_bytes
        from hallbar.method import Point, TargetStatus
        from hallbar.model import Indicator, Obs
        ind = Indicator(title="Sjukfrånvaro", unit="procent", better="lower", decimals=1, source="t")
        ts = TargetStatus(target_id="s", status="moderate", rule="linear", year=2025, kind="level",
                          first=Point(2022, 6.2), latest=Point(2024, 5.6), target_value=4.5, target_year=2028, projection=4.7)
        fig = F.nulage_figure(ts, ind, [Obs(2022, 6.2), Obs(2023, 5.9, True), Obs(2024, 5.6, True)])
        sys.stdout.buffer.write(svg_bytes(fig))
    """)
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout for _ in range(2)]
    assert outs[0] == outs[1] and len(outs[0]) > 1000


# --- summary bar --------------------------------------------------------------------------------

ROWS = [("God livsmiljö och hälsa", {"achieved": 1, "on_track": 4, "moderate": 5, "no_data": 2}),
        ("Minskad klimatpåverkan", {"achieved": 3, "insufficient": 2, "away": 1})]


def test_status_bar_alt_states_counts_per_area():
    alt = A.status_bar_alt(ROWS, noun="delmål", area_noun="Fokusområde")
    assert "God livsmiljö och hälsa: 12 delmål, varav 1 uppnått, 4 i fas, 5 osäkra och 2 saknar data." in alt
    assert "Minskad klimatpåverkan: 6 delmål, varav 3 uppnådda, 2 ej i fas och 1 går åt fel håll." in alt


def test_status_bar_uses_colours_hatches_counts_and_a_symbol_legend():
    fig = F.status_bar_figure(ROWS)
    ax = fig.axes[0]
    bars = [p for p in ax.patches]
    assert len(bars) == 7
    assert {p.get_hatch() for p in bars} >= {status_hatch(c) for c in ("on_track", "moderate", "no_data")}
    texts = {t.get_text() for t in ax.texts}
    assert {"1", "4", "5", "2", "3"} <= texts
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [f"{STATUSES[c].symbol} {STATUSES[c].label}" for c in STATUS_CODES]
    assert svg_bytes(fig) == svg_bytes(F.status_bar_figure(ROWS))


# --- overview and the programme's own path ----------------------------------------------------------


def test_overview_and_annual_path():
    panels = [F.Panel("Totala utsläpp", "ton CO2e", 0, "lower", tuple(obs([(2021, 71499), (2024, 65000)], 2024)), "Kontrollmått"),
              F.Panel("Placering", "placering", 0, "lower", tuple(obs([(2021, 21), (2024, 15)])), "Kontrollmått"),
              F.Panel("Utan värden", "kW", 0, "higher", (), "Styrmått", target=(2028, 640.0))]
    fig = F.overview_figure(panels, title="Klimat")
    assert fig.axes[1].yaxis_inverted()
    svg_of(fig)
    alt = A.overview_alt(panels, "Klimat")
    assert "från 71 499 ton CO₂e år 2021 till 65 000 ton CO₂e år 2024" in alt
    assert "inga värden ännu; målvärde 640 kW år 2028" in alt

    path = annual_path(2021, 1000.0, -4.2, 2028)
    assert path[0] == (2021, 1000.0) and path[-1][1] == pytest.approx(1000 * 0.958 ** 7)
    series = obs([(2021, 5900), (2023, 5499), (2025, 5190)], example_from=2023)
    alt = A.annual_path_alt(co2_status(), CO2, series, percent=-4.2, base_year=2021)
    assert "4,4 procent över banans" in alt and "exempeldata" in alt
    svg_of(F.annual_path_figure(co2_status(), CO2, series, percent=-4.2, base_year=2021))
    alt = A.annual_path_alt(co2_status(), CO2, [], percent=-4.2, base_year=2021)
    assert "inga värden från basåret 2021" in alt
    svg_of(F.annual_path_figure(co2_status(), CO2, [], percent=-4.2, base_year=2021))


def test_kontrollmatt_figure_and_alt():
    series = obs([(2021, 71499), (2022, 70100), (2025, 65534)], example_from=2022)
    fig = F.indicator_figure(CO2, series)
    assert fig.get_suptitle() == "Kontrollmått"
    svg_of(fig)
    alt = A.indicator_alt(CO2, series)
    assert "minskade från 71 499 ton CO₂e år 2021 till 65 534 ton CO₂e år 2025" in alt
    assert "följs utan eget mål" in alt and "exempeldata" in alt
    assert "inga värden" in A.indicator_alt(CO2, [])
    svg_of(F.indicator_figure(CO2, []))
    placing = F.indicator_figure(PLATS, obs([(2021, 21), (2024, 15)]))
    assert placing.axes[0].yaxis_inverted()


def test_example_years_are_named_exactly():
    assert years_text([2019, 2020, 2021, 2023, 2024, 2025]) == "2019–2021 och 2023–2025"
    assert years_text([2019, 2021, 2023]) == "2019, 2021 och 2023"
    series = [Obs(2019, 5.9, True), Obs(2020, 6.9, True), Obs(2022, 6.2), Obs(2023, 6.0, True)]
    alt = A.nulage_alt(sjuk_status(), SJUK, series, rule=LEVEL)
    assert "Värdena för 2019–2020 och 2023 är exempeldata." in alt
