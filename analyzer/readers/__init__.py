"""Read a transcript file in any supported format into a :class:`Transcript`.

The rest of the program only calls :func:`read_transcript`. The format comes from
``--input-format`` when the user gives one, else from the file extension refined by the
content: exporters and users mislabel files (Otter and Teams both hand out ``.txt``
files that are really their own formats), and a ``.txt`` read as plain text would put
every timestamp line into the speech.

Each format has its own module with one ``read_<format>(text, path)`` function, pure
over the decoded text; a Word file is read from its bytes (:func:`_read_word`). Modules
are named so that none shadows the library or standard module it uses (``subrip`` uses
``srt``, and so on).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from analyzer.errors import InputError
from analyzer.readers.controls import without_controls
from analyzer.readers.csv_table import header_delimiter, read_csv
from analyzer.readers.docx_teams import docx_paragraphs, open_docx, read_teams_layout
from analyzer.readers.encoding import check_file, decode, read_bytes, read_text_file
from analyzer.readers.json_segments import read_json
from analyzer.readers.otter import parse_header, read_otter
from analyzer.readers.speakers import split_speaker
from analyzer.readers.subrip import read_srt
from analyzer.readers.text import read_text
from analyzer.readers.vtt import read_vtt
from analyzer.readers.word_tables import table_turns
from analyzer.transcript import MAX_TURN_CHARS, UNKNOWN_SPEAKER, Transcript, Utterance, merge_turns, printable_path

__all__ = ["FORMATS", "SUPPORTED_SUFFIXES", "checked_format", "detect_format", "read_transcript"]

#: Names accepted by ``--input-format``.
FORMATS: tuple[str, ...] = ("text", "vtt", "srt", "otter", "json", "csv", "docx")

#: File extension -> the format it suggests (content may still override a ``.txt``).
_SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".vtt": "vtt",
    ".srt": "srt",
    ".json": "json",
    ".csv": "csv",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_SUFFIX_FORMATS)

_TEXT_READERS: dict[str, Callable[[str, str | Path], list[Utterance]]] = {
    "text": read_text,
    "vtt": read_vtt,
    "srt": read_srt,
    "otter": read_otter,
    "json": read_json,
    "csv": read_csv,
}

NO_SPEAKERS_NOTE = f"no speaker names found; all text attributed to {UNKNOWN_SPEAKER}"
PARTLY_TIMED_NOTE = "times on only some turns; read without times, so talk time is not half-counted"
PARTLY_ENDED_NOTE = "end times on only some turns; read without end times, so talk time is not half-counted"
#: Formats that time each row on its own, so a file can have times on some rows only. Plain
#: text and Word tables apply the same rule as they read; subtitles time every cue.
_ROW_TIMED_FORMATS = frozenset({"csv", "json"})

# A cue timing line, WebVTT (``.``) or SubRip (``,``), zero padded or not.
_TIMING = r"(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}\s*-->"
_TIMING_RE = re.compile(rf"^\s*{_TIMING}", re.MULTILINE)
_SRT_START_RE = re.compile(rf"\A\s*\d+\s*\n\s*{_TIMING}")
_SRT_TIMING_RE = re.compile(r"^\s*\d+:\d{2}:\d{2},\d{1,3}\s*-->", re.MULTILINE)
_WORD = re.compile(r"\w")  # a letter or digit: what makes a turn speech, not just punctuation


NOT_A_TRANSCRIPT = ("has no speaker names and no times: nothing says it is a transcript rather than a document "
                    "(a memo, a letter); write each turn as 'Name: text', or add --single-speaker to read it all "
                    "as one speaker")
# A time at the start or the end of a line, where transcripts put them: ``00:01:02``,
# ``[00:01:02] Ben: ...``, ``(1:02)``, Otter's and Teams' ``Maria Lopez  0:03``, Rev's
# ``Speaker 1 (00:04):``. A time inside a sentence ("the huddle at 10:30 is") is a memo's too.
_LINE_TIME_RE = re.compile(r"^\s*[\[(]?(?:\d{1,3}:)?\d{1,2}:\d{2}\b|\b(?:\d{1,3}:)?\d{1,2}:\d{2}[\])]?:?\s*$",
                           re.MULTILINE)


def read_transcript(path: str | Path, input_format: str | None = None, data: bytes | None = None, *,
                    single_speaker: bool = False) -> Transcript:
    """Read the transcript at ``path``; ``input_format`` (one of FORMATS) skips detection.

    ``data`` is the file's bytes when the caller has read them already (the batch hashes
    exactly the bytes it scores; see :func:`analyzer.readers.encoding.read_bytes`).
    A plain-text or Word file with no speaker turn and no time anywhere is refused unless
    ``single_speaker``: see :func:`_refuse_documents`.

    Raises:
        InputError: the file is missing, unreadable, of an unsupported type, malformed,
            has no speech text, or reads as a document rather than a transcript.
    """
    if data is None:
        check_file(path)
    fmt = checked_format(input_format, path) if input_format is not None else None
    if fmt == "docx" or (fmt is None and _suffix_format(path) == "docx"):
        utterances, plain = _read_word(path, data)
        return _transcript(utterances, path, "docx", None if single_speaker else plain)
    text = read_text_file(path) if data is None else decode(data, path)
    fmt = fmt or detect_format(path, text)
    document = text if fmt == "text" and not single_speaker else None
    return _transcript(_TEXT_READERS[fmt](text, path), path, fmt, document)


def _refuse_documents(utterances: list[Utterance], text: str, path: str | Path) -> None:
    """Refuse a plain-text or Word file with no speaker turn and no time anywhere.

    Such a file was analysed as one ``Unknown`` speaker with exit code 0, so a budget memo
    or a letter in a folder of transcripts came out as a conversation, with figures, in
    ``summary.csv``. Formats that are transcripts by construction (subtitles, speech
    recogniser JSON, Otter) keep that reading; unlabelled speech in a text file is read so
    on purpose with ``--single-speaker``.
    """
    if all(u.speaker == UNKNOWN_SPEAKER and u.start is None for u in utterances) and not _LINE_TIME_RE.search(text):
        raise InputError(NOT_A_TRANSCRIPT, path)


def _read_word(path: str | Path, data: bytes | None = None) -> tuple[list[Utterance], str | None]:
    """A Word file: a table of turns, a Teams transcript, or else its paragraphs read as a
    text file of them would be.

    Trainers type role-plays up in Word, as a table or as ``Name: text`` paragraphs, and
    people paste exports into Word; refusing those as "no speech text" sent users to copy
    the text into a .txt file by hand. The tables of turns are read when they hold more
    words than the paragraphs: beside a script's table, paragraphs are a title or notes,
    and beside a conversation typed as paragraphs, a table lists actions or attendees.
    Teams files have no tables and read as before; one without speech is still refused.
    Read as plain text, each Word paragraph is a paragraph of the text (blank lines
    between), as Google Meet's time paragraphs need; that text is returned beside the
    turns, for :func:`_refuse_documents` (None when the file is read in another layout).
    """
    document = open_docx(read_bytes(path) if data is None else data, path)
    paragraphs = docx_paragraphs(document)
    lines = [line for paragraph in paragraphs for line in paragraph if line]
    turns = table_turns(document)
    if _words(u.text for u in turns) > _words(lines):
        return turns, None
    teams = read_teams_layout(lines)
    if teams is not None:
        return teams, None
    text = "\n\n".join("\n".join(paragraph) for paragraph in paragraphs)
    fmt = _sniff_plain(text)
    return _TEXT_READERS[fmt](text, path), text if fmt == "text" else None


def _words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


def detect_format(path: str | Path, text: str) -> str:
    """Return the format of a file from its extension, refined by its decoded ``text``.

    Rules, in order: ``.docx`` is docx; text starting with ``WEBVTT`` is vtt whatever
    the extension says; a ``.txt`` (or extension-less) file is json if it all parses as
    JSON, srt if it opens like a SubRip file, vtt if it has cue timings, csv if it opens
    with a ``speaker``/``text`` header, otter if Otter headers outnumber ``Name:`` lines
    near the top, else text; a ``.vtt`` without header but with SubRip timings is srt.
    Other extensions are an InputError that lists the supported ones.
    """
    fmt = _suffix_format(path)
    if fmt == "docx":
        return fmt
    if text.lstrip("\ufeff \t\n").startswith("WEBVTT"):
        return "vtt"
    if fmt == "text":
        return _sniff_plain(text)
    if fmt == "vtt" and _SRT_TIMING_RE.search(text):
        return "srt"
    return fmt


def checked_format(input_format: str, path: str | Path | None = None) -> str:
    """Validate an ``--input-format`` value (case-insensitive) against FORMATS.

    ``score`` checks it before any file, without a path: a typo would otherwise fail every
    file, and on a rerun replace every good result with that error.
    """
    fmt = input_format.strip().lower()
    if fmt not in FORMATS:
        raise InputError(
            f"unknown input format {input_format!r}; choose one of {', '.join(FORMATS)}",
            path,
        )
    return fmt


def _suffix_format(path: str | Path) -> str:
    """Map the extension to a format; a file without extension is treated as ``.txt``."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return "text"
    if suffix not in _SUFFIX_FORMATS:
        raise InputError(
            f"has an unsupported file type '{suffix}'; supported: "
            f"{' '.join(SUPPORTED_SUFFIXES)} (or name the format with --input-format "
            f"{'|'.join(FORMATS)})",
            path,
        )
    return _SUFFIX_FORMATS[suffix]


