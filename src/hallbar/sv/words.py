"""The report's vocabulary: every fixed Swedish word and label, written once.

Status labels, symbols and sentences; the change since last year; how a
status was assessed; the rule a status used; roles of indicators; sexes; the
global goals; months; the region's level names and their plurals. Sentences
built from these words are in `phrases`, `reasons`, `alt` and `method_text`.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from dataclasses import dataclass, replace

from ..model import Labels


@dataclass(frozen=True)
class StatusWords:
    label: str  # shown with the symbol
    symbol: str  # never colour alone: symbol + label everywhere
    sentence: str  # Hållbarometern-style sentence
    count_one: str  # "1 uppnått" (after "är", or a verb for the last two)
    count_many: str  # "3 uppnådda"


STATUS = {
    "achieved": StatusWords("Uppnått", "✔", "Målet är uppnått.", "uppnått", "uppnådda"),
    "on_track": StatusWords("I fas", "▲", "Målet bedöms kunna uppnås.", "i fas", "i fas"),
    "moderate": StatusWords("Osäkert", "◆", "Osäkert om målet kan uppnås.", "osäkert", "osäkra"),
    "insufficient": StatusWords("Ej i fas", "▼", "Målet bedöms inte kunna uppnås i nuvarande takt.", "ej i fas", "ej i fas"),
    "away": StatusWords("Går åt fel håll", "✖", "Utvecklingen går åt fel håll.", "går åt fel håll", "går åt fel håll"),
    "not_achieved": StatusWords("Ej uppnått", "⊘", "Målåret har passerats och målet nåddes inte.", "ej uppnått", "ej uppnådda"),
    "no_data": StatusWords("Saknar data", "?", "Det går inte att bedöma målet.", "saknar data", "saknar data"),
}

_STATUS_LABELS: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("status_labels", default=())


def use_status_labels(labels: Labels) -> None:
    """Show the region's own status labels (`labels.status` in programme.yml) from now on in this process."""
    _STATUS_LABELS.set(tuple(labels.status.items()))


def status_words(code: str) -> StatusWords:
    """The words of a status, with the region's own label where it gave one."""
    words = STATUS[code]
    label = dict(_STATUS_LABELS.get()).get(code)
    return replace(words, label=label) if label else words


CHANGES = {  # the change in STATUS since last year (the change in value: phrases.value_change): (arrow, words)
    "improved": ("↑", "Bättre status"),
    "unchanged": ("→", "Samma status"),
    "worsened": ("↓", "Sämre status"),
    "not_comparable": ("–", "Kan inte jämföras"),
}

VALUE_CHANGES = {  # the change in VALUE since last year, by the indicator's `better` (never up or down alone): (arrow, word)
    "better": ("↗", "Bättre"),
    "same": ("→", "Oförändrat"),
    "worse": ("↘", "Sämre"),
}

ASSESSED_BY = {"computed": "Beräknad", "analyst": "Bedömning", "override": "Manuellt ändrad"}
ASSESSED_BY_NOTE = {"computed": "", "analyst": "bedömning", "override": "manuellt ändrad"}  # after a status: "(bedömning)"

RULES_USED = {
    "compound": "Kvot mellan faktisk och nödvändig årlig procentuell förändring (Eurostat)",
    "linear": "Kvot mellan faktisk och nödvändig årlig förändring i enheter (linjär)",
    "direction": "Förändringstakt i önskad riktning (mål utan målvärde)",
    "relative": "Gapet mot jämförelseserien (linjär)",
    "qualitative": "Analytikernas bedömning",
    "none": "Ingen beräkning (data saknas)",
}

ROLES = {"steered": "Styrmått", "comparison": "Jämförelse", "control": "Kontrollmått"}
WANT = {"lower": "minska", "higher": "öka"}  # "målet är att värdet ska minska"
BOUND = {"lower": "högst", "higher": "minst"}  # "högst 4,5 procent"
RELATIVE = {"lower": "lägre", "higher": "högre"}

SEX_WORDS = {"K": "kvinnor", "M": "män"}  # "för kvinnor"
SEX_LABELS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
MISSING_SHORT = {"sekretess": "..", "ej tillämplig": ".", "bortfall": "-"}

# The analysts' editorial texts (model.EDITORIAL_TEXTS): their headings in the report
EDITORIAL = {"forord": "Förord", "aret-i-korthet": "Året i korthet", "fortsatt-arbete": "Fortsatt arbete"}
NARRATIVE_HEADING = "Analys"  # the heading over a fokusområde's narrative

