import gc
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analyzer.cli import Stopped, app, main, stop_signals_interrupt
from analyzer.config import PROJECT_DIR, SAMPLES_DIR

runner = CliRunner()
SAMPLE = str(SAMPLES_DIR / "coaching_one_to_one.vtt")


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_analyze_table_is_readable():
    result = run("analyze", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "Priya Shah" in result.stdout and "Q:advice" in result.stdout and "open_question" in result.stdout


def test_the_docs_show_what_the_quick_start_command_prints(monkeypatch):
    """The README's first example is a user's first look at the tool: it must not drift.

    docs/figures.md shows the whole output; the README a shortened copy, in which every line
    but the '...' marking a cut is a line of the output, in the output's order.
    """
    monkeypatch.chdir(PROJECT_DIR)
    result = run("analyze", "data/samples/coaching_one_to_one.vtt")
    assert result.exit_code == 0, result.output
    figures = (PROJECT_DIR / "docs" / "figures.md").read_text(encoding="utf-8")
    assert f"```\n{result.stdout}```" in figures
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(data/samples/coaching_one_to_one\.vtt .*?)```", readme, re.DOTALL)
    assert block, "the README no longer shows what the quick start command prints"
    shown = [line for line in block.group(1).splitlines() if line != "..."]
    assert len(shown) >= 5 and any("Q:advice" in line for line in shown)
    output_lines = iter(result.stdout.splitlines())
    assert all(line in output_lines for line in shown)  # 'in' consumes the iterator: a subsequence


def test_the_docs_json_example_has_the_keys_analyze_writes():
    """docs/figures.md shows the --format json contract; a new key must not leave it stale."""
    result = run("analyze", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    figures = (PROJECT_DIR / "docs" / "figures.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", figures, re.DOTALL).group(1)
    shown_keys = set(re.findall(r'"(\w+)":', example))
    real_keys = set(data) | set(data["speakers"][0]) | set(data["sentences"][0])
    assert real_keys <= shown_keys | set(data["speakers"][0]["acts"])


def test_analyze_json_matches_the_contract(tmp_path):
    out = tmp_path / "out.json"
    result = run("analyze", SAMPLE, "--format", "json", "-o", str(out), "--speaker", "Priya Shah")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["file"] == SAMPLE
    assert [s["speaker"] for s in data["speakers"]] == ["Priya Shah"]
    assert sum(data["speakers"][0]["acts"].values()) == data["speakers"][0]["sentences"]
    assert len(data["sentences"]) == data["speakers"][0]["sentences"]


def test_analyze_csv_is_the_sentence_table():
    result = run("analyze", SAMPLE, "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "speaker,role,turn,text,act,style,staff_act,confidence,start,end,unsure"  # stdout: no BOM
    assert len(lines) > 50


@pytest.mark.parametrize("command", [["analyze", SAMPLE, "--format", "csv"], ["classify", "-"]])
def test_csv_files_start_with_the_mark_excel_needs_to_read_utf8(tmp_path, command):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, [*command, "-o", str(out)], input="Zoë, what would help?\n")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(out).columns[0] in ("speaker", "row")  # pandas skips the mark


@pytest.mark.parametrize(("content", "suffix", "message"), [
    (b"", ".txt", "is empty"),
    (b"\x00\x01\x02\xff\xfe\x00binary", ".txt", "not"),
    (b"Alex: hello", ".pdf", "--input-format"),
])
def test_bad_input_is_one_line_naming_the_file(tmp_path, content, suffix, message):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(path) in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_missing_model_are_clear(tmp_path):
    result = run("analyze", str(tmp_path / "nope.vtt"))
    assert result.exit_code == 2 and "nope.vtt" in result.stderr
    result = run("analyze", SAMPLE, "--model", str(tmp_path / "none.skops"))
    assert result.exit_code == 2 and "model file not found" in result.stderr


def test_classify_stdin_lines():
    result = run("classify", input="Tell me more about that. Send me the rota by Friday.\nThanks for coming in.\n")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(pd.io.common.StringIO(result.stdout))
    assert list(rows.columns) == ["row", "sentence", "act", "style", "confidence"]
    assert rows["row"].tolist() == [0, 0, 1]
    assert rows["act"].tolist()[1] == "instruction"


def test_classify_csv_keeps_other_columns(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": ["a", "b"], "utterance": ["What options have you considered?", ""]}).to_csv(src, index=False)
    result = run("classify", str(src), "--text-column", "utterance")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(pd.io.common.StringIO(result.stdout))
    assert list(rows.columns) == ["row", "id", "sentence", "act", "style", "confidence"]
    assert rows.to_dict("records")[0] | {"confidence": 0} == {
        "row": 0, "id": "a", "sentence": "What options have you considered?", "act": "open_question",
        "style": "coaching", "confidence": 0}


def test_classify_names_a_missing_column(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,words\n1,hello there\n")
    result = run("classify", str(src))
    assert result.exit_code == 2
    assert "has no column 'text'" in result.stderr and "--text-column" in result.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGTERM/SIGHUP semantics on this platform")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_stop_signals_interrupt_like_ctrl_c_inside_the_block_only(name):
    sig = getattr(signal, name)

    def own_handler(signum, frame):  # what the caller had: not ignored (pytest may run under nohup)
        pass

    previous = signal.signal(sig, own_handler)
    try:
        with pytest.raises(KeyboardInterrupt) as stop, stop_signals_interrupt():
            os.kill(os.getpid(), sig)
            time.sleep(5)  # the handler runs at once: this is never reached in full
        assert signal.getsignal(sig) is own_handler
    finally:
        signal.signal(sig, previous)

    assert isinstance(stop.value, Stopped) and stop.value.signum == sig and str(stop.value) == name


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_a_signal_set_to_be_ignored_stays_ignored():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with stop_signals_interrupt():
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.1)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_an_output_file_that_cannot_be_replaced_asks_if_it_is_open(tmp_path, monkeypatch):
    """Windows refuses to overwrite a CSV open in Excel; the message should name the likely cause."""
    out = tmp_path / "sentences.csv"
    out.write_text("last run's table\n", encoding="utf-8")

    def held_open(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", held_open)
    result = run("analyze", SAMPLE, "--format", "csv", "-o", str(out))

    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "sentences.csv: cannot write output (Permission denied; is it open in another program, such as Excel?)")


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path, option):
    transcript = tmp_path / "meeting.vtt"
    transcript.write_bytes(Path(SAMPLE).read_bytes())
    before = transcript.read_bytes()

    result = run("analyze", str(transcript), option, str(transcript))

    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "meeting.vtt: is an input of this command; writing the output there would overwrite it")
    assert transcript.read_bytes() == before


def test_one_file_for_both_the_output_and_the_report_is_refused(tmp_path):
    """The report was written second, over the JSON, without a word."""
    same = tmp_path / "same.out"
    result = run("analyze", SAMPLE, "-f", "json", "-o", str(same), "--html", str(same))
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "same.out: is named by both -o and --html; the report would replace the output")
    assert not same.exists()


def test_classify_and_suggest_refuse_to_overwrite_their_input(tmp_path):
    texts = tmp_path / "texts.txt"
    texts.write_text("What would help?\n", encoding="utf-8")
    transcript = tmp_path / "meeting.vtt"
    transcript.write_bytes(Path(SAMPLE).read_bytes())

    assert run("classify", str(texts), "-o", str(texts)).exit_code == 2
    assert run("suggest", str(tmp_path), "-o", str(transcript)).exit_code == 2
    assert texts.read_text(encoding="utf-8") == "What would help?\n"
    assert transcript.read_bytes() == Path(SAMPLE).read_bytes()


def test_suggest_refuses_to_replace_a_sheet_holding_labels(tmp_path):
    transcript = tmp_path / "meeting.vtt"
    transcript.write_bytes(Path(SAMPLE).read_bytes())
    sheet = tmp_path / "to_label.csv"
    labelled = "text,act,predicted_act\nHow was it?,open_question,advice\nOkay.,,other\n"
    sheet.write_text(labelled, encoding="utf-8")

    result = run("suggest", str(transcript), "-n", "3", "-o", str(sheet))

    assert result.exit_code == 2
    assert result.output.strip().endswith("to_label.csv: already exists and holds 1 label; pick another name for -o, "
                                          "delete it, or add --force to replace it")
    assert sheet.read_text(encoding="utf-8") == labelled
    assert run("suggest", str(transcript), "-n", "3", "-o", str(sheet), "--force").exit_code == 0
    assert "predicted_style" in sheet.read_text(encoding="utf-8-sig")
    assert run("suggest", str(transcript), "-n", "3", "-o", str(sheet)).exit_code == 0  # an unlabelled sheet may go


def test_suggest_skips_labelled_sheets_found_in_a_folder(tmp_path):
    folder = tmp_path / "meetings"
    folder.mkdir()
    (folder / "meeting.vtt").write_bytes(Path(SAMPLE).read_bytes())
    (folder / "round1.csv").write_text("text,act,predicted_act\nUNIQUE LABELLED SENTENCE HERE,other,other\n",
                                       encoding="utf-8")
    out = tmp_path / "next.csv"

    result = run("suggest", str(folder), "-n", "200", "-o", str(out))

    assert result.exit_code == 0, result.output
    assert "skipped 1 labelled sheet(s) found among the transcripts (round1.csv)" in result.output
    sheet = pd.read_csv(out, encoding="utf-8-sig")
    assert len(sheet) > 3 and not sheet["file"].str.endswith("round1.csv").any()


def test_train_prints_headline_metrics_readably(tmp_path):
    data = tmp_path / "ours.csv"
    rows = [f"Sentence {i} about {w}.,{a},g{i % 3}" for i, (w, a) in enumerate([("rotas", "other"),
                                                                               ("shifts", "instruction")] * 9)]
    data.write_text("text,act,group\n" + "\n".join(rows) + "\n", encoding="utf-8")

    result = run("train", str(data), "-o", str(tmp_path / "m.skops"), "--folds", "3")

    assert result.exit_code == 0, result.output
    assert re.search(r"^analyzer: cross-validated: act macro-F1 \d\.\d{3}, style macro-F1 \d\.\d{3}$", result.output,
                     re.MULTILINE)


def _model_trained_on(tmp_path, data: Path) -> Path:
    """The bundled model, with a card saying it was trained on ``data``."""
    from analyzer.config import DEFAULT_MODEL_PATH
    from analyzer.hashing import file_sha256
    from analyzer.model_file import card_path

    model = tmp_path / "ours" / "model.skops"
    model.parent.mkdir()
    model.write_bytes(Path(DEFAULT_MODEL_PATH).read_bytes())
    card = json.loads(card_path(DEFAULT_MODEL_PATH).read_text(encoding="utf-8"))
    card["training_data"] = [{"file": data.name, "sha256": file_sha256(data), "rows": 4}]
    card_path(model).write_text(json.dumps(card), encoding="utf-8")
    return model


def test_evaluate_scores_only_held_out_rows_and_warns_on_training_files(tmp_path):
    data = tmp_path / "filled.csv"
    data.write_text("text,act,split\nWhat would help you most?,open_question,train\nSend it by Friday.,instruction,"
                    "train\nThanks for coming in.,other,test\nDid you send it?,closed_question,test\n",
                    encoding="utf-8")
    model = _model_trained_on(tmp_path, data)

    held_out = run("evaluate", str(data), "--model", str(model), "-f", "json")
    assert held_out.exit_code == 0, held_out.output
    assert "scoring the 2 rows with split=test (held out from training); --all-rows scores all 4" in held_out.output
    assert "training files" not in held_out.output

    every = run("evaluate", str(data), "--model", str(model), "--all-rows")
    assert every.exit_code == 0 and "n=4" in every.output
    assert "analyzer: warning: filled.csv is one of this model's training files" in every.output


@pytest.mark.parametrize("args", [
    ["evaluate", str(SAMPLES_DIR / "gold" / "coaching_one_to_one.csv"), "-f", "csv"],  # it only has table and json
    ["explain", "What would help?", "--top", "-3"],
    ["explain", "What would help?", "--top", "0"],
])
def test_options_a_command_cannot_honour_are_refused(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "invalid value" in result.output


@pytest.mark.parametrize(("args", "line"), [
    (["analyze", "x.vtt", "--format", "xlsx"],
     "analyzer: error: analyze: invalid value for '--format' / '-f': 'xlsx' is not one of 'table', 'json', 'csv' "
     "(see: analyzer analyze --help)"),
    (["analyze"], "analyzer: error: analyze: missing argument 'file' (see: analyzer analyze --help)"),
    (["score", "in", "-o", "out", "--jobs", "0"], "analyzer: error: score: invalid value for '--jobs' / '-j':"),
    (["suggest", "in", "-o", "out.csv", "--bogus"], "analyzer: error: suggest: no such option: --bogus"),
    (["train", "a.csv", "--folds", "x"], "analyzer: error: train: invalid value for '--folds':"),
    (["anlyze", "x.vtt"], "analyzer: error: no such command 'anlyze'"),
])
def test_a_usage_error_is_one_line_like_every_other_error(args, line):
    """Typer drew these as a six-line box with the usage above it (issue 25)."""
    result = runner.invoke(app, args, prog_name="analyzer")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(line), result.stderr


def test_no_arguments_still_shows_the_help():
    result = runner.invoke(app, [], prog_name="analyzer")
    assert "analyze" in result.output and "score" in result.output and "Usage" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--explain"], "--explain adds reasons to --format json or csv"),
    (["--explain", "--html", "r.html"], "--explain adds reasons to --format json or csv"),
    (["--no-text"], "--no-text applies to the --html report"),
])
def test_analyze_refuses_options_that_would_silently_do_nothing(args, message, tmp_path, monkeypatch):
    """A user who asked for reasons, or for a report without text, must not get silence."""
    monkeypatch.chdir(tmp_path)
    result = run("analyze", SAMPLE, *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()  # refused before any work


def test_analyze_explain_with_json_is_accepted(tmp_path):
    result = run("analyze", SAMPLE, "--explain", "--format", "csv", "--no-text", "--html", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.output
    assert "reasons" in result.stdout.splitlines()[0]


def test_the_command_freezes_what_is_left_so_python_exits_without_walking_it(monkeypatch):
    """Python's shutdown would run full collections over spaCy, scikit-learn and pandas."""
    monkeypatch.setattr(sys, "argv", ["analyzer", "--help"])
    handler = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as stopped:
            main()
        assert stopped.value.code == 0
        assert gc.get_freeze_count() > 0
        # Ctrl-C while the exit handlers run is not a traceback in them.
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        gc.unfreeze()
        signal.signal(signal.SIGINT, handler)


def test_analyze_alternatives_adds_the_column_and_the_list():
    plain = run("analyze", str(SAMPLES_DIR / "directive_one_to_one.srt"), "-f", "csv")
    with_alt = run("analyze", str(SAMPLES_DIR / "directive_one_to_one.srt"), "-f", "csv", "--alternatives")
    table = run("analyze", str(SAMPLES_DIR / "directive_one_to_one.srt"), "--alternatives")
    assert plain.exit_code == with_alt.exit_code == table.exit_code == 0
    assert "alternative" not in plain.stdout.splitlines()[0]
    assert with_alt.stdout.splitlines()[0].endswith(",alternative")
    assert "Coaching alternatives (" in table.stdout and "instead: " in table.stdout


def test_analyze_takes_manager_rename_and_roles(tmp_path):
    """The role options reach the output; a name the file lacks is one line listing its speakers."""
    missing = run("analyze", SAMPLE, "--manager", "Rachel")
    assert missing.exit_code == 2
    assert "--manager 'Rachel': no speaker of that name; speakers are: Priya Shah, Daniel Okafor" in missing.stderr
    assert "Traceback" not in missing.stderr
    result = run("analyze", SAMPLE, "--rename", "Daniel Okafor=Dan", "--manager", "Dan", "--format", "json")
    assert result.exit_code == 0, result.output
    roles = {s["speaker"]: s["role"] for s in json.loads(result.stdout)["speakers"]}
    assert roles == {"Priya Shah": "staff", "Dan": "manager"}
    sheet = tmp_path / "roles.csv"
    sheet.write_text(f"file,speaker,role\n{Path(SAMPLE).name},Priya Shah,other\n", encoding="utf-8")
    table = run("analyze", SAMPLE, "--roles", str(sheet))
    assert table.exit_code == 0 and "--roles names no role for Daniel Okafor: counted as staff" in table.stdout


def test_a_memo_is_refused_in_one_line_and_single_speaker_reads_it():
    """A Word memo was analysed as a conversation of one Unknown speaker, exit 0 (issue 25)."""
    memo = str(PROJECT_DIR / "tests" / "fixtures" / "transcripts" / "memo.docx")
    refused = run("analyze", memo)
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith("add --single-speaker to read it all as one speaker")
    assert len(refused.stderr.splitlines()) == 1
    read = run("analyze", memo, "--single-speaker", "--format", "json")
    assert read.exit_code == 0, read.output
    assert [s["speaker"] for s in json.loads(read.stdout)["speakers"]] == ["Unknown"]


def test_csv_output_escapes_formulas_and_carries_no_escape_codes(tmp_path):
    """Issue 26: ``=HYPERLINK`` reached the CSV as it was, and terminal escapes reached stdout."""
    transcript = tmp_path / "meeting.csv"
    transcript.write_text('speaker,text\n@Ann,"=HYPERLINK(""http://evil.example"",""notes"") is the link."\n'
                          'Bob,"-2+3 is five. \x1b]0;owned\x07Thanks."\n', encoding="utf-8")

    result = run("analyze", str(transcript), "--format", "csv")

    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    lines = result.output.splitlines()
    assert any(line.startswith("'@Ann,") and ",\"'=HYPERLINK(" in line for line in lines)
    assert any(line.startswith("Bob,") and ",'-2+3 is five." in line for line in lines)


class _DiskFullHalfway:
    """A file whose write stores half the text, then fails as a full disk does."""

    def __init__(self, fh):
        self.fh = fh

    def write(self, text):
        self.fh.write(text[: len(text) // 2])
        self.fh.flush()
        raise OSError(28, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_a_full_disk_keeps_the_previous_output_whole(tmp_path, monkeypatch, option):
    """``analyze -o`` and ``--html`` left a truncated file in place of the last one: now written atomically."""
    import pathlib

    out = tmp_path / ("report.html" if option == "--html" else "figures.txt")
    out.write_text("last run's output, whole\n", encoding="utf-8")
    real_fdopen, real_open = os.fdopen, pathlib.Path.open
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _DiskFullHalfway(real_fdopen(*a, **k)))
    monkeypatch.setattr(pathlib.Path, "open", lambda self, *a, **k: _DiskFullHalfway(real_open(self, *a, **k))
                        if self.name == out.name else real_open(self, *a, **k))

    result = run("analyze", SAMPLE, option, str(out))

    assert result.exit_code == 2
    assert f"{out.name}: cannot write output (No space left on device)\n" in result.output
    assert out.read_text(encoding="utf-8") == "last run's output, whole\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left behind


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="POSIX devices")
def test_output_to_a_device_is_written_to_not_replaced():
    """The atomic rename must not replace /dev/null with a regular file."""
    result = run("analyze", SAMPLE, "--format", "csv", "-o", "/dev/null")

    assert result.exit_code == 0, result.output
    assert Path("/dev/null").is_char_device()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_analyze_refuses_a_fifo_with_one_line_instead_of_hanging(tmp_path):
    fifo = tmp_path / "meeting.txt"
    os.mkfifo(fifo)

    result = run("analyze", str(fifo))

    assert result.exit_code == 2
    assert result.output.strip().endswith("meeting.txt: is a FIFO (named pipe), not a regular file; only files "
                                          "can be read")


def test_analyze_moments_lists_them_after_the_figures_with_a_question_instead():
    table = run("analyze", SAMPLE, "--moments")
    data = run("analyze", SAMPLE, "--moments", "--format", "json")
    plain = run("analyze", SAMPLE, "--format", "json")
    assert table.exit_code == data.exit_code == plain.exit_code == 0, table.output + data.output
    moments = json.loads(data.stdout)["conversation"]["missed_moments"]
    assert moments and table.stdout.count("A coaching question instead: ") == len(moments)
    assert table.stdout.index("reflect:Q = ") < table.stdout.index(f"Missed coaching moments ({len(moments)}, ")
    for number, moment in enumerate(moments, 1):
        assert moment["alternative"] and f"A coaching question instead: {moment['alternative']}" in table.stdout
        assert {"staff_row", "manager_row", "time"} <= set(moment)  # the figures' keys, as before
        staff, manager = moment["staff_turn"], moment["manager_turn"]
        assert (staff["role"], manager["role"]) == ("staff", "manager")
        said = {s["row"]: s for s in manager["sentences"]}[moment["manager_row"]]
        assert said["act"] in ("advice", "instruction", "leading_question")
        assert f"{number}. " in table.stdout and f"{said['act']}: {said['text'][:30]}" in table.stdout
    without = json.loads(plain.stdout)["conversation"]["missed_moments"]
    assert [m["alternative"] for m in without] == [None] * len(moments)  # made only when asked for: a parser
    assert [m["staff_turn"] for m in without] == [m["staff_turn"] for m in moments]

    # docs/coaching-alternatives.md shows this list; the questions may be reworded (the frames are
    # tuned apart from this), every other line is what the command prints, in its order.
    page = (PROJECT_DIR / "docs" / "coaching-alternatives.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(Missed coaching moments \(.*?)```", page, re.DOTALL)
    assert block, "docs/coaching-alternatives.md no longer shows what analyze --moments prints"
    shown = block.group(1).splitlines()
    printed = table.stdout.splitlines()
    start = printed.index(shown[0])
    assert len(shown) > 10 and len(printed) > start + len(shown) - 1
    for doc_line, line in zip(shown, printed[start:start + len(shown)], strict=True):
        question = "A coaching question instead: "
        assert doc_line.split(question)[0] == line.split(question)[0]


def test_analyze_moments_without_anyone_managed_says_why(tmp_path):
    notes = tmp_path / "monologue.txt"
    notes.write_text("You should ring Sam today. Then send me the figures.\n", encoding="utf-8")
    result = run("analyze", str(notes), "--single-speaker", "--moments")
    assert result.exit_code == 0, result.output
    assert "No missed coaching moments: no one in the conversation is being managed (no staff speaker)" \
        in result.stdout


def test_analyze_moments_refuses_the_csv_which_has_no_room_for_them():
    result = run("analyze", SAMPLE, "--moments", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("analyzer: error: --moments lists the moments on the table") \
        and len(result.stderr.splitlines()) == 1


def test_train_command_leaves_the_outside_weight_to_the_training_share():
    """The CLI does not import analyzer.train (it would slow every command's start-up), so its
    help spells the share out: a change to one must reach the other."""
    import inspect

    from analyzer import cli
    from analyzer.train import OUTSIDE_SHARE

    assert inspect.signature(cli.train).parameters["outside_weight"].default is None
    result = run("train", "--help")
    assert f"{OUTSIDE_SHARE:.0%}" in " ".join(result.stdout.split())


def test_train_fit_on_says_its_default_and_refuses_an_unknown_split_in_one_line(tmp_path):
    from analyzer.train import DEFAULT_FIT_ON

    assert f"Default: {DEFAULT_FIT_ON}." in re.sub(r"[│\s]+", " ", run("train", "--help").stdout)  # rich's box
    result = run("train", "data/conversations", "--label-column", "staff_act", "--fit-on", "everything",
                 "-o", str(tmp_path / "model.skops"))
    assert result.exit_code != 0 and "--fit-on everything" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not (tmp_path / "model.skops").exists()
