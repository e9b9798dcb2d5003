"""The SVG pieces the charts are written with: text escaped, markup well formed, round ticks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from analyzer.labels import ACTS
from analyzer.reports import charts, svg

from .helpers import table_for

HOSTILE = '<script>alert("x")</script> & Co'


def test_text_escapes_markup_and_quotes() -> None:
    out = svg.text(1, 2, HOSTILE)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&quot;x&quot;" in out and "&amp; Co" in out


def every_chart(name: str) -> list[str]:
    figures = [{"speaker": name, "acts": dict.fromkeys(ACTS, 2), "reflection_to_question_ratio": None,
                "open_question_share": 0.4}]
    table = table_for([{"speaker": name, "turn": 0, "text": "Why?", "act": "open_question", "style": "coaching",
                        "start": 5.0, "end": 7.0}])
    summary = pd.DataFrame({"file": [f"{name}.vtt"], "speaker": [name], "question_to_advice_ratio": [None],
                            "questions": [1], "advice": [0], "coaching_share": [0.5]})
    return [charts.timeline_svg(table, [name], link_sentences=True), charts.act_counts_svg(figures),
            charts.mi_context_svg(figures), charts.cohort_svg(summary), charts.cohort_spread_svg(summary)]


@pytest.mark.parametrize("index", range(5))
def test_every_chart_is_well_formed_xml_with_the_name_escaped(index: int) -> None:
    chart = every_chart(HOSTILE)[index]
    root = ET.fromstring(chart)  # raises on an unescaped "<" or "&"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find("{http://www.w3.org/2000/svg}title").text == root.get("aria-label")
    shown = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    if index < 4:  # the cohort's spread names nobody
        assert any(t and t.startswith('<script>alert("x")') for t in shown)  # drawn as text, cut to fit
    assert "<script" not in chart


def test_chart_ids_are_prefixed_so_two_charts_on_a_page_never_clash() -> None:
    ids = [el.get("id") for chart in every_chart("Ann") for el in ET.fromstring(chart).iter() if el.get("id")]
    assert ids and len(ids) == len(set(ids))
    assert all(i.split("-")[0] in {"timeline", "acts", "context", "cohort"} for i in ids)


@pytest.mark.parametrize(("span", "most", "integer", "step"), [
    (10, 5, False, 2), (1.08, 6, False, 0.2), (13.0, 4, True, 5), (1.18, 4, True, 1), (0.01, 4, True, 1),
    (110, 10, True, 20), (2.5, 5, False, 0.5),
])
def test_nice_step_picks_round_steps(span: float, most: int, integer: bool, step: float) -> None:
    assert svg.nice_step(span, most, integer=integer) == pytest.approx(step)


def test_ticks_are_the_multiples_inside_the_range() -> None:
    assert svg.ticks(0.5, 5.5, 2) == [2, 4]
    assert svg.ticks(0, 1.08, 0.2) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])


def test_histogram_bins_put_edges_in_the_upper_bin_and_everything_big_in_the_last() -> None:
    assert charts._bin_counts([0.0, 0.3, 0.7, 1.0, 0.99], 0.1, 10) == [1, 0, 0, 1, 0, 0, 0, 1, 0, 2]
    assert charts._bin_counts([0.25, 4.99, 12.0], 0.25, 20)[1] == 1
    assert charts._bin_counts([0.25, 4.99, 12.0], 0.25, 20)[19] == 2
