"""The shipped model on the labelling guide's own examples (docs/labelling-guide.md)."""

import re

from analyzer.config import PROJECT_DIR
from analyzer.features import feature_table
from analyzer.labels import ACTS
from analyzer.sentences import whole_docs

GUIDE = PROJECT_DIR / "docs" / "labelling-guide.md"


def guide_examples() -> list[tuple[str, str]]:
    """(sentence, act) from the guide's table of acts."""
    pairs = []
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)` \| \w+ \| [^|]+ \| (.+) \|$", line)
        if match and match.group(1) in ACTS:
            pairs += [(quote, match.group(1)) for quote in re.findall(r'"([^"]+)"', match.group(2))]
    return pairs


def test_the_guide_has_examples_for_every_act():
    assert {act for _, act in guide_examples()} == set(ACTS)


def test_model_labels_the_guides_examples(nlp, model):
    examples = guide_examples()
    predicted = model.predict(feature_table(whole_docs([t for t, _ in examples], nlp)))["act"]
    wrong = [(t, a, p) for (t, a), p in zip(examples, predicted, strict=True) if a != p]
    assert len(wrong) <= 2, wrong
