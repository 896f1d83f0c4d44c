"""Colours of the report, derived from `status.STATUSES`: CSS, typst, contrast checks.

Status is never shown by colour alone (symbol + label everywhere); the colour
is a help. Text on a status colour is black or white, whichever contrasts
more; `contrast` (WCAG 2.1 relative luminance) lets the tests check >= 4.5:1.
"""

from __future__ import annotations

from .status import STATUSES


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#ffffff") else "#ffffff"


def status_colours() -> dict[str, tuple[str, str]]:
    """code -> (background, text) for every status."""
    return {code: (info.colour, text_on(info.colour)) for code, info in STATUSES.items()}


def css_class(code: str) -> str:
    return "s-" + code.replace("_", "-")


def status_css() -> str:
    return "\n".join(f".status.{css_class(code)} {{ background: {bg}; color: {fg}; }}"
                     for code, (bg, fg) in status_colours().items()) + "\n"