EXAMPLE_DATA = "Exempeldata (ej verkliga värden)"

# The UN Sustainable Development Goals, Swedish short names (globalamalen.se)
SDG_NAMES = {
    1: "Ingen fattigdom", 2: "Ingen hunger", 3: "Hälsa och välbefinnande", 4: "God utbildning för alla",
    5: "Jämställdhet", 6: "Rent vatten och sanitet för alla", 7: "Hållbar energi för alla",
    8: "Anständiga arbetsvillkor och ekonomisk tillväxt", 9: "Hållbar industri, innovationer och infrastruktur",
    10: "Minskad ojämlikhet", 11: "Hållbara städer och samhällen", 12: "Hållbar konsumtion och produktion",
    13: "Bekämpa klimatförändringarna", 14: "Hav och marina resurser", 15: "Ekosystem och biologisk mångfald",
    16: "Fredliga och inkluderande samhällen", 17: "Genomförande och globalt partnerskap",
}

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december")


def status_label(code: str | None) -> str:
    return STATUS[code].label if code in STATUS else ""


def status_symbol(code: str | None) -> str:
    return STATUS[code].symbol if code in STATUS else ""


def sv_date(d: dt.date | str | None) -> str:
    """`2025-03-18` -> `18 mars 2025`."""
    if d is None:
        return ""
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d[:10])
        except ValueError:
            return d
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def swedish_plural(word: str) -> str:
    """'Fokusområde' -> 'Fokusområden', 'Indikator' -> 'Indikatorer', 'Dimension' -> 'Dimensioner'; 'Delmål' stays."""
    low = word.lower()
    if low.endswith(("mål", "mått", "tal")):
        return word
    if low.endswith(("e",)):
        return word + "n"
    if low.endswith(("or", "ion", "tet", "het", "ning")):
        return word + "er"
    return word


def plural(labels: Labels, level: str) -> str:
    """The plural the region gave for a level ('focus_area', 'goal', 'target'), else the usual Swedish plural."""
    return getattr(labels, level + "s") or swedish_plural(getattr(labels, level))

# the words inside charts (legends, headings, axes, direct labels); `{}` fields are filled by the figure code.
# The legend keeps plain words for the line styles; the numbers are labels on the lines themselves.
FIGURE = {
    "observed": "Utfall",
    "observed_example": "Utfall, exempeldata (ej verkliga värden)",
    "base": "Basår {year}",  # the base-year line, the same on every chart
    "base_plain": "Basår",  # small multiples whose panels have different base years
    "programme_period": "Programperiod {span}",  # the shaded years of the programme
    "assessed_period": "Takten mäts {span}",  # the bracket under the years the status method measured
    "period_why": {  # after the bracket's label when the period does not start at the base year
        "window": "de senaste {n} åren",
        "window_gap": "de senaste {n} åren",
        "before_base": "de senaste {n} åren",
        "base_missing": "värde för basåret saknas",
        "previous_year": "jämfört med föregående år",
        "sparse": "glesa mätningar",
        "gap": "värden saknas {span}",
    },
    "required": "Takt som krävs",  # the line from the period's first value to the target
    "projection": "Om nuvarande takt fortsätter",  # the line from the latest value to the target year
    "projection_label": "Nuvarande takt:\n{value}",  # at the projection's end
    "target": "Mål {year}:\n{bound} {value}",  # by the target star
    "target_value": "Målvärde",
    "comparison": "Jämförelse: {name}",
    "comparison_label": "Jämförelse",  # at the comparison series' latest value
    "comparison_default": "Jämförelse",
    "direction": "Önskad riktning: {arrow} {what}",
    "direction_placing": "lägre placering",
    "no_values": "Inga värden ännu",
    "target_line": "Mål: {phrase}",
    "no_target": "Följs utan eget mål",
    "placing_axis": "placering (1 = bäst)",
    "percent_axis": "procent",
    "status_bar_title": "Status för {noun} per {area}",
    "status_bar_axis": "Andel {noun} (procent)",
    "status_bar_total": "{n} {noun}",
    "annual_path": "Programmets bana ({percent} per år)",
    "annual_path_end": "Banan {year}:\n{value}",
    "annual_title": "{title}: utfall mot programmets bana",
    "annual_deviation": "{percent} procent {side} banan {year}",
    "above": "över", "below": "under", "on": "på",
    "no_values_since_base": "Inga värden från basåret {year} och framåt",
}
