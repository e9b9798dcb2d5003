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

from spacy.attrs import ORTH, TAG
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

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
_PHRASE_LISTS = list(PHRASES.values())


def _phrase_starts() -> dict[str, frozenset[int]]:
    """For each first word of a phrase, the phrase cues (by position) it can open.

    A phrase cue is only tested when one of these words occurs in the sentence, so most
    sentences test a few phrase cues, or none.
    """
    starts: dict[str, set[int]] = {}
    for k, phrases in enumerate(_PHRASE_LISTS):
        for phrase in phrases:
            starts.setdefault(phrase.split()[0], set()).add(k)
    return {word: frozenset(ks) for word, ks in starts.items()}


_PHRASE_STARTS = _phrase_starts()
_START_WORDS = frozenset(_PHRASE_STARTS)
_HAVE_YOU_TRIED = list(PHRASES).index("have_you_tried")


_STRIP = str.maketrans("", "", "'\u2019-")
_QMARK = hash_string("?")


def _norm(text: str) -> str:
    """Lower case, apostrophes and hyphens dropped: "don't" and "dont" agree."""
    return text.lower().translate(_STRIP)


def normalized_tokens(span: Span) -> tuple[list[str], list[str], bool]:
    """Normalised words and fine tags of the non-punctuation tokens, and whether a "?" occurs."""
    return TokenReader().read(span)


class TokenReader:
    """Reads sentences' words and tags from their Doc's arrays, once per Doc and word type.

    Creating a ``Token`` and reading four attributes from it cost more than all the cues
    together; ``Doc.to_array`` hands over every token's word and tag id in one call, and
    what a word id normalises to is looked up once per reader. Feed it the sentences of a
    Doc one after another (as :func:`analyzer.features.feature_table` does): the arrays of
    the last Doc are kept. The ids are the Lexeme's, so the result is exactly what the
    ``Token`` attributes give.
    """

    def __init__(self) -> None:
        self._words: dict[int, str | None] = {}  # orth id -> normalised word; None: punctuation
        self._tags: dict[int, str] = {}
        self._doc: Doc | None = None
        self._rows: list[list[int]] = []

    def read(self, span: Span) -> tuple[list[str], list[str], bool]:
        """The non-punctuation tokens' words and tags, and whether a "?" occurs."""
        doc = span.doc
        if doc is not self._doc:
            self._doc, self._rows = doc, doc.to_array([ORTH, TAG]).tolist()
        words, tags, qmark = [], [], False
        known_words, known_tags = self._words, self._tags
        for orth, tag in self._rows[span.start : span.end]:
            word = known_words[orth] if orth in known_words else self._word(doc, orth)
            if word is None:
                qmark = qmark or orth == _QMARK
            elif word:
                words.append(word)
                tags.append(known_tags[tag] if tag in known_tags else self._tag(doc, tag))
        return words, tags, qmark

    def _word(self, doc: Doc, orth: int) -> str | None:
        lex = doc.vocab[orth]
        word = None if lex.is_punct or lex.is_space else _strip(lex.lower_)
        self._words[orth] = word
        return word

    def _tag(self, doc: Doc, tag: int) -> str:
        self._tags[tag] = name = doc.vocab.strings[tag]
        return name


def _strip(word: str) -> str:
    return word.translate(_STRIP) if "'" in word or "\u2019" in word or "-" in word else word


def _content_start(words: list[str]) -> int:
    """Index of the first word after leading fillers and discourse markers."""
    i = 0
    while i < len(words) and (
        words[i] in FILLERS or (words[i] in {"you", "i"} and i + 1 < len(words) and words[i + 1] in {"know", "mean"})
    ):
        i += 2 if words[i] in {"you", "i"} else 1
    return min(i, max(len(words) - 1, 0))


#: The word lists counted per sentence, and for each listed word the lists it is in: one
#: dict lookup per word instead of one pass over the sentence per list.
_COUNTED = (SECOND, FIRST_SING, FIRST_PLUR, HEDGES, FEELINGS, SOCIAL, FILLERS, NUMBER_WORDS)
_MEMBERSHIP = {w: tuple(k for k, lex in enumerate(_COUNTED) if w in lex) for w in frozenset().union(*_COUNTED)}


def _counts(words: Iterable[str]) -> list[int]:
    """How many of the words are in each list of :data:`_COUNTED`."""
    counts = [0] * len(_COUNTED)
    member = _MEMBERSHIP.get
    for w in words:
        for k in member(w, ()):
            counts[k] += 1
    return counts


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
    second, first_sing, first_plur, hedges, feelings, social, fillers, numbers = _counts(words)
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
        min(second, 3),  # second_person
        min(first_sing, 3),  # first_person_sing
        min(first_plur, 3),  # first_person_plural
        min(hedges, 2),  # hedge
        min(feelings, 2),  # feeling
        social / max(n, 1),  # social
        "CD" in tags or numbers > 0 or any(w[0].isdigit() for w in words),  # number
        "MD" in tags,  # modal
        (tags.count("VBD") + tags.count("VBN")) / max(n, 1),  # past_tense
        min(fillers, 3),  # fillers
        math.log1p(n),  # length
        n <= 3,  # short
    ]
    phrases = [False] * len(_PHRASE_LISTS)
    for k in {k for w in _START_WORDS.intersection(words) for k in _PHRASE_STARTS[w]}:
        phrases[k] = any(map(padded.__contains__, _PHRASE_LISTS[k]))  # plain substring tests: C speed
    if wh_start and first != "why":
        phrases[_HAVE_YOU_TRIED] = False  # "What options have you considered?" asks, it does not suggest
    return values + phrases


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
