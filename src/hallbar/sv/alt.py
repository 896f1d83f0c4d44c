"""Alt texts: what each figure shows, in numbers, as one Swedish paragraph.

Every figure of the report has one; they are written from the same data the
figure is drawn from (`hallbar.analysis.figures`), so they state its numbers,
the target and the status.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..method import TargetStatus, annual_path, projection_path, required_path
from ..method.paths import target_value
from ..model import STATUS_CODES, Indicator, Obs
from . import numbers
from .phrases import example_sentence, join, lc_first, target_phrase
from .words import status_words

ALT_ASSESSED = {"analyst": " (analytikernas bedömning)", "override": " (manuellt ändrad)"}


def _v(x: float | None, indicator: Indicator) -> str:
    return numbers.value(x, indicator.unit, indicator.decimals)


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
) -> str:
    """The figure's alt text: one Swedish paragraph that states its numbers and the status.

    'Sjukfrånvaro ... minskade från 6,2 procent år 2022 till 5,6 procent år 2024.
    Målet är högst 4,5 procent år 2028. ... Status: I fas.'
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
    if ts.base is not None:
        parts.append(f"Basåret {ts.base.year} var värdet {v(ts.base.value)}.")
    if compare:
        c = sorted(compare, key=lambda o: o.year)[-1]
        parts.append(f"Jämförelseserien var {v(c.value)} år {c.year}.")
    path = required_path(ts, indicator.is_share)
    if path and ts.status != "achieved":
        parts.append(f"Den nödvändiga banan går från {v(path[0][1])} år {path[0][0]} till {v(path[-1][1])} år {path[-1][0]}.")
    proj = projection_path(ts, indicator.is_share)
    if proj:
        parts.append(f"Med nuvarande takt blir värdet {v(proj[-1][1])} år {proj[-1][0]}.")
    info = status_words(ts.status)
    how = ALT_ASSESSED.get(ts.assessed_by, "")
    parts.append(f"Status: {info.label}{how}. {info.sentence}")
    return " ".join(parts)


def indicator_alt(indicator, series: Sequence[Obs], *, heading: str = "Kontrollmått") -> str:
    """'Diagram över ... (kontrollmått, följs utan eget mål). Värdet minskade från ... till ....'"""
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


def overview_alt(panels: Sequence, title: str = "") -> str:
    """Panels: objects with title, unit, decimals, series, role, status, target (`analysis.figures.Panel`)."""
    parts = [f"{title or 'Översikt'}: {len(panels)} små diagram, ett per indikator."]
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
        if p.status is not None:
            txt += f"; status {status_words(p.status.status).label.lower()}"
        if any(o.example for o in s):
            txt += " (exempeldata)"
        parts.append(txt + ".")
    return " ".join(parts)


def annual_path_alt(ts: TargetStatus, indicator, series: Sequence[Obs], *, percent: float, base_year: int) -> str:
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
    parts.append(f"Status: {status_words(ts.status).label}.")
    return " ".join(parts)
