"""End to end: every bundled sample transcript, each format, against its gold acts."""

import gc
import weakref

import pandas as pd
import pytest

from analyzer.analyze import analyze_file, loaded_objects_frozen
from analyzer.config import SAMPLES_DIR
from analyzer.errors import InputError
from analyzer.labels import ACT_STYLE, ADVICE_ACTS, QUESTION_ACTS
from tests.conftest import gold_of

MANIFEST = pd.read_csv(SAMPLES_DIR / "MANIFEST.csv")
CLEAN = ["coaching_one_to_one", "directive_one_to_one", "team_meeting_mixed"]


def manager_figures(file: str, manager: str) -> dict:
    result = analyze_file(SAMPLES_DIR / file)
    return next(f for f in result.speakers if f["speaker"] == manager)


@pytest.mark.parametrize("row", MANIFEST.to_dict("records"), ids=MANIFEST["file"].tolist())
def test_question_and_advice_counts_are_close_to_gold(row):
    gold = gold_of(row["conversation"])
    acts = gold[gold["speaker"] == row["manager"]]["act"]
    want_q, want_a = int(acts.isin(QUESTION_ACTS).sum()), int(acts.isin(ADVICE_ACTS).sum())
    got = manager_figures(row["file"], row["manager"])
    assert abs(got["questions"] - want_q) <= max(4, 0.3 * want_q), (got["questions"], want_q)
    assert abs(got["advice"] - want_a) <= max(4, 0.3 * want_a), (got["advice"], want_a)


@pytest.mark.parametrize("conversation", CLEAN)
def test_every_format_of_a_conversation_gives_the_same_figures(conversation):
    rows = MANIFEST[MANIFEST["conversation"] == conversation]
    figures = [manager_figures(r.file, r.manager) for r in rows.itertuples()]
    keys = ("sentences", "words", "acts", "questions", "advice", "question_to_advice_ratio")
    assert len(rows) >= 2
    assert all({k: f[k] for k in keys} == {k: figures[0][k] for k in keys} for f in figures)


def test_coaching_and_directive_conversations_are_told_apart():
    coaching = manager_figures("coaching_one_to_one.vtt", "Priya Shah")
    directive = manager_figures("directive_one_to_one.srt", "Gary Walsh")
    assert coaching["question_to_advice_ratio"] > 2 > 1 > directive["question_to_advice_ratio"]
    for got, conversation, manager in ((coaching, "coaching_one_to_one", "Priya Shah"),
                                       (directive, "directive_one_to_one", "Gary Walsh")):
        gold = gold_of(conversation)
        styles = gold[gold["speaker"] == manager]["act"].map(ACT_STYLE).value_counts()
        want = styles["coaching"] / (styles["coaching"] + styles["directive"])
        assert got["coaching_share"] == pytest.approx(want, abs=0.15)


@pytest.mark.parametrize("conversation", CLEAN)
def test_most_manager_sentences_get_their_gold_act(conversation):
    row = MANIFEST[MANIFEST["conversation"] == conversation].iloc[0]
    result = analyze_file(SAMPLES_DIR / row["file"])
    gold = gold_of(conversation)
    gold = gold[gold["speaker"] == row["manager"]]
    predicted = result.sentences[result.sentences["speaker"] == row["manager"]]
    assert predicted["text"].tolist() == gold["sentence"].tolist()  # same sentence boundaries
    accuracy = (predicted["act"].to_numpy() == gold["act"].to_numpy()).mean()
    assert accuracy >= 0.7, accuracy


def test_sentence_times_fall_inside_their_turn():
    result = analyze_file(SAMPLES_DIR / "coaching_one_to_one.csv")
    gold = gold_of("coaching_one_to_one").groupby("turn").agg(start=("start", "first"), end=("end", "first"))
    merged = result.sentences.merge(gold.add_suffix("_turn"), left_on="turn", right_index=True)
    assert (merged["start"] >= merged["start_turn"] - 1e-6).all()
    assert (merged["end"] <= merged["end_turn"] + 1e-6).all()
    assert merged["start"].is_monotonic_increasing


