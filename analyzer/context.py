"""What a human coder sees around a sentence, as tokens the classifier can weigh.

The same words do different jobs by context: "Yeah, okay?" closing a turn is procedure, not a
question; a sentence that answers a question is rarely advice; in a punctuated transcript a
missing "?" is evidence, in a recogniser's output it is not. Each sentence gets one string of
tokens (``span._.context``, the ``context`` column of the feature table), so the saved model
stays a scikit-learn pipeline over a plain table:

- where it sits in its turn (``pos_first``, ``pos_mid``, ``pos_last``, ``pos_only``);
- what came just before: nothing, the same speaker, or someone else (``prev_none``,
  ``prev_self``, ``prev_other``), whether that was a question, and its act;
- the previous speaker's turn: its last act, whether it asked, whether it was a short
  back-channel;
- whether the transcript is punctuated at all, and if so whether this sentence has its "?",
  and whether it is built like a question (``punct_noq_qform``: a question's opening with no
  "?", which in typed text is usually not a question; ``punct_q_qform``: both).

A sentence seen alone (``classify``, the corpus's rows, a labelled sheet) gets
:data:`NO_CONTEXT`. Acts of earlier sentences are the model's own predictions at run time
(two passes: first with ``*_act_unk``), so training uses predicted acts too, never gold ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from spacy.tokens import Span

from analyzer import sentences  # noqa: F401  (registers doc._.text and doc._.speaker)
from analyzer.cues import AUX, FILLERS, SUBJ, WH
from analyzer.labels import QUESTION_ACTS

NO_CONTEXT = "none"
UNKNOWN_ACT = "unk"
#: A turn is "punctuated" when it ends a sentence with . ? or !; a transcript is when at
#: least this share of its turns of three words or more are (recognisers print none).
PUNCTUATED_SHARE = 0.5
#: A previous turn this short is a back-channel ("Mm-hm.", "Yeah, right.").
SHORT_TURN_WORDS = 3
_ASKING_ACTS = QUESTION_ACTS | {"leading_question"}
#: Add the question-form tokens (``punct_*_qform``); the trials of docs/model-choices.md
#: compare the model with and without them.
QUESTION_FORM_TOKENS = True
_WORD = re.compile(r"[a-z0-9]+")
#: Negative auxiliaries as one word ("dont", typed "don't") or as spaCy's two ("do nt").
_NEGATED_AUX = {f"{aux}nt": aux for aux in AUX} | {"cant": "can", "wont": "will", "aint": "is", "shant": "shall"}

if not Span.has_extension("context"):
    Span.set_extension("context", default=None)


class Place(NamedTuple):
    """What context needs of one sentence: its turn, speaker and text.

    A named tuple: one is made per sentence per pass, and a frozen dataclass was five times
    dearer to make.
    """

    turn: int
    speaker: str
    text: str


def is_punctuated(turn_texts: Sequence[str]) -> bool:
    """Does this transcript mark its sentences (a person's typing) or not (a recogniser's)?"""
    long_turns = [t for t in turn_texts if len(t.split()) >= 3]
    if not long_turns:
        return any(t.rstrip()[-1:] in ".?!" for t in turn_texts if t.strip())
    marked = sum(any(c in t for c in ".?!") for t in long_turns)
    return marked >= PUNCTUATED_SHARE * len(long_turns)


def context_strings(places: Sequence[Place], acts: Sequence[str | None] | None = None,
                    punctuated: bool | None = None) -> list[str]:
    """One token string per sentence of ONE conversation, in order.

    ``acts`` are the (predicted) acts of the same sentences; None gives the first pass's
    ``unk``. ``punctuated`` defaults to :func:`is_punctuated` over the turns.

    Everything but the earlier acts depends on the places alone (:func:`_frame`), and an
    analysis asks for the same conversation three times (both passes, then the staff
    model): given :class:`Places` (what :func:`span_places` returns), that part is worked
    out once and kept with them. Each string is then made once per distinct combination of
    that part and the two acts it reads, about thirty in a long meeting.
    """
    if not places:
        return []
    frame = places.frame(punctuated) if isinstance(places, Places) else _frame(places, punctuated)
    if acts is None:
        acts = [None] * len(places)
    elif len(acts) != len(places):
        raise ValueError(f"{len(acts)} acts for {len(places)} sentences")
    padded = [*acts, None]  # index -1 (no such sentence) reads None
    made: dict[tuple[int, str | None, str | None], str] = {}
    out = []
    for kind, prev, pturn in zip(frame.kinds, frame.prev, frame.pturn, strict=True):
        key = (kind, padded[prev], padded[pturn])
        text = made.get(key)
        if text is None:
            text = made[key] = _assemble(frame.parts[kind], key[1], key[2])
        out.append(text)
    return out


class _Parts(NamedTuple):
    """What a sentence's context string says apart from the earlier acts."""

    position: str  # pos_first, pos_mid, pos_last or pos_only
    previous: str  # prev_none, prev_self or prev_other
    previous_asked: bool  # the previous sentence ends with "?"
    has_pturn: bool  # there is a previous speaker's turn
    pturn_asked: bool  # its last sentence ends with "?"
    pturn_short: bool  # it is a back-channel
    punctuation: str  # punct_q / punct_noq (with its question-form token), or unpunct


