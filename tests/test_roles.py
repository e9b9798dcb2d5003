"""Roles and names: --manager, --rename, --roles, and the guess when none is given."""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.config import SAMPLES_DIR
from analyzer.errors import InputError
from analyzer.readers import read_transcript
from analyzer.roles import RoleSpec, apply_roles, parse_renames, read_roles_file
from analyzer.transcript import Transcript, Utterance


@pytest.mark.parametrize("row", pd.read_csv(SAMPLES_DIR / "MANIFEST.csv").to_dict("records"), ids=lambda r: r["file"])
def test_the_guess_names_every_samples_manager_in_a_note(row):
    transcript = apply_roles(read_transcript(SAMPLES_DIR / row["file"]))
    assert [s for s, r in transcript.roles.items() if r == "manager"] == [row["manager"]]
    assert any(n.startswith(f"manager guessed: {row['manager']} (") and "--manager" in n for n in transcript.notes)


def diarised() -> Transcript:
    return Transcript([Utterance("SPEAKER_01", "Hi."), Utterance("SPEAKER_00", "What would help you most?"),
                       Utterance("SPEAKER_01", "A weekly slot."), Utterance("SPEAKER_02", "Can I add something?"),
                       Utterance("SPEAKER_00", "Thanks both.")], "call.json", "json")


def test_a_label_saying_manager_beats_questions():
    transcript = Transcript([Utterance("Employee", "What's this about?"), Utterance("Manager", "Your rota."),
                             Utterance("Employee", "Why me?")], "x.txt")
    assert apply_roles(transcript).roles == {"Employee": "staff", "Manager": "manager"}


def test_manager_option_sets_roles_and_a_missing_name_lists_the_speakers():
    transcript = apply_roles(diarised(), RoleSpec(managers=("speaker_01",)))
    assert transcript.roles == {"SPEAKER_01": "manager", "SPEAKER_00": "staff", "SPEAKER_02": "staff"}
    with pytest.raises(InputError, match=r"--manager 'Rachel': no speaker of that name; speakers are: "
                                         r"SPEAKER_01, SPEAKER_00, SPEAKER_02"):
        apply_roles(diarised(), RoleSpec(managers=("Rachel",)))


def test_in_a_batch_one_of_the_managers_is_enough():
    spec = RoleSpec(managers=("SPEAKER_00", "Someone Else"))
    assert apply_roles(diarised(), spec, every_manager=False).roles["SPEAKER_00"] == "manager"
    with pytest.raises(InputError, match="none of the managers"):
        apply_roles(diarised(), RoleSpec(managers=("Nobody",)), every_manager=False)


def test_rename_and_merge_with_a_note():
    spec = RoleSpec(renames=parse_renames(['SPEAKER_00="Rachel Adeyemi"', "SPEAKER_02=SPEAKER_01"]),
                    managers=("Rachel Adeyemi",))
    transcript = apply_roles(diarised(), spec)
    assert [u.speaker for u in transcript.utterances] == ["SPEAKER_01", "Rachel Adeyemi", "SPEAKER_01",
                                                          "Rachel Adeyemi"]
    assert transcript.utterances[2].text == "A weekly slot. Can I add something?"  # merged into one turn
    assert any("SPEAKER_01 was already a speaker" in n for n in transcript.notes)
    with pytest.raises(InputError, match="OLD=NEW"):
        parse_renames(["SPEAKER_00"])
    with pytest.raises(InputError, match="speakers are: SPEAKER_01"):
        apply_roles(diarised(), RoleSpec(renames=(("SPEAKER_9", "X"),)))


def test_roles_file(tmp_path):
    sheet = tmp_path / "roles.csv"
    sheet.write_text("file,speaker,role,participant\ncall.json,SPEAKER_00,manager,Rachel Adeyemi\n"
                     "call.json,SPEAKER_02,other,\nother.vtt,Ann,manager,\n", encoding="utf-8")
    transcript = apply_roles(diarised(), RoleSpec(table=read_roles_file(sheet)))
    assert transcript.roles == {"Rachel Adeyemi": "manager", "SPEAKER_02": "other", "SPEAKER_01": "staff"}
    assert any("no role for SPEAKER_01" in n for n in transcript.notes)
    sheet.write_text("file,speaker,role\ncall.json,SPEAKER_00,boss\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: each row needs a file, a speaker and a role"):
        read_roles_file(sheet)


def test_an_other_speaker_is_kept_but_counted_for_neither_side(model, nlp, staff_model, tmp_path):
    from analyzer.analyze import analyze_file

    sheet = tmp_path / "roles.csv"
    sheet.write_text("file,speaker,role\ncoaching_one_to_one.csv,Daniel Okafor,other\n"
                     "coaching_one_to_one.csv,Priya Shah,manager\n", encoding="utf-8")
    result = analyze_file(SAMPLES_DIR / "coaching_one_to_one.csv", model=model, nlp=nlp, staff_model=staff_model,
                          roles=RoleSpec(table=read_roles_file(sheet)))
    other = result.sentences[result.sentences["role"] == "other"]
    assert len(other) and other[["act", "style", "staff_act"]].isna().all().all()
    daniel = next(f for f in result.speakers if f["speaker"] == "Daniel Okafor")
    assert daniel["role"] == "other" and daniel["acts"] is None and daniel["staff_acts"] is None
    assert daniel["talk_share"] > 0
    assert result.conversation["solution_ownership"] is None  # nobody is being managed
