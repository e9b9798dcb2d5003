"""The scikit-learn model: n-grams of normalised words beside named linguistic cues.

A linear model over sparse features is the right size for a few thousand labelled
sentences: it trains in seconds, cross-validates cheaply, is explainable word by word
(``analyzer explain``) and its probabilities are usable as confidences. Everything in the
pipeline is a stock scikit-learn type, so skops can load it without trusting custom code.
"""

from __future__ import annotations

from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MaxAbsScaler

from analyzer.cues import CUE_NAMES
from analyzer.features import CONTEXT_COLUMN, SHAPE_COLUMN, TEXT_COLUMN

#: The most frequent word n-grams the model keeps (see build_pipeline).
MAX_WORD_FEATURES = 50_000

#: Chosen by grouped cross-validation on the training split (scripts/tune.py).
DEFAULT_PARAMS: dict[str, object] = {
    "clf__C": 10.0,
    # Opening-pattern and cue blocks weighted down against the words: a stronger penalty
    # on them (+2.4 points act macro-F1 in grouped cross-validation). A block of tag
    # n-grams over the whole sentence added nothing at these weights and was dropped.
    "features__transformer_weights": {"words": 1.0, "shape": 0.1, "cues": 0.25, "context": 0.5},
}


def build_pipeline(use_cues: bool = True, use_context: bool = True, **params: object) -> Pipeline:
    """An unfitted classifier. ``use_cues=False`` gives the words-only baseline.

    ``use_context`` adds the tokens of :mod:`analyzer.context` (the sentence's turn and
    neighbours; ``none`` for a sentence seen alone).

    No character n-grams: they added about one point of cross-validated macro-F1 but cost
    ~70 µs a sentence, more than everything else after spaCy together (benchmarks/).
    """
    columns = [
        # The text is already lower-cased and split into words by spaCy: keep every word,
        # one-letter ones too ("i d" is how "I'd" arrives).
        # At most MAX_WORD_FEATURES n-grams: trained with AMI's 47,000 meeting utterances the
        # vocabulary reached 125,000 n-grams, a 104 MB model file unpacked (skops writes the
        # vocabulary as JSON), most of them seen twice in AMI and weighted near zero.
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, lowercase=False,
                                  token_pattern=r"\S+", max_features=MAX_WORD_FEATURES), TEXT_COLUMN),
    ]
    if use_cues:
        columns += [
            ("shape", CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True), SHAPE_COLUMN),
            ("cues", MaxAbsScaler(), list(CUE_NAMES)),
        ]
    if use_context:
        columns.append(("context", CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True),
                        CONTEXT_COLUMN))
    pipe = Pipeline([
        ("features", ColumnTransformer(columns, sparse_threshold=1.0)),
        ("clf", LogisticRegression(max_iter=3000, class_weight="balanced")),
    ])
    params = DEFAULT_PARAMS | params
    weights = params.pop("features__transformer_weights")
    used = {name for name, _, _ in columns}
    pipe.set_params(features__transformer_weights={k: v for k, v in weights.items() if k in used}, **params)
    return pipe
