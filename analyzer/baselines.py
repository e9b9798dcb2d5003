"""What a user might do without this tool, so the model has something honest to beat.

1. :class:`KeywordBaseline`: count question marks and a short list of directive phrases,
   the way a spreadsheet formula or a quick script would.
2. A bag-of-words model: the same classifier with the spaCy cues removed
   (``build_pipeline(use_cues=False)``), to show what the linguistic features add.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

LEADING = re.compile(r"\b(why don'?t you|have you (thought|tried|considered)|what about|how about|"
                     r"wouldn'?t it|don'?t you think|shouldn'?t you)\b", re.I)
INSTRUCTION = re.compile(r"\b(you (need|have|must|will) to|you must|make sure|please|i want you|i need you)\b", re.I)
ADVICE = re.compile(r"\b(you should|i'?d|i would|if i were you|maybe|you could|try)\b", re.I)
WH = re.compile(r"^\W*(what|how|why|when|where|who|which|tell me)\b", re.I)


class KeywordBaseline(ClassifierMixin, BaseEstimator):
    """Question marks and directive phrases to acts; learns nothing from data."""

    def fit(self, X: Iterable[str], y: Iterable[str] | None = None) -> KeywordBaseline:
        self.classes_ = np.array(sorted(set(y))) if y is not None else np.array([])
        return self

    def predict(self, X: Iterable[str]) -> np.ndarray:
        return np.array([self._act(text) for text in X], dtype=object)

    @staticmethod
    def _act(text: str) -> str:
        if LEADING.search(text):
            return "leading_question"
        if "?" in text:
            return "open_question" if WH.search(text) else "closed_question"
        if INSTRUCTION.search(text):
            return "instruction"
        if ADVICE.search(text):
            return "advice"
        return "information"
