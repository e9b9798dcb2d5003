"""The data every reader produces: a transcript is a list of speaker turns.

Readers only parse; they do not split sentences or classify. Times are seconds from the
start of the recording, or ``None`` when the format has none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

UNKNOWN_SPEAKER = "Unknown"
#: The longest turn the analyzer reads: spaCy's own default limit per text, far beyond
#: any one person's turn in a meeting. Anything longer is not a conversation (a book, a
#: log, a file with every line break lost), and spaCy would refuse it mid-analysis.
MAX_TURN_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Utterance:
    """One speaker turn: consecutive cues of one speaker are merged into one."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(slots=True)
class Transcript:
    """What a reader returns: the turns, the format it was read as, and reader notes.

    ``notes`` carries things the user should know but that are not errors, e.g. "no
    speaker names found; all text attributed to Unknown".
    """

    utterances: list[Utterance]
    source: str = ""  # the file, as text for reports and tables (see printable_path)
    format: str = ""
    notes: list[str] = field(default_factory=list)
    #: speaker -> role (manager, staff, other): set by analyzer.roles before labelling.
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def has_times(self) -> bool:
        return any(u.start is not None for u in self.utterances)


def printable_path(path: str | Path) -> str:
    """The path as text that any UTF-8 file or terminal can take.

    A file named on a system with another encoding (an old Windows share, a zip archive)
    can have a name whose bytes are not UTF-8; Python keeps such bytes as lone surrogates,
    which cannot be written to a CSV, JSON or HTML file. They are shown as ``\\xNN`` instead,
    so the name stays recognisable and one odd file name cannot stop a batch.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


#: A silence longer than this between two cues of one speaker ends the turn (seconds).
MAX_PAUSE_IN_TURN = 5.0


def merge_turns(utterances: list[Utterance]) -> list[Utterance]:
    """Merge consecutive utterances of one speaker into one turn.

    Subtitle formats cut a speaker's turn into many short cues; the classifier and the
    figures want the turn, so a cue boundary is not treated as a sentence boundary. A long
    silence after a finished sentence is: merged across it, the turn's time would count
    the silence as talk, and its sentences would be given times spread over the silence.
    (Unpunctuated speech-recogniser text never shows a finished sentence, so its turns
    still merge across silences.)
    """
    merged: list[Utterance] = []
    for u in utterances:
        text = " ".join(u.text.split())
        if not text:
            continue
        if merged and merged[-1].speaker == u.speaker and not _long_pause(merged[-1], u):
            prev = merged[-1]
            merged[-1] = Utterance(
                speaker=prev.speaker,
                text=f"{prev.text} {text}",
                start=prev.start if prev.start is not None else u.start,
                end=u.end if u.end is not None else prev.end,
            )
        else:
            merged.append(Utterance(u.speaker.strip() or UNKNOWN_SPEAKER, text, u.start, u.end))
    return merged


def _long_pause(before: Utterance, after: Utterance) -> bool:
    """A silence over :data:`MAX_PAUSE_IN_TURN` after a finished sentence. Mid-sentence
    (``go through a`` ... ``couple of your calls``) the turn goes on: cutting there would
    make two sentences, and two labels, of one."""
    if before.end is None or after.start is None or after.start - before.end <= MAX_PAUSE_IN_TURN:
        return False
    return before.text.rstrip().rstrip("\"')]”’").endswith(_SENTENCE_ENDS)


_SENTENCE_ENDS = (".", "?", "!", "…")
