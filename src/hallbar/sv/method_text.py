"""The report's method appendix, written from the method's own constants (`hallbar.method.pace`)."""

from __future__ import annotations

from ..method import pace
from . import numbers
from .words import CHANGES, status_words


def method_markdown() -> str:
    """The report's method appendix, written from the constants above."""
    pct = lambda x: numbers.number(x * 100, 0)  # noqa: E731
    q = lambda code: f"”{status_words(code).label}”"  # noqa: E731
    rows = [
        ("achieved", "Senaste värdet når målvärdet."),
        ("on_track", f"Faktisk takt är minst {pct(pace.ON_TRACK_RATIO)} procent av den takt som krävs."),
        ("moderate", f"Faktisk takt är minst {pct(pace.MODERATE_RATIO)} men under {pct(pace.ON_TRACK_RATIO)} procent av den takt som krävs."),
        ("insufficient", f"Faktisk takt är minst 0 men under {pct(pace.MODERATE_RATIO)} procent av den takt som krävs."),
        ("away", "Indikatorn rör sig bort från målet (faktisk takt under 0)."),
        ("not_achieved", "Målåret har passerats (det finns ett värde för målåret eller senare) och målet nåddes inte."),
        ("no_data", "Färre än två värden, eller inga värden sedan basåret."),
    ]
    table = ["| Symbol | Status | Regel |", "|:--:|---|---|"]
    table += [f"| {status_words(c).symbol} | {status_words(c).label} | {text} |" for c, text in rows]
    d = numbers.number(pace.DIRECTION_ON_TRACK_RATE * 100, 0)
    return "\n".join([
        "Varje mål får en status per redovisningsår. Statusen beräknas bara från värden till och med det året, "
        "så att förra årets status kan räknas om och jämföras.",
        "",
        *table,
        "",
        "**Takt.** Metoden följer Eurostats uppföljning av de globala målen: den faktiska genomsnittliga årliga "
        f"procentuella förändringen under perioden (högst de senaste {pace.MAX_PERIOD_YEARS} åren, aldrig före basåret) "
        "delas med den årliga förändring som krävs för att gå från periodens första värde till målvärdet till målåret.",
        "",
        "**Linjär regel.** När ett värde är noll eller negativt, eller när målet är en nivå för en andel i procent, "
        "räknas takten i enheter (procentenheter) per år i stället.",
        "",
        f"**Mål utan målvärde** (att ett värde ska öka eller minska): mer än {d} procent per år i önskad riktning ger "
        f"statusen {q('on_track')}, mer än 0 och högst {d} procent {q('moderate')} och noll eller mindre {q('away')}. "
        f"Mål som gäller varje år jämförs med föregående år: bättre är {q('achieved')}, lika {q('insufficient')} "
        f"och sämre {q('away')}.",
        "",
        "**Jämförande mål** (lägre eller högre än en annan serie) bedöms på gapet mot jämförelseserien samma år: "
        f"bättre än jämförelsen är {q('achieved')}, annars jämförs takten som gapet minskar med den som krävs för att sluta "
        "det till målåret, med samma gränser.",
        "",
        "**Särskilda fall.**",
        "",
        "- Ett mål som redan nås är uppnått, även när det bara finns ett värde.",
        f"- Om periodens första värde nådde målet men det senaste inte gör det är statusen {q('away')}.",
        f"- När det finns ett värde för målåret (eller senare) som inte når målet är statusen {q('not_achieved')}; "
        "takten spelar då ingen roll längre. Finns ännu inget värde för målåret bedöms takten fram till målåret. "
        f"Statusarna {q('on_track')}, {q('moderate')}, {q('insufficient')} och {q('away')} säger alltså bara något "
        "om mål vars målår inte har passerats.",
        "- Saknas värde för basåret används det första värdet efter basåret som utgångsvärde; det står i motiveringen.",
        f"- Glesa mätningar (till exempel en enkät vart sjätte år): finns bara det senaste värdet inom de senaste "
        f"{pace.MAX_PERIOD_YEARS} åren räknas takten från det senaste värdet före den perioden, som Eurostats metod "
        "tillåter för glesa data. Motiveringen säger det.",
        "- Mål för kvinnor eller män bedöms på serien för det könet. Saknas den serien saknas data, "
        "även om det finns värden för totalen.",
        "- Värden efter redovisningsåret används inte.",
        "",
        "**Kvalitativa mål** får den status som analytikerna har bedömt, med motivering. "
        "En manuellt ändrad status visas alltid som ändrad, med skäl och den beräknade statusen.",
        "",
        "**Förändring sedan föregående år** jämför med den status målet hade året innan, beräknad på samma sätt: "
        + ", ".join(f"{s} {lab.lower()}" for s, lab in CHANGES.values()) + ".",
        "",
        "Status visas alltid med symbol och ord, aldrig bara med färg.",
    ])
