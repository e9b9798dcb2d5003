"""Which split a whole conversation belongs to: train, calibration or test.

Decided by a stable hash of the conversation id, not by a random draw or by file order, so
every script (training, calibration, evaluation, the splitter's benchmark) puts a
conversation in the same split on every machine and in every run, and a conversation added
later never moves the others. Whole conversations go to one split: sentences of one
conversation share speakers, topics and wording, and splitting inside one would leak.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["train", "calibration", "test"]

#: Split of each last digit of the hash (mod 10): 70% train, 10% calibration, 20% test.
SPLIT_OF_DIGIT: dict[int, Split] = {**dict.fromkeys(range(7), "train"), 7: "calibration", 8: "test", 9: "test"}


def conversation_split(conversation_id: str) -> Split:
    """``"train"``, ``"calibration"`` or ``"test"`` for a conversation id (e.g. ``"w1-017"``).

    sha256 of the id (UTF-8, surrounding spaces ignored), as an integer, mod 10: 0-6 train,
    7 calibration, 8-9 test.
    """
    digest = hashlib.sha256(conversation_id.strip().encode("utf-8")).hexdigest()
    return SPLIT_OF_DIGIT[int(digest, 16) % 10]