class _Frame(NamedTuple):
    """The act-independent part of one conversation's context strings.

    Per sentence: which of ``parts`` it is, and the positions of the two sentences whose
    acts it reads (the previous one, the previous turn's last), -1 for none.
    """

    parts: list[_Parts]
    kinds: list[int]
    prev: list[int]
    pturn: list[int]


class Places(tuple[Place, ...]):
    """One conversation's places, in order, with what :func:`context_strings` works out from them alone.

    A tuple, so the places cannot change under what is kept; kept only as long as the
    places are (one analysis), never from one analysis to the next.
    """

    def frame(self, punctuated: bool | None) -> _Frame:
        """:func:`_frame` of these places, worked out on the first call for each ``punctuated``."""
        frames = self.__dict__.setdefault("_frames", {})
        if punctuated not in frames:
            frames[punctuated] = _frame(self, punctuated)
        return frames[punctuated]


def _frame(places: Sequence[Place], punctuated: bool | None) -> _Frame:
    """The act-independent part of a conversation's context strings (:class:`_Frame`)."""
    if punctuated is None:
        punctuated = is_punctuated(_turn_texts(places))
    turn_words, turn_last = _turn_summaries(places)
    kinds_of: dict[_Parts, int] = {}
    kinds, prev_at, pturn_at = [], [], []
    for i, here in enumerate(places):
        prev = places[i - 1] if i else None
        nxt = places[i + 1] if i + 1 < len(places) else None
        first, last = prev is None or prev.turn != here.turn, nxt is None or nxt.turn != here.turn
        position = {(True, True): "pos_only", (True, False): "pos_first", (False, True): "pos_last",
                    (False, False): "pos_mid"}[(first, last)]
        previous = "prev_none" if prev is None else "prev_self" if not first else "prev_other"
        earlier = here.turn - 1
        j = turn_last.get(earlier, -1)
        if punctuated:
            asked = here.text.rstrip().endswith("?")
            punctuation = "punct_q" if asked else "punct_noq"
            if QUESTION_FORM_TOKENS and question_form(here.text):
                punctuation += " punct_q_qform" if asked else " punct_noq_qform"
        else:
            punctuation = "unpunct"
        parts = _Parts(position, previous, prev is not None and _asks(prev.text), j >= 0,
                       j >= 0 and _asks(places[j].text), j >= 0 and turn_words[earlier] <= SHORT_TURN_WORDS,
                       punctuation)
        kinds.append(kinds_of.setdefault(parts, len(kinds_of)))
        prev_at.append(i - 1)  # -1 for the first sentence: none
        pturn_at.append(j)
    return _Frame(list(kinds_of), kinds, prev_at, pturn_at)


def _assemble(parts: _Parts, prev_act: str | None, pturn_act: str | None) -> str:
    tokens = [parts.position, parts.previous]
    if parts.previous != "prev_none":
        tokens += _about(parts.previous_asked, prev_act, "prev")
    if parts.has_pturn:
        tokens += _about(parts.pturn_asked, pturn_act, "pturn")
        if parts.pturn_short:
            tokens.append("pturn_short")
    else:
        tokens.append("pturn_none")
    tokens.append(parts.punctuation)
    return " ".join(tokens)


