"""Alt texts: what each figure shows, in numbers, as one Swedish paragraph.

Every figure of the report has one; they are written from the same data the
figure is drawn from (`hallbar.analysis.figures`), so they state its numbers,
the target, the status, and the years the figure marks: the programme period,
the base year (with its value) and, where the pace decided the status, the
period it was measured over and why it does not start at the base year
(`marks_sentence`, `period_sentence`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..method import TargetStatus, annual_path, projection_path, required_path
from ..method.paths import AssessedPeriod, ProgrammeYears, assessed_period, programme_years, target_value
from ..model import STATUS_CODES, Indicator, Obs
from . import numbers
from .numbers import count_word
from .phrases import example_sentence, join, lc_first, target_phrase
from .words import status_words

ALT_ASSESSED = {"analyst": " (analytikernas bedömning)", "override": " (manuellt ändrad)"}
def _v(x: float | None, indicator: Indicator) -> str:
    return numbers.value(x, indicator.unit, indicator.decimals)


def marks_sentence(years: ProgrammeYears, series: Sequence[Obs], v) -> str:
    """'Figuren markerar programperioden 2024–2028 och basåret 2023, då värdet var 6,0 procent.' ('' when it marks none)."""
    marks = []
    if years.start is not None and years.end is not None:
        marks.append(f"programperioden {numbers.year_span(years.start, years.end)}")
    if years.base_year is not None:
        marks.append(f"basåret {years.base_year}")
    if not marks:
        return ""
    text = f"Figuren markerar {join(marks)}"
    if years.base_year is not None and series:
        at = next((o for o in series if o.year == years.base_year), None)
        text += f", då värdet var {v(at.value)}" if at is not None else ", som saknar värde"
    return text + "."


def period_sentence(p: AssessedPeriod) -> str:
    """The years the pace was measured over, and why they do not start at the base year.

    'Takten mäts från 2020 till 2025, inte från basåret 2016, eftersom metoden bara räknar
    med de senaste fem åren.'
    """
    f, last, b = p.first, p.last, p.base_year
    n = count_word(last - p.window_start)
    if p.why == "unknown_base" or b is None:
        return f"Takten mäts från {f} till {last}."
    if p.why == "base":
        return f"Takten mäts från basåret {b} till {last}."
    where = f"inte från basåret {b}" if f > b else f"före basåret {b}"
    why = {
        "window": f"eftersom metoden bara räknar med de senaste {n} åren",
        "window_gap": (f"eftersom metoden bara räknar med de senaste {n} åren ({p.window_start}–{last}) "
                       f"och det första värdet under dem är från {f}"),
        "gap": f"eftersom det saknas värden för {numbers.year_span(b, f - 1)}",
        "base_missing": "eftersom värdet för basåret saknas",
        "previous_year": "eftersom målet jämför med föregående år",
        "sparse": f"eftersom det under de senaste {n} åren bara finns värdet för {last}",
        "before_base": f"eftersom målet inte har något eget basår och metoden räknar med de senaste {n} åren",
    }.get(p.why)
    return f"Takten mäts från {f} till {last}, {where}" + (f", {why}." if why else ".")


def _target_phrase(ts: TargetStatus, indicator: Indicator, rule=None, compare_indicator: Indicator | None = None) -> str:
    return target_phrase(ts.kind, indicator, rule, target_value=target_value(ts, rule), target_year=ts.target_year,
                         base_year=ts.base.year if ts.base else None, compare=compare_indicator)


def nulage_alt(
    ts: TargetStatus,
    indicator,
    series: Sequence[Obs],
    *,
    rule=None,
    compare: Sequence[Obs] = (),
    compare_indicator=None,
    programme=None,
) -> str:
    """The figure's alt text: one Swedish paragraph that states its numbers and the status.

    'Sjukfrånvaro ... minskade från 6,2 procent år 2022 till 5,6 procent år 2024.
    Målet är högst 4,5 procent år 2028. Figuren markerar programperioden 2024–2028 och
    basåret 2023, ... Takten mäts från 2020 till 2025, före basåret 2023, eftersom ...
    Status: I fas.' The same arguments as `nulage_figure`.
    """
    series = sorted(series, key=lambda o: o.year)
    title = indicator.title
    subject = getattr(indicator, "short_title", None) or "Värdet"  # "Sjukfrånvaron minskade från ..."
    v = lambda x: _v(x, indicator)  # noqa: E731
    placing = indicator.is_placing
    parts: list[str] = [f"Diagram över {lc_first(title)}."]
    if not series:
        parts.append("Det finns ännu inga värden.")
    elif len(series) == 1:
        o = series[0]
        parts.append(f"Det finns ett värde: {v(o.value)} år {o.year}.")
    else:
        a, b = series[0], series[-1]
        if placing:
            verb = "förbättrades" if b.value < a.value else "försämrades" if b.value > a.value else "var oförändrad"
        else:
            verb = "ökade" if b.value > a.value else "minskade" if b.value < a.value else "var oförändrat"
        if verb.startswith("var"):
            parts.append(f"{subject} var {v(b.value)} både år {a.year} och år {b.year}.")
        else:
            parts.append(f"{subject} {verb} från {v(a.value)} år {a.year} till {v(b.value)} år {b.year}.")
        if len(series) > 2:
            lo = min(series, key=lambda o: o.value)
            hi = max(series, key=lambda o: o.value)
            parts.append(f"Figuren visar {len(series)} värden; lägst {v(lo.value)} år {lo.year}, högst {v(hi.value)} år {hi.year}.")
    parts += [t for t in [example_sentence([o.year for o in series if o.example], len(series))] if t]
    phrase = _target_phrase(ts, indicator, rule, compare_indicator)
    if phrase != "–":
        parts.append(f"Målet är {'att ' if phrase.startswith('värdet') else ''}{phrase}.")
    years = programme_years(programme, rule, ts)
    parts += [t for t in [marks_sentence(years, series, v)] if t]
    if ts.base is not None and ts.base.year != years.base_year:  # the base year's value is missing: the reference used
        parts.append(f"Utgångsvärdet är {v(ts.base.value)} år {ts.base.year}.")
    if compare:
        c = sorted(compare, key=lambda o: o.year)[-1]
        parts.append(f"Jämförelseserien var {v(c.value)} år {c.year}.")
    path = required_path(ts, indicator.is_share)
    if path and ts.status != "achieved":
        parts.append(f"Takten som krävs för att nå målet går från {v(path[0][1])} år {path[0][0]} till {v(path[-1][1])} år {path[-1][0]}.")
    proj = projection_path(ts, indicator.is_share)
    if proj:
        parts.append(f"Om nuvarande takt fortsätter blir värdet {v(proj[-1][1])} år {proj[-1][0]}.")
    period = assessed_period(ts, years.base_year, rule) if series else None
    if period is not None:
        parts.append(period_sentence(period))
    info = status_words(ts.status)
    how = ALT_ASSESSED.get(ts.assessed_by, "")
    parts.append(f"Status: {info.label}{how}. {info.sentence}")
    return " ".join(parts)


def indicator_alt(indicator, series: Sequence[Obs], *, heading: str = "Kontrollmått", programme=None) -> str:
    """'Diagram över ... (kontrollmått, följs utan eget mål). Värdet minskade från ... till .... Figuren markerar ...'"""
    series = sorted(series, key=lambda o: o.year)
    v = lambda x: _v(x, indicator)  # noqa: E731
    parts = [f"Diagram över {lc_first(indicator.title)} ({heading.lower()}, följs utan eget mål)."]
    if not series:
        parts.append("Det finns ännu inga värden.")
    elif len(series) == 1:
        parts.append(f"Det finns ett värde: {v(series[0].value)} år {series[0].year}.")
    else:
        a, b = series[0], series[-1]
        if indicator.is_placing:
            verb = "förbättrades" if b.value < a.value else "försämrades" if b.value > a.value else ""
        else:
            verb = "ökade" if b.value > a.value else "minskade" if b.value < a.value else ""
        parts.append(f"Värdet {verb} från {v(a.value)} år {a.year} till {v(b.value)} år {b.year}." if verb
                     else f"Värdet var {v(b.value)} både år {a.year} och år {b.year}.")
        if len(series) > 2:
            lo = min(series, key=lambda o: o.value)
            hi = max(series, key=lambda o: o.value)
            parts.append(f"Figuren visar {len(series)} värden; lägst {v(lo.value)} år {lo.year}, högst {v(hi.value)} år {hi.year}.")
    parts += [t for t in [example_sentence([o.year for o in series if o.example], len(series))] if t]
    parts += [t for t in [marks_sentence(programme_years(programme), series, v)] if t]
    return " ".join(parts)


def status_bar_alt(rows: Sequence[tuple[str, dict[str, int]]], noun: str = "delmål", area_noun: str = "fokusområde") -> str:
    """'Liggande stapeldiagram ... Minskad klimatpåverkan: 16 delmål, varav 1 uppnått, ...'"""
    parts = [f"Liggande stapeldiagram över andelen {noun} per status i varje {area_noun.lower()}."]
    for title, counts in rows:
        total = sum(counts.get(c, 0) for c in STATUS_CODES)
        items = [f"{counts[c]} {status_words(c).count_one if counts[c] == 1 else status_words(c).count_many}" for c in STATUS_CODES if counts.get(c)]
        listing = join(items)
        parts.append(f"{title}: {total} {noun}" + (f", varav {listing}." if items else "."))
    return " ".join(parts)


def overview_alt(panels: Sequence, title: str = "", *, programme=None) -> str:
    """Panels: objects with title, unit, decimals, series, role, status, target, base_year (`analysis.figures.Panel`)."""
    parts = [f"{title or 'Översikt'}: {len(panels)} små diagram, ett per indikator."]
    years = programme_years(programme)
    own = {getattr(p, "base_year", None) for p in panels} - {None}
    if years.start is not None and years.end is not None:
        base = f" och basåret {years.base_year}" if years.base_year is not None and not own else ""
        parts.append(f"Varje diagram markerar programperioden {numbers.year_span(years.start, years.end)}{base}.")
    for p in panels:
        s = sorted(p.series, key=lambda o: o.year)
        v = lambda x, p=p: numbers.value(x, p.unit, p.decimals)  # noqa: E731
        who = f"{p.title}" + (f" ({p.role.lower()})" if p.role else "")
        if not s:
            txt = f"{who}: inga värden ännu"
        elif len(s) == 1:
            txt = f"{who}: {v(s[0].value)} år {s[0].year}"
        else:
            txt = f"{who}: från {v(s[0].value)} år {s[0].year} till {v(s[-1].value)} år {s[-1].year}"
        if p.target is not None:
            txt += f"; målvärde {v(p.target[1])} år {p.target[0]}"
        if own and (getattr(p, "base_year", None) or years.base_year) is not None:
            txt += f"; basår {getattr(p, 'base_year', None) or years.base_year}"
        if p.status is not None:
            txt += f"; status {status_words(p.status.status).label.lower()}"
        if any(o.example for o in s):
            txt += " (exempeldata)"
        parts.append(txt + ".")
    return " ".join(parts)


def annual_path_alt(ts: TargetStatus, indicator, series: Sequence[Obs], *, percent: float, base_year: int,
                    programme=None) -> str:
    """The same arguments as `annual_path_figure`: the path, the latest deviation, the marked years, the status."""
    series = sorted(series, key=lambda o: o.year)
    v = lambda x: _v(x, indicator)  # noqa: E731
    ref = next((o for o in series if o.year >= base_year), None)
    ty = ts.target_year or base_year + 7
    parts = [f"Diagram över {lc_first(indicator.title)} jämfört med programmets bana, {numbers.percent_words(percent)} per år från år {base_year} till år {ty}."]
    if ref is None:
        parts.append(f"Det finns inga värden från basåret {base_year} och framåt, så banan kan inte ritas.")
    else:
        path = dict(annual_path(ref.year, ref.value, percent, ty))
        if ref.year != base_year:
            parts.append(f"Värde för basåret {base_year} saknas; banan utgår från {v(ref.value)} år {ref.year}.")
        parts.append(f"Banan går från {v(ref.value)} år {ref.year} till {v(path[ty])} år {ty}.")
        later = [o for o in series if o.year > ref.year and o.year in path]
        if later:
            last = later[-1]
            dev = last.value / path[last.year] - 1 if path[last.year] else float("nan")
            side = "över" if dev > 0 else "under" if dev < 0 else "på"
            parts.append(f"Utfallet år {last.year} var {v(last.value)}, {numbers.number(abs(dev) * 100, 1)} procent {side} banans {v(path[last.year])}.")
        elif series:
            parts.append(f"Senaste värdet är {v(series[-1].value)} år {series[-1].year}.")
    if any(o.example for o in series):
        parts.append("Figuren innehåller exempeldata.")
    years = replace(programme_years(programme), base_year=base_year)
    parts += [t for t in [marks_sentence(years, series, v)] if t]
    parts.append(f"Status: {status_words(ts.status).label}.")
    return " ".join(parts)
