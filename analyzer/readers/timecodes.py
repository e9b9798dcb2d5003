"""Turn the clock strings of transcript exports into seconds.

Every export writes times differently: Otter and Teams .docx headers say ``0:03`` or
``1:02:03``, subtitle formats say ``00:00:02.600`` (SubRip with a comma), Teams drops the
zero padding (``0:0:13.540``) and a CSV may hold plain seconds. One lenient parser keeps
the readers from each growing their own slightly different regex.
"""

from __future__ import annotations

import math
import re

#: ``[h:]m:ss[.fff]`` with or without zero padding; ``,`` is SubRip's decimal mark.
CLOCK_PATTERN = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"

_CLOCK_RE = re.compile(
    r"(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<frac>\d{1,3}))?"
)
_SECONDS_RE = re.compile(r"\d+(?:\.\d+)?")


def parse_clock(value: str) -> float:
    """Return the seconds of a ``[h:]m:ss[.fff]`` clock string.

    Minutes and seconds must be below 60: a ``1:75`` is a typo in the file, and reading
    it as 2:15 would silently put a turn in the wrong place.

    Raises:
        ValueError: if ``value`` is not a clock string.
    """
    match = _CLOCK_RE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not a clock time: {value!r}")
    minutes, seconds = int(match["m"]), int(match["s"])
    if minutes > 59 or seconds > 59:
        raise ValueError(f"minutes or seconds above 59: {value!r}")
    hours = int(match["h"] or 0)
    fraction = int((match["frac"] or "0").ljust(3, "0")) / 1000
    return hours * 3600 + minutes * 60 + seconds + fraction


def parse_time(value: object) -> float | None:
    """Return seconds from a number, a numeric string or a clock string; None if blank.

    CSV and JSON files carry times either as seconds (``12.5``) or as clock strings
    (``00:00:12.500``), sometimes both in one file; accepting both spares the user a
    conversion step. Booleans are refused although Python counts them as numbers.

    Raises:
        TypeError: if the value is neither a number nor a string.
        ValueError: if the value is a number or string but not a time.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"not a time: {value!r}")
    if not isinstance(value, str):
        try:
            return _checked_seconds(float(value))
        except OverflowError:  # an integer too large for a float (10**400)
            raise ValueError(f"not a time: {value!r}") from None
    text = value.strip()
    if not text:
        return None
    if _SECONDS_RE.fullmatch(text):
        return _checked_seconds(float(text))  # "999...9" is a float of inf
    return parse_clock(text)


def _checked_seconds(seconds: float) -> float:
    """Refuse negative, infinite and NaN seconds, which no recording has."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"not a time: {seconds!r}")
    return seconds
