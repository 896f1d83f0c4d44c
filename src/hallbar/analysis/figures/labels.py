"""Direct labels and the layout-dependent finish of a chart.

Lines carry their numbers as direct labels (`Label`); `finish` lays the figure out once, then
spreads the labels in points so they overlap neither each other nor the drawn lines, moves the
band's "Basår"/"Programperiod" labels where they fit and draws the assessed period's bracket.
Deterministic: the same figure gives the same places.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from ...method.paths import AssessedPeriod
from ..style import FS_LABEL, FS_SMALL, GREY, INK
from .common import Band, period_bracket


@dataclass
class Label:
    """A direct label at a point of a line.

    `outside`: the line ends at the plot's right edge, so the label sits right of the plot, moved up or
    down only as far as needed not to overlap the others there, with a thin leader line to its point.
    Otherwise the label goes next to its point where it covers the fewest drawn lines and no other
    label: right of it first (above it for `side=+1`, below for −1, level for 0), then left, above, below.
    """

    x: float
    y: float
    text: str
    side: int = 0
    bold: bool = False
    outside: bool = False
    colour: str = INK
    size: float = FS_LABEL
    artist: Any = field(default=None, repr=False)

    def height_pt(self) -> float:
        return (self.text.count("\n") + 1) * self.size * 1.22 + 3.0


def _dodge(wanted: list[float], heights: list[float], top: float, gap: float = 2.0) -> list[float]:
    """Centres as close to `wanted` as possible without overlaps, within 0..top (points)."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    pos = {i: wanted[i] for i in order}
    prev = None
    for i in order:  # push up
        if prev is not None:
            pos[i] = max(pos[i], pos[prev] + (heights[prev] + heights[i]) / 2 + gap)
        pos[i] = max(pos[i], heights[i] / 2)
        prev = i
    nxt = None
    for i in reversed(order):  # then down, from the top
        limit = top - heights[i] / 2 if nxt is None else pos[nxt] - (heights[nxt] + heights[i]) / 2 - gap
        pos[i] = min(pos[i], limit)
        nxt = i
    return [pos[i] for i in range(len(wanted))]


def _layout(fig: Figure):
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return fig.canvas.get_renderer()


LABEL_BOX = dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85)


def _label_size(ax, g: Label, renderer, to_pt: float) -> tuple[float, float]:
    """The label's (width, height) in points, with its box, as drawn (measured on a text that is removed again)."""
    t = ax.text(0, 0, g.text, fontsize=g.size, fontweight="bold" if g.bold else "normal", linespacing=1.05,
                bbox=dict(LABEL_BOX), transform=None)
    t.draw(renderer)
    e = t.get_bbox_patch().get_window_extent(renderer)
    t.remove()
    return e.width * to_pt, max(e.height * to_pt, g.height_pt())


def _line_points(ax, step_pt: float, to_pt: float) -> list[tuple[float, float]]:
    """Points along every drawn line (and its markers) of the axes, in points from the plot's lower left corner."""
    box = ax.get_window_extent()
    out: list[tuple[float, float]] = []
    for ln in ax.get_lines():
        if not ln.get_visible():
            continue
        xy = ln.get_transform().transform(ln.get_xydata())
        pts = [((x - box.x0) * to_pt, (y - box.y0) * to_pt) for x, y in xy if math.isfinite(x) and math.isfinite(y)]
        out += pts
        r = ln.get_markersize() / 2 if ln.get_marker() not in (None, "None", "none", "") else 0.0
        if r:  # a marker covers more than its centre
            out += [(x + dx * r, y + dy * r) for x, y in pts for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))]
        if ln.get_linestyle() in ("None", "none", "", " "):
            continue
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            n = int(math.hypot(x1 - x0, y1 - y0) / step_pt)
            out += [(x0 + (x1 - x0) * k / (n + 1), y0 + (y1 - y0) * k / (n + 1)) for k in range(1, n + 1)]
    return out


