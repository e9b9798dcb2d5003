"""analyzer compare on small generated score folders: matching, unmatched participants,
mixed models refused, and cohorts with a known built-in change (or none)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analyzer.batch.store import (
    FIGURE_COLUMNS,
    RESULT_SCHEMA,
    prepare_outdir,
    rebuild_outputs,
    write_dashboard,
    write_json,
)
from analyzer.compare import (
    MIN_COUNT,
    cohort_change,
    compare_sides,
    read_roles,
    read_side,
    run_compare,
)
from analyzer.errors import InputError

MODEL_A, MODEL_B = "a" * 64, "b" * 64


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch):
    """The generated folders are throwaway: skip the flush to disk every atomic write makes."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def speaker_row(speaker: str, questions: int, advice: int, coaching: int, directive: int, open_q: int,
                **extra) -> dict:
    row = dict.fromkeys(FIGURE_COLUMNS)
    row |= {"speaker": speaker, "questions": questions, "advice": advice, "style_coaching": coaching,
            "style_directive": directive, "act_open_question": open_q, "notes": "", **extra}
    return row


def score_folder(folder: Path, files: dict[str, list[dict]], model: str | dict[str, str] = MODEL_A) -> Path:
    """A score output folder as `analyzer score` leaves it: one result per file, then the tables."""
    prepare_outdir(folder)
    for n, (file, rows) in enumerate(files.items()):
        stem = f"f{n}"
        (folder / "sentences" / f"{stem}.csv").write_text("file\n", encoding="utf-8")
        chosen = model[file] if isinstance(model, dict) else model
        write_json(folder / "results" / f"{stem}.json", {
            "schema": RESULT_SCHEMA, "status": "ok", "file": file, "key": {"content_sha256": f"{n:064d}",
                                                                           "model_sha256": chosen},
            "sentences_file": f"sentences/{stem}.csv", "report_file": None, "rows": rows})
    rebuild_outputs(folder)
    return folder


def test_matching_by_name_and_unmatched_participants_listed(tmp_path):
    before = score_folder(tmp_path / "b", {
        "w1/priya.vtt": [speaker_row("Priya Shah", 4, 8, 5, 8, 2), speaker_row("Dan", 0, 0, 0, 0, 0)],
        "w1/tom.vtt": [speaker_row("Tom Reed", 3, 6, 3, 6, 1)],
    })
    after = score_folder(tmp_path / "a", {
        "w8/priya.vtt": [speaker_row("priya  SHAH", 9, 3, 10, 3, 6)],
        "w8/ann.vtt": [speaker_row("Ann Lee", 5, 5, 5, 5, 2)],
    })
    result = compare_sides(read_side(before), read_side(after))
    assert [p.name for p in result.matched] == ["Priya Shah"]
    priya = result.matched[0]
    assert priya.change("question_share") == pytest.approx(9 / 12 - 4 / 12, abs=1e-4)
    assert priya.change("coaching_share") == pytest.approx(10 / 13 - 5 / 13, abs=1e-4)
    assert priya.change("open_question_share") == pytest.approx(6 / 9 - 2 / 4, abs=1e-4)
    assert {name for name, _ in result.only_before} == {"Dan", "Tom Reed"}
    assert [name for name, _ in result.only_after] == ["Ann Lee"]


def test_roles_file_matches_participants_and_leaves_out_staff(tmp_path):
    before = score_folder(tmp_path / "b", {"w1/one.vtt": [speaker_row("P. Shah", 4, 8, 5, 8, 2),
                                                          speaker_row("Dan", 3, 3, 3, 3, 1),
                                                          speaker_row("Eve", 3, 3, 3, 3, 1)]})
    after = score_folder(tmp_path / "a", {"w8/one.vtt": [speaker_row("Priya Shah", 9, 3, 10, 3, 6),
                                                         speaker_row("Dan", 1, 1, 1, 1, 1)]})
    roles = tmp_path / "roles.csv"
    roles.write_text("file,speaker,role,participant\none.vtt,P. Shah,manager,Priya\none.vtt,Dan,staff,\n"
                     "w8/one.vtt,Priya Shah,manager,priya\n", encoding="utf-8")
    result = compare_sides(read_side(before), read_side(after), read_roles(roles))
    assert [p.name for p in result.matched] == ["Priya"]
    assert not result.only_before and not result.only_after  # Eve: in a file the roles file covers, not named
    unlisted = compare_sides(read_side(before), read_side(after))
    assert {name for name, _ in unlisted.only_before} == {"P. Shah", "Eve"}


