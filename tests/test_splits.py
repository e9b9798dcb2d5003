"""Conversation splits: stable, by a hash of the id, in the stated proportions."""

import hashlib
from collections import Counter

from analyzer.splits import conversation_split


def test_the_split_follows_the_last_digit_of_the_ids_sha256() -> None:
    # sha256("w1-017") mod 10 is 9, "w1-002" gives 0..6 and "w1-001" gives 7 (checked with sha256sum by hand)
    assert conversation_split("w1-017") == "test"
    assert conversation_split("w1-002") == "train"
    assert conversation_split("w1-001") == "calibration"
    assert int(hashlib.sha256(b"w1-001").hexdigest(), 16) % 10 == 7


def test_surrounding_spaces_do_not_move_a_conversation() -> None:
    assert conversation_split(" w1-017 ") == conversation_split("w1-017")


def test_about_seven_in_ten_train_one_calibration_two_test() -> None:
    counts = Counter(conversation_split(f"c-{i:04d}") for i in range(2000))
    assert 0.66 < counts["train"] / 2000 < 0.74
    assert 0.07 < counts["calibration"] / 2000 < 0.13
    assert 0.17 < counts["test"] / 2000 < 0.23