def _overlap(a, b) -> float:
    """The overlapping area of two boxes (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_outside(fig: Figure, ax, x: float, group: list[Label], sizes, box, height: float, to_pt: float) -> list:
    """Labels right of the plot at its right edge, spread up and down; their boxes (points, plot's origin)."""
    where = offset_copy(ax.transAxes, fig=fig, x=6, y=0, units="points")
    anchors = [(ax.transData.transform((x, g.y))[1] - box.y0) * to_pt for g in group]
    heights = [h for _w, h in sizes]
    wanted = [a + g.side * (h / 2 + 5) for a, g, h in zip(anchors, group, heights, strict=True)]
    centres = _dodge(wanted, heights, height)
    right = box.width * to_pt + 6
    boxes = []
    for g, c, (w, h) in zip(group, centres, sizes, strict=True):
        g.artist = ax.annotate(
            g.text, xy=(x, g.y), xycoords="data", xytext=(1.0, c / height), textcoords=where,
            ha="left", va="center", fontsize=g.size, fontweight="bold" if g.bold else "normal", color=g.colour,
            zorder=8, annotation_clip=False, linespacing=1.05, bbox=dict(LABEL_BOX),
            arrowprops=dict(arrowstyle="-", lw=0.7, color=GREY, shrinkA=0, shrinkB=5))
        boxes.append((right, c - h / 2, right + w, c + h / 2))
    return boxes


def _place_inside(ax, g: Label, size, obstacles, placed: list, box, to_pt: float) -> tuple:
    """One label next to its point where it covers the fewest line points and no placed label."""
    w, h = size
    ax_, ay_ = ((v - o) * to_pt for v, o in zip(ax.transData.transform((g.x, g.y)), (box.x0, box.y0), strict=True))
    gap = 7.0
    level = {1: ("bottom", 4.0), -1: ("top", -4.0), 0: ("center", 0.0)}
    first_va, first_dy = level[g.side]
    cands = [("left", first_va, gap, first_dy)]  # (ha, va, dx, dy) in points from the point
    cands += [("left", va, gap, dy) for va, dy in (("bottom", 4.0), ("top", -4.0), ("center", 0.0)) if va != first_va]
    cands += [("right", "bottom", -gap, 4.0), ("right", "top", -gap, -4.0),
              ("center", "bottom", 0.0, 10.0), ("center", "top", 0.0, -10.0)]
    width, height = box.width * to_pt, box.height * to_pt
    best = None
    for rank, (ha, va, dx, dy) in enumerate(cands):
        x0 = ax_ + dx if ha == "left" else ax_ + dx - w if ha == "right" else ax_ - w / 2
        y0 = ay_ + dy if va == "bottom" else ay_ + dy - h if va == "top" else ay_ - h / 2
        b = (x0, y0, x0 + w, y0 + h)
        covered = sum(1 for px, py in obstacles if b[0] - 1 <= px <= b[2] + 1 and b[1] - 1 <= py <= b[3] + 1)
        clash = sum(_overlap(b, p) for p in placed)
        m = 6.0  # keep clear of the axes' edges (and the tick labels beyond them)
        out = (max(0.0, m - b[0]) + max(0.0, b[2] - width + m)) * h + (max(0.0, -b[1]) + max(0.0, b[3] - height)) * w
        score = covered * 10.0 + clash * 50.0 + out * 20.0 + rank
        if best is None or score < best[0]:
            best = (score, ha, va, dx, dy, b)
    _score, ha, va, dx, dy, b = best
    g.artist = ax.annotate(
        g.text, xy=(g.x, g.y), xycoords="data", xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
        fontsize=g.size, fontweight="bold" if g.bold else "normal", color=g.colour, zorder=8,
        annotation_clip=False, linespacing=1.05, bbox=dict(LABEL_BOX))
    return b


def _place_labels(fig: Figure, ax, labels: list[Label], renderer):
    """Outside labels first (they narrow the plot), then a new layout, then the labels inside; returns the renderer."""
    to_pt = 72.0 / fig.dpi
    labels = [lab for lab in labels if lab.y is not None and math.isfinite(lab.y)]
    sizes = {id(lab): _label_size(ax, lab, renderer, to_pt) for lab in labels}
    placed: list = []
    outside: dict[float, list[Label]] = {}
    for lab in labels:
        if lab.outside:
            outside.setdefault(lab.x, []).append(lab)
    if outside:
        box = ax.get_window_extent(renderer)
        for x, group in sorted(outside.items()):
            placed += _place_outside(fig, ax, x, group, [sizes[id(g)] for g in group], box, box.height * to_pt, to_pt)
        renderer = _layout(fig)
        shift = (ax.get_window_extent(renderer).width - box.width) * to_pt  # the plot is narrower now
        placed = [(b[0] + shift, b[1], b[2] + shift, b[3]) for b in placed]
    box = ax.get_window_extent(renderer)
    obstacles = _line_points(ax, 3.0, to_pt)
    for lab in sorted((lab for lab in labels if not lab.outside), key=lambda lab: not lab.bold):  # the latest value first
        placed.append(_place_inside(ax, lab, sizes[id(lab)], obstacles, placed, box, to_pt))
    return renderer


def _place_band(fig: Figure, ax, band: Band, renderer) -> None:
    """The base year's label left of its line, the programme period's at the shade's left edge; moved so they do not overlap."""
    if band.base is None and band.programme is None:
        return
    box = ax.get_window_extent(renderer)

    def extent(artist):
        return artist.get_window_extent(renderer)

    def x_px(x):
        return ax.transData.transform((x, 0))[0]

    if band.base is not None:
        e = extent(band.base)
        if e.x0 < box.x0 - 2:  # no room left of the line: right of it
            band.base.set_ha("left")
            band.base.xyann = (3, 3)
    if band.programme is not None and band.period is not None:
        lo, hi = band.period
        cands = [("left", lo, 3), ("right", hi, -3), ("center", (lo + hi) / 2, 0)]
        chosen = None
        for ha, x, dx in cands:
            band.programme.set_ha(ha)
            band.programme.xy = (x, 1.0)
            band.programme.xyann = (dx, 3)
            e = extent(band.programme)
            inside = e.x0 >= min(box.x0, x_px(lo)) - 2 and e.x1 <= box.x1 + 2
            clear = band.base is None or not e.overlaps(extent(band.base))
            if inside and clear:
                chosen = ha
                break
        if chosen is None:  # one row up
            band.programme.set_ha("left")
            band.programme.xy = (lo, 1.0)
            band.programme.xyann = (3, 3 + FS_SMALL * 1.3)


def finish(fig: Figure, ax, *, labels: Sequence[Label] = (), band: Band | None = None,
           period: AssessedPeriod | None = None) -> None:
    """Place what depends on the layout: the direct labels, the band above the plot and the period's bracket.

    A first layout fixes the plot's size; the labels are then spread in points so they do not
    overlap, and the band's labels moved where they fit. Deterministic: the same figure gives the same places.
    """
    if period is not None:
        period_bracket(ax, period)
    renderer = _layout(fig)
    if labels:
        renderer = _place_labels(fig, ax, list(labels), renderer)
    if band is not None and (band.base is not None or band.programme is not None):
        _place_band(fig, ax, band, renderer)
