"""compare.html: before and after per participant, a slope chart per figure, the cohort's change.

The charts are hand-written inline SVG (no plotting library): a slope chart is a few lines
and circles, and the page must open offline like the other reports. Lines that moved the
coaching way are solid blue, the other way dashed orange, unchanged grey; shape and dash
as well as colour, for readers who do not see the colours.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from analyzer.reports import charts
from analyzer.reports.html import _ENV

if TYPE_CHECKING:
    from analyzer.compare import CohortFigure, Comparison, FigureSpec

WIDTH, HEIGHT = 460, 300
LEFT, RIGHT_COL, TOP, BOTTOM = 120, 300, 24, 260
#: More participants than this and the chart leaves their names to the table.
MAX_NAMED = 15
LABEL_GAP = 12
COLOURS = {"better": "#0072B2", "worse": "#E69F00", "same": "#7F7F7F"}


def _fmt(value: float | None, spec: FigureSpec) -> str:
    if value is None:
        return "–"
    return f"{value:.0%}" if spec.unit == "share" else f"{value:.2f}"


def _fmt_change(value: float | None, spec: FigureSpec) -> str:
    if value is None:
        return "–"
    return f"{100 * value:+.0f} points" if spec.unit == "share" else f"{value:+.2f}"


def direction(change: float | None, spec: FigureSpec) -> str:
    if change is None or change == 0:
        return "same"
    return "better" if change * spec.better > 0 else "worse"


def slope_svg(result: Comparison, spec: FigureSpec) -> str:
    """One figure's slope chart: a line per participant from before to after."""
    people = [p for p in result.matched if p.change(spec.key) is not None]
    if not people:
        return ""
    values = [v for p in people for v in (p.before[spec.key].value, p.after[spec.key].value)]
    top = 1.0 if spec.unit == "share" else max(max(values) * 1.1, 1.0)
    y = lambda v: BOTTOM - (BOTTOM - TOP) * (v / top)  # noqa: E731
    ticks = [0, 0.25, 0.5, 0.75, 1.0] if spec.unit == "share" else [top * i / 4 for i in range(5)]
    parts = [f'<svg class="chart slope" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
             f'role="img" aria-label="{escape(spec.label)}, before and after, one line per participant" '
             f'data-figure="{spec.key}" xmlns="http://www.w3.org/2000/svg">']
    for t in ticks:
        parts.append(f'<line x1="{LEFT - 40}" x2="{RIGHT_COL + 10}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
                     'stroke="#EAEEF2"/>')
        parts.append(f'<text x="{LEFT - 46}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="12" fill="#57606A">'
                     f'{escape(_fmt(t, spec))}</text>')
    for x, word in ((LEFT, "before"), (RIGHT_COL, "after")):
        parts.append(f'<line x1="{x}" x2="{x}" y1="{TOP}" y2="{BOTTOM}" stroke="#D0D7DE"/>')
        parts.append(f'<text x="{x}" y="{BOTTOM + 22}" text-anchor="middle" font-size="13" fill="#1F2328">'
                     f'{word}</text>')
    named = len(people) <= MAX_NAMED
    labels = charts.chart_labels([p.name for p in people], 20)
    label_y = spread([y(p.after[spec.key].value) + 4 for p in people], LABEL_GAP)
    for person, label, at in zip(people, labels, label_y, strict=True):
        b, a = person.before[spec.key].value, person.after[spec.key].value
        way = direction(person.change(spec.key), spec)
        dash = ' stroke-dasharray="6 3"' if way == "worse" else ""
        tip = escape(f"{person.name}: {_fmt(b, spec)} → {_fmt(a, spec)}")
        parts.append(f'<g data-participant="{escape(person.name)}" data-direction="{way}"><title>{tip}</title>'
                     f'<line x1="{LEFT}" y1="{y(b):.1f}" x2="{RIGHT_COL}" y2="{y(a):.1f}" stroke="{COLOURS[way]}" '
                     f'stroke-width="2"{dash}/>'
                     f'<circle cx="{LEFT}" cy="{y(b):.1f}" r="3.5" fill="{COLOURS[way]}"/>'
                     f'<circle cx="{RIGHT_COL}" cy="{y(a):.1f}" r="3.5" fill="{COLOURS[way]}"/>')
        if named:
            parts.append(f'<text x="{RIGHT_COL + 8}" y="{at:.1f}" font-size="11" fill="#1F2328">'
                         f'{escape(label)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def spread(positions: list[float], gap: float) -> list[float]:
    """Label heights moved apart (downwards, in order) so no two are closer than ``gap``."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    out = list(positions)
    for before, here in pairwise(order):
        out[here] = max(out[here], out[before] + gap)
    return out


def _verdict(fig: CohortFigure, spec: FigureSpec) -> str:
    if fig.ci_low is None:
        return fig.note or "not enough participants"
    if fig.ci_low > 0 or fig.ci_high < 0:
        way = "the coaching way" if (fig.median or 0) * spec.better > 0 else "away from coaching"
        return f"changed {way}: the 95% interval excludes no change"
    return "no clear change: the 95% interval includes no change"


def render_compare_html(result: Comparison, dashboards: dict[str, str | None]) -> str:
    """The whole page; ``dashboards`` links each side's cohort dashboard when there is one."""
    specs = {s.key: s for s in result.figures}
    figures: list[dict[str, Any]] = []
    for fig in result.cohort:
        spec = specs[fig.key]
        if spec not in result.available:
            continue
        figures.append({
            "key": fig.key, "label": spec.label, "svg": slope_svg(result, spec), "n": fig.n,
            "median": _fmt_change(fig.median, spec), "median_raw": "" if fig.median is None else fig.median,
            "ci": "–" if fig.ci_low is None else f"{_fmt_change(fig.ci_low, spec)} to {_fmt_change(fig.ci_high, spec)}",
            "p": "–" if fig.p_value is None else f"{fig.p_value:.3f}", "verdict": _verdict(fig, spec),
            "lower_is_better": spec.better < 0,
        })
    missing = [s.label for s in result.figures if s not in result.available]
    people = [{"name": p.name, "files_before": len(p.files_before), "files_after": len(p.files_after),
               "cells": [{"key": f["key"], "before": _fmt(p.before[f["key"]].value, specs[f["key"]]),
                          "after": _fmt(p.after[f["key"]].value, specs[f["key"]]),
                          "change": _fmt_change(p.change(f["key"]), specs[f["key"]]),
                          "raw": "" if p.change(f["key"]) is None else p.change(f["key"]),
                          "note": p.note(f["key"])} for f in figures]}
              for p in result.matched]
    return _ENV.get_template("compare.html.j2").render(
        before=str(result.before.folder), after=str(result.after.folder), model=result.before.model_sha256[:12],
        figures=figures, people=people, only_before=result.only_before, only_after=result.only_after,
        missing=missing, dashboards=dashboards)
