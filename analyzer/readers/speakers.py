"""Recognise ``Name: text`` speaker prefixes without mistaking ordinary text for names.

Plain text, Zoom captions and SubRip files all mark the speaker the same way, so the rule
lives here once. The rule is deliberately strict: a false speaker silently splits one
person's turn in two and invents a participant, which skews every per-speaker figure;
a missed speaker only merges text into the previous turn.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from analyzer.transcript import UNKNOWN_SPEAKER, Utterance

MAX_NAME_CHARS = 40
MAX_NAME_WORDS = 4
#: Name checks remembered per process: a transcript has a handful of names, each checked at
#: every turn (twice per cue in subtitle files), and the checks were most of the readers'
#: own time on WebVTT and SubRip files. Bounded, so a long batch does not grow it.
NAMES_CACHED = 4096

# ``Name: text`` or a bare ``Name:``. The colon must be followed by whitespace or the end
# of the line, so URLs (``https://``) and clock times (``10:30``) never match.
_PREFIX_RE = re.compile(r"^\s*(?P<name>[^:]{1,60}?)\s*:(?:\s+(?P<text>.*))?$")

# One word of a name: starts with a letter; letters, digits, ' - _ inside (``Speaker 1``,
# ``O'Brien``, ``SPEAKER_00``). A short word may end in a period (``Dr.``, ``J.``), which
# is the only sentence punctuation allowed.
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*|[^\W\d_]{1,3}\.|\d{1,3}")

# Labels people write in notes and agendas; never a participant.
# fmt: off
_NOT_NAMES = frozenset({
    "action", "action item", "action items", "actions", "agenda", "answer", "attendees",
    "date", "decision", "duration", "example", "follow up", "important", "location",
    "meeting", "nb", "next steps", "note", "notes", "participants", "ps", "question", "re",
    "recording", "reminder", "subject", "summary", "time", "title", "todo", "to do", "topic",
    "transcript", "update", "warning",
    # sentence adverbs and interjections that open a line like a label ("Honestly: it was chaos")
    "anyway", "basically", "bottom line", "finally", "firstly", "frankly", "honestly", "however",
    "in short", "in summary", "lastly", "listen", "look", "ok", "okay", "overall", "right",
    "secondly", "seriously", "sure", "thirdly", "yeah", "yes",
    # phrases that open a line like a label ("Long story short: we are two down")
    "bad news", "by the way", "first thing", "for example", "fun fact", "good news", "heads up",
    "in fact", "in other words", "key point", "last thing", "long answer", "long story short",
    "main thing", "next thing", "one more thing", "one thing", "other thing", "quick note",
    "quick question", "quick update", "short answer", "side note", "to be fair", "to be honest",
    # the brief above a role-play a trainer types up ("Scenario: Bob has missed three deadlines")
    "aim", "aims", "background", "brief", "context", "goal", "goals", "instructions", "objective",
    "objectives", "purpose", "role", "roles", "setting", "situation", "task",
    # the headings of a memo or an e-mail pasted into Word ("To: All ward staff", "From: ...")
    "attn", "bcc", "cc", "encl", "fao", "from", "memo", "memorandum", "ref", "sent", "to",
})
# fmt: on

# Lower-case words inside a name (``Maria van Dijk``); any other word after the first
# must be capitalised, which keeps ``Quick question: ...`` and ``See you at 4:30`` out.
# fmt: off
_NAME_PARTICLES = frozenset({
    "al", "bin", "da", "de", "del", "della", "den", "der", "di", "du", "la", "le", "van",
    "von", "y", "zu",
})
# fmt: on

# Words that start a sentence but not a name: ``So what I mean: ...``, ``I think: ...``.
# fmt: off
_NOT_FIRST_WORDS = frozenset({
    "also", "and", "because", "but", "he", "her", "his", "i", "if", "it", "my", "or", "our",
    "she", "so", "that", "the", "then", "they", "this", "we", "well", "what", "when", "you",
    "your",
    # a role-play's heading ("Role-play 3: ward manager and nurse", "Scenario 2: ...")
    "exercise", "role-play", "roleplay", "scenario", "scene", "session",
})
# fmt: on


def normalise_name(name: str) -> str:
    """One spelling per name: ``Jane  Doe`` and ``Jane Doe`` are one speaker, and so are
    ``Zoë`` typed with one character and with ``e`` plus a combining diaeresis (NFC).
    Control characters go: a name with terminal escape codes would restyle the terminal
    that prints the table."""
    name = unicodedata.normalize("NFC", name)
    if not name.isprintable():  # rare: look at each character only then (this runs once per turn)
        name = "".join(" " if unicodedata.category(c) == "Cc" else c for c in name)
    return " ".join(name.split())


def speaker_key(name: str) -> str:
    """What ``--speaker`` compares: a name aside from case, spacing and Unicode form."""
    return normalise_name(name).casefold()


def match_speaker(wanted: str, present: Iterable[str]) -> str | None:
    """The speaker a ``--speaker`` value names: one spelled exactly so, else the one equal
    to it but for case, spacing and Unicode form (``ANN LEE`` beside ``Ann Lee`` stays apart)."""
    present = list(present)
    exact = normalise_name(wanted)
    if exact in present:
        return exact
    key = speaker_key(wanted)
    return next((name for name in present if speaker_key(name) == key), None)


def _without_marks(word: str) -> str:
    r"""The word without combining marks, which many scripts (Devanagari, Arabic, decomposed
    accents) put inside names and which ``\w`` does not match."""
    return "".join(c for c in word if not unicodedata.category(c).startswith("M"))


#: A name with one bracketed part after it: ``Priya Shah (she/her)``, ``Manager (Priya)``,
#: ``Lopez [Ward 7]``. No brackets inside the part, and no colon (the prefix stops at one).
_BRACKETED_RE = re.compile(r"(?P<name>[^()\[\]]+?)\s*(?:\((?P<round>[^()\[\]]+)\)|\[(?P<square>[^()\[\]]+)\])")
#: The bracketed part holds pronouns, a role or a first name: a few words, never a sentence.
MAX_BRACKETED_CHARS = 30


@lru_cache(maxsize=NAMES_CACHED)
def is_speaker_name(candidate: str) -> bool:
    """Say whether ``candidate`` can be a speaker name (see the module docstring for why).

    A name has 1-4 words, starts with a letter, has at most 40 characters, no sentence
    punctuation, and is not a note label such as ``Note`` or ``Agenda``. Words after the
    first are capitalised, numbers (``Speaker 1``) or particles (``van``). A one-word
    name may be lower case (``jdoe``), as Zoom display names often are.

    Such a name may be followed by one bracketed part (``Priya Shah (she/her)``,
    ``Manager (Priya)``), which people type as they see it in video calls and role-play
    scripts; the whole is the speaker's name, as the WebVTT reader names a display name.
    The bracket adds no risk of its own: what stands before it must be a name by itself.
    """
    name = normalise_name(candidate)
    bracketed = _BRACKETED_RE.fullmatch(name)
    if bracketed is not None:
        extra = bracketed["round"] or bracketed["square"]
        return _is_bracketed_part(extra) and _is_plain_name(bracketed["name"])
    return _is_plain_name(name)


def _is_bracketed_part(extra: str) -> bool:
    """Pronouns, a role or a name in brackets (``she/her``, ``Ward 7``): a few words of a
    name's characters, so ``(see below!)`` or a bracketed sentence keep the line speech."""
    words = extra.split()
    return (0 < len(words) <= MAX_NAME_WORDS and len(extra) <= MAX_BRACKETED_CHARS
            and all(_DISPLAY_WORD_RE.fullmatch(_without_marks(word)) for word in words))