def test_different_models_refused(tmp_path):
    before = score_folder(tmp_path / "b", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]}, MODEL_A)
    after = score_folder(tmp_path / "a", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]}, MODEL_B)
    with pytest.raises(InputError, match="different models"):
        run_compare(before, after, tmp_path / "out")
    assert not (tmp_path / "out" / "compare.csv").exists()


def test_a_folder_scored_with_two_models_refused(tmp_path):
    mixed = score_folder(tmp_path / "b", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)],
                                          "y.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]},
                         {"x.vtt": MODEL_A, "y.vtt": MODEL_B})
    assert set(pd.read_csv(mixed / "summary.csv")["model_hash"]) == {MODEL_A, MODEL_B}
    with pytest.raises(InputError, match="2 different models"):
        read_side(mixed)


def test_a_folder_without_results_refused(tmp_path):
    empty = tmp_path / "empty"
    prepare_outdir(empty)
    with pytest.raises(InputError, match="no scored transcripts") as caught:
        read_side(empty)
    assert "\n" not in str(caught.value)


def test_not_enough_to_say_is_left_out_with_a_note(tmp_path):
    before = score_folder(tmp_path / "b", {"x.vtt": [speaker_row("A", 1, 1, 4, 4, 1)]})
    after = score_folder(tmp_path / "a", {"y.vtt": [speaker_row("A", 6, 2, 6, 2, 3)]})
    person = compare_sides(read_side(before), read_side(after)).matched[0]
    assert person.change("question_share") is None  # 2 questions and advice before, fewer than MIN_COUNT
    assert MIN_COUNT > 2
    assert "before: not enough to say" in person.note("question_share")
    assert person.change("coaching_share") == pytest.approx(0.25)
    assert person.change("solution_ownership") is None
    assert "not available" in person.note("missed_coaching_moments_per_10_min")


