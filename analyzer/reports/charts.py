"""Charts for the HTML reports, written by hand as inline SVG.

Reports must open on a laptop with no internet and travel as one e-mailed file, so every
chart is an ``<svg>`` element inside the page: no image files, no chart library loaded
from a CDN. matplotlib drew them until it cost about 0.43 s a report, most of a default
``score`` run; built from the small pieces of :mod:`analyzer.reports.svg`, a chart now
costs milliseconds (docs/performance.md). Output is deterministic: no dates, and every id
is prefixed with the chart's name so several charts on one page never share one.

Style is never shown by colour alone: each style also has its own marker and hatch, and
the palette is Okabe-Ito (blue, orange, grey), which colour-blind readers can tell apart.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePath
from typing import Any

import pandas as pd

from analyzer.labels import ACT_STYLE, ACTS, STYLES
from analyzer.reports import svg

#: Okabe-Ito colours per style: strong (marks, borders) and light (text backgrounds).
STYLE_COLOURS: dict[str, str] = {"coaching": "#0072B2", "neutral": "#7F7F7F", "directive": "#E69F00"}
STYLE_TINTS: dict[str, str] = {"coaching": "#DCEBF6", "neutral": "#F0F0F0", "directive": "#FCEACB"}
#: The second channel besides colour, so the charts read in greyscale and for colour-blind readers.
STYLE_HATCHES: dict[str, str] = {"coaching": "plain", "neutral": "dots", "directive": "diagonal lines"}
STYLE_MARKERS: dict[str, str] = {"coaching": "circle", "neutral": "tick", "directive": "square"}
MARKER_WORDS: dict[str, str] = STYLE_MARKERS
#: The two ends of the style scale, which the timeline and the meeting thirds follow.
POLES: tuple[str, str] = ("coaching", "directive")

#: Reference points from motivational-interviewing practice (MITI coding thresholds),
#: shown as context beside a speaker's figures, never as a pass mark.
MI_REFLECTION_TO_QUESTION: tuple[tuple[float, str], ...] = ((1.0, "1:1 fair"), (2.0, "2:1 good"))
MI_OPEN_QUESTION_SHARE: tuple[tuple[float, str], ...] = ((0.5, "50% fair"), (0.7, "70% good"))

_CONTEXT_LINE = svg.MUTED
#: Bars of figures that are not a style (ratios, context): Okabe-Ito bluish green, tinted. A
#: blue ratio bar read as "coaching" beside the reports' blue coaching marks.
FIGURE_BAR, FIGURE_BAR_EDGE = "#BFE6DA", "#009E73"


def act_words(act: str) -> str:
    """An act as a trainer reads it: ``open_question`` -> ``open question``."""
    return act.replace("_", " ")


#: Longest name a chart shows. Teams names such as "Richardson-Thompson, Margaret (NHS
#: Lothian - Nursing Directorate)" overprinted the act panels' titles, squeezed the timeline
#: and, at hundreds of characters, made constrained layout give up. Tables keep full names.
LABEL_LIMIT = 28


def shorten(text: Any, limit: int = LABEL_LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def chart_labels(names: Sequence[Any], limit: int = LABEL_LIMIT) -> list[str]:
    """Names cut for a chart, still telling apart names that differ.

    Names that cut to the same text keep their ends instead ("Richardson-Th…Nursing
    Directorate)"), where Teams puts the department; any still equal are numbered.
    """
    labels = [shorten(n, limit) for n in names]
    clashes = Counter(labels)
    labels = [lab if clashes[lab] == 1 else _keep_ends(str(n), limit) for lab, n in zip(labels, names, strict=True)]
    clashes, seen = Counter(labels), Counter[str]()
    numbered = []
    for lab in labels:
        seen[lab] += 1
        numbered.append(lab if clashes[lab] == 1 else f"{lab} ({seen[lab]})")
    return numbered


def _keep_ends(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head].rstrip() + "…" + text[len(text) - (limit - 1 - head):].lstrip()


def clock(seconds: float, _pos: object = None) -> str:
    """A time as people quote a point in a meeting: m:ss, or h:mm:ss from an hour on
    (a recording whose times start at 10:00:00 showed turns at "600:00").

    A missing time (NaN, which pandas gives for an empty cell) is shown as a dash:
    ``round`` of NaN raised, and one absent time stopped the whole report.
    """
    if not math.isfinite(seconds):
        return "–"
    total = max(round(seconds), 0)
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


#: Steps between time ticks, in seconds: what a reader counts in (matplotlib's own picks
#: multiples of 2000 s, shown as 33:20, 66:40...).
TIME_STEPS: tuple[int, ...] = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600)


def time_step(span: float, most_ticks: int = 8) -> int:
    """The smallest round step that puts at most ``most_ticks`` ticks over ``span`` seconds."""
    return next((step for step in TIME_STEPS if span / step <= most_ticks), TIME_STEPS[-1])


# --- the transcript report -----------------------------------------------------------------

def sentence_positions(table: pd.DataFrame) -> tuple[pd.Series, bool]:
    """Where each sentence falls in the meeting: its start time when every sentence has one
    (and ``True``), else its order 1, 2, 3... (and ``False``)."""
    timed = bool(len(table)) and bool(table["start"].notna().all())
    if timed:
        return table["start"].astype(float), True
    return pd.Series(range(1, len(table) + 1), index=table.index, dtype=float), False



def _label_column(names: Sequence[str], size: float = 10) -> float:
    """Width of the column of row names left of a chart's plot (at most 40% of the chart)."""
    widest = max((svg.text_width(n, size) for n in names), default=0)
    return min(max(widest + 12, 40), svg.WIDTH * 0.4)


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> str:
    """A row of (swatch markup drawn at the origin, words) pairs, starting at ``x``."""
    parts = []
    for swatch, words in items:
        parts.append(f'<g transform="translate({svg.num(x + 6)} {svg.num(y)})">{swatch}</g>')
        parts.append(svg.text(x + 16, y, words))
        x += 16 + svg.text_width(words, 10) + 18
    return "".join(parts)