def _is_plain_name(name: str) -> bool:
    """The strict rule of :func:`is_speaker_name` for a name without a bracketed part."""
    words = name.split(" ")
    if not name or len(name) > MAX_NAME_CHARS or len(words) > MAX_NAME_WORDS:
        return False
    if not name[0].isalpha() or name.lower() in _NOT_NAMES:
        return False
    if words[0].lower() in _NOT_FIRST_WORDS:
        return False
    if not all(_WORD_RE.fullmatch(_without_marks(word)) for word in words):
        return False
    return all(_is_name_word(word) for word in words[1:])


def _is_name_word(word: str) -> bool:
    """Say whether a word after the first fits in a name (see :func:`is_speaker_name`).

    Not lower case: capitalised, a number, or in a script without case (Devanagari, Arabic).
    """
    return not word[0].islower() or word in _NAME_PARTICLES


def split_speaker(line: str, rule: Callable[[str], bool] = is_speaker_name) -> tuple[str | None, str]:
    """Split ``Name: text`` into ``(name, text)``; ``(None, line)`` if there is no name.

    ``rule`` says what can be a name: the strict :func:`is_speaker_name` unless the file's
    layout already says where names are (see :class:`CueSpeakers`).
    """
    match = _PREFIX_RE.match(line)
    if match is None or not rule(match["name"]):
        return None, line
    return normalise_name(match["name"]), (match["text"] or "").strip()


