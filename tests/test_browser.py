"""The built report in a real browser: headless Chromium (Playwright) and axe-core.

Every HTML page of one built report (Kronoberg) and the landing page: no console
error, every image loads, every internal link resolves (file and anchor), nothing
wider than the window (WCAG 1.4.10), the skip link comes first, and an axe-core
scan with the WCAG 2.1 A/AA rules finds no serious or critical violation.
Artifacts (test-artifacts/, gitignored): a screenshot of the summary page and the
axe results by impact as JSON.

For readers (the built-in renderer's page.html.j2, report.css, hallbar.lua, malfilter.js): on a
phone (375 px) the navigation is folded behind "Innehåll" and opens by keyboard, every target's
status badge is inside the window, tables with text show one block per row, figures keep a legible
width in a scroll region of their own; the summary's search and filter work by keyboard, announce
"Visar N av M mål" and pass axe with no violation at all; without JavaScript every table shows;
print media hides the navigation and the controls and no table is wider than the page.
Artifacts: a screenshot of the phone summary, the summary printed to PDF by Chromium.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import DEMO_YEAR

from hallbar.inputs.project import Project, load_region

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]
REGION = "kronoberg"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
WIDTHS = (1280, 375)  # desktop and a phone: the page itself never scrolls sideways
PHONE = {"width": 375, "height": 812}
PRINT_WIDTH = 658  # px: A4 less the print stylesheet's margins (210 mm - 2 × 18 mm)
STATUS_CODES = ("achieved", "on-track", "moderate", "insufficient", "away", "not-achieved", "no-data")


def report_pages(root: Path) -> list[Path]:
    out = root / "report" / "_output"
    pages = sorted((out / REGION / str(DEMO_YEAR)).glob("*.html"))
    assert len(pages) >= 6, pages
    return [*pages, out / "index.html"]


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cache[page] = {el["id"] for el in soup.find_all(id=True)} | {a["name"] for a in soup.find_all("a", attrs={"name": True})}
    return cache[page]


@pytest.fixture(scope="module")
def visited(demo_build: Path, browser, artifacts: Path) -> dict:
    """Each page opened once: console messages, broken images, links, widths and the axe result."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="sv-SE")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    result: dict = {"pages": {}, "problems": problems}
    try:
        for path in report_pages(demo_build):
            name = str(path.relative_to(demo_build / "report" / "_output"))
            before = len(problems)
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            page.goto(path.as_uri(), wait_until="load")
            info = page.evaluate("""() => ({
                images: Array.from(document.images).map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
                links: Array.from(document.querySelectorAll('a[href]')).map(a => ({href: a.getAttribute('href'), url: a.href})),
                ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
            })""")
            widths = {}
            for w in WIDTHS:
                page.set_viewport_size({"width": w, "height": 900})
                widths[w] = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            if path.name == "index.html" and path.parent.name == str(DEMO_YEAR):
                shot = artifacts / "browser" / f"{REGION}-{DEMO_YEAR}-sammanfattning.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot), full_page=True)
                print(f"screenshot: {shot}")
                result["screenshot"] = shot
            scan = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response
            page.keyboard.press("Tab")
            first_focus = page.evaluate("document.activeElement && document.activeElement.className")
            result["pages"][name] = {"path": path, "problems": problems[before:], "widths": widths, "first_focus": first_focus,
                                     "axe": scan, **info}
    finally:
        context.close()
    return result


def test_no_console_errors_and_every_image_loads(visited: dict) -> None:
    assert not visited["problems"], "\n".join(visited["problems"])
    broken = [f"{name}: {img['src']}" for name, p in visited["pages"].items() for img in p["images"] if not img["ok"]]
    assert not broken, "images that did not load:\n" + "\n".join(broken)
    assert sum(len(p["images"]) for p in visited["pages"].values()) > 10  # the figures are there at all


