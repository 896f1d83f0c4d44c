"""The built report in a real browser: headless Chromium (Playwright) and axe-core.

Every HTML page of one built report (Kronoberg) and the landing page: no console
error, every image loads, every internal link resolves (file and anchor), nothing
wider than the window (WCAG 1.4.10), the skip link comes first, and an axe-core
scan with the WCAG 2.1 A/AA rules finds no serious or critical violation.
Artifacts (test-artifacts/, gitignored): a screenshot of the summary page and the
axe results by impact as JSON.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import DEMO_YEAR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]
REGION = "kronoberg"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
WIDTHS = (1280, 375)  # desktop and a phone: the page itself never scrolls sideways


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
