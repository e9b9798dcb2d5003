"""Plain text transcripts: one ``Name: text`` turn per line.

This is what people type or paste by hand, and what several tools export as ``.txt``, so
it is the most forgiving format:

* a line without a name continues the previous turn (wrapped lines, paragraphs), and a
  file with no names at all is still read, as one Unknown speaker;
* a time is a turn's start, not speech, after a name (Rev: ``Speaker 1 (00:04):``), in
  front of ``Name:`` lines (``00:01:02 Name: text``, ``[00:01:02] Name: text``) when at
  least half of the named lines have one, and as a paragraph of its own before a named
  line (Google Meet); anywhere else (``10:30`` as an answer, ``09:30 Handover:`` in typed
  notes) it is what someone said or wrote;
* Zoom's saved captions (``meeting_saved_closed_caption.txt``) put ``[Name] 10:01:23``
  above each turn's text; a file is read so when nearly all its turns open that way
  (a stray ``[inaudible] 00:01:02`` elsewhere is text). The time is the time of day, so
  turns are timed from the first;
* a title is not speech: Google Meet's title line (``Weekly 1:1 - Transcript``) and the
  ``Attendees`` list under it, and a short first line with a capital letter, no name, no
  time in front and no closing punctuation, right above the first named turn (``Role-play
  4 (ward manager and staff nurse)``, as trainers type role-plays up). Read as speech, it
  made every such file report an ``Unknown`` speaker. A lower-case first line (``yes fine
  thanks``, a speech recogniser's output), or one with the words of speech that is not in
  title case (``Sorry I'm late``), stays speech.

A turn's end is the next turn's start: these exports write start times only. Times are
kept only when every turn has one (see :func:`_with_ends`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from analyzer.readers.speakers import is_speaker_name, normalise_name, split_speaker
from analyzer.readers.timecodes import CLOCK_PATTERN, parse_clock
from analyzer.transcript import UNKNOWN_SPEAKER, Utterance, merge_turns

# ``00:01:02``, ``[00:01:02]`` or ``(1:02)`` before the rest of the line (or alone on it).
_LEADING_TIME_RE = re.compile(r"^[\[(]?(?P<time>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?(?:\s+(?P<rest>.*))?$")
# Rev: ``Speaker 1 (00:04):`` with the text on the same line or the next.
_NAME_TIME_RE = re.compile(rf"^(?P<name>[^:()\[\]]{{1,60}}?)\s*\((?P<time>{CLOCK_PATTERN})\)\s*:(?:\s+(?P<text>.*))?$")
# Zoom's saved captions: ``[Priya Shah] 10:01:23`` on a line of its own, the text below.
_CAPTION_HEADER_RE = re.compile(r"^\[(?P<name>[^\[\]]{1,60})\]\s+(?P<time>\d{1,2}:\d{2}:\d{2})$")
#: Share of a file's turn openings that must be ``[Name] 10:01:23`` lines before it is read
#: as Zoom's saved captions.
CAPTION_SHARE = 0.8
#: Sound tags transcribers put in square brackets: never a speaker.
_SOUND_TAGS = frozenset({
    "applause", "background noise", "coughs", "crosstalk", "foreign", "inaudible", "indiscernible",
    "laughing", "laughs", "laughter", "music", "no audio", "noise", "pause", "sighs", "silence",
    "unintelligible",
})
_HOUR = 3600
_HALF_DAY = 12 * _HOUR
_MEET_TITLE_RE = re.compile(r"^.{1,200}\s-\sTranscript$", re.IGNORECASE)
#: Lines looked through for the ``Transcript`` heading that ends Meet's attendee list.
_MAX_ATTENDEE_LINES = 200
#: A first line longer than this is speech, whatever else it looks like.
MAX_TITLE_WORDS = 12
_SENTENCE_END = (".", "?", "!", "…", "।", "。", "？", "！", "؟")
_CLOSING_QUOTES = "\"'”’»)]"
#: Words a title does not have and a spoken line often does ("Sorry I'm late", "Can everyone
#: hear me"), after apostrophes are dropped.
_SPOKEN_WORDS = frozenset({
    "afternoon", "am", "are", "can", "could", "did", "do", "does", "evening", "everyone", "good", "hello",
    "hey", "hi", "i", "id", "ill", "im", "is", "ive", "lets", "me", "morning", "my", "no", "ok", "okay",
    "our", "right", "should", "so", "sorry", "thank", "thanks", "um", "us", "we", "welcome", "were", "will",
    "would", "yeah", "yes", "you", "youre", "your",
})


@dataclass
class _Turn:
    speaker: str
    start: float | None = None
    parts: list[str] = field(default_factory=list)


def read_text(text: str, path: str | Path) -> list[Utterance]:
    """Read a plain text transcript; ``path`` is unused: plain text cannot be malformed."""
    del path
    parsed = _lines(text)
    if _is_zoom_captions(parsed):
        return _read_captions(parsed)
    if parsed and _MEET_TITLE_RE.match(parsed[0].text):
        parsed = _without_attendees(parsed[1:])
    prefixed = _prefixed_turns(parsed)
    if _is_title(parsed, prefixed):
        parsed = parsed[1:]
    turns = [_Turn(UNKNOWN_SPEAKER)]
    pending: float | None = None  # a time on a line of its own, for the turn that follows
    for index, line in enumerate(parsed):
        name, body, time = line.turn(prefixed)
        if line.bare_time is not None and line.alone:
            follows = index + 1 < len(parsed) and parsed[index + 1].turn(prefixed)[0] is not None
            if follows and (turns[-1].parts or len(turns) == 1):  # Meet's time over the next turns
                pending = line.bare_time
                continue
        if name is not None:
            turns.append(_Turn(name, time if time is not None else pending))
        pending = None
        if body:
            turns[-1].parts.append(body)
    return merge_turns(_with_ends(turns))


def _without_attendees(lines: list[_Line]) -> list[_Line]:
    """The lines after Google Meet's ``Attendees`` list, which runs to its ``Transcript``
    heading, when the title is followed by one."""
    if not lines or lines[0].text.casefold() != "attendees":
        return lines
    heading = next((i for i, line in enumerate(lines[:_MAX_ATTENDEE_LINES]) if line.text.casefold() == "transcript"),
                   None)
    return lines if heading is None else lines[heading + 1 :]


def _is_zoom_captions(lines: list[_Line]) -> bool:
    """Do (nearly) all the file's turns open with Zoom's ``[Name] 10:01:23``?"""
    headers = sum(_CAPTION_HEADER_RE.match(line.text) is not None for line in lines)
    named = sum(line.as_written[0] is not None for line in lines)
    return headers >= 2 and headers >= CAPTION_SHARE * (headers + named)


def _read_captions(lines: list[_Line]) -> list[Utterance]:
    """Zoom's saved captions: each ``[Name] 10:01:23`` line starts a turn, and the lines
    below it are the turn's text.

    The layout says the brackets hold a name, so any display name is taken as written
    (``[Dan 🚴]``, ``[3rd Floor Boardroom]``), except a sound tag such as ``[inaudible]``.
    A ``Name: text`` line below a header, naming someone the headers name, changes speaker
    at the header's time (notes appended to the file); other ``Bed 12: ...`` lines are text.
    """
    speakers = {_caption_speaker(match["name"]) for line in lines if (match := _CAPTION_HEADER_RE.match(line.text))}
    turns = [_Turn(UNKNOWN_SPEAKER)]
    for line in lines:
        header = _CAPTION_HEADER_RE.match(line.text)
        time = _clock(header["time"]) if header is not None else None
        name, body, _ = line.as_written
        if header is not None and time is not None:
            turns.append(_Turn(_caption_speaker(header["name"]), time))
        elif name in speakers:
            turns.append(_Turn(name, turns[-1].start, [body] if body else []))
        else:
            turns[-1].parts.append(line.text)
    _time_of_day_to_offsets(turns)
    return merge_turns(_with_ends(turns))


def _caption_speaker(name: str) -> str:
    name = normalise_name(name)
    return UNKNOWN_SPEAKER if not name or name.lower() in _SOUND_TAGS else name


def _lines(text: str) -> list[_Line]:
    """The non-blank lines, each knowing whether blank lines stand on both sides of it."""
    raw = [line.strip() for line in text.splitlines()]
    return [_Line.read(line, alone=(i == 0 or not raw[i - 1]) and (i + 1 == len(raw) or not raw[i + 1]))
            for i, line in enumerate(raw) if line]


@dataclass(frozen=True)
class _Line:
    """One line read both ways: as it stands, and with a time in front split off."""

    text: str
    alone: bool = False  # a paragraph of its own: how Google Meet sets its times apart
    lead: float | None = None  # the time in front of a ``Name:`` line
    rest: str = ""  # the line after that time
    bare_time: float | None = None  # the line is only a time

    @classmethod
    def read(cls, line: str, alone: bool = False) -> _Line:
        match = _LEADING_TIME_RE.match(line)
        time = _clock(match["time"]) if match is not None else None
        if time is None:
            return cls(line, alone)
        rest = (match["rest"] or "").strip()
        return cls(line, alone, bare_time=time) if not rest else cls(line, alone, time, rest)

    def turn(self, prefixed: bool) -> tuple[str | None, str, float | None]:
        """``(name, text, time)``: a time in front counts when the file's turns carry them."""
        if prefixed and self.named_with_lead:
            name, body, named_time = self.after_lead
            return name, body, named_time if named_time is not None else self.lead
        return self.as_written

    # Each line is asked several times (whether the file's turns are timed, the line's own
    # turn, the line before looking ahead), so each reading is made once.
    @cached_property
    def as_written(self) -> tuple[str | None, str, float | None]:
        return _speaker_and_time(self.text)

    @cached_property
    def after_lead(self) -> tuple[str | None, str, float | None]:
        return _speaker_and_time(self.rest) if self.lead is not None else (None, "", None)

    @property
    def named_with_lead(self) -> bool:
        return self.after_lead[0] is not None


