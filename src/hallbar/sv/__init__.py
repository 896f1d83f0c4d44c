"""Swedish: every word and every number format the report uses, written once.

    numbers.py      Swedish number formats (`71 499`, `6,2 procent`, `plats 5`)
    words.py        fixed words: status labels and symbols, changes, roles, SDG names, months, plurals
    phrases.py      phrases built from them: what a target asks, a status, a change, counts
    reasons.py      the reason sentence that states the numbers behind a status
    alt.py          the alt text of every figure
    method_text.py  the report's method appendix
"""