def test_conversation_figures_compared_when_summary_has_them(tmp_path):
    before = score_folder(tmp_path / "b", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]})
    after = score_folder(tmp_path / "a", {"y.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]})
    for folder, (own, missed) in ((before, (0.2, 3.0)), (after, (0.5, 1.0))):
        summary = pd.read_csv(folder / "summary.csv")
        summary["solution_ownership"], summary["missed_coaching_moments_per_10_min"] = own, missed
        summary.to_csv(folder / "summary.csv", index=False)
    person = compare_sides(read_side(before), read_side(after)).matched[0]
    assert person.change("solution_ownership") == pytest.approx(0.3)
    assert person.change("missed_coaching_moments_per_10_min") == pytest.approx(-2.0)


def cohort(tmp_path: Path, effect: float, n: int = 16, sentences: int = 60, seed: int = 1) -> tuple[Path, Path]:
    """Two score folders of ``n`` managers whose coaching tendency moves by ``effect``, with
    binomial noise from ``sentences`` coaching-or-directive sentences per side."""
    rng = np.random.default_rng(seed)
    sides: dict[str, dict[str, list[dict]]] = {"before": {}, "after": {}}
    for i in range(n):
        base = rng.uniform(0.2, 0.5)
        for side, p in (("before", base), ("after", base + effect)):
            coaching = int(rng.binomial(sentences, p))
            questions = int(rng.binomial(sentences, p))
            sides[side][f"{side}/m{i}.vtt"] = [speaker_row(
                f"Manager {i}", questions, sentences - questions, coaching, sentences - coaching,
                int(rng.binomial(max(questions, 1), p)) if questions else 0)]
    return (score_folder(tmp_path / "before", sides["before"]), score_folder(tmp_path / "after", sides["after"]))


def _cohort_figure(tmp_path: Path, effect: float, key: str = "coaching_share"):
    before, after = cohort(tmp_path, effect)
    result = compare_sides(read_side(before), read_side(after))
    return next(f for f in result.cohort if f.key == key)


def test_a_built_in_improvement_is_found(tmp_path):
    fig = _cohort_figure(tmp_path, 0.25)
    assert fig.n == 16
    assert 0.15 < fig.median < 0.35
    assert 0 < fig.ci_low < fig.median < fig.ci_high
    assert fig.p_value < 0.01


def test_no_change_gives_an_interval_around_zero(tmp_path):
    fig = _cohort_figure(tmp_path, 0.0)
    assert fig.ci_low < 0 < fig.ci_high
    assert fig.p_value > 0.05


def test_a_change_smaller_than_its_noise_is_not_claimed(tmp_path):
    fig = _cohort_figure(tmp_path, 0.02)  # the binomial noise of a share of 60 sentences is about 0.06
    assert fig.ci_low < 0 < fig.ci_high


def test_cohort_change_by_hand():
    fig = cohort_change("x", [0.1, 0.2, 0.3, 0.4, 0.5])
    assert fig.median == 0.3
    assert 0.1 <= fig.ci_low <= fig.median <= fig.ci_high <= 0.5
    assert fig.p_value == pytest.approx(0.0625)  # all five positive: 2 / 2**5, exact
    assert cohort_change("x", [0.0, 0.0, 0.0]).p_value == 1.0
    assert cohort_change("x", [0.2]).ci_low is None


def test_outputs_and_dashboard_link(tmp_path):
    before, after = cohort(tmp_path, 0.25, n=4)
    write_dashboard(after)
    assert "data-compare" not in (after / "index.html").read_text(encoding="utf-8")
    out = tmp_path / "out"
    result = run_compare(before, after, out)
    table = pd.read_csv(result.csv, keep_default_na=False)
    assert set(table["kind"]) == {"participant", "cohort"}
    assert len(table[table["kind"] == "participant"]) == 4 * 5
    assert table.loc[table["kind"] == "cohort", "n"].tolist()[:3] == ["4", "4", "4"]
    page = result.html.read_text(encoding="utf-8")
    assert page.count('<svg class="chart slope"') == 3  # the three shares; the conversation figures are absent
    assert 'data-figure="coaching_share"' in page and "http" not in page.split("<body", 1)[1].replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    (after / "compare.html").write_text("x", encoding="utf-8")  # compared into the same folder
    write_dashboard(after)
    assert 'href="compare.html" data-compare="1"' in (after / "index.html").read_text(encoding="utf-8")


def test_transcript_folder_is_not_a_file(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        run_compare(stray, stray, tmp_path / "out")


def test_command_says_one_line_for_mixed_models(tmp_path):
    from typer.testing import CliRunner

    from analyzer.cli import app

    before = score_folder(tmp_path / "b", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]}, MODEL_A)
    after = score_folder(tmp_path / "a", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]}, MODEL_B)
    result = CliRunner().invoke(app, ["compare", str(before), str(after), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("analyzer: error: BEFORE and AFTER were scored with different")


def test_command_writes_both_outputs(tmp_path):
    from typer.testing import CliRunner

    from analyzer.cli import app

    before, after = cohort(tmp_path, 0.25, n=5)
    result = CliRunner().invoke(app, ["compare", str(before), str(after), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "5 participant(s) on both sides, 0 on one side only" in result.output
    assert (tmp_path / "out" / "compare.csv").is_file() and (tmp_path / "out" / "compare.html").is_file()


def test_a_model_other_than_the_one_that_scored_is_refused(tmp_path):
    before = score_folder(tmp_path / "b", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]}, MODEL_A)
    after = score_folder(tmp_path / "a", {"x.vtt": [speaker_row("A", 4, 4, 4, 4, 2)]}, MODEL_A)
    other = tmp_path / "other.skops"
    other.write_bytes(b"not the model that scored them")
    with pytest.raises(InputError, match="not the --model given"):
        run_compare(before, after, tmp_path / "out", model=other)
