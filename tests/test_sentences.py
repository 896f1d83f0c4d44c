"""Every generated sentence type, rendered with 0, 1 and many, against the expected Swedish text.

Plus the hygiene every sentence of the demo reports must keep: no doubled words, no stray spaces,
no 'år år', lower case after a colon (unless a name follows), Swedish quotation marks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hallbar.analysis.status import assess
from hallbar.inputs.project import Project, load_region
from hallbar.model import STATUS_CODES, Indicator
from hallbar.sv import alt, phrases
from hallbar.sv.numbers import NBSP, THIN

REPO = Path(__file__).resolve().parents[1]
ALL = list(STATUS_CODES)


def plain(text: str) -> str:
    """No-break spaces as spaces, for readable expectations (that they are there is tested in test_fmt)."""
    return text.replace(NBSP, " ").replace(THIN, " ")


def ind(**kw) -> Indicator:
    return Indicator(**({"title": "Sjukfrånvaro", "unit": "procent", "better": "lower", "decimals": 1, "source": "X"} | kw))


def counts(**n: int) -> dict[str, int]:
    return {k: n.get(k, 0) for k in ALL}


@pytest.mark.parametrize(("codes", "noun", "one", "expected"), [
    ([], "delmål", "delmål", "Det finns inga delmål."),
    (["achieved"], "delmål", "delmål", "Av 1 delmål är 1 uppnått."),
    (["achieved"], "inriktningar", "inriktning", "Av 1 inriktning är 1 uppnådd."),
    (["achieved", "achieved", "on_track", "away", "no_data"], "delmål", "delmål",
     "Av 5 delmål är 2 uppnådda och 1 i fas, medan 1 går åt fel håll och 1 saknar data."),
    (["moderate", "not_achieved", "not_achieved"], "inriktningar", "inriktning", "Av 3 inriktningar är 1 osäker och 2 ej uppnådda."),
    (["away"], "delmål", "delmål", "Av 1 delmål är det 1 som går åt fel håll."),
    (["no_data", "no_data"], "delmål", "delmål", "Av 2 delmål är det 2 som saknar data."),
])
def test_counts_sentence(codes, noun, one, expected):
    assert phrases.counts_sentence(codes, noun, one) == expected


@pytest.mark.parametrize(("n", "expected"), [
    ({}, "Det finns inga delmål att jämföra med 2024."),
    ({"improved": 1}, "Jämfört med 2024 har 1 delmål fått bättre status."),
    ({"unchanged": 1}, "Jämfört med 2024 har 1 delmål samma status; inget har fått bättre eller sämre status."),
    ({"improved": 13, "worsened": 1, "unchanged": 36, "not_comparable": 1},
     "Jämfört med 2024 har 13 delmål fått bättre status och 1 delmål sämre status, medan 36 har samma status. "
     "För 1 delmål går det inte att jämföra med 2024, oftast för att data saknas det ena året."),
    ({"worsened": 2, "not_comparable": 3},
     "Jämfört med 2024 har 2 delmål fått sämre status. För 3 delmål går det inte att jämföra med 2024, "
     "oftast för att data saknas det ena året."),
])
def test_status_changes_sentence_leaves_out_zero_parts(n, expected):
    assert phrases.status_changes_sentence(n, "delmål", "delmål", 2025) == expected


def test_status_changes_sentence_agrees_with_a_common_gender_noun():
    assert phrases.status_changes_sentence({"unchanged": 1}, "inriktning", "inriktningar", 2025) == \
        "Jämfört med 2024 har 1 inriktning samma status; ingen har fått bättre eller sämre status."


@pytest.mark.parametrize(("n", "one", "many", "expected"), [
    ({}, "delmål", "delmål", "Inget delmål har värden för både 2024 och 2025, så ingen förändring i värde kan visas."),
    ({}, "inriktning", "inriktningar", "Ingen inriktning har värden för både 2024 och 2025, så ingen förändring i värde kan visas."),
    ({"better": 1}, "delmål", "delmål", "Ett delmål har värden för både 2024 och 2025; det har fått ett bättre värde."),
    ({"worse": 1}, "inriktning", "inriktningar", "En inriktning har värden för både 2024 och 2025; den har fått ett sämre värde."),
    ({"better": 21, "worse": 2, "same": 3}, "delmål", "delmål",
     "Av de 26 delmål som har värden för både 2024 och 2025 har 21 fått bättre värden och 2 sämre, medan 3 är oförändrade."),
    ({"better": 1, "worse": 1}, "delmål", "delmål",
     "Av de 2 delmål som har värden för både 2024 och 2025 har 1 fått ett bättre värde och 1 ett sämre."),
    ({"worse": 1, "same": 1}, "delmål", "delmål",
     "Av de 2 delmål som har värden för både 2024 och 2025 har 1 fått ett sämre värde, medan 1 är oförändrat."),
    ({"same": 3}, "delmål", "delmål", "Av de 3 delmål som har värden för både 2024 och 2025 är alla oförändrade."),
])
def test_value_changes_sentence(n, one, many, expected):
    assert phrases.value_changes_sentence(n, one, many, 2025) == expected


@pytest.mark.parametrize(("years", "total", "expected"), [
    ([], 3, ""), ([2024], 3, "Värdet för 2024 är exempeldata."),
    ([2022, 2023, 2025], 5, "Värdena för 2022–2023 och 2025 är exempeldata."), ([2024, 2025], 2, "Alla värden är exempeldata."),
])
def test_example_sentence(years, total, expected):
    assert phrases.example_sentence(years, total) == expected


@pytest.mark.parametrize(("years", "expected"), [([], ""), ([2024], "2024"), ([2019, 2020, 2021, 2023, 2025], "2019–2021, 2023 och 2025")])
def test_years_text(years, expected):
    assert phrases.years_text(years) == expected


@pytest.mark.parametrize(("rows", "expected"), [
    ([("A", counts(achieved=1))], "A: 1 delmål, varav 1 uppnått."),
    ([("A", counts(achieved=2, on_track=1)), ("B", counts(no_data=3))], "A: 3 delmål, varav 2 uppnådda och 1 i fas. B: 3 delmål, varav 3 saknar data."),
])
def test_status_bar_alt(rows, expected):
    assert alt.status_bar_alt(rows) == "Liggande stapeldiagram över andelen delmål per status i varje fokusområde. " + expected


@pytest.mark.parametrize(("latest", "indicator", "expected"), [
    (None, ind(), "–"), ((2025, 5.8), ind(), "5,8 procent (2025)"), ((2025, 80.6), ind(unit="index"), "80,6 (2025)"),
    ((2023, 5), ind(unit="placering", decimals=0), "plats 5 (2023)"),
])
def test_latest_text(latest, indicator, expected):
    assert plain(phrases.latest_text(latest, indicator)) == expected


@pytest.mark.parametrize(("indicator", "value", "expected"), [
    (ind(unit="år", better="higher"), 66.5, "minst 66,5 år (2028)"),
    (ind(unit="index", better="higher"), 81, "minst 81 (2028)"),
    (ind(better="higher"), 88.0, "minst 88 procent år 2028"),
    (ind(unit="ton CO2e", decimals=0), 4369.4, "högst 4 369 ton CO₂e år 2028"),
])
def test_target_phrase_has_no_false_precision_and_no_doubled_year(indicator, value, expected):
    assert plain(phrases.target_phrase("level", indicator, None, target_value=value, target_year=2028)) == expected


def test_relative_target_names_what_it_compares_with():
    cmp = ind(title="Relativ klimatbelastning för jämförbara index", unit="ton CO2e")
    assert phrases.target_phrase("relative", cmp, None, compare=cmp, short=True) == "lägre än för jämförbara index"
    assert phrases.target_phrase("relative", cmp, None, compare=cmp) == "värdet ska vara lägre än för jämförbara index"


@pytest.mark.parametrize(("previous", "latest", "better", "short", "expected"), [
    (5.9, 5.8, "lower", False, "↗ Bättre än 2024 (5,9 → 5,8)"),
    (93.2, 92.7, "higher", False, "↘ Sämre än 2024 (93,2 → 92,7)"),
    (5.8, 5.8, "lower", False, "→ Oförändrat sedan 2024"),
    (None, 5.8, "lower", False, "–"),
    (93.2, 92.7, "higher", True, "↘ Sämre"),
])
def test_value_change_says_better_or_worse_never_up_or_down(previous, latest, better, short, expected):
    assert phrases.value_change(previous, latest, ind(better=better), 2025, short=short) == expected


@pytest.mark.parametrize(("change", "expected"), [
    ("improved", "↑ Bättre status än 2024"), ("unchanged", "→ Samma status som 2024"),
    ("worsened", "↓ Sämre status än 2024"), ("not_comparable", "– Kan inte jämföras med 2024"), (None, "– Kan inte jämföras med 2024"),
])
def test_status_change(change, expected):
    assert phrases.status_change(change, 2025) == expected


def test_missing_text_placeholders():
    assert phrases.missing_text("Förord", 2025, "x.md", editorial=True) == ("Texten ”Förord” saknas.", "Analytikernas text för 2025 ska ligga i filen x.md.")
    assert phrases.missing_text("Klimat", 2025, "x.md")[0] == "Analystext saknas för Klimat."


DOUBLED = re.compile(r"\b(\w+) \1\b", re.I)


def hygiene_problems(text: str) -> list[str]:
    t = plain(text)
    out = []
    if m := DOUBLED.search(t):
        if not m.group(1).isdigit():
            out.append(f"doubled word {m.group(0)!r}")
    for bad in ("  ", " ,", " .", "( ", " )", "år år", "..", ",,", " ;", " :"):
        if bad in t:
            out.append(f"stray {bad!r}")
    if '"' in t or "“" in t:
        out.append("non-Swedish quotation marks")
    for m in re.finditer(r": ([A-ZÅÄÖ]\w*)", t):
        word = m.group(1)
        if word not in PROPER and not word.isupper():
            out.append(f"capital after a colon: {t[max(0, m.start() - 30):m.end() + 10]!r}")
    return out


PROPER = {"Region", "Regionstyrelsen", "Regionfullmäktige", "Kolada", "Öppna", "Agenda", "Sverige", "Sveriges", "EU", "Eurostat",
          "Byggvarubedömningen", "Miljöbyggnad", "Strama", "Kronoberg", "Norrbotten", "Örebro"}


@pytest.mark.parametrize("region", ["kronoberg", "norrbotten", "orebro"])
def test_every_reason_and_alt_text_of_the_demo_reads_cleanly(region):
    inputs = load_region(Project.at(REPO), region)
    problems = []
    for ts in assess(inputs, 2025):
        for text in (ts.reason, ts.motivation or ""):
            problems += [f"{ts.target_id}: {p}" for p in hygiene_problems(text)]
    assert not problems, "\n".join(problems)


def test_the_hygiene_check_finds_what_it_looks_for():
    assert hygiene_problems("Mål: minst 66,5 år år 2028.")
    assert hygiene_problems("(status då: ▲ I fas )")
    assert hygiene_problems("Av 1 delmål delmål är 1 uppnått.")
    assert hygiene_problems('Han sa "hej".')
    assert hygiene_problems("Mål: Lägre än index.")
    assert not hygiene_problems("Mål: högst 4,5 procent år 2028; källa: Region Kronoberg.")


def _unmarked(md: str) -> str:
    """Markdown as the reader sees its words: escapes, spans' attributes, link targets and ids dropped."""
    md = re.sub(r"\{[#.][^}]*\}", "", md)
    md = re.sub(r"\]\([^)]*\)", "]", md)
    md = re.sub(r"^:::.*$", "", md, flags=re.M)
    return re.sub(r"\\(.)", r"\1", md).replace("[", "").replace("]", "").replace("**", "").replace("*", "")