MAX_DISPLAY_CHARS = 60
MAX_DISPLAY_WORDS = 6
#: Pronouns and roles in brackets (``(she/her)``, ``[Ward 7]``) are part of a display name.
_DISPLAY_EXTRAS_RE = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_DISPLAY_WORD_RE = re.compile(r"[\w'’.&/-]+")
#: Share of cues that must open with a display name before the file is read as a video
#: call's captions (Zoom names the speaker in every cue).
DISPLAY_SHARE = 0.8
#: Share of cues that must open with a name before an unnamed cue goes on with the last
#: speaker (see :class:`CueSpeakers`).
CONTINUE_SHARE = 0.25
#: Cues a lower-case opening (``john smith:``) must open before it is read as a name.
RECURRING_NAME_CUES = 2
#: A phone number as a dial-in participant's display name: ``+44 7700 900123``.
_PHONE_RE = re.compile(r"\+?\d[\d ()-]{5,}\d")


@lru_cache(maxsize=NAMES_CACHED)
def is_display_name(candidate: str) -> bool:
    """Say whether ``candidate`` can be a video-call display name in a cue's ``Name:`` slot.

    Zoom shows the name each participant chose: ``Priya Shah (she/her)``, ``Okafor, Daniel``,
    ``Daniel Okafor | NHS Trust``, ``John's iPhone``, ``Anne-Marie de la Cruz Fernández``,
    ``Dan 🚴 Brown``, a room (``3rd Floor Boardroom``) or a dial-in's phone number.
    The strict rule refuses all of these, so a file that names the speaker at the start of
    (almost) every cue is read with this looser one (see :class:`CueSpeakers`). Sentences
    stay out: no ``?``/``!``, no lower-case word after the first unless it has a capital
    inside (``iPhone``) or is a particle, and not a note label. Emoji are left out of the
    judgement (a name with one is a name exactly when it is one without), and a name that
    starts with a number must look like a room's (see :func:`_is_numbered_name`).
    """
    name = normalise_name(candidate)
    if _PHONE_RE.fullmatch(name):
        return True
    core = _without_symbols(_DISPLAY_EXTRAS_RE.sub(" ", name.split("|")[0]).replace(",", " "))
    words = [word for word in core.split() if _without_marks(word)]
    if not words or len(name) > MAX_DISPLAY_CHARS or len(words) > MAX_DISPLAY_WORDS:
        return False
    if " ".join(words).lower() in _NOT_NAMES or words[0].lower() in _NOT_FIRST_WORDS:
        return False
    if not all(_DISPLAY_WORD_RE.fullmatch(_without_marks(word)) for word in words):
        return False
    if not words[0][0].isalpha():
        return _is_numbered_name(words)
    return all(not word.islower() or word in _NAME_PARTICLES for word in words[1:])


#: Emoji and other pictographs, their skin tones and the joiners between them.
_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Cf"})


def _without_symbols(text: str) -> str:
    """The text with emoji as spaces: Zoom users put them in display names (``Dan 🚴 Brown``),
    and they say nothing either way about whether the rest is a name."""
    return "".join(" " if unicodedata.category(c) in _SYMBOL_CATEGORIES else c for c in text)


#: A number, or one with a short suffix (``3rd``, ``4B``), opening a room's or a team's name.
_NUMBER_WORD_RE = re.compile(r"\d{1,4}([^\W\d_]{1,2})?")


def _is_numbered_name(words: list[str]) -> bool:
    """Words opening with a number that make a room's name (``3rd Floor Boardroom``, ``10
    Downing Street``), not the start of a sentence (``2 things``, ``3 PM``, ``10 Minutes``).

    Every word after the number is capitalised, and a bare number needs two of them: a
    sentence opens with a count of something far more often than a name does.
    """
    number = _NUMBER_WORD_RE.fullmatch(words[0])
    if number is None or not all(word[0].isupper() for word in words[1:]):
        return False
    return len(words) >= (2 if number[1] else 3)