def test_every_internal_link_resolves(visited: dict) -> None:
    cache: dict[Path, set[str]] = {p["path"]: set(p["ids"]) for p in visited["pages"].values()}
    broken, checked = [], 0
    for name, p in visited["pages"].items():
        for link in p["links"]:
            url = urlsplit(link["url"])
            if url.scheme in ("http", "https", "mailto"):
                continue
            assert url.scheme == "file", f"{name}: unexpected link {link['href']}"
            target = Path(unquote(url.path))
            checked += 1
            if not target.is_file():
                broken.append(f"{name}: {link['href']} -> missing file")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in _ids(target, cache):
                broken.append(f"{name}: {link['href']} -> no element with id {url.fragment!r}")
    assert not broken, "broken internal links:\n" + "\n".join(broken)
    assert checked > 50


def test_pages_fit_the_window_and_start_with_the_skip_link(visited: dict) -> None:
    wide = [f"{name} at {w}px: {sw} > {cw}" for name, p in visited["pages"].items() for w, (sw, cw) in p["widths"].items() if sw > cw]
    assert not wide, "pages wider than the window (tables and figures must scroll or wrap inside the page):\n" + "\n".join(wide)
    no_skip = [name for name, p in visited["pages"].items() if "skip-link" not in (p["first_focus"] or "")]
    assert not no_skip, f"the first Tab does not reach the skip link on: {no_skip}"


def test_axe_finds_no_serious_or_critical_violation(visited: dict, artifacts: Path) -> None:
    by_impact: Counter = Counter()
    lines, record = [], {"axe": None, "tags": AXE_TAGS, "pages": {}}
    for name, p in visited["pages"].items():
        scan = p["axe"]
        record["axe"] = scan["testEngine"]["version"]
        page_counts: Counter = Counter()
        for v in scan["violations"]:
            impact = v.get("impact") or "unknown"
            page_counts[impact] += len(v["nodes"])
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
            lines.append(f"[{impact}] {name}: {v['id']} ({len(v['nodes'])}×) {v['help']} — {targets}")
        by_impact.update(page_counts)
        record["pages"][name] = {"violations": dict(page_counts), "rules": sorted(v["id"] for v in scan["violations"]),
                                 "passes": len(scan["passes"]), "incomplete": sorted(v["id"] for v in scan["incomplete"])}
    record["violations_by_impact"] = {k: by_impact.get(k, 0) for k in ("critical", "serious", "moderate", "minor")}
    out = artifacts / "browser" / f"axe-{REGION}-{DEMO_YEAR}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"axe-core {record['axe']}: {record['violations_by_impact']} -> {out}")
    order = {k: i for i, k in enumerate(("critical", "serious", "moderate", "minor"))}
    lines.sort(key=lambda line: order.get(line[1:].split("]")[0], 9))
    blocking = sum(by_impact[k] for k in BLOCKING)
    assert blocking == 0, (f"axe-core: {dict(by_impact)} (WCAG 2.1 A/AA; results in {out})\n" + "\n".join(lines))
    assert len(record["pages"]) == len(visited["pages"]) and all(p["passes"] > 5 for p in record["pages"].values())


def test_screenshot_of_the_summary_page(visited: dict) -> None:
    shot = visited.get("screenshot")
    assert shot and shot.is_file() and shot.stat().st_size > 20_000, shot


# --- for readers: a phone, the search and filter, print ----------------------------------------------


def _summary(root: Path) -> Path:
    return root / "report" / "_output" / REGION / str(DEMO_YEAR) / "summary.html"


def _chapter(root: Path, name: str = "klimat") -> Path:
    return root / "report" / "_output" / REGION / str(DEMO_YEAR) / f"{name}.html"


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def _tab_until(page, js_test: str, limit: int = 120, key: str = "Tab") -> int:
    """Press Tab (or `key`) until `js_test` (evaluated on document.activeElement as `el`) holds; returns the presses."""
    for n in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate(f"(el => Boolean({js_test}))(document.activeElement)"):
            return n
    raise AssertionError(f"Tab never reached an element where {js_test} (after {limit} presses)")


def _focus_ring(page) -> str:
    return page.evaluate("(s => s.outlineStyle + ' ' + s.outlineWidth)(getComputedStyle(document.activeElement))")


