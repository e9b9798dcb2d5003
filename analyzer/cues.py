"""Linguistic cues of one sentence: what makes it a question, advice or a reflection.

Cues are computed from spaCy tokens with punctuation and apostrophes normalised away, so
"Why don't you call her?" and the recogniser's "why dont you call her" give the same
cues (spaCy splits both "don't" and "dont" into "do" + "n't"/"nt"). Only ``has_qmark``
looks at punctuation; the classifier learns how much to trust it, since transcripts often
have none.

The cues are exposed as a getter extension, ``span._.cues``, a ``dict[str, float]`` keyed
by :data:`CUE_NAMES`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from spacy.tokens import Span

FILLERS = frozenset(
    "um umm uh uhh er erm ah hmm mm mhm so okay ok right well and but now look listen yeah "
    "yes yep alright anyway oh see like".split()
)
WH = frozenset({"what", "how", "why", "when", "where", "who", "which", "whats", "hows"})
AUX = frozenset(
    "do does did have has had is are was were can could would will should shall may might am".split()
)
SUBJ = frozenset("you we i they he she it that this there everyone anyone".split())
SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves", "ya", "youre", "youve"})
FIRST_SING = frozenset({"i", "me", "my", "mine", "myself", "im", "ive", "id"})
FIRST_PLUR = frozenset({"we", "us", "our", "ours", "ourselves", "lets"})
HEDGES = frozenset("maybe perhaps might possibly probably just mightnt".split())
FEELINGS = frozenset(
    "feel feels felt feeling feelings worried worry frustrated frustrating upset stressed "
    "stress anxious overwhelmed tired exhausted angry hurt torn pressure difficult hard "
    "tough scared nervous fed disappointed unfair struggling".split()
)
SOCIAL = frozenset(
    "hello hi hiya morning afternoon evening thanks thank cheers bye goodbye welcome sorry "
    "mm mhm hmm yeah yep okay ok right sure alright lovely great".split()
)
OBLIGATION = frozenset({"should", "must", "need", "needs", "ought", "got", "gotta", "require"})
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred thousand half quarter percent monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september "
    "october november december".split()
)

# Phrase cues match on the normalised, space-padded token string (see ``_norm``).
PHRASES: dict[str, tuple[str, ...]] = {
    "why_dont_you": ("why do nt you", "why do nt we", "why not ", "why wouldnt you"),
    "what_about": ("what about ", "how about ", "what if you", "what if we"),
    "have_you_tried": (
        "have you thought about", "have you tried", "have you considered", "did you think about",
        "have you asked", "have you looked at", "have you spoken to", "did you try",
        "have you thought of", "would you consider", "could you not", "could nt you",
    ),
    "i_wonder": (
        "i wonder", "i m curious", "i am curious", "im curious", "i d love to hear",
        "i d be interested", "i would love to hear", "i m interested in",
    ),
    "lets": ("let s ", "lets ", "let us "),
    "i_want_you": (
        "i want you", "i need you", "i d like you", "i would like you", "make sure",
        "i expect", "i want this", "i want that", "i want it", "i need this", "i need it",
    ),
    "advice_frame": (
        "i d ", "i would ", "if i were you", "my advice", "i suggest", "i recommend",
        "you might want", "you could ", "might be worth", "it s worth", "be worth",
        "my suggestion", "it might help", "best bet", "if i was you", "try ",
    ),
    "reflection_frame": (
        "so you", "sounds like", "it sounds", "seems like", "you re feeling", "you feel",
        "you felt", "what i m hearing", "if i understand", "you re saying", "must have been",
        "must be ", "it seems", "you seem", "you re worried", "you re not sure", "youre",
    ),
    "affirmation_frame": (
        "well done", "great job", "good job", "you did ", "you handled", "you ve done",
        "impressed", "proud", "credit", "really good", "brilliant", "you ve really",
        "you ve put", "excellent", "fantastic", "you made", "you kept", "i can see",
        "you managed", "thank you for", "thanks for",
    ),
    "permission": (
        "can i ", "may i ", "would it be okay", "is it okay if", "do you mind if",
        "would you mind if i", "is it alright if", "would it help if i",
    ),
    "opinion_question": ("do you think", "what do you reckon", "how do you feel", "what s your"),
    "team_obligation": ("we need to", "we have to", "we ve got to", "we must", "we re going to", "we will"),
    "please": ("please",),
}

TOKEN_CUES = (
    "has_qmark", "wh_start", "aux_start", "modal_you_start", "imperative_start", "tell_me_start",
    "negative_aux_start", "tag_question_end", "if_start", "you_obligation", "you_past",
    "second_person", "first_person_sing", "first_person_plural", "hedge", "feeling",
    "social", "number", "modal", "past_tense", "fillers", "length", "short",
)
CUE_NAMES: tuple[str, ...] = TOKEN_CUES + tuple(PHRASES)


def _norm(text: str) -> str:
    """Lower case, apostrophes and hyphens dropped: "don't" and "dont" agree."""
    return text.lower().replace("\u2019", "").replace("'", "").replace("-", "")


def normalized_tokens(span: Span) -> list[tuple[str, str]]:
    """(normalised word, fine tag) for every non-punctuation token of the span."""
    return [(_norm(t.text), t.tag_) for t in span if not t.is_punct and not t.is_space and _norm(t.text)]


def normalized_text(span: Span) -> str:
    """The span as normalised words: what the n-gram features see."""
    return " ".join(w for w, _ in normalized_tokens(span))


def _content_start(words: list[str]) -> int:
    """Index of the first word after leading fillers and discourse markers."""
    i = 0
    while i < len(words) and (
        words[i] in FILLERS or (words[i] in {"you", "i"} and i + 1 < len(words) and words[i + 1] in {"know", "mean"})
    ):
        i += 2 if words[i] in {"you", "i"} else 1
    return min(i, max(len(words) - 1, 0))


def _share(words: Iterable[str], vocab: frozenset[str]) -> float:
    return float(sum(w in vocab for w in words))


def _start_cues(words: list[str], tags: list[str]) -> dict[str, float]:
    i = _content_start(words)
    first = words[i] if words else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    after = words[i + 2] if i + 2 < len(words) else ""
    return {
        "wh_start": float(first in WH),
        "aux_start": float(first in AUX and (nxt in SUBJ or (nxt == "nt" and after in SUBJ))),
        "modal_you_start": float(first in {"could", "can", "would", "will"} and nxt == "you"),
        "imperative_start": float(bool(tags) and tags[i] == "VB" and first not in AUX and first != "let"),
        "tell_me_start": float(first in {"tell", "talk", "walk", "describe", "explain", "say", "share"}
                               and nxt in {"me", "us"}),
        "negative_aux_start": float(first in AUX and nxt == "nt"),
        "if_start": float(first == "if"),
    }


def _end_cues(words: list[str]) -> dict[str, float]:
    last = words[-1] if words else ""
    tail = " ".join(words[-3:])
    tag_q = last in {"right", "yeah", "eh", "innit", "no"} and len(words) > 3
    tag_q = tag_q or any(tail.endswith(t) for t in (" nt it", " nt you", " nt they", " nt we", " nt i"))
    return {"tag_question_end": float(tag_q)}


def _you_cues(words: list[str], tags: list[str]) -> dict[str, float]:
    oblig = past = 0.0
    for j, w in enumerate(words):
        if w != "you":
            continue
        window = words[j + 1 : j + 4]
        oblig = max(oblig, float(any(x in OBLIGATION for x in window) or window[:2] == ["have", "to"]))
        past = max(past, float(j + 1 < len(tags) and tags[j + 1] in {"VBD", "VBN"}))
    return {"you_obligation": oblig, "you_past": past}


def compute_cues(span: Span) -> dict[str, float]:
    """All cues of a sentence, keyed by :data:`CUE_NAMES`; used as ``span._.cues``."""
    pairs = normalized_tokens(span)
    words = [w for w, _ in pairs]
    tags = [t for _, t in pairs]
    n = max(len(words), 1)
    padded = f" {' '.join(words)} "
    cues = {"has_qmark": float(any(t.text == "?" for t in span))}
    cues |= _start_cues(words, tags) | _end_cues(words) | _you_cues(words, tags)
    cues |= {
        "second_person": min(_share(words, SECOND), 3.0),
        "first_person_sing": min(_share(words, FIRST_SING), 3.0),
        "first_person_plural": min(_share(words, FIRST_PLUR), 3.0),
        "hedge": min(_share(words, HEDGES), 2.0),
        "feeling": min(_share(words, FEELINGS), 2.0),
        "social": _share(words, SOCIAL) / n,
        "number": float(any(t == "CD" for t in tags) or any(w in NUMBER_WORDS for w in words)),
        "modal": float(any(t == "MD" for t in tags)),
        "past_tense": sum(t in {"VBD", "VBN"} for t in tags) / n,
        "fillers": min(_share(words, FILLERS), 3.0),
        "length": math.log1p(len(words)),
        "short": float(len(words) <= 3),
    }
    cues |= {name: float(any(p in padded for p in phrases)) for name, phrases in PHRASES.items()}
    return cues


def shape(span: Span) -> str:
    """Positional tag pattern of the sentence opening and end, e.g. ``"0_MD 1_PRP 2_VB E_NN"``.

    Grammatical shape generalises across vocabularies better than words do: "Could you
    send..." and "Would you mind chasing..." share it.
    """
    pairs = normalized_tokens(span)
    if not pairs:
        return ""
    i = _content_start([w for w, _ in pairs])
    head = [f"{k}_{t}" for k, (_, t) in enumerate(pairs[i : i + 3])]
    return " ".join([*head, f"E_{pairs[-1][1]}"])


def register_extensions(force: bool = False) -> None:
    """Register ``span._.cues``, ``span._.norm_text`` and ``span._.shape`` (idempotent)."""
    getters: dict[str, Callable[[Span], object]] = {
        "cues": compute_cues, "norm_text": normalized_text, "shape": shape,
    }
    for name, getter in getters.items():
        if force or not Span.has_extension(name):
            Span.set_extension(name, getter=getter, force=True)


register_extensions()