def _is_title(lines: list[_Line], prefixed: bool) -> bool:
    """Is the first line a title above the first named turn (see the module docstring)?

    Only a short line that does not end like a sentence, and is in title case or has none
    of the words of speech (:data:`_SPOKEN_WORDS`): ``Okay, let's start.`` or ``Sorry I'm
    late`` above the first name stays speech (by an Unknown speaker), since nothing says
    who said it, while ``Return to Work Meeting - Sarah and Will`` is a title.
    """
    if len(lines) < 2 or lines[0].bare_time is not None or lines[0].lead is not None:
        return False
    first = lines[0].text
    words = [word.strip(",;:-'\"()") for word in first.split()]
    spoken = {word.replace("'", "").replace("’", "").lower() for word in words} & _SPOKEN_WORDS
    title_case = all(word[:1].isupper() or word[:1].isdigit() for word in words if len(word) > 3)
    return (lines[0].turn(prefixed)[0] is None and len(words) <= MAX_TITLE_WORDS
            and any(c.isupper() for c in first) and not ends_like_sentence(first)
            and (title_case or not spoken) and lines[1].turn(prefixed)[0] is not None)


def _prefixed_turns(lines: list[_Line]) -> bool:
    """Do the file's turns carry a time in front (``00:01:02 Name: text``)?

    Only if at least half of its named lines do: in typed notes, ``09:30 Handover: Ben
    leads`` is an agenda line, and ``Handover`` no speaker.
    """
    with_lead = sum(line.named_with_lead for line in lines)
    plain = sum(line.as_written[0] is not None for line in lines)
    return with_lead > 0 and with_lead >= plain


