"""Clock strings and seconds from every export style become the same float seconds."""

from __future__ import annotations

import pytest

from analyzer.readers.timecodes import parse_clock, parse_time


@pytest.mark.parametrize(
    ("clock", "seconds"),
    [
        ("0:03", 3.0),
        ("1:12", 72.0),
        ("1:02:03", 3723.0),
        ("00:00:02.600", 2.6),
        ("00:00:04,210", 4.21),  # SubRip decimal comma
        ("0:0:13.540", 13.54),  # Teams, no zero padding
        ("0:0:7.1", 7.1),  # fraction padded on the right: 100 ms, not 1 ms
        (" 12:34:56.789 ", 45296.789),
    ],
)
def test_parse_clock_reads_every_export_style(clock: str, seconds: float) -> None:
    assert parse_clock(clock) == pytest.approx(seconds)


@pytest.mark.parametrize("clock", ["", "3", "1:75", "0:61:00", "ten past", "1:2:3:4", "-0:03"])
def test_parse_clock_refuses_what_is_not_a_clock(clock: str) -> None:
    with pytest.raises(ValueError, match=r"clock time|above 59"):
        parse_clock(clock)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (12, 12.0),
        (3.25, 3.25),
        ("5.9", 5.9),
        ("11", 11.0),
        ("00:00:14.800", 14.8),
    ],
)
def test_parse_time_takes_seconds_or_clock_strings(value: object, seconds: float | None) -> None:
    assert parse_time(value) == pytest.approx(seconds)


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf"), "soon", "1e3"])
def test_parse_time_refuses_impossible_values(value: object) -> None:
    with pytest.raises(ValueError, match=r"not a"):
        parse_time(value)


@pytest.mark.parametrize("value", [True, [1.0], {"s": 1}])
def test_parse_time_refuses_other_types(value: object) -> None:
    with pytest.raises(TypeError, match=r"not a time"):
        parse_time(value)
