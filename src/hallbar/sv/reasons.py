"""The reason: one or a few Swedish sentences that state the numbers behind a status.

`explain(programme, statuses)` gives every status its sentence: the analysts'
motivation for a qualitative target, the override's reason with the computed
status, and for a computed status the numbers (first and latest value, the
target, the projection, the pace) so a reviewer can check it by hand.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..method import TargetStatus
from ..method.pace import MAX_PERIOD_YEARS
from ..method.paths import assessed_period, stated_base_year
from ..method.result import Point
from ..model import Indicator, Programme
from ..model.status import PACE_STATUSES
from . import numbers
from .alt import period_sentence
from .phrases import at as at_year
from .phrases import lc_first
from .words import BOUND, RELATIVE, SEX_WORDS, WANT, status_words


def reason_sentence(ts: TargetStatus, ind: Indicator, rule, cmp_ind: Indicator | None = None, sex: str = "T") -> str:
    """Swedish sentences that state the numbers behind the status.

    Style: "Sjukfrånvaro var 6,2 procent 2022 och 5,6 procent 2024. I nuvarande
    takt blir värdet 4,6 procent 2028; målet är högst 4,5 procent."
    """
    assert ind is not None
    unit, dec = numbers.spoken_unit(ind.unit), ind.decimals

    def val(x: float | None) -> str:
        return numbers.value(x, unit, dec)

    def at(p: Point) -> str:
        return at_year(val(p.value), p.year)

    who = f" för {SEX_WORDS[sex]}" if sex in SEX_WORDS else ""
    title = ind.spoken + who
    lower_title = lc_first(ind.spoken) + who
    code = ts.why
    base_year = getattr(rule, "base_year", None)
    if ts.status == "no_data" and ts.first is None:
        if code == "none_since_base" and ts.latest is not None:
            return (f"Det finns inga värden för {lower_title} från basåret {base_year} och framåt; "
                    f"det senaste är {at(ts.latest)}.")
        if code == "no_common_years":
            cname = lc_first(cmp_ind.spoken) if cmp_ind else "jämförelsen"
            return f"Det finns inga år med värden både för {lower_title} och för {cname}."
        if code == "single_observation" and ts.latest is not None:
            return f"{title} var {at(ts.latest)}. Minst två värden behövs för att bedöma utvecklingen."
        return f"Det finns inga värden för {lower_title} till och med {ts.year}."
    parts = []
    f, l_ = ts.first, ts.latest
    if f and l_ and f.year != l_.year:
        parts.append(f"{title} var {at(f)} och {at(l_)}.")
    elif l_:
        parts.append(f"{title} var {at(l_)}.")
    if ts.status == "no_data":
        parts.append("Minst två värden behövs för att bedöma utvecklingen.")
        return " ".join(parts)
    ratio_sentence = (f"Den faktiska takten är {numbers.number(ts.ratio * 100, 0)} procent av den som krävs."
                      if ts.ratio is not None and ts.ratio >= 0 and math.isfinite(ts.ratio) else "")
    want = WANT[ind.better]
    if rule.kind == "direction":
        if rule.each_year:
            parts.append(f"Målet är att värdet ska {want} jämfört med föregående år.")
        else:
            since = f" jämfört med {base_year}" if base_year else ""
            goal = f"målet är att värdet ska {want}{since}."
            if ts.actual_pace is not None and math.isfinite(ts.actual_pace):
                parts.append(f"Förändringen är {numbers.percent(ts.actual_pace, 1, sign=True)} per år; {goal}")
            else:
                parts.append(goal[:1].upper() + goal[1:])
    elif rule.kind == "relative":
        cname = lc_first(cmp_ind.spoken) if cmp_ind else "jämförelsen"
        rel = RELATIVE[ind.better]
        parts.append(f"Jämförelsevärdet ({cname}) var {at(ts.comparison)}; målet är att värdet ska vara {rel}.")
        if ratio_sentence:
            parts.append(ratio_sentence)
    else:
        bound = BOUND[ind.better]
        target_text = numbers.value(ts.target_value, unit, dec, target=True)
        goal = f"{bound} {target_text}"
        goal_year = f"{bound} {at_year(target_text, ts.target_year)}"
        origin = ""
        if rule.kind in ("change", "annual_rate") and ts.base is not None:
            per = " per år" if rule.kind == "annual_rate" else ""
            origin = f" ({numbers.percent_words(rule.percent)}{per} från {at(ts.base)})"
        if ts.status == "achieved":
            parts.append(f"Målet, {goal_year}{origin}, är uppnått.")
        elif "target_year_passed" in ts.notes:
            parts.append(f"Målet var {goal_year}{origin} och är inte uppnått.")
        else:
            if ts.projection is not None and math.isfinite(ts.projection):
                parts.append(f"I nuvarande takt blir värdet {at_year(val(ts.projection), ts.target_year)}; målet är {goal}{origin}.")
            else:
                parts.append(f"Målet är {goal_year}{origin}.")
            if ratio_sentence:
                parts.append(ratio_sentence)
            elif ts.status == "away" and "moved_away_from_met_target" not in ts.notes:
                parts.append("Värdet rör sig bort från målet.")
    for note in ts.notes:
        if note.startswith("base_missing:"):
            _, b, r = note.split(":")
            parts.append(f"Värde för basåret {b} saknas; {r} används som utgångsvärde.")
        elif note.startswith("previous_gap:") and l_ is not None:
            parts.append(f"Värde för {l_.year - 1} saknas; jämförelsen görs med {note.split(':')[1]}.")
        elif note.startswith("period_extended:"):
            parts.append(f"Värdena mäts glest: inom de senaste {MAX_PERIOD_YEARS} åren finns bara värdet för {l_.year if l_ else ts.year}, "
                         f"så utvecklingen räknas från {note.split(':')[1]}.")
        elif note == "target_year_passed" and rule.kind in ("direction", "relative"):
            parts.append(f"Målåret {ts.target_year} har passerats.")
        elif note == "target_year_not_yet_known":
            parts.append(f"Värdet för målåret {ts.target_year} är ännu inte känt.")
        elif note == "moved_away_from_met_target" and f is not None:
            parts.append(f"Målet var uppfyllt {f.year} men värdet har sedan rört sig bort från det.")
    return " ".join(parts)


PERIOD_SAID = ("window", "window_gap", "gap", "base_missing")  # the period starts later than the base year ('sparse': own sentence)


def explain_one(ts: TargetStatus, programme: Programme) -> TargetStatus:
    """The status with its `reason` sentence."""
    target = programme.target(ts.target_id)
    if ts.kind == "qualitative":
        return replace(ts, reason=ts.motivation or f"Ingen bedömning har lämnats för {ts.year}.")
    ind = programme.indicators[target.indicator]
    cmp_ind = programme.indicators.get(target.compare_to) if target.compare_to else None
    computed = replace(ts, status=ts.computed_status or ts.status)
    reason = reason_sentence(computed, ind, target.rule, cmp_ind, target.sex)
    # a base year the rule or the programme states (not the default guess, programme start − 1)
    stated = stated_base_year(programme, target.rule)
    period = assessed_period(computed, stated, target.rule) if stated is not None else None
    if period is not None and period.why in PERIOD_SAID and computed.status in PACE_STATUSES:
        reason = f"{reason} {period_sentence(period)}"
    if ts.assessed_by == "override":
        reason = f"{ts.motivation} (Beräknad status: {status_words(ts.computed_status).label}. {reason})"
    return replace(ts, reason=reason)


def explain(programme: Programme, statuses: list[TargetStatus]) -> list[TargetStatus]:
    """Every status with its reason sentence."""
    return [explain_one(ts, programme) for ts in statuses]