def _clock(value: str) -> float | None:
    try:
        return parse_clock(value)
    except ValueError:
        return None


def _speaker_and_time(line: str) -> tuple[str | None, str, float | None]:
    """``(name, text, time)`` of a ``Name: text`` or Rev ``Name (0:04): text`` line."""
    rev = _NAME_TIME_RE.match(line)
    if rev is not None and is_speaker_name(rev["name"]) and (time := _clock(rev["time"])) is not None:
        return normalise_name(rev["name"]), (rev["text"] or "").strip(), time
    name, body = split_speaker(line)
    return name, body, None


def _time_of_day_to_offsets(turns: list[_Turn]) -> None:
    """Times of day (Zoom's saved captions) become seconds since the first turn.

    A clock that goes back by more than an hour has passed midnight (a night shift's
    handover), or noon on a 12-hour clock. One that goes back less is taken as the time
    before it: a turn ending before it started would refuse the whole file.
    """
    first: float | None = None
    previous = 0.0
    for turn in turns:
        if turn.start is None:
            continue
        clock = turn.start
        if first is not None:
            while clock < previous - _HOUR:
                clock += _HALF_DAY
            clock = max(clock, previous)
        first = clock if first is None else first
        previous, turn.start = clock, clock - first


def ends_like_sentence(text: str) -> bool:
    """Does the text end with a full stop, question or exclamation mark (in any script), maybe
    inside closing quotes or brackets?"""
    return text.rstrip().rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END)


def _with_ends(turns: list[_Turn]) -> list[Utterance]:
    """Each turn ends where the next starts, if every turn has a time; else none has one.

    Text above the first named turn (a title) has no time and does not count.

    Google Meet writes a time every few turns. Turns without times would get no talk time
    while the timed ones took theirs too, so talk time by the clock would be wrong.
    """
    spoken = [turn for turn in turns if turn.parts]
    timed = all(turn.start is not None for turn in spoken if turn is not turns[0])  # a title above is no turn
    starts = [turn.start if timed else None for turn in spoken]
    ends = [*starts[1:], None][: len(starts)]
    return [Utterance(turn.speaker, " ".join(turn.parts), start, end if start is not None else None)
            for turn, start, end in zip(spoken, starts, ends, strict=True)]
