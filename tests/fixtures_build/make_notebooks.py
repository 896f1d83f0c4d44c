"""Writes the small notebooks the build tests run (kept tiny so a run is about a second).

They take the contract's parameters (docs/CONTRACTS.md) and write files into output_dir,
like the real notebooks, without plotting. Re-run after editing: python make_notebooks.py
"""

from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent / "project" / "notebooks"

COMMON = '''import csv, json, pathlib
out = pathlib.Path(output_dir)
(out / "figures").mkdir(parents=True, exist_ok=True)
data_dir = pathlib.Path(project_dir) / "data" / region
rows = []
for f in sorted(data_dir.glob("*.csv")):
    with open(f, encoding="utf-8-sig") as fh:
        rows += list(csv.DictReader(fh))
'''


def notebook(params: str, body: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Test notebook"), p, nbformat.v4.new_code_cell(COMMON),
                nbformat.v4.new_code_cell(body)]
    for i, c in enumerate(nb.cells):
        c["id"] = f"cell-{i}"
    return nb


focus = notebook(
    'region = "alfa"\nyear = 2025\nfocus_area = "klimat"\nproject_dir = "."\noutput_dir = "out"',
    '''with open(out / "table.csv", "w", encoding="utf-8") as fh:
    fh.write("indicator,year,value\\n")
    for r in rows:
        fh.write(f"{r['indicator']},{r['year']},{r['value']}\\n")
(out / "figures" / f"{focus_area}.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
(out / "figures" / f"{focus_area}.alt.txt").write_text(f"{len(rows)} värden.", encoding="utf-8")
(out / "manifest.json").write_text(json.dumps({"region": region, "year": year, "focus_area": focus_area,
                                              "files": ["table.csv"]}), encoding="utf-8")
print("wrote", out)''',
)
summary = notebook(
    'region = "alfa"\nyear = 2025\nproject_dir = "."\noutput_dir = "out"',
    '''(out / "counts.csv").write_text(f"rows\\n{len(rows)}\\n", encoding="utf-8")
(out / "manifest.json").write_text(json.dumps({"region": region, "year": year, "files": ["counts.csv"]}), encoding="utf-8")
print("wrote", out)''',
)
nbformat.write(focus, HERE / "focus_area.ipynb")
nbformat.write(summary, HERE / "summary.ipynb")