def test_speaker_filter_is_case_insensitive_and_unknown_names_are_listed():
    result = analyze_file(SAMPLES_DIR / "team_meeting_mixed.txt", speakers=["helen carter"])
    assert [f["speaker"] for f in result.speakers] == ["Helen Carter"]
    assert set(result.sentences["speaker"]) == {"Helen Carter"}
    with pytest.raises(InputError, match="no speaker named 'Nobody'; speakers are: Helen Carter"):
        analyze_file(SAMPLES_DIR / "team_meeting_mixed.txt", speakers=["Nobody"])


def test_json_contract_has_every_key():
    data = analyze_file(SAMPLES_DIR / "coaching_one_to_one.vtt").to_dict()
    speaker = data["speakers"][0]
    for key in ("speaker", "sentences", "words", "talk_share", "acts", "styles", "questions", "advice",
                "question_to_advice_ratio", "coaching_share", "open_question_share",
                "reflection_to_question_ratio"):
        assert key in speaker, key
    assert len(speaker["acts"]) == 9
    assert set(data["sentences"][0]) == {"speaker", "role", "turn", "text", "act", "style", "staff_act", "confidence",
                                         "start", "end", "unsure"}
    assert speaker["role"] == "manager" and data["speakers"][1]["role"] == "staff"
    for key in ("solution_ownership", "coaching_loops", "staff_commitments", "missed_coaching_moments", "notes"):
        assert key in data["conversation"], key


@pytest.mark.parametrize("label_batch", [1, 100_000], ids=["label-per-transcript", "label-all-at-once"])
def test_a_stream_of_transcripts_gives_what_each_gives_alone(nlp, model, monkeypatch, label_batch):
    """Batch scoring streams many transcripts through spaCy and the classifier at once;
    each must come out exactly as if analysed on its own, whatever the batching."""
    from analyzer import analyze as analyze_module
    from analyzer.analyze import analyze_transcript, analyze_transcripts
    from analyzer.readers import read_transcript
    from analyzer.transcript import Transcript

    files = ["team_meeting_mixed.txt", "coaching_one_to_one.vtt", "directive_one_to_one.srt"]
    transcripts = [read_transcript(SAMPLES_DIR / f) for f in files]
    transcripts.insert(1, Transcript([], source="silent.txt", format="text"))
    speakers = [None, None, ["priya shah"], None]
    alone = [analyze_transcript(t, model, nlp, s) for t, s in zip(transcripts, speakers, strict=True)]
    monkeypatch.setattr(analyze_module, "LABEL_BATCH", label_batch)

    streamed = list(analyze_transcripts(zip(transcripts, speakers, strict=True), model, nlp))

    assert [a.file for a in streamed] == [t.source for t in transcripts]
    for one, many in zip(alone, streamed, strict=True):
        assert many.speakers == one.speakers
        pd.testing.assert_frame_equal(many.sentences, one.sentences)
    assert len(streamed[1].sentences) == 0 and streamed[1].speakers == []
    assert [f["speaker"] for f in streamed[2].speakers] == ["Priya Shah"]  # each keeps its own --speaker


def test_loaded_objects_are_frozen_only_while_the_body_runs():
    """The collector skips what was loaded, and a notebook gets its collector back after."""
    loaded = object.__new__(type("Loaded", (), {}))  # a collector-tracked object, alive before the body
    assert gc.get_freeze_count() == 0
    with loaded_objects_frozen():
        assert gc.get_freeze_count() > 0
        assert not any(obj is loaded for g in range(3) for obj in gc.get_objects(g))
    assert gc.get_freeze_count() == 0
    assert any(obj is loaded for obj in gc.get_objects())


def test_what_the_body_leaves_in_cycles_is_collected_before_the_objects_are_handed_back():
    """A worker freezes and unfreezes once per run of files; garbage not collected in
    between would be frozen again with the next run, and the worker would keep growing."""
    gc.disable()  # only the explicit collections count
    try:
        with loaded_objects_frozen():
            cycle = type("Node", (), {})()
            cycle.itself = cycle
            alive = weakref.ref(cycle)
            del cycle
        assert alive() is None
    finally:
        gc.enable()


def test_a_freeze_already_in_place_is_left_as_it_is():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with loaded_objects_frozen():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
