"""Phrases the report builds from words and numbers, each written once.

What a target asks (`target_phrase`), a status with its symbol
(`status_text`), the change since last year (`change_text`), a value and its
year (`at`, `with_year`), years as a list (`years_text`), counts of targets
per status (`counts_sentence`), which values are example data
(`example_sentence`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..model import Indicator
from . import numbers
from .words import ASSESSED_BY_NOTE, BOUND, CHANGES, RELATIVE, STATUS, VALUE_CHANGES, WANT, status_words


def lc_first(text: str) -> str:
    """'Andel ekologiska livsmedel' -> 'andel ...' for use inside a sentence; 'HME-index' and 'MSC' are left alone."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def uc_first(text: str) -> str:
    return text[:1].upper() + text[1:]


_WS = re.compile(r"[ \t\r\n\f\v]+")  # not \s: the no-break spaces in numbers (U+00A0, U+202F) stay


def one_line(text: object) -> str:
    """Runs of ASCII whitespace as one space, trimmed; the no-break spaces in numbers stay."""
    return _WS.sub(" ", str(text)).strip()


def sentence(text: str) -> str:
    """A text as a sentence: on one line, with a full stop unless it already ends in . ! ? or :."""
    text = one_line(text)
    return text if not text or text[-1] in ".!?:" else text + "."


