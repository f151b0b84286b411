"""Brand colours made readable: the merchant picks any colour, customers can still read the text.

``site_config.yml`` sets a primary colour (the header, with white text on it) and an accent
colour (links, on the white page). A light brand colour would fail WCAG 2.2's 4.5:1 contrast
minimum for normal text, which axe reports as a serious violation, and it is hard to read on a
phone outdoors. So each colour is darkened, keeping its hue, just until it reaches the ratio;
colours that already pass are used unchanged. The brand colour itself stays available as
``--ps-primary``/``--ps-accent`` for decoration.
"""

from __future__ import annotations

WHITE = "#ffffff"
TEXT_RATIO = 4.5  # WCAG 2.2 SC 1.4.3, normal-size text
MARGIN = 0.1  # browsers round colours; stay clear of the threshold


def _channels(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of an ``#rrggbb`` colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(colour: str, background: str = WHITE, ratio: float = TEXT_RATIO) -> str:
    """``colour`` darkened (same hue, scaled towards black) until it reaches ``ratio``."""
    if contrast(colour, background) >= ratio + MARGIN:
        return colour.lower()
    rgb = _channels(colour)
    for step in range(1, 101):
        factor = 1 - step / 100
        candidate = _hex((rgb[0] * factor, rgb[1] * factor, rgb[2] * factor))
        if contrast(candidate, background) >= ratio + MARGIN:
            return candidate
    return "#000000"  # pragma: no cover - black always passes on white


def palette_css(primary: str, accent: str) -> str:
    """CSS custom properties with the readable variants of the brand colours."""
    header = readable_on(primary)  # white header text on the primary colour
    link = readable_on(accent)  # accent-coloured link text on the white page
    return (f":root{{--ps-primary-readable:{header};--ps-accent-readable:{link}}}\n")
