"""Control characters out of transcript text, as it is read.

A transcript is text someone else made. An escape sequence in it (``ESC [ 2 J`` clears a
terminal, others retitle the window or, on some terminals, write files) went through
to ``analyze --format csv`` on stdout and to every table. No speech needs a control
character, so all of them except tab and newline are removed when the file is read, and
the transcript says so in a note: nothing downstream (tables, reports, the terminal)
then ever carries them.
"""

from __future__ import annotations

import re

from analyzer.transcript import Utterance, merge_turns

#: C0 controls but tab and newline (``\r`` is already a newline), DEL and the C1 controls
#: (``\x9b`` is a one-byte "ESC [" on many terminals).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTROLS_NOTE = "removed {count:,} control character{s} (such as terminal escape codes) from the text"


def strip_controls(text: str) -> tuple[str, int]:
    """``text`` without control characters, and how many there were."""
    return CONTROL_RE.subn("", text)


def without_controls(utterances: list[Utterance]) -> tuple[list[Utterance], list[str]]:
    """The turns with control characters removed from speakers and text, and a note if any were."""
    removed, cleaned = 0, []
    for u in utterances:
        speaker, in_speaker = strip_controls(u.speaker)
        text, in_text = strip_controls(u.text)
        removed += in_speaker + in_text
        cleaned.append(Utterance(speaker, text, u.start, u.end) if in_speaker or in_text else u)
    if not removed:
        return utterances, []
    # Merged again: a speaker name that differed only by an escape code is now one speaker.
    return merge_turns(cleaned), [CONTROLS_NOTE.format(count=removed, s="" if removed == 1 else "s")]
