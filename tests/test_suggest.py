import pandas as pd

from analyzer.config import SAMPLES_DIR
from analyzer.suggest import SUGGEST_COLUMNS, candidate_sentences, least_confident, to_label_sheet


def test_least_confident_sentences_first_and_no_near_copies():
    sentences = pd.DataFrame({
        "text": ["okay so what now then", "okay so what now then right", "send me the rota by friday please",
                 "how did the night shift go for you", "thanks for coming in today"],
        "confidence": [0.30, 0.31, 0.40, 0.95, 0.99],
    })
    picks = least_confident(sentences, 3)
    assert picks["text"].tolist() == ["okay so what now then", "send me the rota by friday please",
                                      "how did the night shift go for you"]


def test_label_sheet_from_real_transcripts_is_ready_to_train(nlp, model):
    errors = []
    files = [SAMPLES_DIR / "team_meeting_mixed.txt", SAMPLES_DIR / "asr_call_centre.vtt"]
    found = candidate_sentences([*files, SAMPLES_DIR / "MANIFEST.md"], model, nlp, errors.append)
    assert len(errors) == 1 and "MANIFEST.md" in str(errors[0])
    sheet = to_label_sheet(least_confident(found, 10))
    assert list(sheet.columns) == list(SUGGEST_COLUMNS)
    assert len(sheet) == 10 and (sheet["act"] == "").all()
    assert sheet["confidence"].is_monotonic_increasing
    assert sheet["confidence"].max() <= found["confidence"].sort_values().iloc[len(found) // 2]


def test_speaker_keeps_only_what_the_named_people_said(nlp, model):
    """suggest once picked 21 of 30 sentences from staff (issue 25): --speaker names the manager."""
    errors = []
    files = [SAMPLES_DIR / "team_meeting_mixed.txt", SAMPLES_DIR / "asr_call_centre.vtt"]
    found = candidate_sentences(files, model, nlp, errors.append, speakers=["helen carter"])
    assert set(found["speaker"]) == {"Helen Carter"}  # matched without case, kept as the file spells it
    everyone = candidate_sentences(files[:1], model, nlp, errors.append)
    assert len(found) == (everyone["speaker"] == "Helen Carter").sum()
    assert (everyone["role"] == "manager").all()  # staff sentences are never offered for acts
    assert len(errors) == 1 and "asr_call_centre.vtt" in str(errors[0]) and "none of the speakers" in str(errors[0])
    sheet = to_label_sheet(least_confident(found, 10))
    assert set(sheet["speaker"]) == {"Helen Carter"}
