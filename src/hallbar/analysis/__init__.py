"""What notebooks import: the status results, the standard tables and figures.

    status.py    goal status computed and explained (`assess`), as records
    tables.py    the status table, values by year
    figures/     the charts; style.py: their look
    notebook.py  the run facade the notebooks call (load, draw, write files)
"""
