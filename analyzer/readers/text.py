"""Plain text transcripts: one ``Name: text`` turn per line.

This is what people type or paste by hand, so it is the most forgiving format: a line
without a name continues the previous turn (wrapped lines, paragraphs), and a file with
no names at all is still read, as one Unknown speaker.
"""

from __future__ import annotations

from pathlib import Path

from analyzer.readers.speakers import lines_to_utterances
from analyzer.transcript import Utterance, merge_turns


def read_text(text: str, path: str | Path) -> list[Utterance]:
    """Read a plain text transcript; ``path`` is unused: plain text cannot be malformed."""
    del path
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return merge_turns(lines_to_utterances(lines))
