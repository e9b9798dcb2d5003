"""The staff model's held-out scores by author: groups, their figures, and bad group names.

Expected figures are worked out by hand from the small tables below.
"""

from __future__ import annotations

import pandas as pd
import pytest

import benchmarks.staff_by_author as sba
from analyzer.errors import InputError

# Five staff sentences of three authors: gold, then what a model said.
SCORED = pd.DataFrame({
    "conversation": ["w9-001", "w9-001", "w10-002", "w10-002", "w24-003"],
    "gold": ["own_option", "information", "own_option", "agreement", "own_option"],
    "predicted": ["own_option", "own_option", "information", "agreement", "own_option"],
})


@pytest.mark.parametrize(("spec", "expected"), [("w1-w23", (1, 23)), ("w24-32", (24, 32)), ("w7", (7, 7))])
def test_a_group_is_an_inclusive_range_of_author_numbers(spec: str, expected: tuple[int, int]) -> None:
    assert sba.parse_group(spec) == expected


@pytest.mark.parametrize("spec", ["authors 1-23", "w23-w1", "1-23"])
def test_a_group_that_is_not_a_range_of_authors_is_refused(spec: str) -> None:
    with pytest.raises(InputError):
        sba.parse_group(spec)


def test_every_author_alone_in_number_order_then_all() -> None:
    result = sba.scores_by_group(SCORED, None)
    assert list(result) == ["w9", "w10", "w24", "all"]  # w10 after w9, not before as text would sort
    # w9: own_option predicted twice, right once (P 1/2); its one gold option found (R 1): F1 2/3
    assert result["w9"]["own_option_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["w9"]["own_option_precision"] == 0.5 and result["w9"]["own_option_recall"] == 1.0
    # w10: its option read as information and nothing predicted own_option: F1 0
    assert result["w10"]["own_option_f1"] == 0.0
    assert result["w24"]["own_option_f1"] == 1.0
    # all: 3 predicted, 2 right; 3 gold, 2 found: P = R = F1 = 2/3
    assert result["all"]["own_option_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["all"]["sentences"] == 5 and result["all"]["conversations"] == 3


def test_ranges_pool_their_authors() -> None:
    result = sba.scores_by_group(SCORED, {"w1-w23": (1, 23), "w24-w32": (24, 32)})
    assert list(result) == ["w1-w23", "w24-w32", "all"]
    # w9 and w10: own_option predicted twice, right once; two gold options, one found: F1 1/2
    assert result["w1-w23"]["own_option_f1"] == 0.5 and result["w1-w23"]["own_option_support"] == 2
    assert result["w1-w23"]["sentences"] == 4 and result["w1-w23"]["conversations"] == 2
    assert result["w24-w32"]["own_option_f1"] == 1.0


def test_a_group_with_no_option_scores_zero_rather_than_failing() -> None:
    none = SCORED[SCORED["gold"] != "own_option"].assign(predicted="information")
    assert sba.group_scores(none)["own_option_f1"] == 0.0


def test_a_bad_group_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert sba.main(["--groups", "everyone"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "everyone" in err


def test_a_missing_folder_is_named_in_one_line(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert sba.main(["--conversations", str(missing)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nowhere" in err and "no such folder" in err


def test_a_manager_model_given_as_the_staff_model_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from analyzer.config import DEFAULT_MODEL_PATH

    assert sba.main(["--staff-model", str(DEFAULT_MODEL_PATH)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not a staff-side model" in err and DEFAULT_MODEL_PATH.name in err
