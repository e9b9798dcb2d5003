"""The formula rule for written CSV files (OWASP's leading apostrophe) and its exact undoing."""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.safe_csv import escape_cell, escape_frame, frame_to_csv, unescape_cell, unescape_frame

FORMULAS = ['=HYPERLINK("http://evil.example","notes")', "@SUM(A1)", "-2+3", "+1", "\tx", "\rx",
            "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["What would help?", "it's fine", "a=b", "'quoted'", "", "e-mail"])
def test_other_text_is_written_as_it_is(text):
    assert escape_cell(text) == text


@pytest.mark.parametrize("text", [*FORMULAS, "'=x", "''@y", "What would help?", "'quoted'", "'"])
def test_reading_back_gives_the_original_text(text):
    assert unescape_cell(escape_cell(text)) == text


def test_the_one_ambiguity_a_hand_typed_apostrophe_before_a_formula_character():
    """Documented in docs/security.md: a sheet the analyzer did not write, with ``'=x`` meant literally."""
    assert unescape_cell("'=x") == "=x"
    assert escape_cell("'=x") == "''=x"  # what the analyzer itself writes for that text


def test_numbers_stay_numbers_and_headings_are_escaped_too():
    frame = pd.DataFrame({"text": ["=1+1", "ok"], "confidence": [-0.5, 0.25], "-col": ["a", "b"]})
    escaped = escape_frame(frame)
    assert escaped["text"].tolist() == ["'=1+1", "ok"]
    assert escaped["confidence"].tolist() == [-0.5, 0.25]
    assert list(escaped.columns) == ["text", "confidence", "'-col"]
    assert unescape_frame(escaped).equals(frame)
    assert frame_to_csv(frame).splitlines() == ["text,confidence,'-col", "'=1+1,-0.5,a", "ok,0.25,b"]