def _axe(page, where: str) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    scan = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response
    lines = [f"[{v.get('impact')}] {where}: {v['id']} ({len(v['nodes'])}×) {v['help']} — "
             + ", ".join(str(n["target"]) for n in v["nodes"][:3]) for v in scan["violations"]]
    assert not scan["violations"], "axe-core (WCAG 2.0/2.1 A and AA):\n" + "\n".join(lines)
    assert len(scan["passes"]) > 10, where
    return scan


# the rows of the summary's status grid (every target once, in the tables the filter works on), as the page shows them
# (hidden: the filter hid it; group: the fokusområde, the caption's text before " – ")
ALL_TARGET_ROWS = """() => Array.from(document.querySelectorAll('main .malfilter table')).flatMap(table =>
  Array.from(table.tBodies[0].rows).map(r => ({
    text: r.textContent.replace(/\\u00ad/g, '').replace(/\\s+/g, ' ').trim(),
    href: (r.querySelector('a[href]') || {}).getAttribute?.('href') || '',
    code: (r.querySelector('.status').className.match(/s-([a-z-]+)/) || [])[1],
    group: table.caption ? table.caption.textContent.replace(/\\s+/g, ' ').trim().split(' \\u2013 ')[0] : '',
    hidden: r.hidden || r.offsetParent === null,
  })))"""


def test_phone_folds_the_navigation_and_shows_every_status(demo_build: Path, browser, artifacts: Path) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv-SE", has_touch=True, is_mobile=True)
    page = context.new_page()
    problems = _watch(page)
    try:
        page.goto(_summary(demo_build).as_uri(), wait_until="load")
        sw, cw = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sw <= cw == PHONE["width"], f"the summary scrolls sideways on a phone: {sw} > {cw}"
        # every status badge of every target, in every table, lies inside the window's width and shows
        badges = page.evaluate("""() => Array.from(document.querySelectorAll('main table .status')).map(b => {
            const r = b.getBoundingClientRect();
            return {text: b.textContent, left: r.left, right: r.right, w: r.width, shown: b.offsetParent !== null};
        })""")
        rows = page.evaluate(ALL_TARGET_ROWS)
        assert len(badges) >= len(rows) >= 40, (len(badges), len(rows))
        outside = [b for b in badges if not b["shown"] or b["w"] <= 0 or b["left"] < 0 or b["right"] > PHONE["width"]]
        assert not outside, f"status badges not inside the {PHONE['width']} px window: {outside[:5]}"
        # a stacked table keeps its table semantics and labels each value with its column's header
        stacked = page.evaluate("""() => Array.from(document.querySelectorAll('.table-stack table')).map(t => ({
            role: t.getAttribute('role'), display: getComputedStyle(t).display,
            unlabelled: Array.from(t.querySelectorAll('tbody td')).filter(td => !td.dataset.label).length,
            header: t.tHead.rows[0].cells.length}))""")
        assert stacked and all(t["role"] == "table" and t["display"] == "block" and not t["unlabelled"] for t in stacked), stacked
        assert page.locator(".malfilter table").first.get_by_role("columnheader", name="Status").count() == 1
        # the navigation is folded: one short button before the content, the content on the first screen
        nav = page.locator("nav.site-nav")
        toggle = nav.locator("summary")
        assert toggle.is_visible() and toggle.inner_text().strip() == "Innehåll"
        assert page.evaluate("document.querySelector('.nav-details').open") is False
        assert not nav.get_by_role("link", name="Minskad klimatpåverkan").is_visible()
        h1 = page.locator("main h1").bounding_box()
        assert toggle.bounding_box()["y"] < h1["y"] and h1["y"] + h1["height"] < PHONE["height"] / 2, h1
        shot = artifacts / "browser" / f"{REGION}-{DEMO_YEAR}-sammanfattning-375px.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        # ... and opens by keyboard: Tab reaches "Innehåll" right after the skip link and the title, Enter opens it
        presses = _tab_until(page, "el.matches('.nav-details > summary')")
        assert presses <= 3, f"{presses} Tab presses before the navigation's button"
        assert "none" not in _focus_ring(page)
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('.nav-details').open") is True
        link = nav.get_by_role("link", name="Minskad klimatpåverkan")
        assert link.is_visible() and link.bounding_box()["x"] + link.bounding_box()["width"] <= PHONE["width"]
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.nav-list') !== null"), "Tab after opening leads into the list"
        _axe(page, "summary.html, 375 px, navigation open")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")  # closes again
        assert page.evaluate("document.querySelector('.nav-details').open") is False
        assert not problems, problems
    finally:
        context.close()


