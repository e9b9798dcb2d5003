"""Sentence splitting for unpunctuated speech-recogniser text.

spaCy's ``senter`` finds boundaries from punctuation and capitals; a lower-case turn with
no punctuation ("okay so what happened on tuesday have you spoken to sarah") comes back
as one long sentence, and one label for it would hide a question and an instruction.
This component adds boundaries inside such sentences only (punctuated text is left to
spaCy), using a small boundary classifier trained from the corpus's own sentences run
together without punctuation (``scripts/train_splitter.py``): a logistic regression over
the words and tags around each gap. It keeps every piece at least ``MIN_PIECE`` tokens long.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from sklearn.pipeline import Pipeline
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

FINAL_PUNCT = frozenset({".", "?", "!", "…"})
MIN_TOKENS = 6  # shorter stretches are left alone
MIN_PIECE = 2  # never create a sentence shorter than this
DEFAULT_THRESHOLD = 0.5


def gap_features(words: list[str], tags: list[str], i: int) -> dict[str, float]:
    """Features of the gap before token ``i``: the words and tags on either side."""

    def at(seq: list[str], k: int) -> str:
        return seq[k] if 0 <= k < len(seq) else "<s>" if k < 0 else "</s>"

    w = {o: at(words, i + o) for o in (-2, -1, 0, 1)}
    t = {o: at(tags, i + o) for o in (-2, -1, 0, 1)}
    return {
        f"w-2={w[-2]}": 1.0,
        f"w-1={w[-1]}": 1.0,
        f"w0={w[0]}": 1.0,
        f"w+1={w[1]}": 1.0,
        f"t-2={t[-2]}": 1.0,
        f"t-1={t[-1]}": 1.0,
        f"t0={t[0]}": 1.0,
        f"t+1={t[1]}": 1.0,
        f"w-1w0={w[-1]}|{w[0]}": 1.0,
        f"w0w+1={w[0]}|{w[1]}": 1.0,
        f"t-1t0={t[-1]}|{t[0]}": 1.0,
        f"t0t+1={t[0]}|{t[1]}": 1.0,
        f"t-2t-1t0={t[-2]}|{t[-1]}|{t[0]}": 1.0,
    }


def span_words_tags(span: Span | Doc) -> tuple[list[str], list[str]]:
    """Lower-cased words with apostrophes removed, and fine tags, of every token."""
    return [t.lower_.replace("'", "").replace("\u2019", "") for t in span], [t.tag_ for t in span]


def _unpunctuated(sent: Span) -> bool:
    return len(sent) >= MIN_TOKENS and not any(t.text in FINAL_PUNCT for t in sent)


class BoundarySplitter:
    """The pipeline component: adds sentence starts inside long unpunctuated sentences."""

    def __init__(self, model: Pipeline | None, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Split a batch of Docs with one classifier call for all their gaps.

        spaCy calls this from ``nlp.pipe``. A scikit-learn call has a fixed cost whatever its
        size, and one call per unpunctuated sentence made the splitter several times slower.
        """
        for batch in minibatch(docs, batch_size):
            if self.model is not None:
                self._split_batch(batch)
            yield from batch

    def _split_batch(self, docs: list[Doc]) -> None:
        gaps: list[tuple[Doc, Span, list[int]]] = []
        features: list[dict[str, float]] = []
        for doc in docs:
            for sent in [s for s in doc.sents if _unpunctuated(s)]:
                words, tags = span_words_tags(sent)
                positions = list(range(MIN_PIECE, len(sent) - MIN_PIECE + 1))
                gaps.append((doc, sent, positions))
                features.extend(gap_features(words, tags, i) for i in positions)
        if not features:
            return
        proba = iter(self.model.predict_proba(features)[:, 1].tolist())
        for doc, sent, positions in gaps:
            last = 0
            for i in positions:
                if next(proba) >= self.threshold and i - last >= MIN_PIECE:
                    doc[sent.start + i].is_sent_start = True
                    last = i


def load_splitter(path: str | Path | None) -> BoundarySplitter:
    """The component with its classifier and the threshold from its card.

    Without the model file the component does nothing: text is split by spaCy alone.
    """
    if not path or not Path(path).is_file():
        return BoundarySplitter(None)
    from analyzer.model_file import load_pipeline

    card = Path(path).with_name(Path(path).name.removesuffix(".skops") + ".card.json")
    threshold = (
        json.loads(card.read_text()).get("threshold", DEFAULT_THRESHOLD) if card.is_file() else DEFAULT_THRESHOLD
    )
    return BoundarySplitter(load_pipeline(path)[0], threshold)


@Language.factory("analyzer_asr_splitter", default_config={"model_path": None})
def make_splitter(nlp: Language, name: str, model_path: str | None) -> BoundarySplitter:
    """Factory so the component is registered by name and configured with its model file."""
    return load_splitter(model_path)
