"""The few SVG pieces the report charts are drawn with: escaped text, shapes, axes, ticks.

Charts used to be drawn by matplotlib, at about 0.43 s a report (most of a default
``score`` run); a chart here is a list of strings joined once, a few milliseconds. Every
function is pure and returns SVG markup; every piece of text passes through :func:`esc`,
because speaker names are whatever the transcript says. Sizes are in the chart's own
units (a viewBox :data:`WIDTH` wide, scaled to the page by CSS), text in the page's font.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from html import escape

#: Width of every chart's viewBox; the page scales it (the old charts were 720 pt wide).
WIDTH = 720
INK, MUTED, RULE, GRID = "#222222", "#555555", "#BBBBBB", "#EEEEEE"
#: Average glyph width of the page's sans-serif font, in ems, to size the label column.
EM_WIDTH = 0.56

Scale = Callable[[float], float]


def esc(text: object) -> str:
    """Text safe in SVG content and in attribute values."""
    return escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate, short: ``12.0`` -> ``12``, ``3.14159`` -> ``3.1``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn at ``size``: enough to lay out a label column."""
    return len(text) * size * EM_WIDTH


def text(x: float, y: float, content: object, *, size: float = 10, anchor: str = "start", fill: str = INK,
         weight: str | None = None, middle: bool = True, extra: str = "") -> str:
    """One line of text; ``middle`` centres it on ``y`` vertically."""
    attrs = f' x="{num(x)}" y="{num(y)}" font-size="{num(size)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if fill != INK:
        attrs += f' fill="{fill}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if middle:
        attrs += ' dominant-baseline="central"'
    return f"<text{attrs}{extra}>{esc(content)}</text>"


def rect(x: float, y: float, w: float, h: float, *, fill: str, stroke: str | None = None,
         stroke_width: float = 1.0) -> str:
    line = f' stroke="{stroke}" stroke-width="{num(stroke_width)}"' if stroke else ""
    return f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(h)}" fill="{fill}"{line}/>'


def line(x1: float, y1: float, x2: float, y2: float, *, stroke: str = INK, width: float = 1.0,
         dashed: bool = False) -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}"'
            f' stroke-width="{num(width)}"{dash}/>')


def linear(lo: float, hi: float, start: float, end: float) -> Scale:
    """Map data ``lo..hi`` onto ``start..end`` (an empty domain maps to ``start``)."""
    span = hi - lo
    return (lambda v: start + (v - lo) / span * (end - start)) if span else (lambda _v: start)


def nice_step(span: float, most: int, *, integer: bool = False) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k that puts at most ``most`` steps over ``span``."""
    if span <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(span / most))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if span / step <= most and (not integer or (step >= 1 and float(step).is_integer())):
            return step
    return max(10 * power, 1.0) if integer else 10 * power


def ticks(lo: float, hi: float, step: float) -> list[float]:
    """Multiples of ``step`` within ``lo..hi`` (a hair of slack for float error)."""
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [k * step for k in range(first, last + 1)]


def number_label(value: float) -> str:
    """A tick value without noise: ``2.0`` -> ``2``, ``0.25`` -> ``0.25``."""
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def percent_label(value: float) -> str:
    return f"{value:.0%}"


def x_axis(scale: Scale, values: Iterable[float], y: float, x0: float, x1: float, *,
           label: Callable[[float], str] = number_label, grid_top: float | None = None) -> str:
    """A bottom axis: its line, ticks and tick labels (and light grid lines up to ``grid_top``)."""
    parts = [line(x0, y, x1, y, stroke=INK, width=0.8)]
    for value in values:
        x = scale(value)
        if grid_top is not None:
            parts.append(line(x, grid_top, x, y, stroke=GRID, width=0.8))
        parts.append(line(x, y, x, y + 3.5, stroke=INK, width=0.8))
        parts.append(text(x, y + 11, label(value), size=9, anchor="middle"))
    return "".join(parts)


def hatch_patterns(prefix: str, tints: dict[str, str], colours: dict[str, str]) -> str:
    """Fills for style bars: the tint with the style's hatch (none, dots, diagonal lines),
    so bars read in greyscale and for colour-blind readers."""
    out = []
    for style, tint in tints.items():
        colour = colours[style]
        if style == "neutral":
            mark = f'<circle cx="2" cy="2" r="0.8" fill="{colour}"/>'
            out.append(f'<pattern id="{prefix}-fill-{style}" width="4" height="4" patternUnits="userSpaceOnUse">'
                       f'<rect width="4" height="4" fill="{tint}"/>{mark}</pattern>')
        elif style == "directive":
            out.append(f'<pattern id="{prefix}-fill-{style}" width="5" height="5" patternUnits="userSpaceOnUse"'
                       f' patternTransform="rotate(45)"><rect width="5" height="5" fill="{tint}"/>'
                       f'<line x1="0" y1="0" x2="0" y2="5" stroke="{colour}" stroke-width="1.2"/></pattern>')
    return "".join(out)


def style_fill(prefix: str, style: str, tint: str) -> str:
    """The fill of a style's bar: its hatch pattern, or the plain tint for coaching."""
    return tint if style == "coaching" else f"url(#{prefix}-fill-{style})"


def document(body: Sequence[str], *, height: float, name: str, label: str, defs: str = "") -> str:
    """The ``<svg>`` element: scaled by the page (viewBox only), named for screen readers.

    ``name`` prefixes every id the chart defines, so several charts on one page never share one.
    """
    head = (f'<svg class="chart" role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {num(height)}"'
            f' xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' font-size="10" data-chart="{esc(name)}">')
    return head + f"<title>{esc(label)}</title>" + (f"<defs>{defs}</defs>" if defs else "") + "".join(body) + "</svg>"
