"""What one run of ``analyzer serve`` holds: the uploaded transcripts' analyses, in memory.

The web layer stays thin: an upload is read by the CLI's readers, analysed by the CLI's
:func:`~analyzer.analyze.analyze_transcript`, and every change the user makes (a corrected
label, a renamed speaker) edits the per-sentence table and recomputes the figures with
:func:`analyzer.figures.summarize`, the function behind every table, JSON file and report.

Uploaded bytes touch the disk only inside the run's private temporary folder (mode 0700),
for as long as the reader needs a path, and the folder is removed when the server stops.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analyzer.analyze import Analysis
from analyzer.errors import InputError
from analyzer.figures import SENTENCE_COLUMNS, conversation_figures, summarize
from analyzer.labels import ACT_STYLE, ACTS
from analyzer.moments import with_alternatives
from analyzer.readers import read_transcript
from analyzer.readers.encoding import MAX_FILE_BYTES
from analyzer.reports.data import CSV_ENCODING
from analyzer.transcript import Transcript

#: Longest speaker name the page accepts: longer is a paste gone wrong, not a name.
MAX_NAME_CHARS = 200
#: A user's label, in the downloaded CSV, is certain: it sorts first among the examples
#: quoted on a speaker's card and is never marked "unsure".
CORRECTED_CONFIDENCE = 1.0


def too_large(size: int, limit: int = MAX_FILE_BYTES, *, known: bool = True) -> str:
    """The reader's words for a file over the limit (``known=False``: the upload was cut off
    once it passed the limit, so its size is only known to be more)."""
    size_words = f"{size / 2**20:,.0f} MB" if known else f"more than {limit / 2**20:,.0f} MB"
    return f"is {size_words}, too large for a transcript (the limit is {limit / 2**20:,.0f} MB)"


@dataclass
class Upload:
    """One uploaded transcript: its current analysis and which labels the user chose."""

    id: str
    name: str
    analysis: Analysis
    corrected: set[int] = field(default_factory=set)


def safe_file_name(name: str) -> str:
    """The uploaded name as a plain file name that keeps its extension (which tells the
    reader the format); folders, odd characters and a leading dot are flattened."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:80] or "transcript"
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix)[:10].lower()
    return f"{stem}.{suffix}" if suffix else stem


class Workspace:
    """The uploads of one server run and the private folder their bytes pass through."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="analyzer-serve-"))  # mkdtemp: mode 0700
        self.uploads: dict[str, Upload] = {}

    def read_upload(self, data: bytes, name: str) -> Transcript:
        """Read uploaded bytes with the CLI's readers; errors name the uploaded file."""
        path = self.folder / f"{secrets.token_hex(8)}-{safe_file_name(name)}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            transcript = read_transcript(path)
        except InputError as exc:
            raise InputError(exc.problem, name) from None
        finally:
            path.unlink(missing_ok=True)
        transcript.source = name
        return transcript

    def add(self, analysis: Analysis) -> Upload:
        """Keep an analysis under a new id; a name already taken gets a number, so the
        dashboard and the downloads tell two uploads of ``meeting.vtt`` apart."""
        taken = {u.name for u in self.uploads.values()}
        name, n = analysis.file, 1
        while name in taken:
            n += 1
            name = f"{analysis.file} ({n})"
        analysis.file = name
        upload = Upload(secrets.token_urlsafe(9), name, analysis)
        self.uploads[upload.id] = upload
        return upload

    def get(self, upload_id: str) -> Upload:
        try:
            return self.uploads[upload_id]
        except KeyError:
            raise InputError("no such transcript here (the server was restarted, or it was removed)") from None

    def close(self) -> None:
        """Forget every upload and remove the folder (the server is stopping)."""
        self.uploads.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def correct_label(upload: Upload, index: int, act: str, *, questions: bool = True) -> None:
    """Set sentence ``index``'s act (and so its style) as the user says, and recompute the figures
    (the conversation's too: a correction can make or undo a missed coaching moment, which gets
    a coaching question when ``questions``)."""
    table = upload.analysis.sentences
    if act not in ACT_STYLE:
        raise InputError(f"{act!r} is not an act; acts are: {', '.join(ACTS)}", upload.name)
    if not 0 <= index < len(table):
        raise InputError(f"there is no sentence {index}", upload.name)
    row = table.index[index]
    table.loc[row, ["act", "style", "confidence"]] = [act, ACT_STYLE[act], CORRECTED_CONFIDENCE]
    if "unsure" in table.columns:  # the model's own flag, where the model gives one: the user is sure
        table.loc[row, "unsure"] = False
    upload.corrected.add(index)
    upload.analysis.speakers = summarize(table)
    upload.analysis.conversation = recount_conversation(upload.analysis.conversation, table, questions)


def recount_conversation(before: dict[str, Any], table: pd.DataFrame, questions: bool = True) -> dict[str, Any]:
    """The conversation's figures and missed moments after a correction.

    A question already made for a moment whose telling sentence is unchanged is kept, so a
    correction parses only the sentence of a moment it creates (:func:`with_alternatives`).
    """
    rows = table.reindex(columns=list(SENTENCE_COLUMNS)).itertuples(index=False, name=None)
    fresh = conversation_figures(list(rows))
    made = {m.get("manager_row"): m.get("alternative") for m in before.get("missed_moments", [])}
    made = {row: text for row, text in made.items() if text}
    fresh["missed_moments"] = [m | ({"alternative": made[m["manager_row"]]} if m["manager_row"] in made else {})
                               for m in fresh["missed_moments"]]
    return with_alternatives(fresh, table) if questions else fresh


def rename_speakers(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The table with speakers renamed (``old -> new``); two speakers given one name become one.

    Only names the table has are renamed; new names are stripped and must not be empty.
    """
    present = set(table["speaker"])
    changes = {}
    for old, new in names.items():
        new = " ".join(str(new).split())
        if old not in present or new == old:
            continue
        if not new:
            raise InputError(f"the new name for {old!r} is empty")
        if len(new) > MAX_NAME_CHARS:
            raise InputError(f"the new name for {old!r} is longer than {MAX_NAME_CHARS} characters")
        changes[old] = new
    return table.assign(speaker=table["speaker"].map(lambda s: changes.get(s, s)))


def rename(upload: Upload, names: dict[str, str]) -> None:
    """Rename speakers in an upload and recompute its figures."""
    upload.analysis.sentences = rename_speakers(upload.analysis.sentences, names)
    upload.analysis.speakers = summarize(upload.analysis.sentences)


def labelled_csv(upload: Upload) -> bytes:
    """Every sentence with its label in ``act`` (the user's where they chose one, marked
    ``corrected`` = 1), as a file ``analyzer train`` reads as it is."""
    table = upload.analysis.sentences.reset_index(drop=True)
    corrected = [int(i in upload.corrected) for i in range(len(table))]
    return table.assign(corrected=corrected).to_csv(index=False).encode(CSV_ENCODING)
