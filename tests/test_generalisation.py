"""Another author's manager sentences (../shared/dev): a floor, never a tuning target.

The set is only for measuring how the model generalises beyond the corpus's authors; this
test guards against a change that quietly loses that, and skips where the folder is absent.
"""

import pandas as pd
import pytest

from analyzer.evaluate import score
from analyzer.features import feature_table
from analyzer.sentences import whole_docs
from tests.conftest import SHARED_DIR

DEV = SHARED_DIR / "dev" / "manager_dev.csv"

pytestmark = pytest.mark.skipif(not DEV.is_file(), reason="../shared/dev is not beside the project")


def test_model_generalises_to_another_authors_sentences(nlp, model):
    dev = pd.read_csv(DEV, keep_default_na=False)
    predicted = model.predict(feature_table(whole_docs(dev["text"].tolist(), nlp)))["act"].tolist()
    result = score(dev["act"].tolist(), predicted)
    assert result["act"]["macro_f1"] >= 0.75
    assert result["style"]["macro_f1"] >= 0.80
    asr = (dev["variant"] == "asr").to_numpy()
    asr_result = score(dev["act"][asr].tolist(), [p for p, m in zip(predicted, asr, strict=True) if m])
    assert asr_result["style"]["macro_f1"] >= result["style"]["macro_f1"] - 0.05