def test_phone_figures_keep_a_legible_width_in_a_scroll_region(demo_build: Path, browser) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    problems = _watch(page)
    try:
        page.goto(_chapter(demo_build).as_uri(), wait_until="load")
        sw, cw = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sw <= cw, f"klimat.html scrolls sideways on a phone: {sw} > {cw}"
        figures = page.evaluate("""() => Array.from(document.querySelectorAll('main figure')).map(f => {
            const region = f.querySelector('.figure-scroll'), img = f.querySelector('img'), link = f.querySelector('a.figure-full');
            return {img: img.getBoundingClientRect().width, region: region && region.getBoundingClientRect().width,
                    scrolls: region && region.scrollWidth > region.clientWidth, role: region && region.getAttribute('role'),
                    tabindex: region && region.getAttribute('tabindex'), label: region && region.getAttribute('aria-label'),
                    full: link && link.getAttribute('href'), src: img.getAttribute('src'), hint: f.querySelector('.figure-hint').offsetParent !== null};
        })""")
        assert len(figures) >= 5, figures
        for f in figures:
            assert f["img"] >= 600, f"a figure shrinks to {f['img']} px: its text is not legible ({f})"
            assert f["region"] and f["region"] <= PHONE["width"] and f["scrolls"], f
            assert f["role"] == "region" and f["tabindex"] == "0" and f["label"].startswith("Figur"), f
            assert f["full"] == f["src"] and f["hint"], f
        # the keyboard scrolls a figure: focus its region, press the right arrow
        region = page.locator(".figure-scroll").first
        region.focus()
        before = region.evaluate("e => e.scrollLeft")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle(), timeout=2000)
        assert region.evaluate("e => e.scrollLeft") > before
        _axe(page, "klimat.html, 375 px")
        assert not problems, problems
    finally:
        context.close()


