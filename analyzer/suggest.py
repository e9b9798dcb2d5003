"""Pick the sentences most worth labelling next: the ones the model is least sure of.

Sorted by confidence, then thinned so no two picks are near-copies (word n-gram cosine
above ``MAX_SIMILARITY``): ten versions of "okay so um" teach the model less than ten
different hard sentences. The output CSV has an empty ``act`` column to fill in and can be
passed straight back to ``analyzer train``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from analyzer.analyze import analyze_transcript
from analyzer.errors import InputError
from analyzer.model_file import Model
from analyzer.readers import read_transcript
from analyzer.readers.csv_table import header_delimiter
from analyzer.readers.speakers import match_speaker
from analyzer.roles import RoleSpec, apply_roles
from analyzer.transcript import Transcript, printable_path

MAX_SIMILARITY = 0.6
SUGGEST_COLUMNS = ("text", "act", "predicted_act", "predicted_style", "confidence", "speaker", "group", "file")
LABEL_COLUMNS = ("act", "style")


def _read_sheet(path: Path) -> pd.DataFrame | None:
    """A CSV with a ``text`` column (comma, semicolon or tab separated), else None."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    delimiter = header_delimiter(text.split("\n", 1)[0], "text")
    if delimiter is None:
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    return frame.rename(columns=lambda c: str(c).strip().casefold())


def is_label_sheet(path: Path) -> bool:
    """Does a CSV look like a labelled sheet (``act`` or ``predicted_act`` column), not a transcript?"""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open("rb") as handle:
            header = handle.readline(65536).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    return any(header_delimiter(header, name) is not None for name in ("act", "predicted_act"))


def without_label_sheets(files: Iterable[Path], named: Iterable[str]) -> tuple[list[Path], list[Path]]:
    """(transcripts, skipped sheets): CSVs found in folders or by patterns that are label sheets.

    Earlier ``suggest -o`` sheets often sit beside the transcripts; suggesting from them
    would offer sentences already labelled. A file named explicitly is always kept.
    """
    explicit = {Path(n).resolve() for n in named if Path(n).is_file()}
    kept, skipped = [], []
    for path in files:
        (skipped if path.resolve() not in explicit and is_label_sheet(path) else kept).append(path)
    return kept, skipped


def check_replaceable(path: Path, force: bool = False) -> None:
    """Refuse to replace a file holding work a person did, unless ``force``.

    ``suggest -o`` names a sheet people fill in by hand; rerunning the command with the
    same name must not wipe their labels. An unlabelled sheet (a previous run's) may go.
    """
    if force or not path.exists():
        return
    if path.is_dir():
        raise InputError("is a folder; -o names the CSV file to write", path)
    sheet = _read_sheet(path)
    if sheet is None:
        raise InputError("already exists and is not a sheet from `analyzer suggest`; pick another name for -o, "
                         "delete it, or add --force to replace it", path)
    cells = sum(int((sheet[c].str.strip() != "").sum()) for c in LABEL_COLUMNS if c in sheet.columns)
    if cells:
        raise InputError(f"already exists and holds {cells} label{'s' if cells > 1 else ''}; pick another name for "
                         "-o, delete it, or add --force to replace it", path)


def candidate_sentences(paths: Iterable[Path], model: Model, nlp,
                        on_error: Callable[[InputError], None], roles: RoleSpec | None = None,
                        speakers: Sequence[str] = ()) -> pd.DataFrame:
    """Every manager sentence of every readable transcript, with the model's act and confidence.

    The sheet asks for the manager's acts, so the sentences of staff (labelled with their own
    labels, not acts) are left out; ``roles`` says who the manager is (else it is guessed).
    ``speakers`` narrows it to those people (``--speaker``): without it 21 of 30 suggestions
    once came from staff. Each file keeps the named speakers it has; a file with none of
    them is skipped through ``on_error``.
    """
    frames = []
    for path in paths:
        try:
            transcript = apply_roles(read_transcript(path), roles, every_manager=False)
            chosen = _speakers_in(transcript, speakers)
            analysis = analyze_transcript(transcript, model, nlp, chosen)
        except InputError as exc:
            on_error(exc)
            continue
        managers = analysis.sentences[analysis.sentences["role"] == "manager"]
        frames.append(managers.assign(file=analysis.file, group=printable_path(Path(path).stem)))
    if not frames:
        who = f" with {', '.join(map(repr, speakers))} in them" if speakers else ""
        raise InputError(f"no readable transcripts{who} to suggest sentences from")
    return pd.concat(frames, ignore_index=True)


def _speakers_in(transcript: Transcript, wanted: Sequence[str]) -> list[str] | None:
    """The wanted speakers this transcript has, as it spells them; None for everyone."""
    if not wanted:
        return None
    present = list(dict.fromkeys(u.speaker for u in transcript.utterances))
    found = [name for name in (match_speaker(w, present) for w in wanted) if name is not None]
    if not found:
        raise InputError(f"has none of the speakers named by --speaker; its speakers are: {', '.join(present)}",
                         transcript.source)
    return list(dict.fromkeys(found))


def least_confident(sentences: pd.DataFrame, n: int, max_similarity: float = MAX_SIMILARITY) -> pd.DataFrame:
    """Up to ``n`` of the least confident sentences, skipping near-copies of earlier picks."""
    pool = sentences[sentences["text"].str.split().str.len() >= 2].sort_values("confidence", kind="stable")
    if pool.empty:
        return pool
    vectors = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(pool["text"].str.lower())
    chosen: list[int] = []
    for pos in range(len(pool)):
        if len(chosen) == n:
            break
        if chosen and (vectors[chosen] @ vectors[pos].T).max() > max_similarity:
            continue
        chosen.append(pos)
    return pool.iloc[chosen]


def to_label_sheet(picks: pd.DataFrame) -> pd.DataFrame:
    """The CSV a person fills in: empty ``act``, the model's guess beside it for reference."""
    sheet = pd.DataFrame({
        "text": picks["text"], "act": "", "predicted_act": picks["act"], "predicted_style": picks["style"],
        "confidence": picks["confidence"], "speaker": picks["speaker"], "group": picks["group"], "file": picks["file"],
    })
    return sheet[list(SUGGEST_COLUMNS)].reset_index(drop=True)
