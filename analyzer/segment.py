"""Sentence splitting for unpunctuated speech-recogniser text.

spaCy's ``senter`` finds boundaries from punctuation and capitals; a lower-case turn with
no punctuation ("okay so what happened on tuesday have you spoken to sarah") comes back
as one long sentence, and one label for it would hide a question and an instruction.
This component adds boundaries inside such sentences only (punctuated text is left to
spaCy), using a small boundary classifier trained from the corpus's own sentences run
together without punctuation, real meeting speech (AMI) and the training split of the whole
conversations (``scripts/train_splitter.py``): a logistic regression over the words and tags
around each gap. It keeps every piece but the first at least ``MIN_PIECE`` tokens long. spaCy's own
trainable ``senter`` and a sequence decoder were tried and measured no better
(docs/segmentation.md).
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
MIN_TOKENS = 3  # shorter stretches are left alone
MIN_PIECE = 2  # never create a sentence shorter than this, except the first
#: The first piece may be a single word: a turn often opens with "okay", "yes", "mm" or "right" as a sentence.
MIN_FIRST_PIECE = 1
DEFAULT_THRESHOLD = 0.5
#: The component's registered name in the spaCy pipeline.
SPLITTER_COMPONENT = "analyzer_asr_splitter"


#: Words that often open a question when a sentence starts with them (with the next word's tag).
WH_WORDS = frozenset((
    "what", "when", "where", "which", "who", "whom", "whose", "why", "how",
))
AUX_WORDS = frozenset((
    "do", "does", "did", "have", "has", "had", "is", "are", "was", "were", "am", "can", "could", "would",
    "will", "shall", "should", "may", "might", "must", "dont", "doesnt", "didnt", "havent", "hasnt", "isnt",
    "arent", "wasnt", "werent", "cant", "couldnt", "wouldnt", "wont", "shouldnt",
))
#: Discourse markers that often open a new sentence in speech.
MARKERS = frozenset((
    "so", "okay", "ok", "right", "and", "then", "but", "well", "anyway", "alright", "now", "yeah", "yes",
    "no", "um", "uh", "actually", "because",
))


def _word_class(word: str) -> str:
    return "wh" if word in WH_WORDS else "aux" if word in AUX_WORDS else "mark" if word in MARKERS else "-"


def _bucket(distance: int) -> str:
    """Distance in tokens, coarse beyond four: long and short stretches split differently."""
    if distance < 5:
        return str(distance)
    return "5-6" if distance < 7 else "7-9" if distance < 10 else "10-14" if distance < 15 else "15+"


def gap_features(words: list[str], tags: list[str], i: int) -> list[str]:
    """Features of the gap before token ``i`` of a stretch, as strings for a feature hasher.

    Three words and tags before the gap and three after (a question after the gap often
    shows only in its second or third word: "have you spoken"), word and tag n-grams
    across the gap, whether the next words open a question (wh-word, auxiliary) or are a
    discourse marker ("so", "okay", "and then"), a repeated word (a false start, rarely a
    boundary), and the distance from the stretch's start and end (docs/segmentation.md
    compares these with the narrower window used before).
    """
    n = len(words)

    def at(seq: list[str], k: int) -> str:
        return seq[k] if 0 <= k < n else "<s>" if k < 0 else "</s>"

    w3, w2, w1, w0, w_1, w_2 = (at(words, i + o) for o in (-3, -2, -1, 0, 1, 2))
    t3, t2, t1, t0, t_1, t_2 = (at(tags, i + o) for o in (-3, -2, -1, 0, 1, 2))
    c0, c1 = _word_class(w0), _word_class(w_1)
    return [
        "w-3=" + w3, "w-2=" + w2, "w-1=" + w1, "w0=" + w0, "w+1=" + w_1, "w+2=" + w_2,
        "t-3=" + t3, "t-2=" + t2, "t-1=" + t1, "t0=" + t0, "t+1=" + t_1, "t+2=" + t_2,
        f"w-2w-1={w2}|{w1}", f"w-1w0={w1}|{w0}", f"w0w+1={w0}|{w_1}", f"w+1w+2={w_1}|{w_2}",
        f"w0w+1w+2={w0}|{w_1}|{w_2}", f"w-2w-1w0={w2}|{w1}|{w0}",
        f"t-1t0={t1}|{t0}", f"t0t+1={t0}|{t_1}", f"t-2t-1={t2}|{t1}",
        f"t-2t-1t0={t2}|{t1}|{t0}", f"t-1t0t+1={t1}|{t0}|{t_1}", f"t0t+1t+2={t0}|{t_1}|{t_2}",
        f"t-1w0={t1}|{w0}", f"w-1t0={w1}|{t0}",
        "c0c1=" + c0 + c1, f"c0t+1={c0}|{t_1}", "rep" if w0 == w1 else "norep",
        "from_start=" + _bucket(i), "to_end=" + _bucket(n - i),
    ]


def candidate_gaps(span: Span | Doc) -> list[int]:
    """Gaps (token indices within ``span``) where a new sentence may start.

    Only between words, never inside one ("do|nt"), leaving at least ``MIN_FIRST_PIECE``
    tokens before and ``MIN_PIECE`` after.
    """
    return [i for i in range(MIN_FIRST_PIECE, len(span) - MIN_PIECE + 1) if span[i - 1].whitespace_]


def keeps_pieces(i: int, last: int) -> bool:
    """Whether a start at ``i`` after one at ``last`` (0: the stretch's start) leaves a long enough piece."""
    return i - last >= (MIN_FIRST_PIECE if last == 0 else MIN_PIECE)


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
        features: list[list[str]] = []
        for doc in docs:
            for sent in [s for s in doc.sents if _unpunctuated(s)]:
                words, tags = span_words_tags(sent)
                positions = candidate_gaps(sent)
                gaps.append((doc, sent, positions))
                features.extend(gap_features(words, tags, i) for i in positions)
        if not features:
            return
        proba = iter(self.model.predict_proba(features)[:, 1].tolist())
        for doc, sent, positions in gaps:
            last = 0
            for i in positions:
                if next(proba) >= self.threshold and keeps_pieces(i, last):
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


@Language.factory(SPLITTER_COMPONENT, default_config={"model_path": None})
def make_splitter(nlp: Language, name: str, model_path: str | None) -> BoundarySplitter:
    """Factory so the component is registered by name and configured with its model file."""
    return load_splitter(model_path)