def test_search_and_filter_by_keyboard(demo_build: Path, browser) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="sv-SE")
    page = context.new_page()
    problems = _watch(page)
    try:
        page.goto(_summary(demo_build).as_uri(), wait_until="load")
        rows = page.evaluate(ALL_TARGET_ROWS)
        total = len({r["href"] for r in rows})
        assert total == len(rows) >= 40 and not any(r["hidden"] for r in rows)
        live = page.locator("#malfilter-antal")
        assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
        expect(live).to_have_text(f"Visar {total} av {total} mål.")
        search = page.get_by_role("search", name="Sök och filtrera mål")
        assert search.count() == 1
        # the labels name the controls
        assert page.get_by_label("Sök i målen").get_attribute("type") == "search"
        assert page.get_by_label("Fokusområde", exact=True).evaluate("e => e.tagName") == "SELECT"
        assert page.get_by_role("group", name="Status").count() == 1
        for code in {r["code"] for r in rows}:
            box = page.locator(f"#malfilter-status-{code}")
            assert box.evaluate("e => e.labels.length === 1 && e.labels[0].querySelector('.status') !== null"), code
        # a word of a target's title that some targets have and others do not
        word = next(w for w in ("utsläpp", "läkemedel", "energi", "klimat", "barn")
                    if 1 < sum(w in r["text"].lower() for r in rows) < len(rows))
        expected = [r for r in rows if word in r["text"].lower()]

        _tab_until(page, "el.id === 'malfilter-sok'")
        assert "none" not in _focus_ring(page)
        page.keyboard.type(word, delay=20)
        expect(live).to_have_text(f"Visar {len(expected)} av {total} mål.")
        shown = page.evaluate(ALL_TARGET_ROWS)
        assert [r["href"] for r in shown if not r["hidden"]] == [r["href"] for r in expected]
        # a status, chosen by keyboard: Tab to its checkbox, Space
        code = expected[0]["code"]
        both = [r for r in expected if r["code"] == code]
        _tab_until(page, f"el.id === 'malfilter-status-{code}'", limit=20)
        assert "none" not in _focus_ring(page)
        page.keyboard.press("Space")
        assert page.locator(f"#malfilter-status-{code}").is_checked()
        expect(live).to_have_text(f"Visar {len(both)} av {total} mål.")
        shown = page.evaluate(ALL_TARGET_ROWS)
        visible = [r for r in shown if not r["hidden"]]
        assert [r["href"] for r in visible] == [r["href"] for r in both]
        assert all(r["code"] == code and word in r["text"].lower() for r in visible)
        expect(page.locator("#malfilter-urval")).to_contain_text(word)
        # every table of the grid agrees: a target is shown everywhere or nowhere
        keep = {r["href"] for r in both}
        other = page.evaluate("""() => Array.from(document.querySelectorAll('main .malfilter tbody tr')).filter(r => r.querySelector('.status'))
            .map(r => [(r.querySelector('a[href]') || {}).getAttribute?.('href'), !r.hidden])""")
        assert all(on == (href in keep) for href, on in other), other
        _axe(page, "summary.html with the filter in use")
        # the group, by keyboard: Shift+Tab back to the select, arrow down to the first group
        _tab_until(page, "el.id === 'malfilter-grupp'", limit=20, key="Shift+Tab")
        assert "none" not in _focus_ring(page)
        page.keyboard.press("ArrowDown")
        group = page.evaluate("document.getElementById('malfilter-grupp').value")
        in_group = [r for r in both if r["group"] == group]
        expect(live).to_have_text(f"Visar {len(in_group)} av {total} mål." + ("" if in_group else " Inga mål matchar urvalet."))
        # reset, by keyboard: every target shows again, the controls are empty
        _tab_until(page, "el.classList.contains('mf-reset')", limit=20)
        assert page.evaluate("document.activeElement.textContent") == "Visa alla mål"
        assert "none" not in _focus_ring(page)
        page.keyboard.press("Enter")
        expect(live).to_have_text(f"Visar {total} av {total} mål.")
        assert not any(r["hidden"] for r in page.evaluate(ALL_TARGET_ROWS))
        assert page.evaluate("""[document.getElementById('malfilter-sok').value, document.getElementById('malfilter-grupp').value,
            document.querySelectorAll('.mf-status-list input:checked').length]""") == ["", "", 0]
        assert page.locator("#malfilter-urval").is_hidden()
        # nothing matches: the count says so
        page.get_by_label("Sök i målen").fill("zzzxq")
        expect(live).to_have_text(f"Visar 0 av {total} mål. Inga mål matchar urvalet.")
        _axe(page, "summary.html, nothing matches")
        assert not problems, problems
    finally:
        context.close()


def test_filter_on_a_phone_and_the_group_from_each_region(demo_build: Path, browser) -> None:
    """Each region names its own level (Fokusområde, Dimension, Övergripande mål): the select is labelled so."""
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    problems = _watch(page)
    try:
        for region in ("kronoberg", "norrbotten", "orebro"):
            path = demo_build / "report" / "_output" / region / str(DEMO_YEAR) / "summary.html"
            page.goto(path.as_uri(), wait_until="load")
            level = load_region(Project.at(demo_build), region).programme.labels.focus_area  # the region's own word
            label = page.evaluate("document.querySelector('label[for=malfilter-grupp]').textContent")
            assert label == level, (region, label, level)
            options = page.evaluate("Array.from(document.querySelectorAll('#malfilter-grupp option')).map(o => o.value)")
            assert options[0] == "" and len(options) >= 3, (region, options)
            page.select_option("#malfilter-grupp", options[1])
            rows = page.evaluate(ALL_TARGET_ROWS)
            visible = [r for r in rows if not r["hidden"]]
            assert visible and all(r["group"] == options[1] for r in visible), region
            assert page.locator("#malfilter-antal").inner_text().startswith(f"Visar {len(visible)} av {len(rows)} mål"), region
            sw, cw = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert sw <= cw, (region, sw, cw)
            form = page.locator(".malfilter-form").bounding_box()
            assert form["x"] >= 0 and form["x"] + form["width"] <= PHONE["width"], (region, form)
            _axe(page, f"{region} summary.html, 375 px, filtered")
        assert not problems, problems
    finally:
        context.close()


