"""Which whole conversations train, calibrate or test a model.

Splitting by conversation, never by sentence, keeps a conversation's voice and topic on one
side: sentences of one conversation on both sides would let the model remember the topic
and report a score that new transcripts never see. A hash of the id, not a random draw,
keeps every conversation on the same side whenever the data grows.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["train", "calibration", "test"]


def conversation_split(conversation_id: str) -> Split:
    """``train`` for 7 in 10 conversations, ``calibration`` for 1, ``test`` for 2, by id."""
    bucket = int(hashlib.sha256(conversation_id.strip().encode("utf-8")).hexdigest(), 16) % 10
    if bucket <= 6:
        return "train"
    return "calibration" if bucket == 7 else "test"
