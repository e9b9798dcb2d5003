"""Helpers for comparing parsed turns with what a fixture says, field by field."""

from __future__ import annotations

from analyzer.transcript import Utterance


def speakers_and_texts(utterances: list[Utterance]) -> list[tuple[str, str]]:
    """The (speaker, text) pairs of the turns, for exact comparison."""
    return [(u.speaker, u.text) for u in utterances]


def starts(utterances: list[Utterance]) -> list[float | None]:
    """The start times of the turns; compare with pytest.approx."""
    return [u.start for u in utterances]


def ends(utterances: list[Utterance]) -> list[float | None]:
    """The end times of the turns; compare with pytest.approx."""
    return [u.end for u in utterances]
