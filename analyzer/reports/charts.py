"""Charts for the HTML reports, drawn with matplotlib and embedded as inline SVG.

Reports must open on a laptop with no internet and travel as one e-mailed file, so every
chart is an ``<svg>`` element inside the page: no image files, no chart library loaded
from a CDN. Charts are drawn on bare :class:`~matplotlib.figure.Figure` objects (never
``pyplot``), so batch scoring can draw in worker processes without a display or global
state. Output is deterministic: fixed hash salts, no dates in the SVG.

Style is never shown by colour alone: each style also has its own marker and hatch, and
the palette is Okabe-Ito (blue, orange, grey), which colour-blind readers can tell apart.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePath
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator, PercentFormatter

from analyzer.labels import ACT_STYLE, ACTS, STYLES

#: Okabe-Ito colours per style: strong (marks, borders) and light (text backgrounds).
STYLE_COLOURS: dict[str, str] = {"coaching": "#0072B2", "neutral": "#7F7F7F", "directive": "#E69F00"}
STYLE_TINTS: dict[str, str] = {"coaching": "#DCEBF6", "neutral": "#F0F0F0", "directive": "#FCEACB"}
#: The second channel besides colour, so the charts read in greyscale and for colour-blind readers.
STYLE_HATCHES: dict[str, str] = {"coaching": "", "neutral": "..", "directive": "///"}
STYLE_MARKERS: dict[str, str] = {"coaching": "o", "neutral": "|", "directive": "s"}
MARKER_WORDS: dict[str, str] = {"coaching": "circle", "neutral": "tick", "directive": "square"}
#: The two ends of the style scale, which the timeline and the meeting thirds follow.
POLES: tuple[str, str] = ("coaching", "directive")

#: Reference points from motivational-interviewing practice (MITI coding thresholds),
#: shown as context beside a speaker's figures, never as a pass mark.
MI_REFLECTION_TO_QUESTION: tuple[tuple[float, str], ...] = ((1.0, "1:1 fair"), (2.0, "2:1 good"))
MI_OPEN_QUESTION_SHARE: tuple[tuple[float, str], ...] = ((0.5, "50% fair"), (0.7, "70% good"))

_CONTEXT_LINE = "#555555"
#: Bars of figures that are not a style (ratios, context): Okabe-Ito bluish green, tinted. A
#: blue ratio bar read as "coaching" beside the reports' blue coaching marks.
FIGURE_BAR, FIGURE_BAR_EDGE = "#BFE6DA", "#009E73"

_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text: selectable, searchable, small
    "text.parse_math": False,  # a "$" in a speaker's name must not start mathtext
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.8,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
}


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


def render_svg(draw: Callable[[Figure], None], *, width: float, height: float, name: str, label: str) -> str:
    """Draw a figure with ``draw`` and return it as an inline ``<svg>`` element.

    ``name`` seeds matplotlib's hash salt and prefixes every id, so several charts on one
    page never share an id (duplicate ids would cross-wire clip paths and links).
    ``label`` becomes the chart's accessible name.
    """
    with matplotlib.rc_context({**_RC, "svg.hashsalt": f"analyzer-{name}"}), warnings.catch_warnings():
        # Text stays text (svg.fonttype none) and the browser draws it with its own fonts, so
        # matplotlib's font lacking a CJK or emoji glyph in a name matters only to its layout.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        fig = Figure(figsize=(width, height), layout="constrained")
        draw(fig)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return _inline_svg(buf.getvalue(), name, label)


def _inline_svg(svg: str, prefix: str, label: str) -> str:
    """Make matplotlib's standalone SVG document fit inside an HTML page."""
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and the DOCTYPE (which names a URL)
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = svg.replace(' target="_blank"', "")  # links inside a chart jump within the page
    svg = _prefix_ids(svg, prefix)
    head_end = svg.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    head += f' class="chart" role="img" aria-label="{_attr(label)}"'
    return head + svg[head_end:]


