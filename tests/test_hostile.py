"""Hostile text in a region's own input, built end to end: it must reach the reader as text, never run.

A copy of the small demo region (tests/bad_inputs/_base) whose titles, focus area summary, yearly
texts, data notes and narrative carry quotes, newlines, a Quarto shortcode, HTML that would run
script, Markdown, typst markup and Python code, built with the real notebooks and the built-in
renderer in a project folder whose own name is hostile too (it reaches papermill as `project_dir`).

Asserted: no file named PWNED appears; papermill's injected parameters are literals (the executed
notebook's injected-parameters cell); in Chromium no payload runs (`window.__pwned` undefined, no
dialog, no script element, no event-handler attribute, no javascript: link) and every field is
shown as the text it is; pdftotext shows the same text. Ids are slugs: an id carrying code is
refused with exit 1 before anything runs.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import DEMO_BASE, REPO, flat, html_text, pdf_text, require_poppler, run_hallbar

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]
REGION, YEAR = "demo", 2025
PY = "__import__('os').system('touch PWNED')"
PAYLOAD = ("Citat \"dubbla\" och 'enkla'\nny rad {{< include x >}} <script>window.__pwned=1</script> "
           "<img src=x onerror=\"window.__pwned=2;alert(2)\"> **fet** # rubrik [x](javascript:alert(1)) "
           "#set page(fill: red) $x$ @ref <label> \\ " + PY)
# the project folder's own name: quotes, $, ;, # and Python around a path that papermill must inject as a literal
FOLDER = "proj \"q\" 'a' $HOME; " + PY + " #"
NARRATIVE = f"""Analys med "citat" och 'apostrofer'.

{{{{< include x >}}}}

<script>window.__pwned=1</script>

<img src=x onerror="window.__pwned=2;alert(2)">

**fet** och [länken](javascript:alert(1)) och #set page(fill: red) @ref <label> \\ {PY}

<!-- en kommentar -->

