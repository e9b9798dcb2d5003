"""Why a sentence got its label: the features that pushed it there, in words a trainer can use.

The classifier is linear, so a sentence's score for a label is a sum over its features of
value x weight. We report the largest terms for the predicted label, measured against the
average label (so a feature that raises every label equally does not count as a reason).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyzer.model_file import Model

TOP = 5


@dataclass(frozen=True)
class Reason:
    """One feature's push towards the predicted label."""

    feature: str
    weight: float

    def describe(self) -> str:
        kind, _, name = self.feature.partition("__")
        words = {"words": f'words "{name}"', "shape": f"opening {name}",
                 "cues": f"cue {name}"}
        return f"{words.get(kind, self.feature)} ({self.weight:+.2f})"


def explain_rows(model: Model, features: pd.DataFrame, top: int = TOP) -> list[list[Reason]]:
    """For each row, the ``top`` features that most favour its predicted label."""
    transform = model.pipeline[:-1]
    clf = model.pipeline[-1]
    X = transform.transform(features).tocsr()
    names = transform.get_feature_names_out()
    relative = _relative_weights(np.asarray(clf.coef_))
    predicted = clf.predict(X)
    classes = list(clf.classes_)
    out = []
    for i in range(X.shape[0]):
        row = X.getrow(i)
        weights = row.data * relative[classes.index(predicted[i]), row.indices]
        order = np.argsort(-weights)[:top]
        out.append([Reason(str(names[row.indices[j]]), float(weights[j])) for j in order if weights[j] > 0])
    return out


def _relative_weights(coef: np.ndarray) -> np.ndarray:
    """Each label's weights against the average label: one row per label, in ``classes_`` order.

    A two-label model keeps one row of weights, for the second label against the first.
    Split evenly, that is ``+w/2`` for the second and ``-w/2`` for the first, which is what
    the same model with one row per label would give measured against their average.
    """
    if coef.shape[0] == 1:
        return np.vstack([-coef[0] / 2, coef[0] / 2])
    return coef - coef.mean(axis=0)


def runner_up(model: Model, features: pd.DataFrame) -> list[tuple[str, float]]:
    """The second most likely label and its probability, per row."""
    proba = model.pipeline.predict_proba(features)
    second = np.argsort(-proba, axis=1)[:, 1]
    return [(str(model.pipeline.classes_[j]), float(proba[i, j])) for i, j in enumerate(second)]