def _sniff_plain(text: str) -> str:
    """Tell SubRip, header-less WebVTT, CSV, Otter and JSON files apart from plain text."""
    if _is_json(text):  # a Whisper or turns file saved as .txt: read as text, its JSON was one "turn"
        return "json"
    if _SRT_START_RE.match(text) or _SRT_TIMING_RE.search(text):
        return "srt"
    if _TIMING_RE.search(text):
        return "vtt"
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if header_delimiter(first_line, "speaker", "text") is not None:  # Excel's "Unicode Text" is a .txt
        return "csv"
    if _looks_like_otter(text):
        return "otter"
    return "text"


def _is_json(text: str) -> bool:
    """Whole-file JSON with an object or list at the top. ``[00:01:02] Name:`` also opens
    with a bracket, and fails to parse at its third character."""
    if text.lstrip("\ufeff \t\r\n")[:1] not in ("{", "["):
        return False
    try:
        json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return False
    return True


#: Lines looked at to tell an Otter export from plain text.
_SNIFF_LINES = 40


def _looks_like_otter(text: str) -> bool:
    """More Otter block headers (``Name  0:03`` after a blank line) than ``Name:`` lines
    near the top: the export may open with a title line, and a plain transcript may have
    a title that happens to end in a time (``Standup 9:30``)."""
    headers = named = seen = 0
    block_start = True
    for line in text.splitlines():
        if not line.strip():
            block_start = True
            continue
        headers += block_start and parse_header(line) is not None
        named += split_speaker(line.strip())[0] is not None
        block_start, seen = False, seen + 1
        if seen >= _SNIFF_LINES:
            break
    return headers > named