def _prefix_ids(svg: str, prefix: str) -> str:
    """Prefix the ids an SVG defines, and the references to them, with ``prefix``."""
    ids = set(re.findall(r'\sid="([^"]+)"', svg))

    def ref(match: re.Match[str]) -> str:
        target = match.group(2)
        return f"{match.group(1)}{prefix}-{target}" if target in ids else match.group(0)

    svg = re.sub(r'(\sid=")([^"]+)(?=")', lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    return re.sub(r'((?:href="|url\()#)([^")]+)', ref, svg)


def _attr(text: str) -> str:
    """Escape text for an XML attribute value."""
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


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


def timeline_svg(table: pd.DataFrame, speakers: Sequence[str], *, link_sentences: bool) -> str:
    """Coaching and directive sentences through the meeting, one lane per speaker.

    x is time when the transcript has times, else sentence order, so the chart always
    shows *when* someone asked or told. With ``link_sentences`` each mark links to its
    sentence in the conversation (left off when the page holds no text).
    """
    x, timed = sentence_positions(table)
    offsets = {"coaching": -0.22, "neutral": 0.0, "directive": 0.22}

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        in_legend: set[str] = set()
        for lane, name in enumerate(speakers):
            rows = table["speaker"] == name
            for style in STYLES:
                pick = rows & (table["style"] == style)
                if not pick.any():
                    continue
                marks = ax.scatter(
                    x[pick], [lane + offsets[style]] * int(pick.sum()), marker=STYLE_MARKERS[style],
                    s=34 if style != "neutral" else 40, color=STYLE_COLOURS[style],
                    edgecolors="white" if style != "neutral" else None, linewidths=0.6 if style != "neutral" else 1.0,
                    alpha=0.45 if style == "neutral" else 1.0, zorder=3,
                    label=None if style in in_legend else f"{style} ({MARKER_WORDS[style]})",
                )
                in_legend.add(style)
                if link_sentences:
                    marks.set_urls([f"#s-{i}" for i in table.index[pick]])
            ax.axhline(lane + 0.5, color="#DDDDDD", linewidth=0.8, zorder=1)
        _timeline_axes(ax, speakers, x, timed)

    height = 1.3 + 0.62 * max(len(speakers), 1)
    axis = "time into the recording" if timed else "sentence order"
    return render_svg(draw, width=10, height=height, name="timeline",
                      label=f"Timeline of coaching and directive sentences by {axis}, one row per speaker")


def _timeline_axes(ax: Any, speakers: Sequence[str], x: pd.Series, timed: bool) -> None:
    """Speaker lanes, and an x axis of round clock times or of whole sentence numbers."""
    ax.set_yticks(range(len(speakers)), chart_labels(speakers))
    ax.set_ylim(len(speakers) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    if timed:
        span = float(x.max() - x.min())
        if span == 0:  # one moment: matplotlib would zoom to fractions of a second
            ax.set_xlim(max(float(x.min()) - 30, 0.0), float(x.max()) + 30)
        ax.xaxis.set_major_locator(MultipleLocator(time_step(max(span, 60.0))))
        ax.xaxis.set_major_formatter(FuncFormatter(clock))
        ax.set_xlabel(f"time into the recording ({'h:mm:ss' if x.max() >= 3600 else 'm:ss'})")
    else:
        ax.set_xlim(0.5, len(x) + 0.5)  # one sentence gave ticks 0.945 ... 1.050
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        ax.set_xlabel("sentence number (the transcript has no times)")
    ax.grid(axis="x", color="#EEEEEE", zorder=0)
    handles, labels = ax.get_legend_handles_labels()
    order = [labels.index(lab) for s in STYLES for lab in labels if lab.startswith(s)]
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="lower left",
              bbox_to_anchor=(0, 1.0), ncol=3, frameon=False, borderaxespad=0.2)


#: Act panels drawn at most: the speakers who said most. A file whose notes read as
#: hundreds of "speakers" (``Item 12:``) took minutes and a gigabyte to draw one per speaker.
MAX_ACT_PANELS = 12
#: Act panels stand four to a row, so their titles get less room than other chart labels.
ACT_TITLE_LIMIT = 24


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

    def draw(fig: Figure) -> None:
        axes = fig.subplots(n_rows, per_row, sharey=True, squeeze=False).ravel()
        titles = chart_labels([f["speaker"] for f in shown], ACT_TITLE_LIMIT)
        for ax, f, title in zip(axes, shown, titles, strict=False):  # spare panels are hidden below
            _act_panel(ax, f, top, title)
        for ax in axes[len(shown):]:
            ax.set_visible(False)
        axes[0].invert_yaxis()
        _style_legend(fig)

    return render_svg(draw, width=10, height=0.6 + 2.9 * n_rows, name="acts",
                      label=f"Sentences per act for {whose}, bars coloured and patterned by style")


def _act_panel(ax: Any, fig_: dict[str, Any], top: int, title: str) -> None:
    counts = [fig_["acts"][a] for a in ACTS]
    bars = ax.barh([act_words(a) for a in ACTS], counts, color=[STYLE_TINTS[ACT_STYLE[a]] for a in ACTS],
                   edgecolor=[STYLE_COLOURS[ACT_STYLE[a]] for a in ACTS], linewidth=1.2,
                   hatch=[STYLE_HATCHES[ACT_STYLE[a]] for a in ACTS])
    ax.bar_label(bars, padding=2, fontsize=9)
    ax.set_xlim(0, top * 1.18)
    ax.set_title(title, fontsize=10)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    ax.tick_params(axis="y", length=0)


def _style_legend(fig: Figure) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=STYLE_TINTS[s], edgecolor=STYLE_COLOURS[s], hatch=STYLE_HATCHES[s], label=s)
               for s in STYLES]
    fig.legend(handles=handles, loc="outside upper left", ncol=3, frameon=False)


