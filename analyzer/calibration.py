"""Probabilities you can count on: temperature scaling of the fitted classifier.

A logistic regression trained with balanced class weights on a few thousand sentences is
over-confident on new speech, and a "confidence" that says 0.9 when it is right 70% of the
time would make the unsure mark, and any figure built on probabilities, meaningless. One
temperature ``T``, fitted on whole conversations kept apart for it (neither trained on nor in
the test split), divides every logit (Guo et al., 2017, "On Calibration of Modern Neural
Networks"). It is folded into the model's own weights (``coef_ / T``, ``intercept_ / T``), so
the calibrated model is the same plain scikit-learn pipeline, loads as safely as before and
costs nothing at run time. Dividing by one number never changes which label wins, so every
label and figure stays what the uncalibrated model said; only the confidences change.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax
from sklearn.pipeline import Pipeline

#: Bounds of the search: below 0.05 or above 20 the calibration data is telling us something
#: is wrong (too few rows, or labels from another scheme), not how to scale.
T_BOUNDS = (0.05, 20.0)


def fit_temperature(logits: np.ndarray, labels: Sequence[str], classes: Sequence[str]) -> float:
    """The temperature minimising the negative log-likelihood of ``labels``."""
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[lab] for lab in labels])

    def nll(t: float) -> float:
        return float(-log_softmax(logits / t, axis=1)[np.arange(len(y)), y].mean())

    return float(minimize_scalar(nll, bounds=T_BOUNDS, method="bounded").x)


def apply_temperature(pipeline: Pipeline, temperature: float) -> None:
    """Divide the final linear classifier's weights by ``temperature``, in place."""
    clf = pipeline.steps[-1][1]
    clf.coef_ = clf.coef_ / temperature
    clf.intercept_ = clf.intercept_ / temperature


def expected_calibration_error(proba: np.ndarray, labels: Sequence[str], classes: Sequence[str],
                               bins: int = 10) -> float:
    """Weighted mean gap between confidence and accuracy over equal-width confidence bins."""
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[lab] for lab in labels])
    confidence, predicted = proba.max(axis=1), proba.argmax(axis=1)
    correct = predicted == y
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            gap += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(gap)


def unsure_threshold(proba: np.ndarray, share: float) -> float:
    """The confidence below which ``share`` of these sentences fall (they are marked unsure)."""
    return float(np.quantile(proba.max(axis=1), share))