GROUPED = """\
# Sammanfattning

::: {.malfilter data-group-label="Dimension"}
| Inriktning | Status | Utfall |
|---|---|---|
| [Utsläppen från resor ska minska](miljo.html#t-resor) | [▲ I fas]{.status .s-on-track} | 1 100 ton |
| [Andelen förnybar energi ska öka](miljo.html#t-energi) | [✖ Går åt fel håll]{.status .s-away} | 40 procent |

: Miljömässig hållbarhet

| Inriktning | Status | Utfall |
|---|---|---|
| [Sjukfrånvaron ska minska](social.html#t-sjuk) | [▲ I fas]{.status .s-on-track} | 5,1 procent |

: Social hållbarhet
:::
"""


def test_filter_follows_the_contract_of_grouped_tables(browser) -> None:
    """`<div class="malfilter">`: each table one group named by its caption, the level named by data-group-label.

    The fragment is made the way a page is (pandoc with hallbar.lua), the script is the one the pages embed.
    """
    from playwright.sync_api import expect

    from hallbar.report import builtin

    body = builtin.convert(GROUPED, "html5", [])
    assert '<div class="malfilter" data-group-label="Dimension">' in body and builtin.MALFILTER.search(body)
    script, _ = builtin.filter_script()
    html = (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Test</title></head><body>'
            f'<main id="innehall">{body}</main><script>{script}</script></body></html>')
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    problems = _watch(page)
    try:
        page.set_content(html)
        live = page.locator("#malfilter-antal")
        expect(live).to_have_text("Visar 3 av 3 mål.")
        assert page.evaluate("document.querySelector('label[for=malfilter-grupp]').textContent") == "Dimension"
        options = page.evaluate("Array.from(document.querySelectorAll('#malfilter-grupp option')).map(o => [o.value, o.textContent])")
        assert options == [["", "Alla (3)"], ["Miljömässig hållbarhet", "Miljömässig hållbarhet (2)"], ["Social hållbarhet", "Social hållbarhet (1)"]]
        codes = page.evaluate("Array.from(document.querySelectorAll('.mf-status-list input')).map(i => i.value)")
        assert codes == ["on-track", "away"]  # the method's order, only the statuses there are
        assert page.evaluate("document.querySelector('.malfilter-form').nextElementSibling.className") == "malfilter"
        page.get_by_label("Dimension").select_option("Social hållbarhet")
        expect(live).to_have_text("Visar 1 av 3 mål.")
        wraps = page.evaluate("Array.from(document.querySelectorAll('.malfilter .table-wrap')).map(w => w.hidden)")
        assert wraps == [True, False]  # a group's table goes when none of it matches
        page.get_by_label("Dimension").select_option("")
        page.locator("#malfilter-status-on-track").check()
        expect(live).to_have_text("Visar 2 av 3 mål.")
        assert page.evaluate("document.querySelector('#malfilter-grupp option').textContent") == "Alla (2)"
        page.get_by_label("Sök i målen").fill("SJUKFRÅNVARON")
        expect(live).to_have_text("Visar 1 av 3 mål.")
        page.get_by_role("button", name="Visa alla mål").click()
        expect(live).to_have_text("Visar 3 av 3 mål.")
        _axe(page, "grouped tables (malfilter contract)")
        assert not problems, problems
    finally:
        context.close()