def mi_context_svg(figures: Sequence[dict[str, Any]]) -> str:
    """Reflection-to-question ratio and open-question share beside MI reference lines."""
    names = chart_labels([f["speaker"] for f in figures])

    def draw(fig: Figure) -> None:
        left, right = fig.subplots(1, 2, sharey=True)
        _context_panel(left, names, [f["reflection_to_question_ratio"] for f in figures],
                       MI_REFLECTION_TO_QUESTION, "reflections per question", percent=False)
        _context_panel(right, names, [f["open_question_share"] for f in figures],
                       MI_OPEN_QUESTION_SHARE, "open questions as a share of questions", percent=True)
        left.set_yticks(range(len(names)), names)  # by position: equal labels must not merge rows
        left.set_ylim(len(names) - 0.5, -0.5)

    return render_svg(draw, width=10, height=1.5 + 0.5 * max(len(names), 1), name="context",
                      label="Reflection-to-question ratio and open-question share per speaker, "
                            "with reference lines from motivational-interviewing practice")


def _context_panel(ax: Any, names: list[str], values: list[float | None],
                   refs: tuple[tuple[float, str], ...], title: str, *, percent: bool) -> None:
    known = [0.0 if v is None else float(v) for v in values]
    ax.barh(range(len(names)), known, color=FIGURE_BAR, edgecolor=FIGURE_BAR_EDGE, height=0.55)
    for i, v in enumerate(values):
        text = "no questions" if v is None else (f"{v:.0%}" if percent else f"{v:.2f}")
        ax.annotate(text, (known[i], i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    limit = max([*known, refs[-1][0]]) * 1.25
    for index, (value, word) in enumerate(refs):  # the first label left of its line: 50% and 70% sit close
        side = -1 if index == 0 and len(refs) > 1 else 1
        ax.axvline(value, color=_CONTEXT_LINE, linestyle=(0, (4, 3)), linewidth=1)
        ax.annotate(f"MI {word}", (value, 1.0), xycoords=("data", "axes fraction"), xytext=(2 * side, 2),
                    textcoords="offset points", fontsize=8.5, color=_CONTEXT_LINE, va="bottom",
                    ha="right" if side < 0 else "left")
    ax.set_xlim(0, 1.08 if percent else limit)
    if percent:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(title, fontsize=10, pad=16)
    ax.tick_params(axis="y", length=0)


# --- the cohort dashboard ------------------------------------------------------------------

#: Up to this many speaker rows the cohort chart has a bar per speaker; beyond it, one bar
#: per row is unreadable (and a 2,000-transcript cohort made a chart hundreds of inches tall
#: that took hundreds of MB to draw), so it shows how the cohort is spread instead.
MAX_COHORT_BARS = 40
#: Ratios above this share the last bin of the cohort histogram.
RATIO_BIN_TOP = 5.0


def cohort_svg(summary: pd.DataFrame) -> str:
    """Question-to-advice ratio and coaching share across the cohort: a bar per speaker
    in each transcript, or their distribution when there are too many to read one by one."""
    if len(summary) > MAX_COHORT_BARS:
        return cohort_spread_svg(summary)
    rows = summary.reset_index(drop=True)
    files = distinct_file_names(rows["file"])
    names = chart_labels([f"{shorten(r.speaker)} · {shorten(files[str(r.file)])}" for r in rows.itertuples()],
                         2 * LABEL_LIMIT + 3)

    def draw(fig: Figure) -> None:
        left, right = fig.subplots(1, 2, sharey=True)
        _ratio_panel(left, names, rows)
        shares = [as_number(v) for v in rows.get("coaching_share", pd.Series([None] * len(rows)))]
        _share_panel(right, names, shares)
        # Rows sit at numeric positions: labels given to barh as categories merge when two
        # are equal, stacking bars while the value labels (placed by row) go elsewhere.
        left.set_yticks(range(len(names)), names)
        left.set_ylim(len(names) - 0.5, -0.5)

    return render_svg(draw, width=10, height=1.2 + 0.34 * max(len(names), 1), name="cohort",
                      label="Question-to-advice ratio and coaching share for each speaker in each transcript")


def _ratio_panel(ax: Any, names: list[str], rows: pd.DataFrame) -> None:
    ratios = [as_number(v) for v in rows["question_to_advice_ratio"]]
    known = [0.0 if v is None else v for v in ratios]
    ax.barh(range(len(names)), known, color=FIGURE_BAR, edgecolor=FIGURE_BAR_EDGE, height=0.6)
    for i, v in enumerate(ratios):
        text = f"{v:.2f}" if v is not None else ratio_gap(rows.iloc[i])
        ax.annotate(text, (known[i], i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8.5)
    ax.axvline(1.0, color=_CONTEXT_LINE, linestyle=(0, (4, 3)), linewidth=1)
    ax.annotate("as many questions as advice", (1.0, 1.0), xycoords=("data", "axes fraction"),
                xytext=(2, 2), textcoords="offset points", fontsize=8, color=_CONTEXT_LINE)
    ax.set_xlim(0, max([*known, 1.0]) * 1.3)
    ax.set_title("questions per piece of advice", fontsize=10, pad=14)
    ax.tick_params(axis="y", length=0)


def cohort_spread_svg(summary: pd.DataFrame) -> str:
    """Histograms of the ratio and the coaching share over every speaker row of the cohort."""
    ratios = [v for v in map(as_number, summary["question_to_advice_ratio"]) if v is not None]
    shares = [v for v in map(as_number, summary.get("coaching_share", pd.Series(dtype=float))) if v is not None]
    n_files = summary["file"].nunique()

    def draw(fig: Figure) -> None:
        left, right = fig.subplots(1, 2, sharey=False)
        bins = [i * 0.25 for i in range(int(RATIO_BIN_TOP / 0.25) + 1)]
        left.hist([min(v, RATIO_BIN_TOP - 1e-9) for v in ratios], bins=bins, color=FIGURE_BAR,
                  edgecolor=FIGURE_BAR_EDGE)
        left.axvline(1.0, color=_CONTEXT_LINE, linestyle=(0, (4, 3)), linewidth=1)
        left.annotate("as many questions as advice", (1.0, 1.0), xycoords=("data", "axes fraction"),
                      xytext=(2, 2), textcoords="offset points", fontsize=8, color=_CONTEXT_LINE)
        left.set_xlabel(f"questions per piece of advice (the last bar: {RATIO_BIN_TOP:g} or more)")
        left.set_title(f"ratio: {len(ratios)} of {len(summary)} speaker rows have one", fontsize=10, pad=14)
        right.hist(shares, bins=[i / 10 for i in range(11)], color=STYLE_TINTS["coaching"],
                   edgecolor=STYLE_COLOURS["coaching"])
        right.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        right.set_xlabel("coaching share")
        right.set_title(f"coaching share: {len(shares)} speaker rows", fontsize=10, pad=14)
        for ax in (left, right):
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylabel("speakers")

    return render_svg(draw, width=10, height=3.2, name="cohort",
                      label=f"How the question-to-advice ratio and the coaching share are spread over "
                            f"{len(summary)} speakers in {n_files} transcripts")


def ratio_gap(row: pd.Series) -> str:
    """Why a ratio is missing, in words (the summary stores it as empty)."""
    if as_number(row.get("questions")) is None:
        return "unavailable"
    return "no advice" if as_number(row.get("advice")) == 0 else "–"


def _share_panel(ax: Any, names: list[str], shares: list[float | None]) -> None:
    known = [0.0 if v is None else v for v in shares]
    ax.barh(range(len(names)), known, color=STYLE_TINTS["coaching"], edgecolor=STYLE_COLOURS["coaching"], height=0.6)
    for i, v in enumerate(shares):
        text = "–" if v is None else f"{v:.0%}"
        ax.annotate(text, (known[i], i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8.5)
    ax.set_xlim(0, 1.12)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title("coaching share", fontsize=10, pad=14)
    ax.tick_params(axis="y", length=0)


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
