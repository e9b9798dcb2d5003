"""The metric helpers of analyzer/evaluate.py used on real speech: yes/no F1, shares, Spearman.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import pytest

from analyzer.evaluate import binary_f1, share, share_correlation


def test_binary_f1_by_hand() -> None:
    truth = [True, True, False, False, True]
    predicted = [True, False, True, False, False]
    # tp = 1 (first row); 2 predicted, 3 gold: precision 1/2, recall 1/3, F1 = 2pr/(p+r) = (1/3)/(5/6) = 0.4
    assert binary_f1(truth, predicted) == {"precision": 0.5, "recall": 0.3333, "f1": 0.4, "gold": 3,
                                           "predicted": 2, "n": 5}


def test_binary_f1_with_nothing_predicted_is_zero_not_an_error() -> None:
    assert binary_f1([True, False], [False, False])["f1"] == 0.0
    with pytest.raises(ValueError, match="2 gold values but 1"):
        binary_f1([True, False], [True])


def test_share_leaves_nothing_to_compare_undefined() -> None:
    assert share([True, False, True, False], [False, True, False, False]) == pytest.approx(2 / 3)
    assert share([False], [False]) is None


def _group(name: str, predicted: tuple[int, int], gold: tuple[int, int], n: int = 10) -> list[tuple]:
    """``n`` rows of one group whose first ``predicted[0]`` rows are predicted questions, next
    ``predicted[1]`` predicted advice; likewise for gold."""
    rows = []
    for i in range(n):
        rows.append((name, i < predicted[0], predicted[0] <= i < sum(predicted), i < gold[0],
                     gold[0] <= i < sum(gold)))
    return rows


def test_spearman_across_groups_by_hand() -> None:
    # Predicted shares A..D: 0.1, 0.2, 0.3, 0.4 (ranks 1 2 3 4); gold: 0.2, 0.1, 0.4, 0.3 (ranks 2 1 4 3).
    # d = -1, 1, -1, 1, sum d^2 = 4: rho = 1 - 6*4 / (4 * (16 - 1)) = 0.6. E has neither: left out.
    rows = (_group("A", (1, 9), (2, 8)) + _group("B", (2, 8), (1, 9)) + _group("C", (3, 7), (4, 6))
            + _group("D", (4, 6), (3, 7)) + _group("E", (0, 0), (0, 0)))
    groups, p1, p2, g1, g2 = zip(*rows, strict=True)
    result = share_correlation(groups, (p1, p2), (g1, g2))
    assert result["spearman"] == pytest.approx(0.6)
    assert (result["groups"], result["left_out"]) == (4, 1)
    assert {g["group"]: g["predicted"] for g in result["per_group"]}["C"] == pytest.approx(0.3)


def test_spearman_needs_three_groups_and_variation() -> None:
    two = _group("A", (1, 1), (1, 1)) + _group("B", (2, 1), (1, 2))
    groups, p1, p2, g1, g2 = zip(*two, strict=True)
    assert share_correlation(groups, (p1, p2), (g1, g2))["spearman"] is None
    flat = _group("A", (1, 1), (1, 1)) + _group("B", (1, 1), (1, 2)) + _group("C", (1, 1), (2, 1))
    groups, p1, p2, g1, g2 = zip(*flat, strict=True)
    assert share_correlation(groups, (p1, p2), (g1, g2))["spearman"] is None  # predicted share constant