# Rubrik i narrativet
"""
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def unbroken(text: str) -> str:
    """Text without whitespace and soft hyphens: PDF lines break anywhere in a long unspaced string (`</` `script>`)."""
    return re.sub(r"[\s\u00ad]", "", text)


def field(name: str) -> str:
    return f"[{name}] {PAYLOAD}"


FIELDS = ("region", "program", "fokusområde", "sammanfattning", "mål", "delmål", "bedömning", "ändring", "godkänt", "kontakt",
          "indikator", "not")


def make_project(dest: Path) -> Path:
    shutil.copytree(DEMO_BASE, dest)
    for name in ("focus_area.ipynb", "summary.ipynb"):
        shutil.copy(REPO / "notebooks" / name, dest / "notebooks" / name)
    params = dest / "params" / REGION
    prog = yaml.safe_load((params / "programme.yml").read_text(encoding="utf-8"))
    prog["region"]["name"] = field("region")
    prog["programme"]["name"] = field("program")
    klimat = prog["focus_areas"][0]
    klimat["title"] = field("fokusområde")
    klimat["summary"] = field("sammanfattning") + "\n\nEtt andra stycke: " + PY
    klimat["goals"][0]["title"] = field("mål")
    klimat["goals"][0]["targets"][0]["title"] = field("delmål")
    prog["indicators"]["utslapp"]["title"] = field("indikator")
    (params / "programme.yml").write_text(yaml.safe_dump(prog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    year = yaml.safe_load((params / f"{YEAR}.yml").read_text(encoding="utf-8"))
    year["assessments"]["struktur"]["motivation"] = field("bedömning")
    year["overrides"]["resor"]["reason"] = field("ändring")
    year["report"]["approved_by"] = field("godkänt")
    year["report"]["contacts"][0]["name"] = field("kontakt")
    (params / f"{YEAR}.yml").write_text(yaml.safe_dump(year, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = dest / "data" / REGION / "data.csv"
    note = field("not").replace('"', '""').replace("\n", " ")
    data.write_text(data.read_text(encoding="utf-8").replace("utslapp,2024,880,T,Klimatbokslut,",
                                                              f'utslapp,2024,880,T,Klimatbokslut,"{note}"'), encoding="utf-8")
    narrative = dest / "report" / "narrative" / REGION / str(YEAR)
    narrative.mkdir(parents=True, exist_ok=True)  # the base project may bring its own narratives: replaced
    (narrative / "klimat.md").write_text(NARRATIVE, encoding="utf-8")
    (narrative / "organisation.md").write_text("Inget att rapportera.\n", encoding="utf-8")
    return dest


def pwned_files(*roots: Path) -> list[Path]:
    found = []
    for root in roots:
        if root.is_dir():
            found += [p for p in root.glob("PWNED")] + [p for p in root.rglob("PWNED")]
    return sorted(set(found))


def _search_roots(tmp: Path) -> list[Path]:
    return [tmp, REPO, Path.cwd(), Path.home(), Path("/tmp")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile") / FOLDER)
    proc = run_hallbar(root, "build", "--renderer", "builtin", "--jobs", "2", timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    return root


def test_nothing_ran(hostile: Path) -> None:
    assert not [p for p in pwned_files(hostile.parent) if p.is_file()], "the payload ran"
    top = [Path(r) / "PWNED" for r in _search_roots(hostile.parent)]
    assert not [p for p in top if p.exists()], "the payload ran"


def test_papermill_injected_literal_parameters(hostile: Path) -> None:
    notebooks = sorted((hostile / "build" / REGION / str(YEAR) / "notebooks").glob("*.ipynb"))
    assert {p.stem for p in notebooks} >= {"klimat", "organisation", "summary"}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, path.name
        values = {}
        for stmt in ast.parse(cells[0].source).body:  # nothing but NAME = "literal"
            assert isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name), ast.dump(stmt)
            assert isinstance(stmt.value, ast.Constant), f"{path.name}: {ast.unparse(stmt)}"
            values[stmt.targets[0].id] = stmt.value.value
        assert values["region"] == REGION and values["year"] == YEAR
        assert values["project_dir"] == str(hostile), "the hostile folder name reached the notebook as the literal path"
        assert values["output_dir"].startswith(str(hostile / "build" / REGION / str(YEAR) / "runs")), values["output_dir"]


def _report_pages(root: Path) -> list[Path]:
    out = root / "report" / "_output"
    return [*sorted((out / REGION / str(YEAR)).glob("*.html")), out / "index.html"]


def test_html_shows_the_payload_as_text(hostile: Path) -> None:
    text = " ".join(html_text(p) for p in _report_pages(hostile))
    missing = [name for name in FIELDS if flat(field(name)) not in text]
    assert not missing, f"fields not shown as their literal text in the HTML: {missing}"
    for fragment in ("{{< include x >}}", "<script>window.__pwned=1</script>", PY, "#set page(fill: red) @ref <label>", "och länken och"):
        assert fragment in text, f"narrative: {fragment!r} not shown as text"
    from bs4 import BeautifulSoup

    from hallbar.report.builtin import filter_script

    own = str(filter_script()[0])  # hallbar's filter on the summary page, admitted by the page's CSP hash
    for page in _report_pages(hostile):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not [s for s in soup.find_all("script") if not (page.name == "summary.html" and str(s.string) == own)], page.name
        assert not soup.find_all(["iframe", "object", "embed"]), page.name
        assert not [t.name for t in soup.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)], page.name
        assert not [a["href"] for a in soup.find_all(href=True) if a["href"].strip().lower().startswith(("javascript:", "data:"))]
        assert not soup.find_all("img", src="x"), page.name


def test_the_browser_runs_nothing(hostile: Path, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"page error: {e}"))
    page.on("console", lambda m: events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    try:
        # the detectors work: the same payload in a page that does not escape it is caught
        page.set_content(f"<p>{PAYLOAD}</p>")
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "number" and any(e.startswith("dialog") for e in events), events
        events.clear()
        for path in _report_pages(hostile):
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(100)
            state = page.evaluate("""() => ({
                pwned: typeof window.__pwned,
                scripts: Array.from(document.scripts).filter(s => !(location.pathname.endsWith('/summary.html') && s.textContent.startsWith('/* hallbar: search and filter'))).length,
                handlers: Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes).filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name)),
                js_links: Array.from(document.querySelectorAll('a[href], area[href], iframe, object, embed')).map(e => e.getAttribute('href') || e.tagName).filter(h => /^\\s*(javascript|data|vbscript):/i.test(h) || /^(IFRAME|OBJECT|EMBED)$/.test(h)),
                x_images: Array.from(document.images).filter(i => i.getAttribute('src') === 'x').length,
                text: document.body.innerText,
            })""")
            where = path.name if path.parent.name == str(YEAR) else "landing page"
            assert state["pwned"] == "undefined", f"{where}: the payload ran"
            assert state["scripts"] == 0 and not state["handlers"] and not state["js_links"] and not state["x_images"], (where, state)
            if path.name == "index.html" and where != "landing page":
                assert flat(field("godkänt")) in flat(state["text"]), "the browser shows the approval text literally"
        assert not events, events
    finally:
        context.close()


def test_pdf_shows_the_payload_as_text(hostile: Path) -> None:
    require_poppler()
    pdf = hostile / "report" / "_output" / REGION / str(YEAR) / f"hallbarhetsredovisning-{REGION}-{YEAR}.pdf"
    text = unbroken(pdf_text(pdf).translate(QUOTES))
    missing = [name for name in FIELDS if unbroken(field(name)) not in text]
    assert not missing, f"fields not shown as their literal text in the PDF: {missing}"
    for fragment in ("{{< include x >}}", "<script>window.__pwned=1</script>", PY, "#set page(fill: red) @ref <label>"):  # `\ ` is Markdown's no-break space
        assert unbroken(fragment) in text, f"narrative: {fragment!r} not in the PDF text"


@pytest.mark.parametrize("where", ["focus area id", "region folder"])
def test_an_id_carrying_code_is_refused(tmp_path: Path, where: str) -> None:
    root = make_project(tmp_path / "project")
    bad = "klimat\"; " + PY + "; \""
    if where == "focus area id":
        prog = root / "params" / REGION / "programme.yml"
        data = yaml.safe_load(prog.read_text(encoding="utf-8"))
        data["focus_areas"][0]["id"] = bad
        prog.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        args = ("build", "--renderer", "builtin")
    else:
        bad = "pwn'" + PY + "'"
        shutil.move(root / "params" / REGION, root / "params" / bad)
        args = ("build", "--renderer", "builtin", "--region", bad)
    proc = run_hallbar(root, *args, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-3000:]
    assert "Traceback" not in out
    assert re.search(r"not a valid (region )?id|Ids are lowercase ASCII", out), out[-3000:]
    assert not (root / "build").exists() and not (root / "report" / "_output").exists()
    assert not pwned_files(tmp_path), "the payload ran"
    print(json.dumps({"case": where, "exit": proc.returncode, "message": proc.stderr.strip().splitlines()[:2]}, ensure_ascii=False))