def _style_legend(prefix: str, x: float, y: float) -> str:
    """Swatches of the three styles as the bars draw them."""
    return _legend(x, y, [(svg.rect(-6, -4.5, 13, 9, fill=svg.style_fill(prefix, s, STYLE_TINTS[s]),
                                    stroke=STYLE_COLOURS[s], stroke_width=1.2), s) for s in STYLES])


# --- the transcript report -----------------------------------------------------------------

#: Height of a speaker's lane in the timeline, in chart units.
LANE = 34
#: Where a style's marks sit in a lane: coaching above, directive below the middle.
_LANE_OFFSETS = {"coaching": -0.22, "neutral": 0.0, "directive": 0.22}


def _timeline_marks(prefix: str) -> str:
    """One marker per style, drawn by ``<use>`` for every sentence (a page holds thousands)."""
    c, n, d = (STYLE_COLOURS[s] for s in ("coaching", "neutral", "directive"))
    return (f'<circle id="{prefix}-coaching" r="3.4" fill="{c}" stroke="#FFFFFF" stroke-width="0.6"/>'
            f'<line id="{prefix}-neutral" x1="0" y1="-4.5" x2="0" y2="4.5" stroke="{n}" stroke-width="1.2"'
            f' stroke-opacity="0.45"/>'
            f'<rect id="{prefix}-directive" x="-3.2" y="-3.2" width="6.4" height="6.4" fill="{d}" stroke="#FFFFFF"'
            f' stroke-width="0.6"/>')


def _time_axis(x: pd.Series, timed: bool) -> tuple[float, float, list[float], Callable[[float], str], str]:
    """The x range, its ticks, how a tick reads, and the axis title: round clock times, or
    whole sentence numbers when the transcript has no times."""
    if timed:
        low, high = float(x.min()), float(x.max())
        span = high - low
        pad = span * 0.03 if span else 30.0  # one moment would otherwise be a point
        lo, hi = max(low - pad, 0.0) if not span else low - pad, high + pad
        step = time_step(max(span, 60.0))
        title = f"time into the recording ({'h:mm:ss' if high >= 3600 else 'm:ss'})"
        return lo, hi, svg.ticks(lo, hi, step), clock, title
    n = len(x)
    step = svg.nice_step(n, 10, integer=True)
    return 0.5, n + 0.5, svg.ticks(0.5, n + 0.5, step), lambda v: str(int(v)), \
        "sentence number (the transcript has no times)"