class CueSpeakers:
    """Who speaks in each cue of a subtitle file (Zoom WebVTT, SubRip).

    Decided once per file, from the first lines of all its cues:

    * A file that opens (almost) every cue with ``Name:`` is a video call's captions, and
      its cue openings are read with the looser :func:`is_display_name`.
    * Where at least a quarter of the cues open with a name, a cue that opens with plain
      speech goes on with the previous cue's speaker: Descript, Rev and hand-made subtitles
      write the name only when the speaker changes. Film-style subtitles name almost
      nobody, and a cue opening with ``- `` (a new voice) or with a label the rules refuse
      (``+44 7700 900123:``) is someone else's; those stay Unknown.
    * A display name typed in lower case (``john smith``), which both rules refuse, is a
      name where it opens at least :data:`RECURRING_NAME_CUES` cues and would pass as a
      name capitalised: a sentence rarely opens two cues with the same words and a colon.
    * Later lines of a cue change speaker by the strict rule, as plain text does.
    """

    def __init__(self, first_lines: Iterable[str]) -> None:
        firsts = [line for line in first_lines if line.strip()]
        self.lower_case_names = _recurring_lower_case_names(firsts)
        shown = sum(split_speaker(line, self._display_rule)[0] is not None for line in firsts)
        self.display = bool(firsts) and shown >= DISPLAY_SHARE * len(firsts)
        self.rule = self._display_rule if self.display else self._strict_rule
        named = shown if self.display else sum(split_speaker(line, self._strict_rule)[0] is not None for line in firsts)
        self.continues = bool(firsts) and named >= CONTINUE_SHARE * len(firsts)

    def _display_rule(self, candidate: str) -> bool:
        return is_display_name(candidate) or normalise_name(candidate) in self.lower_case_names

    def _strict_rule(self, candidate: str) -> bool:
        return is_speaker_name(candidate) or normalise_name(candidate) in self.lower_case_names

    def utterances(self, lines: list[str], previous: str, start: float | None = None,
                   end: float | None = None) -> list[Utterance]:
        """The turns of one cue's ``lines``; ``previous`` is who spoke last before it."""
        lines = [line.strip() for line in lines if line.strip()]
        if not lines:
            return []
        name, text = split_speaker(lines[0], self.rule)
        if name is None:
            goes_on = self.continues and not lines[0].startswith("-") and _PREFIX_RE.match(lines[0]) is None
            name = previous if goes_on else UNKNOWN_SPEAKER
        # The text after the name is not looked at again: "Daniel: Quick Question: ..." is Daniel's.
        first = Utterance(name, text, start, end)
        return [u for u in (first, *lines_to_utterances(lines[1:], name, start, end)) if u.text]


def _recurring_lower_case_names(first_lines: list[str]) -> frozenset[str]:
    """Lower-case cue openings that recur and are names once capitalised (see :class:`CueSpeakers`)."""
    openings = Counter(normalise_name(match["name"]) for line in first_lines if (match := _PREFIX_RE.match(line)))
    # Only names that open with a letter: capitalised, ``2 things`` would pass as a room's name.
    return frozenset(name for name, cues in openings.items()
                     if cues >= RECURRING_NAME_CUES and name.islower() and name[0].isalpha()
                     and is_display_name(name.title()))


def lines_to_utterances(
    lines: Iterable[str],
    speaker: str = UNKNOWN_SPEAKER,
    start: float | None = None,
    end: float | None = None,
) -> list[Utterance]:
    """Read lines where ``Name:`` starts a turn and other lines continue the last one.

    ``speaker`` is who speaks before the first prefix: Unknown at the start of a file, or
    the previous cue's speaker when a subtitle cue goes on without repeating the name.
    All turns get the same ``start``/``end``, because the lines share one cue's times.
    """
    utterances: list[Utterance] = []
    current, parts = speaker, []
    for line in lines:
        name, text = split_speaker(line)
        if name is not None:
            utterances.append(Utterance(current, " ".join(parts), start, end))
            current, parts = name, []
        if text.strip():
            parts.append(text.strip())
    utterances.append(Utterance(current, " ".join(parts), start, end))
    return [u for u in utterances if u.text]
