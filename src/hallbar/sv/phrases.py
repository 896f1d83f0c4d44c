"""Phrases the report builds from words and numbers, each written once.

What a target asks (`target_phrase`), a status with its symbol
(`status_text`), the change since last year (`change_text`), a value and its
year (`at`, `with_year`), years as a list (`years_text`), counts of targets
per status (`counts_sentence`), which values are example data
(`example_sentence`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Indicator
from . import numbers
from .words import ASSESSED_BY_NOTE, BOUND, CHANGES, RELATIVE, STATUS, WANT


def lc_first(text: str) -> str:
    """'Andel ekologiska livsmedel' -> 'andel ...' for use inside a sentence; 'HME-index' and 'MSC' are left alone."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def uc_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join(parts: Sequence[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b och c'."""
    parts = list(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else "".join(parts)


def value(v: float | None, indicator: Indicator) -> str:
    """A value with the indicator's unit and decimals: '6,2 procent', 'plats 5', '71 499 ton CO2e'."""
    return numbers.value(v, indicator.unit, indicator.decimals)


def at(text: str, year: int) -> str:
    """A formatted value and its year, the way the report says it: '6,2 procent 2022'.

    'år' is written where the value ends in a digit ('plats 5 år 2023') and
    'under' where the unit ends in 'år' ('274 recept per 1 000 invånare och år under 2023').
    """
    if text[-1:].isdigit():
        return f"{text} år {year}"
    if text.endswith("år"):
        return f"{text} under {year}"
    return f"{text} {year}"


def with_year(text: str, year: int) -> str:
    """'5,8 procent (2025)'; '131 (index), 2025' where the value already ends in a parenthesis."""
    return f"{text}, {year}" if text.endswith(")") else f"{text} ({year})"


def years_text(years: Iterable[int]) -> str:
    """[2019, 2020, 2021, 2023, 2025] -> '2019–2021, 2023 och 2025'."""
    ys = sorted(set(years))
    runs: list[tuple[int, int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return join([numbers.year_span(a, b) for a, b in runs])


def status_text(code: str, assessed_by: str = "computed") -> str:
    """'▲ I fas', or '▲ I fas (bedömning)' when not computed: never colour alone."""
    note = ASSESSED_BY_NOTE.get(assessed_by, "")
    return f"{STATUS[code].symbol} {STATUS[code].label}" + (f" ({note})" if note else "")


def change_text(change: str | None) -> str:
    """'↑ Förbättrad'."""
    arrow, word = CHANGES[change or "not_comparable"]
    return f"{arrow} {word}"


def latest_text(latest: tuple[int, float] | None, indicator: Indicator | None) -> str:
    """'6,2 procent (2022)', or '–'."""
    if indicator is None or latest is None:
        return "–"
    return with_year(value(latest[1], indicator), latest[0])


def target_phrase(kind: str, indicator: Indicator | None, rule=None, *, target_value: float | None = None,
                  target_year: int | None = None, base_year: int | None = None, compare: Indicator | None = None,
                  short: bool = False) -> str:
    """What a target asks, in words.

    Sentence form: 'högst 4,5 procent år 2028', 'värdet ska minska jämfört med år 2021',
    'värdet ska vara lägre än för jämförbara index'. `short=True` is the table form without
    'värdet ska' ('Minska jämfört med år 2021', 'Lägre än för jämförbara index',
    'Kvalitativt mål (2028)').
    """
    ty = target_year
    if kind == "qualitative" or indicator is None:
        return f"Kvalitativt mål ({ty})" if short and ty else "–"
    if kind == "direction":
        each = bool(getattr(rule, "each_year", False))
        what = ("förbättras (lägre placering)" if indicator.better == "lower" else "förbättras") if indicator.is_placing \
            else WANT[indicator.better]
        base = getattr(rule, "base_year", None) or base_year
        since = " jämfört med föregående år" if each else (f" jämfört med år {base}" if base else "")
        until = f" till år {ty}" if ty and not each and getattr(rule, "year", None) else ""
        return uc_first(f"{what}{since}{until}") if short else f"värdet ska {what}{since}{until}"
    if kind == "relative":
        cname = lc_first(compare.title) if compare is not None else "jämförelseserien"
        rel = RELATIVE[indicator.better]
        return f"{uc_first(rel)} än {cname}" if short else f"värdet ska vara {rel} än för {cname}"
    pct = getattr(rule, "percent", None)
    base = getattr(rule, "base_year", None)
    how = ""
    if kind == "annual_rate" and pct is not None:
        how = f"{numbers.percent_words(pct)} per år från år {base}"
    elif kind == "change" and pct is not None:
        how = f"{numbers.percent_words(pct)} jämfört med år {base}"
    if target_value is None and kind == "level" and rule is not None:
        target_value = float(rule.value)
    if target_value is not None:
        main = (f"{value(target_value, indicator)} eller bättre år {ty}" if indicator.is_placing
                else f"{BOUND[indicator.better]} {value(target_value, indicator)} år {ty}")
        return f"{main} ({how})" if how else main
    return f"{how} till år {ty}" if how else "–"


NEUTER_ENDINGS = ("mål", "mått", "område", "index", "tal", "steg")  # ett delmål, ett styrmått: 'uppnått'; en inriktning: 'uppnådd'
COMMON_FORMS = {"achieved": "uppnådd", "not_achieved": "ej uppnådd", "moderate": "osäker"}  # one of a noun of common gender


def is_neuter(noun: str) -> bool:
    return noun.strip().lower().endswith(NEUTER_ENDINGS)


def counts_sentence(codes: Sequence[str], noun: str, singular: str | None = None) -> str:
    """'Av 30 delmål är 8 uppnådda, 3 i fas och 2 ej i fas, medan 1 saknar data.'

    `singular` (the region's word for one target) decides the gender: 'Av 3 inriktningar är 1 uppnådd …'.
    """
    c = {code: 0 for code in STATUS}
    for code in codes:
        c[code] += 1
    n = len(codes)
    noun = noun.lower()
    if n == 0:
        return f"Det finns inga {noun}."
    neuter = is_neuter(singular or noun)

    def word(code: str) -> str:
        if c[code] != 1:
            return STATUS[code].count_many
        return STATUS[code].count_one if neuter or code not in COMMON_FORMS else COMMON_FORMS[code]

    state = [f"{c[k]} {word(k)}" for k in ("achieved", "on_track", "moderate", "insufficient", "not_achieved") if c[k]]
    verbs = [f"{c[k]} {word(k)}" for k in ("away", "no_data") if c[k]]
    if state and verbs:
        return f"Av {n} {noun} är {join(state)}, medan {join(verbs)}."
    if state:
        return f"Av {n} {noun} är {join(state)}."
    return f"Av {n} {noun} är det " + join([f"{c[k]} som {word(k)}" for k in ("away", "no_data") if c[k]]) + "."


def example_sentence(years_with_example: Sequence[int], total: int) -> str:
    """'Värdena för 2022–2025 är exempeldata.' ('' when none is)."""
    ex = list(years_with_example)
    if not ex:
        return ""
    if len(ex) == total:
        return "Alla värden är exempeldata."
    if len(ex) == 1:
        return f"Värdet för {ex[0]} är exempeldata."
    return f"Värdena för {years_text(ex)} är exempeldata."