def test_without_javascript_every_table_shows(demo_build: Path, browser) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(_summary(demo_build).as_uri(), wait_until="load")
        assert page.locator(".malfilter-form").count() == 0
        rows = page.evaluate(ALL_TARGET_ROWS)
        assert len(rows) >= 40 and not any(r["hidden"] for r in rows)
        assert page.locator("main tbody tr:visible").count() == page.locator("main tbody tr").count()
    finally:
        context.close()


def test_no_script_but_the_filter_may_run(demo_build: Path) -> None:
    """The Content-Security-Policy of every page: no script at all, except the summary's filter by its hash."""
    import base64
    import hashlib
    import re

    from bs4 import BeautifulSoup

    for path in report_pages(demo_build)[:-1]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        scripts = soup.find_all("script")
        if path.name == "summary.html":
            assert len(scripts) == 1 and not scripts[0].get("src"), path.name
            digest = base64.b64encode(hashlib.sha256(scripts[0].string.encode("utf-8")).digest()).decode()
            assert re.search(rf"script-src 'sha256-{re.escape(digest)}';", csp), csp
        else:
            assert not scripts and "script-src 'none'" in csp, path.name
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp


def test_print_hides_the_navigation_and_fits_every_table(demo_build: Path, browser, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    problems = _watch(page)
    try:
        checked = 0
        for path in report_pages(demo_build)[:-1]:
            page.goto(path.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            state = page.evaluate("""() => {
                const shown = s => Array.from(document.querySelectorAll(s)).filter(e => e.offsetParent !== null || getComputedStyle(e).display !== 'none' && e.getClientRects().length).length;
                const page = document.documentElement.clientWidth;
                return {
                  page, scroll: document.documentElement.scrollWidth,
                  nav: shown('.site-nav'), skip: getComputedStyle(document.querySelector('.skip-link')).display, pager: shown('.pager'),
                  controls: shown('.malfilter-form input, .malfilter-form select, .malfilter-form button'),
                  tables: Array.from(document.querySelectorAll('main table')).map(t => {
                    const r = t.getBoundingClientRect(), wrap = t.closest('.table-wrap');
                    return {caption: t.caption ? t.caption.textContent : '', left: r.left, right: r.right, sw: t.scrollWidth, cw: t.clientWidth,
                            clipped: wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : false, overflow: wrap ? getComputedStyle(wrap).overflowX : 'visible',
                            display: getComputedStyle(t).display};
                  }),
                  figures: Array.from(document.querySelectorAll('main figure')).map(f => ({
                    right: f.querySelector('img').getBoundingClientRect().right, brk: getComputedStyle(f).breakInside})),
                  links: Array.from(document.querySelectorAll('main a[href]')).map(a => getComputedStyle(a).color),
                };
            }""")
            name = path.name
            assert state["nav"] == 0 and state["skip"] == "none" and state["pager"] == 0 and state["controls"] == 0, (name, state)
            assert state["scroll"] <= state["page"], f"{name}: the printed page is wider than the paper ({state['scroll']} > {state['page']})"
            for t in state["tables"]:
                assert t["display"] == "table", (name, t)  # real tables on paper, not blocks
                assert t["left"] >= 0 and t["right"] <= state["page"] + 0.5, f"{name}: table {t['caption']!r} is wider than the page: {t}"
                assert t["sw"] <= t["cw"] + 1 and not t["clipped"] and t["overflow"] == "visible", f"{name}: table {t['caption']!r} is clipped: {t}"
            for f in state["figures"]:
                assert f["right"] <= state["page"] + 0.5 and f["brk"] == "avoid", (name, f)
            assert all(c in ("rgb(0, 0, 0)",) for c in state["links"]), (name, set(state["links"]))
            checked += len(state["tables"])
            page.emulate_media(media="screen")
        assert checked > 20
        # what a reader gets from the browser's print dialog: the summary as Chromium prints it
        page.goto(_summary(demo_build).as_uri(), wait_until="load")
        pdf = artifacts / "browser" / f"{REGION}-{DEMO_YEAR}-sammanfattning-utskrift.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        assert pdf.stat().st_size > 20_000
        assert not problems, problems
    finally:
        context.close()
