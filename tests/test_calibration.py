"""Temperature scaling: it finds a known temperature and never changes which label wins."""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analyzer.calibration import apply_temperature, expected_calibration_error, fit_temperature, unsure_threshold

CLASSES = ["a", "b", "c"]


def sampled(temperature: float, n: int = 4000, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """Logits whose labels are drawn from softmax(logits / temperature): that temperature is the right one."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, size=(n, 3))
    p = np.exp(logits / temperature)
    p /= p.sum(axis=1, keepdims=True)
    return logits, [CLASSES[rng.choice(3, p=row)] for row in p]


def test_the_fitted_temperature_is_the_one_the_labels_were_drawn_with():
    logits, labels = sampled(2.0)
    assert abs(fit_temperature(logits, labels, CLASSES) - 2.0) < 0.2
    logits, labels = sampled(0.5, seed=1)
    assert abs(fit_temperature(logits, labels, CLASSES) - 0.5) < 0.1


def test_calibrating_lowers_the_calibration_error_on_fresh_rows():
    logits, labels = sampled(2.0)
    fresh, fresh_labels = sampled(2.0, seed=5)
    t = fit_temperature(logits, labels, CLASSES)

    def proba(z: np.ndarray, temp: float) -> np.ndarray:
        e = np.exp(z / temp)
        return e / e.sum(axis=1, keepdims=True)

    before = expected_calibration_error(proba(fresh, 1.0), fresh_labels, CLASSES)
    after = expected_calibration_error(proba(fresh, t), fresh_labels, CLASSES)
    assert after < before / 2 and after < 0.03


def test_folding_the_temperature_into_the_model_keeps_its_labels_and_softens_its_confidence():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    y = np.array(CLASSES)[(X[:, 0] > 0).astype(int) + (X[:, 1] > 1).astype(int)]
    pipe = Pipeline([("clf", LogisticRegression(max_iter=500))]).fit(X, y)
    labels, confidence = pipe.predict(X), pipe.predict_proba(X).max(axis=1)
    apply_temperature(pipe, 3.0)
    assert (pipe.predict(X) == labels).all()
    assert (pipe.predict_proba(X).max(axis=1) <= confidence + 1e-12).all()


def test_the_unsure_threshold_marks_the_asked_share():
    proba = np.array([[0.9, 0.1], [0.6, 0.4], [0.55, 0.45], [0.8, 0.2]] * 25)
    threshold = unsure_threshold(proba, 0.25)
    assert ((proba.max(axis=1) < threshold).mean()) <= 0.25
    assert threshold > 0.55