def timeline_svg(table: pd.DataFrame, speakers: Sequence[str], *, link_sentences: bool) -> str:
    """Coaching and directive sentences through the meeting, one lane per speaker.

    x is time when the transcript has times, else sentence order, so the chart always
    shows *when* someone asked or told. With ``link_sentences`` each mark links to its
    sentence in the conversation (left off when the page holds no text).
    """
    x, timed = sentence_positions(table)
    names = chart_labels(speakers)
    left, right, top = _label_column(names), svg.WIDTH - 12, 30
    bottom = top + LANE * max(len(speakers), 1)
    lo, hi, tick_values, tick_label, axis_title = _time_axis(x, timed)
    sx = svg.linear(lo, hi, left, right)
    marks = [(f"<use xlink:href=\"#timeline-{s}\"/>", f"{s} ({MARKER_WORDS[s]})") for s in STYLES]
    body = [_legend(left - 6, 12, marks),
            svg.x_axis(sx, tick_values, bottom, left, right, label=tick_label, grid_top=top)]
    for lane, name in enumerate(names):
        body.append(svg.text(left - 8, top + LANE * (lane + 0.5), name, anchor="end"))
        if lane < len(names) - 1:
            body.append(svg.line(left, top + LANE * (lane + 1), right, top + LANE * (lane + 1), stroke="#DDDDDD",
                                 width=0.8))
    lanes = {name: k for k, name in enumerate(speakers)}
    rows = list(zip(table.index, table["speaker"], table["style"], x, strict=True))
    for style in STYLES:
        for index, speaker, row_style, position in rows:
            if row_style != style or speaker not in lanes:
                continue
            y = top + LANE * (lanes[speaker] + 0.5 + _LANE_OFFSETS[style])
            mark = f'<use xlink:href="#timeline-{style}" x="{svg.num(sx(position))}" y="{svg.num(y)}"/>'
            body.append(f'<a xlink:href="#s-{index}">{mark}</a>' if link_sentences else mark)
    body.append(svg.text((left + right) / 2, bottom + 27, axis_title, anchor="middle"))
    axis = "time into the recording" if timed else "sentence order"
    return svg.document(body, height=bottom + 40, name="timeline", defs=_timeline_marks("timeline"),
                        label=f"Timeline of coaching and directive sentences by {axis}, one row per speaker")


#: Act panels drawn at most: the speakers who said most. A file whose notes read as
#: hundreds of "speakers" (``Item 12:``) took minutes and a gigabyte to draw one per speaker.
MAX_ACT_PANELS = 12
#: Act panels stand four to a row, so their titles get less room than other chart labels.
ACT_TITLE_LIMIT = 24
#: Height of one act's bar row in an act panel.
ACT_ROW = 15