def join(parts: Sequence[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b och c'."""
    parts = list(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else "".join(parts)


def value(v: float | None, indicator: Indicator, *, target: bool = False) -> str:
    """A value with the indicator's unit and decimals: '6,2 procent', 'plats 5', '71 499 ton CO₂e'.

    `target=True`: a target value, without false precision ('minst 88 procent').
    """
    return numbers.value(v, indicator.unit, indicator.decimals, target=target)


def at(text: str, year: int) -> str:
    """A formatted value and its year, the way the report says it: '6,2 procent 2022'.

    'år' is written after a placing ('plats 5 år 2023'), the year in parentheses after a bare
    number ('80,6 (2025)': '80,6 år 2025' would read as years) and 'under' where the unit ends
    in 'år' ('274 recept per 1 000 invånare och år under 2023').
    """
    if text[-1:].isdigit():
        return f"{text} år {year}" if text.startswith("plats") else f"{text} ({year})"
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
    return f"{status_words(code).symbol} {status_words(code).label}" + (f" ({note})" if note else "")


def value_direction(previous: float | None, latest: float | None, indicator: Indicator) -> str | None:
    """'better', 'same' or 'worse' by the indicator's `better` (equal at the shown decimals is 'same'); None without both."""
    if previous is None or latest is None:
        return None
    if numbers.number(previous, indicator.decimals) == numbers.number(latest, indicator.decimals):
        return "same"
    return "better" if (latest < previous) == (indicator.better == "lower") else "worse"


def value_change(previous: float | None, latest: float | None, indicator: Indicator, year: int, *, short: bool = False) -> str:
    """The change in value since last year, in words and an arrow that say better or worse by the indicator's `better`.

    '↗ Bättre än 2024 (5,9 → 5,8)', '↘ Sämre än 2024 (93,2 → 92,7)', '→ Oförändrat sedan 2024', '–' where a value is
    missing; `short=True`: '↗ Bättre', '↘ Sämre', '→ Oförändrat'.
    """
    direction = value_direction(previous, latest, indicator)
    if direction is None:
        return "–"
    arrow, word = VALUE_CHANGES[direction]
    if short:
        return f"{arrow} {word}"
    if direction == "same":
        return f"{arrow} {word} sedan {year - 1}"
    fmt = lambda v: numbers.number(v, indicator.decimals)  # noqa: E731
    return f"{arrow} {word} än {year - 1} ({fmt(previous)} → {fmt(latest)})"


def _no(one: str) -> str:
    """'inget' delmål, 'ingen' inriktning."""
    return "inget" if is_neuter(one) else "ingen"


def status_changes_sentence(n: dict[str, int], one: str, many: str, year: int) -> str:
    """How many targets changed status since last year, zero parts left out.

    'Jämfört med 2024 har 3 delmål fått bättre status och 1 delmål sämre status, medan 40 har samma status.
    För 6 delmål går det inte att jämföra med 2024, oftast för att data saknas det ena året.'
    """
    def antal(k: int) -> str:
        return f"{k} {one if k == 1 else many}"

    better, worse = n.get("improved", 0), n.get("worsened", 0)
    moved = []
    if better:
        moved.append(f"{antal(better)} fått bättre status")
    if worse:
        moved.append(f"{antal(worse)} sämre status" if better else f"{antal(worse)} fått sämre status")
    parts = []
    if moved:
        parts.append(f"Jämfört med {year - 1} har {join(moved)}" + (f", medan {n['unchanged']} har samma status." if n.get("unchanged") else "."))
    elif n.get("unchanged"):
        parts.append(f"Jämfört med {year - 1} har {antal(n['unchanged'])} samma status; {_no(one)} har fått bättre eller sämre status.")
    if n.get("not_comparable"):
        parts.append(f"För {antal(n['not_comparable'])} går det inte att jämföra med {year - 1}, oftast för att data saknas det ena året.")
    return " ".join(parts) or f"Det finns inga {many} att jämföra med {year - 1}."


def value_changes_sentence(n: dict[str, int], one: str, many: str, year: int) -> str:
    """How the values changed since last year, by the indicators' `better`, zero parts left out.

    'Av de 20 delmål som har värden för både 2024 och 2025 har 12 fått bättre värden och 6 sämre, medan 2 är oförändrade.'
    """
    better, worse, same = n.get("better", 0), n.get("worse", 0), n.get("same", 0)
    total = better + worse + same
    if not total:
        return f"{uc_first(_no(one))} {one} har värden för både {year - 1} och {year}, så ingen förändring i värde kan visas."
    if total == 1:
        article = "Ett" if is_neuter(one) else "En"
        what = {"better": "har fått ett bättre värde", "worse": "har fått ett sämre värde", "same": "har ett oförändrat värde"}
        k = "better" if better else "worse" if worse else "same"
        return f"{article} {one} har värden för både {year - 1} och {year}; det {what[k]}." if is_neuter(one) else \
            f"{article} {one} har värden för både {year - 1} och {year}; den {what[k]}."
    lead = f"Av de {total} {many} som har värden för både {year - 1} och {year}"
    moved = []
    if better:
        moved.append(f"{better} fått {'ett bättre värde' if better == 1 else 'bättre värden'}")
    if worse:
        moved.append(f"{worse} {'ett sämre' if worse == 1 else 'sämre'}" if better else
                     f"{worse} fått {'ett sämre värde' if worse == 1 else 'sämre värden'}")
    same_text = f"{same} {'är oförändrat' if same == 1 and is_neuter(one) else 'är oförändrad' if same == 1 else 'är oförändrade'}"
    if moved and same:
        return f"{lead} har {join(moved)}, medan {same_text}."
    if moved:
        return f"{lead} har {join(moved)}."
    return f"{lead} är alla oförändrade."


def status_change(change: str | None, year: int) -> str:
    """The change in status since last year: '↑ Bättre status än 2024'.

    '→ Samma status som 2024', '↓ Sämre status än 2024', '– Kan inte jämföras med 2024'.
    """
    arrow, word = CHANGES[change or "not_comparable"]
    if change == "unchanged":
        return f"{arrow} {word} som {year - 1}"
    if change in ("improved", "worsened"):
        return f"{arrow} {word} än {year - 1}"
    return f"{arrow} {word} med {year - 1}"


def change_text(change: str | None) -> str:
    """'↑ Förbättrad'."""
    arrow, word = CHANGES[change or "not_comparable"]
    return f"{arrow} {word}"


def latest_text(latest: tuple[int, float] | None, indicator: Indicator | None) -> str:
    """'6,2 procent (2022)', or '–'."""
    if indicator is None or latest is None:
        return "–"
    return with_year(value(latest[1], indicator), latest[0])


def comparison_name(compare: Indicator | None) -> str:
    """What a relative target compares with, as the sentence needs it: 'Relativ klimatbelastning för jämförbara index'
    -> 'jämförbara index' ('lägre än för jämförbara index')."""
    if compare is None:
        return "jämförelseserien"
    title = compare.title.strip().rstrip(".")
    return title.rsplit(" för ", 1)[1] if " för " in title else lc_first(title)


def target_phrase(kind: str, indicator: Indicator | None, rule=None, *, target_value: float | None = None,
                  target_year: int | None = None, base_year: int | None = None, compare: Indicator | None = None,
                  short: bool = False) -> str:
    """What a target asks, in words.

    Sentence form: 'högst 4,5 procent år 2028', 'värdet ska minska jämfört med år 2021',
    'värdet ska vara lägre än för jämförbara index'. `short=True` is the table form without
    'värdet ska', lower case like every value after a colon ('minska jämfört med år 2021', 'lägre än för jämförbara index',
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
        return f"{what}{since}{until}" if short else f"värdet ska {what}{since}{until}"
    if kind == "relative":
        cname = comparison_name(compare)
        rel = RELATIVE[indicator.better]
        return f"{rel} än för {cname}" if short else f"värdet ska vara {rel} än för {cname}"
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
        tv = value(target_value, indicator, target=True)
        # 'minst 66,5 år (2028)', not 'år år 2028'; 'minst 81 (2028)', not '81 år 2028' (read as years)
        in_year = f"({ty})" if tv.endswith("år") or tv[-1:].isdigit() else f"år {ty}"
        main = (f"{tv} eller bättre {in_year}" if indicator.is_placing else f"{BOUND[indicator.better]} {tv} {in_year}")
        return f"{main} ({how})" if how else main
    return f"{how} till år {ty}" if how else "–"


def target_compact(kind: str, indicator: Indicator | None, rule=None, *, target_value: float | None = None) -> str:
    """What a target asks, for a table cell with the target year in its header: 'högst 4,5', 'minst 98',
    'plats 5 eller bättre', 'minska', 'lägre än jämförelsen'; '–' for a qualitative target."""
    if kind == "qualitative" or indicator is None:
        return "–"
    if kind == "direction":
        return "förbättras" if indicator.is_placing else WANT[indicator.better]
    if kind == "relative":
        return f"{RELATIVE[indicator.better]} än jämförelsen"
    if target_value is None and kind == "level" and rule is not None:
        target_value = float(rule.value)
    if target_value is None:
        return "–"
    n = numbers.target_number(target_value, indicator.decimals)
    return f"plats {n} eller bättre" if indicator.is_placing else f"{BOUND[indicator.better]} {n}"


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
    if n == 1 and singular:
        noun = singular.lower()  # 'Av 1 inriktning …

    def word(code: str) -> str:
        if c[code] != 1:
            return status_words(code).count_many
        return status_words(code).count_one if neuter or code not in COMMON_FORMS else COMMON_FORMS[code]

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






def missing_text(title: str, year: int, shown: str, editorial: bool = False) -> tuple[str, str]:
    """The visible placeholder for an analysts' text not yet written: (bold part, rest), both plain text."""
    if editorial:
        return f"Texten ”{title}” saknas.", f"Analytikernas text för {year} ska ligga i filen {shown}."
    return f"Analystext saknas för {title}.", f"Analytikernas text för {year} ska ligga i filen {shown}."