def _asks(text: str) -> bool:
    return text.rstrip().endswith("?")


def question_form(text: str) -> bool:
    """Does the sentence open like a question: a wh-word, or an auxiliary before its subject?

    Fillers and discourse markers ("so", "okay", "and") are skipped first. Only the context
    uses it, and only in punctuated transcripts: there a question's opening without its "?"
    ("So what we need is a plan.", "Is it an apple which has") is usually not a question
    (about one in seven in AMI's training meetings), while the words alone cannot say so,
    since in a recogniser's text the same opening is the best evidence of a question there is.
    """
    words = _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))
    i = 0
    while i < len(words) - 1 and words[i] in FILLERS:
        i += 1
    if i >= len(words):
        return False
    first, rest = words[i], words[i + 1 : i + 3]
    if first in WH:
        return True
    if first in _NEGATED_AUX:
        return bool(rest) and rest[0] in SUBJ
    if first in AUX:
        return bool(rest) and (rest[0] in SUBJ or (rest[0] == "nt" and len(rest) > 1 and rest[1] in SUBJ))
    return False


def _about(asked: bool, act: str | None, prefix: str) -> list[str]:
    """Tokens for an earlier sentence: its act and whether it asked something (``asked``: its "?")."""
    tokens = [f"{prefix}_act_{act or UNKNOWN_ACT}"]
    if asked or act in _ASKING_ACTS:
        tokens.append(f"{prefix}_q")
    return tokens


def _turn_texts(places: Sequence[Place]) -> list[str]:
    texts: dict[int, list[str]] = {}
    for p in places:
        texts.setdefault(p.turn, []).append(p.text)
    return [" ".join(t) for t in texts.values()]


def _turn_summaries(places: Sequence[Place]) -> tuple[dict[int, int], dict[int, int]]:
    """Words per turn, and the index of each turn's last sentence."""
    words: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, p in enumerate(places):
        words[p.turn] = words.get(p.turn, 0) + len(p.text.split())
        last[p.turn] = i
    return words, last


def span_places(spans: Sequence[Span]) -> Places:
    """The places of one transcript's sentence Spans (speaker rides on their Doc).

    A turn here is a run of one speaker, as in the labelled conversations: a reader may give
    one speaker several utterances in a row (subtitle cues), which are still one turn.
    """
    places, turn, speaker, doc = [], -1, object(), None
    for span in spans:
        if span.doc is not doc:
            doc = span.doc
            ctx = doc._  # one Underscore for both reads (doc_text would make a second)
            text = ctx.text if ctx.text is not None else doc.text
            if ctx.speaker != speaker:
                turn, speaker = turn + 1, ctx.speaker
                name = str(speaker)
        places.append(Place(turn, name, text[span.start_char : span.end_char]))
    return Places(places)


def set_span_contexts(groups: Sequence[Sequence[Span]], acts: Sequence[str | None] | None = None,
                      places: Sequence[Sequence[Place]] | None = None) -> list[str]:
    """Write ``span._.context`` for every sentence of each transcript (one group each).

    ``acts`` run over all groups' sentences in order (the first pass's predictions). The
    strings are returned in the same order too, so a caller need not read them back off
    the spans (each read of an extension builds spaCy's ``Underscore`` object anew).
    ``places``: :func:`span_places` of each group, when the caller keeps them for both passes.
    """
    out = group_contexts(groups, acts, places)
    store_contexts((span for spans in groups for span in spans), out)
    return out


def group_contexts(groups: Sequence[Sequence[Span]], acts: Sequence[str | None] | None = None,
                   places: Sequence[Sequence[Place]] | None = None) -> list[str]:
    """:func:`set_span_contexts`'s strings without writing them: the first pass's are replaced
    by the second's, and each write of an extension costs about as much as making the string."""
    out: list[str] = []
    for k, spans in enumerate(groups):
        group_acts = acts[len(out) : len(out) + len(spans)] if acts is not None else None
        out += context_strings(places[k] if places is not None else span_places(spans), group_acts)
    return out


def store_contexts(spans: Iterable[Span], contexts: Iterable[str | None]) -> None:
    """Write each span's ``span._.context``."""
    for span, ctx in zip(spans, contexts, strict=True):
        span._.context = ctx