def act_counts_svg(figures: Sequence[dict[str, Any]]) -> str:
    """Sentences per act, one small panel per speaker (the most talkative
    :data:`MAX_ACT_PANELS`), bars in style colour and hatch."""
    shown = [f for f in figures if f.get("acts")]
    whose = "each speaker"
    if len(shown) > MAX_ACT_PANELS:
        most = sorted(shown, key=lambda f: -sum(f["acts"].values()))[:MAX_ACT_PANELS]
        shown = [f for f in shown if any(f is m for m in most)]  # in the table's order
        whose = f"the {MAX_ACT_PANELS} speakers who said most (the table has everyone)"
    per_row = min(max(len(shown), 1), 4)
    n_rows = -(-max(len(shown), 1) // per_row)
    top = max((max(f["acts"].values()) for f in shown), default=1) or 1
    limit = top * 1.18
    tick_values = svg.ticks(0, limit, svg.nice_step(limit, 4, integer=True))
    titles = chart_labels([f["speaker"] for f in shown], ACT_TITLE_LIMIT)
    label_w = max(svg.text_width(act_words(a), 9) for a in ACTS) + 10
    gap = 16
    panel_w = (svg.WIDTH - label_w - 10 - gap * (per_row - 1)) / per_row
    panel_h = 20 + ACT_ROW * len(ACTS) + 24
    body = [_style_legend("acts", label_w - 6, 12)]
    for k, (fig_, title) in enumerate(zip(shown, titles, strict=True)):
        row, col = divmod(k, per_row)
        x0, y0 = label_w + col * (panel_w + gap), 30 + row * panel_h
        body.append(_act_panel(fig_, title, x0, y0, panel_w, limit, tick_values, with_labels=col == 0))
    return svg.document(body, height=30 + n_rows * panel_h, name="acts",
                        defs=svg.hatch_patterns("acts", STYLE_TINTS, STYLE_COLOURS),
                        label=f"Sentences per act for {whose}, bars coloured and patterned by style")


def _act_panel(fig_: dict[str, Any], title: str, x0: float, y0: float, width: float, limit: float,
               tick_values: list[float], *, with_labels: bool) -> str:
    sx = svg.linear(0, limit, x0, x0 + width)
    top = y0 + 20
    parts = [svg.text(x0, y0 + 8, title, weight="bold")]
    for i, act in enumerate(ACTS):
        style, count = ACT_STYLE[act], fig_["acts"][act]
        y = top + i * ACT_ROW
        if with_labels:
            parts.append(svg.text(x0 - 5, y + ACT_ROW / 2, act_words(act), size=9, anchor="end"))
        parts.append(svg.rect(x0, y + 2, sx(count) - x0, ACT_ROW - 4, stroke_width=1.2, stroke=STYLE_COLOURS[style],
                              fill=svg.style_fill("acts", style, STYLE_TINTS[style])))
        parts.append(svg.text(sx(count) + 3, y + ACT_ROW / 2, count, size=9))
    parts.append(svg.x_axis(sx, tick_values, top + ACT_ROW * len(ACTS), x0, x0 + width,
                            label=lambda v: str(int(v))))
    return "".join(parts)


#: Height of one speaker's row in the bar charts of figures.
FIGURE_ROW = 24


def _bar_panel(names: int, values: Sequence[float | None], words: Sequence[str], *, x0: float, x1: float,
               top: float, row: float, limit: float, title: str, percent: bool, fill: str = FIGURE_BAR,
               edge: str = FIGURE_BAR_EDGE, refs: Sequence[tuple[float, str]] = (), size: float = 9) -> str:
    """Horizontal bars, one per row, each with its value in words at its end, and dashed
    reference lines labelled above the plot."""
    sx = svg.linear(0, limit, x0, x1)
    bottom = top + row * max(names, 1)
    parts = [svg.text(x0, top - 24, title, weight="bold")]
    for k, (value, word) in enumerate(refs):  # the first label left of its line: 50% and 70% sit close
        anchor = "end" if k == 0 and len(refs) > 1 else "start"
        x = sx(value)
        parts.append(svg.line(x, top, x, bottom, stroke=_CONTEXT_LINE, dashed=True))
        parts.append(svg.text(x + (-2 if anchor == "end" else 2), top - 7, word, size=8.5, anchor=anchor,
                              fill=_CONTEXT_LINE))
    for i, (value, word) in enumerate(zip(values, words, strict=True)):
        known = 0.0 if value is None else float(value)
        y = top + row * i
        parts.append(svg.rect(x0, y + row * 0.2, sx(known) - x0, row * 0.6, fill=fill, stroke=edge))
        parts.append(svg.text(sx(known) + 3, y + row / 2, word, size=size))
    step = svg.nice_step(limit, 5)
    parts.append(svg.x_axis(sx, svg.ticks(0, limit, step), bottom, x0, x1,
                            label=svg.percent_label if percent else svg.number_label))
    return "".join(parts)


def _row_names(names: Sequence[str], x: float, top: float, row: float, size: float = 10) -> str:
    return "".join(svg.text(x, top + row * (i + 0.5), n, anchor="end", size=size) for i, n in enumerate(names))


def mi_context_svg(figures: Sequence[dict[str, Any]]) -> str:
    """Reflection-to-question ratio and open-question share beside MI reference lines."""
    names = chart_labels([f["speaker"] for f in figures])
    left = _label_column(names)
    gap, top = 28, 40
    width = (svg.WIDTH - left - 12 - gap) / 2
    ratios = [f["reflection_to_question_ratio"] for f in figures]
    shares = [f["open_question_share"] for f in figures]
    ratio_top = max([0.0 if v is None else float(v) for v in ratios] + [MI_REFLECTION_TO_QUESTION[-1][0]]) * 1.25
    body = [
        _row_names(names, left - 8, top, FIGURE_ROW),
        _bar_panel(len(names), ratios, ["no questions" if v is None else f"{v:.2f}" for v in ratios],
                   x0=left, x1=left + width, top=top, row=FIGURE_ROW, limit=ratio_top, percent=False,
                   title="reflections per question", refs=[(v, f"MI {w}") for v, w in MI_REFLECTION_TO_QUESTION]),
        _bar_panel(len(names), shares, ["no questions" if v is None else f"{v:.0%}" for v in shares],
                   x0=left + width + gap, x1=svg.WIDTH - 12, top=top, row=FIGURE_ROW, limit=1.08, percent=True,
                   title="open questions as a share of questions",
                   refs=[(v, f"MI {w}") for v, w in MI_OPEN_QUESTION_SHARE]),
    ]
    return svg.document(body, height=top + FIGURE_ROW * max(len(names), 1) + 22, name="context",
                        label="Reflection-to-question ratio and open-question share per speaker, "
                              "with reference lines from motivational-interviewing practice")


# --- the cohort dashboard ------------------------------------------------------------------

#: Up to this many speaker rows the cohort chart has a bar per speaker; beyond it, one bar
#: per row is unreadable (and a 2,000-transcript cohort made a chart hundreds of inches tall
#: that took hundreds of MB to draw), so it shows how the cohort is spread instead.
MAX_COHORT_BARS = 40
#: Ratios above this share the last bin of the cohort histogram.
RATIO_BIN_TOP = 5.0
#: Height of one speaker row in the cohort chart.
COHORT_ROW = 19
_EVEN = "as many questions as advice"


def cohort_svg(summary: pd.DataFrame) -> str:
    """Question-to-advice ratio and coaching share across the cohort: a bar per speaker
    in each transcript, or their distribution when there are too many to read one by one."""
    if len(summary) > MAX_COHORT_BARS:
        return cohort_spread_svg(summary)
    rows = summary.reset_index(drop=True)
    files = distinct_file_names(rows["file"])
    names = chart_labels([f"{shorten(r.speaker)} · {shorten(files[str(r.file)])}" for r in rows.itertuples()],
                         2 * LABEL_LIMIT + 3)
    left = _label_column(names, 9)
    gap, top = 28, 40
    width = (svg.WIDTH - left - 12 - gap) / 2
    ratios = [as_number(v) for v in rows["question_to_advice_ratio"]]
    shares = [as_number(v) for v in rows.get("coaching_share", pd.Series([None] * len(rows)))]
    body = [
        _row_names(names, left - 8, top, COHORT_ROW, size=9),
        _bar_panel(len(names), ratios, [f"{v:.2f}" if v is not None else ratio_gap(rows.iloc[i])
                                        for i, v in enumerate(ratios)],
                   x0=left, x1=left + width, top=top, row=COHORT_ROW, percent=False, refs=[(1.0, _EVEN)],
                   limit=max([0.0 if v is None else v for v in ratios] + [1.0]) * 1.3, size=8.5,
                   title="questions per piece of advice"),
        _bar_panel(len(names), shares, ["–" if v is None else f"{v:.0%}" for v in shares],
                   x0=left + width + gap, x1=svg.WIDTH - 12, top=top, row=COHORT_ROW, limit=1.12, percent=True,
                   fill=STYLE_TINTS["coaching"], edge=STYLE_COLOURS["coaching"], size=8.5, title="coaching share"),
    ]
    return svg.document(body, height=top + COHORT_ROW * max(len(names), 1) + 22, name="cohort",
                        label="Question-to-advice ratio and coaching share for each speaker in each transcript")


def _bin_counts(values: Sequence[float], width: float, n_bins: int) -> list[int]:
    """How many values fall in each bin of ``width`` from 0; the last bin takes everything above."""
    counts = [0] * n_bins
    for v in values:
        counts[min(max(math.floor(v / width + 1e-9), 0), n_bins - 1)] += 1
    return counts


def _histogram(counts: Sequence[int], width: float, *, x0: float, x1: float, top: float, bottom: float,
               fill: str, edge: str, title: str, x_title: str, x_ticks: Sequence[float],
               x_label: Callable[[float], str], ref: float | None = None) -> str:
    high = max(max(counts, default=0), 1)
    y_step = svg.nice_step(high * 1.05, 5, integer=True)
    y_top = max(svg.ticks(0, high * 1.05 + y_step, y_step)[-1], high * 1.05)
    sx = svg.linear(0, width * len(counts), x0, x1)
    sy = svg.linear(0, y_top, bottom, top)
    parts = [svg.text(x0, top - 24, title, weight="bold"), svg.line(x0, top, x0, bottom, width=0.8)]
    for value in svg.ticks(0, y_top, y_step):
        parts.append(svg.line(x0 - 3.5, sy(value), x0, sy(value), width=0.8))
        parts.append(svg.text(x0 - 6, sy(value), str(int(value)), size=9, anchor="end"))
    parts.append(svg.text(x0 - 30, (top + bottom) / 2, "speakers", anchor="middle",
                          extra=f' transform="rotate(-90 {svg.num(x0 - 30)} {svg.num((top + bottom) / 2)})"'))
    for k, count in enumerate(counts):
        if count:
            parts.append(svg.rect(sx(k * width), sy(count), sx((k + 1) * width) - sx(k * width), bottom - sy(count),
                                  fill=fill, stroke=edge))
    if ref is not None:
        parts.append(svg.line(sx(ref), top, sx(ref), bottom, stroke=_CONTEXT_LINE, dashed=True))
        parts.append(svg.text(sx(ref) + 2, top - 7, _EVEN, size=8, fill=_CONTEXT_LINE))
    parts.append(svg.x_axis(sx, x_ticks, bottom, x0, x1, label=x_label))
    parts.append(svg.text((x0 + x1) / 2, bottom + 27, x_title, anchor="middle"))
    return "".join(parts)


def cohort_spread_svg(summary: pd.DataFrame) -> str:
    """Histograms of the ratio and the coaching share over every speaker row of the cohort."""
    ratios = [v for v in map(as_number, summary["question_to_advice_ratio"]) if v is not None]
    shares = [v for v in map(as_number, summary.get("coaching_share", pd.Series(dtype=float))) if v is not None]
    n_files = summary["file"].nunique()
    top, bottom, gap = 40, 190, 60
    width = (svg.WIDTH - 60 - 12 - gap) / 2
    body = [
        _histogram(_bin_counts(ratios, 0.25, int(RATIO_BIN_TOP / 0.25)), 0.25, x0=60, x1=60 + width, top=top,
                   bottom=bottom, fill=FIGURE_BAR, edge=FIGURE_BAR_EDGE, ref=1.0,
                   title=f"ratio: {len(ratios)} of {len(summary)} speaker rows have one",
                   x_title=f"questions per piece of advice (the last bar: {RATIO_BIN_TOP:g} or more)",
                   x_ticks=svg.ticks(0, RATIO_BIN_TOP, 1.0), x_label=svg.number_label),
        _histogram(_bin_counts(shares, 0.1, 10), 0.1, x0=60 + width + gap, x1=svg.WIDTH - 12, top=top,
                   bottom=bottom, fill=STYLE_TINTS["coaching"], edge=STYLE_COLOURS["coaching"],
                   title=f"coaching share: {len(shares)} speaker rows", x_title="coaching share",
                   x_ticks=svg.ticks(0, 1.0, 0.2), x_label=svg.percent_label),
    ]
    return svg.document(body, height=bottom + 40, name="cohort",
                        label=f"How the question-to-advice ratio and the coaching share are spread over "
                              f"{len(summary)} speakers in {n_files} transcripts")


def ratio_gap(row: pd.Series) -> str:
    """Why a ratio is missing, in words (the summary stores it as empty)."""
    if as_number(row.get("questions")) is None:
        return "unavailable"
    return "no advice" if as_number(row.get("advice")) == 0 else "–"



def as_number(value: Any) -> float | None:
    """A summary cell as a float, or None when empty (CSV round trips give NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def distinct_file_names(files: Iterable[Any]) -> dict[str, str]:
    """Each file's name, with as many of its folders as it takes to tell it from the others.

    ``cohort/a/x.txt`` and ``cohort/b/x.txt`` become ``a/x.txt`` and ``b/x.txt``; a name no
    other file has stays bare. Keyed by ``str(file)``.
    """
    parts = {str(f): PurePath(str(f)).parts for f in files}
    tails = Counter(p[-k:] for p in parts.values() for k in range(1, len(p) + 1))
    names = {}
    for file, p in parts.items():
        k = next((k for k in range(1, len(p) + 1) if tails[p[-k:]] == 1), len(p))
        names[file] = file if k == len(p) and k > 1 else "/".join(p[-k:])
    return names


def file_name(file: Any) -> str:
    """The transcript's file name without folders, which is how people recognise it.

    Split by the platform's rules: on Linux a backslash belongs to the name (and
    :func:`analyzer.transcript.printable_path` writes undecodable bytes as ``\\xe9``).
    """
    return PurePath(str(file)).name or str(file)
