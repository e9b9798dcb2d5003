"""Linguistic cues of one sentence: what makes it a question, advice or a reflection.

Cues are computed from spaCy tokens with punctuation and apostrophes normalised away, so
"Why don't you call her?" and the recogniser's "why dont you call her" give the same
cues (spaCy splits both "don't" and "dont" into "do" + "n't"/"nt"). Only ``has_qmark``
looks at punctuation; the classifier learns how much to trust it, since transcripts often
have none.

Everything is exposed as one getter extension, ``span._.features``, computed in a
single pass over the tokens.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Span

FILLERS = frozenset(
    [
        "um",
        "umm",
        "uh",
        "uhh",
        "er",
        "erm",
        "ah",
        "hmm",
        "mm",
        "mhm",
        "so",
        "okay",
        "ok",
        "right",
        "well",
        "and",
        "but",
        "now",
        "look",
        "listen",
        "yeah",
        "yes",
        "yep",
        "alright",
        "anyway",
        "oh",
        "see",
        "like",
    ]
)
WH = frozenset({"what", "how", "why", "when", "where", "who", "which", "whats", "hows"})
AUX = frozenset(
    [
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "is",
        "are",
        "was",
        "were",
        "can",
        "could",
        "would",
        "will",
        "should",
        "shall",
        "may",
        "might",
        "am",
    ]
)
SUBJ = frozenset(["you", "we", "i", "they", "he", "she", "it", "that", "this", "there", "everyone", "anyone"])
SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves", "ya", "youre", "youve"})
FIRST_SING = frozenset({"i", "me", "my", "mine", "myself", "im", "ive", "id"})
FIRST_PLUR = frozenset({"we", "us", "our", "ours", "ourselves", "lets"})
HEDGES = frozenset(["maybe", "perhaps", "might", "possibly", "probably", "just", "mightnt"])
FEELINGS = frozenset(
    [
        "feel",
        "feels",
        "felt",
        "feeling",
        "feelings",
        "worried",
        "worry",
        "frustrated",
        "frustrating",
        "upset",
        "stressed",
        "stress",
        "anxious",
        "overwhelmed",
        "tired",
        "exhausted",
        "angry",
        "hurt",
        "torn",
        "pressure",
        "difficult",
        "hard",
        "tough",
        "scared",
        "nervous",
        "fed",
        "disappointed",
        "unfair",
        "struggling",
    ]
)
SOCIAL = frozenset(
    [
        "hello",
        "hi",
        "hiya",
        "morning",
        "afternoon",
        "evening",
        "thanks",
        "thank",
        "cheers",
        "bye",
        "goodbye",
        "welcome",
        "sorry",
        "mm",
        "mhm",
        "hmm",
        "yeah",
        "yep",
        "okay",
        "ok",
        "right",
        "sure",
        "alright",
        "lovely",
        "great",
    ]
)
OBLIGATION = frozenset({"should", "must", "need", "needs", "ought", "got", "gotta", "require"})
NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "half",
        "quarter",
        "percent",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

# Phrase cues match on the normalised, space-padded token string (see ``_norm``).
PHRASES: dict[str, tuple[str, ...]] = {
    "why_dont_you": ("why do nt you", "why do nt we", "why not ", "why wouldnt you"),
    "what_about": ("what about ", "how about ", "what if you", "what if we"),
    "have_you_tried": (
        "have you thought about",
        "have you tried",
        "have you considered",
        "did you think about",
        "have you asked",
        "have you looked at",
        "have you spoken to",
        "did you try",
        "have you thought of",
        "would you consider",
        "could you not",
        "could nt you",
    ),
    "i_wonder": (
        "i wonder",
        "i m curious",
        "i am curious",
        "im curious",
        "i d love to hear",
        "i d be interested",
        "i would love to hear",
        "i m interested in",
    ),
    "lets": ("let s ", "lets ", "let us "),
    "i_want_you": (
        "i want you",
        "i need you",
        "i d like you",
        "i would like you",
        "make sure",
        "i expect",
        "i want this",
        "i want that",
        "i want it",
        "i need this",
        "i need it",
    ),
    "advice_frame": (
        "i d ",
        "i would ",
        "if i were you",
        "my advice",
        "i suggest",
        "i recommend",
        "you might want",
        "you could ",
        "might be worth",
        "it s worth",
        "be worth",
        "my suggestion",
        "it might help",
        "best bet",
        "if i was you",
        "try ",
    ),
    "reflection_frame": (
        "so you",
        "sounds like",
        "it sounds",
        "seems like",
        "you re feeling",
        "you feel",
        "you felt",
        "what i m hearing",
        "if i understand",
        "you re saying",
        "must have been",
        "must be ",
        "it seems",
        "you seem",
        "you re worried",
        "you re not sure",
        "youre",
    ),
    "affirmation_frame": (
        "well done",
        "great job",
        "good job",
        "you did ",
        "you handled",
        "you ve done",
        "impressed",
        "proud",
        "credit",
        "really good",
        "brilliant",
        "you ve really",
        "you ve put",
        "excellent",
        "fantastic",
        "you made",
        "you kept",
        "i can see",
        "you managed",
        "thank you for",
        "thanks for",
    ),
    "permission": (
        "can i ",
        "may i ",
        "would it be okay",
        "is it okay if",
        "do you mind if",
        "would you mind if i",
        "is it alright if",
        "would it help if i",
    ),
    "opinion_question": ("do you think", "what do you reckon", "how do you feel", "what s your"),
    "team_obligation": ("we need to", "we have to", "we ve got to", "we must", "we re going to", "we will"),
    "please": ("please",),
}

TOKEN_CUES = (
    "has_qmark",
    "wh_start",
    "aux_start",
    "modal_you_start",
    "imperative_start",
    "tell_me_start",
    "negative_aux_start",
    "tag_question_end",
    "if_start",
    "you_obligation",
    "you_past",
    "second_person",
    "first_person_sing",
    "first_person_plural",
    "hedge",
    "feeling",
    "social",
    "number",
    "modal",
    "past_tense",
    "fillers",
    "length",
    "short",
)
CUE_NAMES: tuple[str, ...] = TOKEN_CUES + tuple(PHRASES)
#: One compiled alternation per phrase cue: a single C-level search instead of dozens of ``in``.
_PHRASE_RES = {name: re.compile("|".join(re.escape(p) for p in phrases)) for name, phrases in PHRASES.items()}
#: A phrase can only match if its first word occurs: a set test that skips most searches.
_PHRASE_GATES = {name: frozenset(p.split()[0] for p in phrases) for name, phrases in PHRASES.items()}


_STRIP = str.maketrans("", "", "'\u2019-")


def _norm(text: str) -> str:
    """Lower case, apostrophes and hyphens dropped: "don't" and "dont" agree."""
    return text.lower().translate(_STRIP)


def normalized_tokens(span: Span) -> tuple[list[str], list[str], bool]:
    """Normalised words and fine tags of the non-punctuation tokens, and whether a "?" occurs.

    One pass over the tokens (measured: cheaper than reading ``Doc.to_array`` per Doc).
    """
    words, tags, qmark = [], [], False
    for t in span:
        if t.is_punct or t.is_space:
            qmark = qmark or t.text == "?"
            continue
        w = t.lower_
        if "'" in w or "\u2019" in w or "-" in w:  # rare: skip the translate call otherwise
            w = w.translate(_STRIP)
        if w:
            words.append(w)
            tags.append(t.tag_)
    return words, tags, qmark


def _content_start(words: list[str]) -> int:
    """Index of the first word after leading fillers and discourse markers."""
    i = 0
    while i < len(words) and (
        words[i] in FILLERS or (words[i] in {"you", "i"} and i + 1 < len(words) and words[i + 1] in {"know", "mean"})
    ):
        i += 2 if words[i] in {"you", "i"} else 1
    return min(i, max(len(words) - 1, 0))


def _share(words: Iterable[str], vocab: frozenset[str]) -> float:
    return float(sum(map(vocab.__contains__, words)))


_TAG_QUESTION = re.compile(r"(?: nt (?:it|you|they|we|i)| right| yeah| eh| innit) $")
_YOU_OBLIGATION = re.compile(r" you (?:\S+ ){0,2}?(?:should|must|needs?|ought|got|gotta|require) | you have to ")
_MODAL_STARTERS = frozenset({"could", "can", "would", "will"})
_TELL_STARTERS = frozenset({"tell", "talk", "walk", "describe", "explain", "say", "share"})


def _you_past(words: list[str], tags: list[str]) -> float:
    """Is "you" followed by a past verb ("you handled", "you felt")?"""
    j = -1
    while "you" in words[j + 1 :]:
        j = words.index("you", j + 1)
        if j + 1 < len(tags) and tags[j + 1] in ("VBD", "VBN"):
            return 1.0
    return 0.0


def cue_values(words: list[str], tags: list[str], qmark: bool) -> list[float]:
    """All cues of a sentence as numbers in :data:`CUE_NAMES` order.

    Written for speed (a list, few calls): it runs on every sentence, and its cost is part
    of the analyzer's overhead on top of spaCy. :func:`compute_cues` names the values.
    """
    n = len(words)
    padded = f" {' '.join(words)} "
    i = _content_start(words)
    first = words[i] if n else ""
    nxt = words[i + 1] if i + 1 < n else ""
    after = words[i + 2] if i + 2 < n else ""
    first_aux = first in AUX
    wh_start = first in WH
    values = [
        qmark,  # has_qmark
        wh_start,  # wh_start
        first_aux and (nxt in SUBJ or (nxt == "nt" and after in SUBJ)),  # aux_start
        first in _MODAL_STARTERS and nxt == "you",  # modal_you_start
        n > 0 and tags[i] == "VB" and not first_aux and first != "let",  # imperative_start
        first in _TELL_STARTERS and nxt in ("me", "us"),  # tell_me_start
        first_aux and nxt == "nt",  # negative_aux_start
        n > 3 and _TAG_QUESTION.search(padded) is not None,  # tag_question_end
        first == "if",  # if_start
        _YOU_OBLIGATION.search(padded) is not None,  # you_obligation
        _you_past(words, tags),  # you_past
        min(_share(words, SECOND), 3.0),  # second_person
        min(_share(words, FIRST_SING), 3.0),  # first_person_sing
        min(_share(words, FIRST_PLUR), 3.0),  # first_person_plural
        min(_share(words, HEDGES), 2.0),  # hedge
        min(_share(words, FEELINGS), 2.0),  # feeling
        _share(words, SOCIAL) / max(n, 1),  # social
        "CD" in tags or not NUMBER_WORDS.isdisjoint(words) or any(w[0].isdigit() for w in words),  # number
        "MD" in tags,  # modal
        (tags.count("VBD") + tags.count("VBN")) / max(n, 1),  # past_tense
        min(_share(words, FILLERS), 3.0),  # fillers
        math.log1p(n),  # length
        n <= 3,  # short
    ]
    present = set(words)
    for name, rx in _PHRASE_RES.items():
        if name == "have_you_tried" and wh_start and first != "why":
            values.append(False)  # "What options have you considered?" asks, it does not suggest
        else:
            values.append(not _PHRASE_GATES[name].isdisjoint(present) and rx.search(padded) is not None)
    return values


def compute_cues(words: list[str], tags: list[str], qmark: bool) -> dict[str, float]:
    """All cues of a sentence, keyed by :data:`CUE_NAMES`."""
    return {name: float(v) for name, v in zip(CUE_NAMES, cue_values(words, tags, qmark), strict=True)}


def shape(words: list[str], tags: list[str]) -> str:
    """Positional tag pattern of the sentence opening and end, e.g. ``"0_MD 1_PRP 2_VB E_NN"``.

    Grammatical shape generalises across vocabularies better than words do: "Could you
    send..." and "Would you mind chasing..." share it.
    """
    if not words:
        return ""
    i = _content_start(words)
    head = [f"{k}_{t}" for k, t in enumerate(tags[i : i + 3])]
    return " ".join([*head, f"E_{tags[-1]}"])


def sentence_features(span: Span) -> dict[str, Any]:
    """Everything the classifier reads about a sentence; used as ``span._.features``.

    ``text`` is the normalised words (for n-grams), ``shape`` the opening pattern, then one
    number per cue in :data:`CUE_NAMES`.
    """
    words, tags, qmark = normalized_tokens(span)
    features = compute_cues(words, tags, qmark)
    features["text"] = " ".join(words)
    features["shape"] = shape(words, tags)
    return features


def register_extensions(force: bool = False) -> None:
    """Register ``span._.features`` (idempotent)."""
    if force or not Span.has_extension("features"):
        Span.set_extension("features", getter=sentence_features, force=True)


register_extensions()