#: Later than this is no meeting's time: most likely milliseconds read as seconds.
MAX_SECONDS = 7 * 24 * 3600


def _check_times(utterances: list[Utterance], path: str | Path) -> None:
    """Refuse times the figures cannot use: a turn that ends before it starts gives a
    negative talk time, and a huge one breaks the per-10-minute rates and the charts."""
    for number, u in enumerate(utterances, 1):
        if u.start is not None and u.end is not None and u.end < u.start:
            raise InputError(f"turn {number} ends before it starts ({u.start:g} s to {u.end:g} s)", path)
        latest = max(u.start or 0.0, u.end or 0.0)
        if latest > MAX_SECONDS:
            raise InputError(f"turn {number} has a time over a week ({latest:g} s); are the times in "
                             "milliseconds?", path)


def _transcript(utterances: list[Utterance], path: str | Path, fmt: str, document: str | None = None) -> Transcript:
    """Wrap the turns; a file that yields none is an error, not an empty analysis.

    ``document`` is the text of a file read as plain text, checked by :func:`_refuse_documents`.
    """
    utterances, control_notes = without_controls(utterances)
    if not any(_WORD.search(u.text) for u in utterances):  # none, or only punctuation ("...", "?")
        raise InputError("has no speech text", path)
    _check_times(utterances, path)
    longest = max(len(u.text) for u in utterances)
    if longest > MAX_TURN_CHARS:
        raise InputError(f"has a turn of {longest:,} characters, more than the {MAX_TURN_CHARS:,} a turn "
                         "can have; is it a transcript? (line breaks or speaker names split the turns)", path)
    if document is not None:
        _refuse_documents(utterances, document, path)
    utterances, time_notes = _whole_times(utterances) if fmt in _ROW_TIMED_FORMATS else (utterances, [])
    notes = control_notes + _notes(utterances) + time_notes
    return Transcript(utterances, source=printable_path(path), format=fmt, notes=notes)


def _whole_times(utterances: list[Utterance]) -> tuple[list[Utterance], list[str]]:
    """The turns with times only where every turn has them, and a note when some were dropped.

    Talk time counts only turns with a start and an end, so a CSV or JSON file timed on some
    rows gave their speakers all the talk time and the others none. As plain text files do,
    such a file is read without times; one whose turns all start but only some end keeps its
    starts (the timeline still places them) and loses its ends. Turns are merged again after,
    since a pause between two turns of one speaker was measured with the times dropped.
    """
    starts = [u.start is not None for u in utterances]
    ends = [u.end is not None for u in utterances]
    if any(starts) and not all(starts):
        return merge_turns([Utterance(u.speaker, u.text) for u in utterances]), [PARTLY_TIMED_NOTE]
    if all(starts) and any(ends) and not all(ends):
        return merge_turns([Utterance(u.speaker, u.text, u.start) for u in utterances]), [PARTLY_ENDED_NOTE]
    return utterances, []  # times on every turn, or on none: nothing is half-counted


def _notes(utterances: list[Utterance]) -> list[str]:
    """Notes for the user: currently only that no speaker names were found."""
    if all(u.speaker == UNKNOWN_SPEAKER for u in utterances):
        return [NO_SPEAKERS_NOTE]
    return []