@pytest.mark.parametrize("region", ["kronoberg", "norrbotten", "orebro"])
def test_every_target_text_and_summary_sentence_of_the_demo_reads_cleanly(region):
    import hallbar.analysis as hb

    problems = []
    s = hb.summary(REPO, region, 2025)
    for text in (s.intro(), s.changes_text()):
        problems += [f"summary: {p}" for p in hygiene_problems(_unmarked(text))]
    for fa in s.programme.focus_areas:
        ch = hb.Chapter(s.report_year, fa.id)  # the year the summary opened: loaded and assessed once
        texts = [ch.intro()] + [ch.goal_heading(g.id) for g in ch.goals] + [ch.target_text(t.id) for g in ch.goals for t in g.targets]
        for text in texts:
            for line in _unmarked(text).splitlines():
                problems += [f"{fa.id}: {p}" for p in hygiene_problems(line)]
    assert not problems, "\n".join(problems)


def test_a_region_may_rename_a_status_label_and_keeps_symbol_and_colour():
    from pydantic import ValidationError

    from hallbar.analysis.chapter import badge
    from hallbar.model import Labels
    from hallbar.sv.words import use_status_labels

    use_status_labels(Labels(status={"moderate": "Delvis i fas"}))
    try:
        assert phrases.status_text("moderate") == "◆ Delvis i fas" and phrases.status_text("on_track") == "▲ I fas"
        assert badge("moderate") == "[◆ Delvis i fas]{.status .s-moderate}"
    finally:
        use_status_labels(Labels())
    assert phrases.status_text("moderate") == "◆ Osäkert"
    with pytest.raises(ValidationError):
        Labels(status={"halfway": "Halvvägs"})


@pytest.mark.parametrize(("text", "expected"), [
    ("Handlingsplanens insats 1.1 (område 1)", "Handlingsplanens insats 1.1 (område 1)."),
    ("Redan en mening.", "Redan en mening."),
    ("  Två\n rader  ", "Två rader."),
    ("Fråga?", "Fråga?"),
    ("Insats på 1\u202f000\u00a0kW", "Insats på 1\u202f000\u00a0kW."),  # the no-break spaces in numbers stay
    ("", ""),
])
def test_sentence_gets_one_full_stop(text, expected):
    assert phrases.sentence(text) == expected
