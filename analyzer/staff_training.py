"""Training the staff-side model: the manager's acts it reads, and its settings.

The staff model reads what the manager just did (:mod:`analyzer.staff_context`). At run
time those are the manager model's labels of the same transcript; training must see acts
as wrong as those can be, never gold ones, or the model learns to trust them more than they
deserve. So a manager first pass (the manager pipeline, earlier acts unknown) labels the
training conversations by folds, each fold by a model that never saw it, and the
calibration and test conversations by one fitted on every training conversation. Only the
manager's sentences of the same conversation files are used: the staff model needs no
other data, and a new manager model elsewhere never changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from analyzer.training_rows import ASR_SUFFIX, conversation_rows, predicted_acts_by_fold, set_contexts, with_asr_units

#: The staff model's own settings (benchmarks/staff_trials.py, the table in docs/staff-model.md):
#: a stronger penalty than the manager model's C=10, and the context block (which holds the
#: manager's last sentence's words and, since version 2, the question's kind, what follows and
#: the sentence's grammar) weighted down from 0.5 to 0.15 (0.25 before version 2). Chosen by
#: grouped cross-validation on the train and calibration conversations, never the test split.
STAFF_PARAMS: dict[str, Any] = {
    "clf__C": 3.0,
    "features__transformer_weights": {"words": 1.0, "shape": 0.1, "cues": 0.25, "context": 0.15},
}
#: Folds of conversations for the manager first pass on training conversations.
MANAGER_FOLDS = 3


def manager_acts_for_staff(conversations: pd.DataFrame, rows: pd.DataFrame, features: Callable,
                           fit: Callable[[pd.DataFrame, pd.DataFrame], Any]) -> list[str | None]:
    """The predicted act of every manager sentence of ``rows`` (None for everyone else's), aligned with it.

    ``rows`` are :func:`analyzer.training_rows.conversation_rows` of ``conversations`` for
    ``staff_act`` with their recogniser-style copies, in that function's order; ``features``
    makes a feature table of such rows; ``fit`` fits the manager's pipeline on rows with acts.
    """
    managers = with_asr_units(conversation_rows(conversations, "act"))
    if len(managers) != len(rows) or (managers["text"].to_numpy() != rows["text"].to_numpy()).any():
        raise ValueError("the manager rows and the staff rows of the same conversations are not aligned")
    managers = managers.set_axis(rows.index)
    managers["context"] = set_contexts(managers)
    train = managers[managers["split"] == "train"]
    acts = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    conversations_trained = train.loc[train["trainable"], "unit"].str.removesuffix(ASR_SUFFIX).nunique()
    # Too few conversations to fold (a user's own few): no acts, as for a transcript without a manager.
    if conversations_trained >= MANAGER_FOLDS and train.loc[train["trainable"], "label"].nunique() > 1:
        acts[train.index] = predicted_acts_by_fold(train, features, fit, MANAGER_FOLDS)
        rest = managers[managers["split"] != "train"]
        if len(rest):
            fitted = train[train["trainable"]]
            acts[rest.index] = fit(fitted, features(fitted)).predict(features(rest))
    is_manager = managers["trainable"].to_numpy()
    return [act if manager else None for act, manager in zip(acts.tolist(), is_manager, strict=True)]
