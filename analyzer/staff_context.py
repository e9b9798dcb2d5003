"""What the person being managed is answering: the staff model's context tokens.

A staff sentence's label depends on what the manager just did. "I could ring her" after an
open question is an ``own_option``; "Yeah, I'll do that" after advice is a ``commitment``
carrying out the manager's idea; "Okay" after an instruction is ``agreement``. So the staff
model reads, beside :mod:`analyzer.context`'s place-in-turn tokens:

- the acts of the manager's last turn before this sentence (``mturn_act_*``, its last act
  ``mturn_last_*``), whether it asked (``mturn_q``, ``mturn_open``) or advised
  (``mturn_adv``), and whether it came right before (``mturn_near``) or further back;
- where the sentence sits in its own turn (``idx_0``, ``idx_1``, ``idx_2``);
- the words of the manager's last sentence before it (``mw_*``): "Yeah, I'll ring her" is
  a commitment to the manager's idea after "Could you ring her?", and "Ring her" after
  "What would you do?" is an option; the act alone does not say which action was named;
- cue phrases of the sentence itself (``cue_option``, ``cue_commit``, ...) and of the same
  speaker's previous sentence (``self_cue_*``): an option often follows a concern ("but"),
  an insight follows thinking aloud;
- (version 2) the kind of the manager's last question and whether the sentence answers it
  (``mq_help``, ``ans_block``...: "what would help?" is answered by options, "what gets in
  the way?" by concerns), what follows it (the cues of the speaker's next sentence
  ``ncue_*``, the acts of the manager's next turn ``nturn_*``), and the grammar of its main
  verb from the tags spaCy already gave (``g_i_past`` "I tried ringing her" against
  ``g_i_could`` "I could ring her", negation, question form, length, "I think"/"maybe it's").

The manager's acts are predictions, never gold: at run time the manager model's labels of
that transcript, in training ones from models that never saw the conversation (folds), as
the manager model's own context is (docs/context-model.md). It is all one token string in
the ``context`` column, so the saved model stays a plain scikit-learn pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

import pandas as pd
from spacy.language import Language
from spacy.tokens import Span

from analyzer.context import NO_CONTEXT, Place, context_strings
from analyzer.cues import TokenReader
from analyzer.features import asr_style
from analyzer.labels import ADVICE_ACTS, QUESTION_ACTS

#: Written on a staff model's card: a model that has it reads these tokens (older staff
#: models read :mod:`analyzer.context`'s alone, and still load and label as they did).
#: Version 2 (issue 22) adds what a coder reads and version 1 lacked: the kind of the manager's
#: last question, what follows the sentence, and the grammar of its main verb (docs/staff-model.md).
STAFF_CONTEXT_VERSION = 2
#: What each version adds to version 1's tokens (:func:`staff_context_strings`' ``extras``).
VERSION_EXTRAS: dict[int, tuple[str, ...]] = {1: (), 2: ("question", "next", "grammar")}
CARD_KEY = "staff_context"

#: Cue phrases over the recogniser-style text (lower case, no apostrophes: "I'll" is "ill"),
#: so a punctuated and an unpunctuated transcript give the same tokens.
_CUES: dict[str, str] = {
    "option": r"\b(i|we) (could|can|might) \b|\bmaybe (i|we)\b|\bperhaps (i|we)\b|\bwhat if (i|we)\b"
              r"|\bhow about (i|we)\b|\b(one|another|the other) option\b|\bi was thinking\b|\bi suppose i\b"
              r"|\bcould i\b|\bi wonder if i\b|\b(i|we) should\b",
    "commit": r"\b(ill|i will|we will|im going to|im gonna|were going to|i shall)\b|\bwill do\b|\bi can do that\b",
    "insight": r"\bthe (problem|thing|issue) is\b|\bi (didnt|never|hadnt) (realise|realize|think|thought|see|notice)"
               r"|\bi (realise|realize|see) (now|that)\b|\bso really\b|\bactually its\b|\bnow that i\b|\bmaybe thats\b"
               r"|\bi think thats why\b|\bits not (really )?(the|about)\b",
    "concern": r"\b(worried|worry|worries|scared|nervous|anxious|stressed|afraid|dread|struggling)\b"
               r"|\bnot sure\b|\bdont know if\b|\b(cant|wont|couldnt|wouldnt) (work|cope|manage)\b|\bi cant\b"
               r"|\bthe trouble is\b|\bproblem\b|\btoo (much|many)\b",
    "but": r"\bbut\b",
    "i_think": r"\bi think\b|\bi feel\b|\bi guess\b",
    "yes": r"^(yes|yeah|yep|yup|okay|ok|sure|right|fine|fair enough|mm hm|mhm|absolutely|definitely|of course)\b",
    "thanks": r"\b(thanks|thank you|cheers)\b",
}
_CUE_PATTERNS = {name: re.compile(pattern) for name, pattern in _CUES.items()}
#: spaCy splits contractions ("I'll" -> "i ll", "won't" -> "wo nt"); a recogniser writes "ill",
#: "wont". Joined again, the feature table's words and a transcript's text read alike.
_SPLIT_CONTRACTION = re.compile(r"\b(\w+) (ll|d|m|re|ve|s|nt)\b")


def plain_words(text: str) -> str:
    """Lower case, no punctuation, contractions whole: the one form cues and words are read in."""
    return _SPLIT_CONTRACTION.sub(_joined, asr_style(text))


def _joined(match: re.Match) -> str:
    """What ``r"\\1\\2"`` gives, without re expanding a template on every call (a sixth of this function's time)."""
    return match.group(1) + match.group(2)


def cue_tokens(text: str, prefix: str = "cue") -> list[str]:
    """The cue phrases a sentence holds, as tokens (``cue_option``, ``cue_commit``...)."""
    plain = plain_words(text)
    return [f"{prefix}_{name}" for name, pattern in _CUE_PATTERNS.items() if pattern.search(plain)]


def staff_context_strings(places: Sequence[Place], manager_acts: Sequence[str | None],
                          punctuated: bool | None = None, wanted: Collection[int] | None = None,
                          version: int = STAFF_CONTEXT_VERSION, extras: Collection[str] | None = None) -> list[str]:
    """One token string per sentence of ONE conversation, in order (used for its staff sentences).

    ``manager_acts`` are aligned with ``places``: the manager's (predicted) act of each
    manager sentence, None for everyone else's. The base tokens read them too, so
    ``prev_act_*`` names the manager's act when the previous sentence was the manager's.
    ``wanted``: the positions whose strings are used (the staff sentences); the others get
    :data:`NO_CONTEXT` without being built, since the cue patterns are the dearest part of
    an analysis after spaCy and a transcript is about half manager sentences. ``version`` 2
    adds the kind of the manager's last question (:func:`question_tokens`). ``extras`` (for
    trials) names the additions instead: "question", "next" (:func:`next_tokens`), "next_words".
    """
    extras = set(VERSION_EXTRAS.get(version, ()) if extras is None else extras)
    # Anything but an act's name (None, pandas' NaN for a missing value) is nobody's act.
    manager_acts = [act if isinstance(act, str) and act else None for act in manager_acts]
    base = context_strings(places, manager_acts, punctuated)
    turn_acts: dict[int, list[int]] = {}
    for i, (place, act) in enumerate(zip(places, manager_acts, strict=True)):
        if act is not None:
            turn_acts.setdefault(place.turn, []).append(i)
    out: list[str] = []
    idx_in_turn, own_prev = 0, {}
    manager_turns = sorted(turn_acts)
    cues: dict[int, list[str]] = {}  # each sentence's cue names, read once (for itself and as "self_cue")
    last_words: dict[int, list[str]] = {}  # the "mw_" tokens of each manager turn, read once
    m = -1  # index into manager_turns of the latest manager turn before the current sentence's turn
    for i, (here, tokens) in enumerate(zip(places, base, strict=True)):
        while m + 1 < len(manager_turns) and manager_turns[m + 1] < here.turn:
            m += 1
        idx_in_turn = idx_in_turn + 1 if i and places[i - 1].turn == here.turn else 0
        previous = own_prev.get(here.speaker)
        own_prev[here.speaker] = i
        if wanted is not None and i not in wanted:
            out.append(NO_CONTEXT)
            continue
        extra = [f"idx_{min(idx_in_turn, 2)}"]
        if m < 0:
            extra.append("mturn_none")
        else:
            turn = manager_turns[m]
            acts = [manager_acts[j] for j in turn_acts[turn]]
            extra += [f"mturn_act_{a}" for a in dict.fromkeys(acts)] + [f"mturn_last_{acts[-1]}"]
            asked = any(a in QUESTION_ACTS or a == "leading_question" for a in acts) or \
                places[turn_acts[turn][-1]].text.rstrip().endswith("?")
            extra += ["mturn_q"] * asked + ["mturn_open"] * ("open_question" in acts)
            extra += ["mturn_adv"] * any(a in ADVICE_ACTS for a in acts)
            extra.append("mturn_near" if turn == here.turn - 1 else "mturn_far")
            if "question" in extras:
                extra += question_tokens(turn_acts[turn], places, manager_acts, turn == here.turn - 1,
                                         idx_in_turn == 0)
        extra += [f"cue_{name}" for name in _cue_names(i, places, cues)]
        if previous is None:
            extra.append("self_none")
        else:
            extra += [f"self_cue_{name}" for name in _cue_names(previous, places, cues)]
        if m >= 0:
            turn = manager_turns[m]
            if turn not in last_words:
                last_words[turn] = [f"mw_{word}" for word in plain_words(places[turn_acts[turn][-1]].text).split()]
            extra += last_words[turn]
        if extras & CODER_EXTRAS:
            extra += coder_tokens(i, places, manager_acts, turn_acts[manager_turns[m]] if m >= 0 else [],
                                  m >= 0 and manager_turns[m] == here.turn - 1, extras)
        if extras & {"next", "next_words"}:
            n = m + 1 + (m + 1 < len(manager_turns) and manager_turns[m + 1] == here.turn)
            later = manager_turns[n] if n < len(manager_turns) else None
            extra += next_tokens(i, places, manager_acts, turn_acts.get(later, []), later, cues,
                                 "next_words" in extras)
        out.append(" ".join([tokens, *extra]))
    return out


def next_tokens(i: int, places: Sequence[Place], manager_acts: Sequence[str | None], next_turn: Sequence[int],
                next_turn_number: int | None, cues: dict[int, list[str]], words: bool = False) -> list[str]:
    """What follows the sentence: the cues of the speaker's next sentence in the turn, the manager's next turn.

    A coder reads on: "I could ring her." then "But she's never in." is an option set
    against a concern; the manager answering with a reflection or an affirmation ("That's a
    good idea") says what the manager heard. At run time the manager's acts of the whole
    transcript are known before any staff sentence is labelled, so this costs no second pass.
    """
    here = places[i]
    out = []
    if i + 1 < len(places) and places[i + 1].turn == here.turn:
        out += [f"ncue_{name}" for name in _cue_names(i + 1, places, cues)] or ["ncue_none"]
    else:
        out.append("nsent_none")
    if not next_turn:
        return [*out, "nturn_none"]
    acts = [manager_acts[j] for j in next_turn]
    out += [f"nturn_act_{a}" for a in dict.fromkeys(acts)] + [f"nturn_first_{acts[0]}"]
    out.append("nturn_near" if next_turn_number == here.turn + 1 else "nturn_far")
    if words:
        out += [f"nw_{word}" for word in plain_words(places[next_turn[0]].text).split()]
    return out


def _cue_names(i: int, places: Sequence[Place], cues: dict[int, list[str]]) -> list[str]:
    """The cue names of sentence ``i``, matched once per sentence however often they are asked for."""
    if i not in cues:
        plain = plain_words(places[i].text)
        cues[i] = [name for name, pattern in _CUE_PATTERNS.items() if pattern.search(plain)]
    return cues[i]


def staff_row_contexts(rows: pd.DataFrame, manager_acts: Sequence[str | None],
                       version: int = STAFF_CONTEXT_VERSION, extras: Collection[str] | None = None,
                       nlp: Language | None = None) -> pd.Series:
    """The staff context of every row of a training-rows table (:mod:`analyzer.training_rows`).

    ``manager_acts`` are aligned with ``rows``: the predicted act of each manager sentence,
    None for everyone else's. Conversations are rebuilt per ``unit``, as
    :func:`analyzer.training_rows.set_contexts` does for the manager model. A version that
    reads the grammar tags each staff row's text with ``nlp`` (the default pipeline if None).
    """
    extras = set(VERSION_EXTRAS.get(version, ()) if extras is None else extras)
    acts = pd.Series(list(manager_acts), index=rows.index, dtype=object)
    out = pd.Series(NO_CONTEXT, index=rows.index, dtype=object)
    for _, unit in rows[rows["context"] != NO_CONTEXT].groupby("unit", sort=False):
        places = [Place(int(t), str(s), str(x)) for t, s, x in zip(unit["turn"], unit["speaker"], unit["text"],
                                                                     strict=True)]
        out[unit.index] = staff_context_strings(places, acts[unit.index].tolist(), bool(unit["punctuated"].iloc[0]),
                                                version=version, extras=extras)
    if "grammar" in extras:
        staff = (out != NO_CONTEXT) & acts.map(lambda a: not (isinstance(a, str) and a)).to_numpy()
        out[staff] = out[staff] + " " + pd.Series(text_grammar(rows.loc[staff, "text"], nlp), index=out[staff].index)
    return out


def reads_staff_context(card: dict) -> bool:
    """Was this model trained on these tokens (its card says so), not on :mod:`analyzer.context`'s alone?"""
    return card.get("target") == "staff_act" and card.get(CARD_KEY) in VERSION_EXTRAS


def card_version(card: dict) -> int:
    """The staff context version a staff model was trained on (1 for one whose card predates versions)."""
    version = card.get(CARD_KEY)
    return version if version in VERSION_EXTRAS else 1


def reads_grammar(version: int) -> bool:
    """Do this version's tokens include the sentence's grammar (which needs its tags, not its text alone)?"""
    return "grammar" in VERSION_EXTRAS.get(version, ())


# --- Grammar of the sentence and the kind of the manager's last question (staff context version 2) ---
#
# A coder tells "I tried ringing her" (information: what was done) from "I could ring her" (an
# option) and "I'll ring her" (a commitment) by the tense and modality of the main verb and by
# who its subject is; the word n-grams see "i tried" and "i could" but not "I <any past verb>".
# The tagger has already run for the feature table, so these cost a scan of the tags.

_MODAL_KIND = {"will": "will", "ll": "will", "shall": "will", "wo": "will", "would": "would", "d": "would",
               "could": "could", "can": "could", "ca": "could", "might": "could", "may": "could",
               "should": "should", "must": "should", "ought": "should"}
_SUBJECT_KIND = {"i": "i", "we": "we", "you": "you", "ya": "you", "it": "it", "that": "it", "this": "it",
                 "there": "it", "he": "they", "she": "they", "they": "they"}
#: A recogniser's "ill", "im", "ive", "id" are one word the tagger reads as a noun: subject and auxiliary both.
_JOINED_I = {"ill": "ll", "im": "m", "ive": "ve", "id": "d"}
_HAVE = frozenset({"have", "has", "ve", "s", "had", "d"})
_NEGATIONS = frozenset({"not", "nt", "never", "no", "nothing", "nobody", "none", "cant", "wont", "dont", "didnt",
                        "isnt", "wasnt", "havent", "couldnt", "wouldnt", "shouldnt", "doesnt", "arent"})
_QUESTION_OPENERS = frozenset({"do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will",
                               "should", "shall", "have", "has", "am", "may", "might"})
_WH = frozenset({"what", "how", "why", "when", "where", "who", "which", "whats", "hows"})
_OPENING_FILLERS = frozenset({"um", "umm", "uh", "er", "erm", "ah", "oh", "so", "well", "yeah", "yes", "yep", "okay",
                              "ok", "right", "and", "but", "no", "mm", "hmm", "honestly", "like", "look", "i", "mean",
                              "suppose", "guess", "think", "maybe", "perhaps", "then", "just", "actually", "sure"})
_STANCE = re.compile(r"\b(i|we) (think|suppose|guess|reckon|realise|realize|wonder|feel|believe|know now)\b")
_MAYBE_ITS = re.compile(r"\b(maybe|perhaps|probably|i suppose|i guess) (its|thats|it was|that was|it is|that is)\b"
                        r"|\b(thats|its) (why|because)\b|\bbecause i\b|\bi (never|hadnt|didnt) (really )?"
                        r"(thought|realised|realized|noticed|looked|considered)\b")
#: Length buckets by word count: 1-2, 3-5, 6-12, 13-25, more.
_LENGTH_TOKENS = ["g_len1"] * 3 + ["g_len2"] * 3 + ["g_len3"] * 7 + ["g_len4"] * 13 + ["g_len5"]
#: Words without which the stance and reason patterns cannot match (a set test is cheaper than a regex).
_STANCE_WORDS = frozenset({"think", "suppose", "guess", "reckon", "realise", "realize", "wonder", "feel", "believe",
                           "know"})
_REASON_WORDS = frozenset({"maybe", "perhaps", "probably", "suppose", "guess", "thats", "its", "because", "never",
                           "hadnt", "didnt", "had", "did", "why"})


def grammar_tokens(words: Sequence[str], tags: Sequence[str], qmark: bool) -> list[str]:
    """Tense, modality and subject of the sentence's main verb, negation, question form, length.

    ``words`` and ``tags`` as :class:`analyzer.cues.TokenReader` gives them (punctuation
    dropped, contractions split: "I'll" is "i ll"). Without a parser the main verb is the
    first verb group after the opening fillers, read with the subject just before it:
    ``g_past`` ("I tried"), ``g_perfect`` ("I've tried"), ``g_will`` / ``g_could`` /
    ``g_would`` / ``g_should`` (the modal), ``g_going`` ("I'm going to"), ``g_present``,
    ``g_imper`` (a bare verb first: "ring her"), ``g_noverb`` (a fragment: "earlies, if
    possible"), each also joined with its subject (``g_i_past``, ``g_we_could``...).
    """
    out = [_LENGTH_TOKENS[min(len(words), len(_LENGTH_TOKENS) - 1)]]
    if not words:
        return out
    if not _JOINED_I.keys().isdisjoint(words):  # a recogniser's "ill ring her": read as "i ll ring her"
        words, tags = _split_joined_i(list(words), list(tags))
    start = 0
    while start < len(words) - 1 and words[start] in _OPENING_FILLERS and not (
            words[start] == "i" and tags[start + 1] in ("MD", "VBD", "VBP", "VBZ", "RB")):
        start += 1
    tense, subject = _main_verb(words, tags, start)
    out += [f"g_{tense}", f"g_{subject}_{tense}"]
    if not _NEGATIONS.isdisjoint(words):
        out.append("g_neg")
    first = words[start]
    form = first in _WH or (first in _QUESTION_OPENERS and start + 1 < len(words) and tags[start + 1] in ("PRP", "EX"))
    if qmark or form:
        out.append("g_q" + ("_wh" if first in _WH else ""))
    if not _STANCE_WORDS.isdisjoint(words) and _STANCE.search(" ".join(words)):
        out.append("g_stance")
    # spaCy's words split "it's" and "hadn't"; joined again they read as the pattern (and a recogniser) writes them.
    if not _REASON_WORDS.isdisjoint(words) and _MAYBE_ITS.search(_SPLIT_CONTRACTION.sub(r"\1\2", " ".join(words))):
        out.append("g_reason")
    return out


def _split_joined_i(words: list[str], tags: list[str]) -> tuple[list[str], list[str]]:
    """"ill ring her" as "i ll ring her" when "ill" opens the sentence or comes before a verb."""
    for k, word in enumerate(words):
        if word not in _JOINED_I:
            continue
        opens = (k == 0 or words[k - 1] in _OPENING_FILLERS) and tags[k] != "JJ"
        if opens or (word in ("ill", "im") and k + 1 < len(words) and tags[k + 1].startswith("VB")):
            words[k:k + 1], tags[k:k + 1] = ["i", _JOINED_I[word]], ["PRP", "MD" if word == "ill" else "VBP"]
            break
    return words, tags


def _main_verb(words: list[str], tags: list[str], start: int) -> tuple[str, str]:
    """(tense or modality, subject kind) of the first verb group from ``start``."""
    for k in range(start, len(words)):
        tag, word = tags[k], words[k]
        if not (tag.startswith("VB") or tag == "MD"):
            continue
        subject = next((_SUBJECT_KIND.get(words[j], "other") for j in range(k - 1, max(start, k - 3) - 1, -1)
                        if tags[j] in ("PRP", "EX", "DT", "NN", "NNS", "NNP")), "none")
        following = words[k + 1:k + 4]
        if tag == "MD":
            return _MODAL_KIND.get(word, "could"), subject
        if word in ("going", "gon") or ("going" in following[:2] and "to" in following[:3]) or "gonna" in following[:2]:
            return ("past" if tag == "VBD" else "going"), subject
        if word in _HAVE and k + 1 < len(words) and (tags[k + 1] == "VBN" or (
                tags[k + 1] == "RB" and k + 2 < len(words) and tags[k + 2] == "VBN")):
            return ("past" if word == "had" else "perfect"), subject
        if tag in ("VBD", "VBN"):
            return "past", subject
        if tag == "VB" and subject == "none" and k == start:
            return "imper", subject
        return "present", subject
    return "noverb", "none"


#: The kinds of the manager's question a coder reads an answer by: "what would help?" is
#: answered by options, "what gets in the way?" by concerns, "how do you feel?" by feelings,
#: "what happened?" by facts; a closed check by yes or no. Over :func:`plain_words`.
_QUESTION_KINDS: dict[str, re.Pattern[str]] = {name: re.compile(pattern) for name, pattern in {
    "help": r"\bwhat (would|might|could|can|will|else) (help|make|you|we|be|need)|\bwhat (options|ideas|choices)"
            r"|\bhow (could|might|would|can|will) (you|we)\b|\bwhat do you (want|need|think you)|\bwhat would (good|it)"
            r"|\b(first|next|one) (thing|step)\b|\bwhat could\b|\bwhat else\b|\bwhat can\b|\bideas\b|\boptions\b"
            r"|\bwhat are you (going|gonna) to\b|\bwhere do you go\b|\bwhat would you\b",
    "block": r"\b(in the|your) way\b|\bstop(s|ping)? (you|it|us)\b|\bhold(s|ing)? (you|it) back\b"
             r"|\b(worr|bother|concern)(ies|ing|s|ed)? you\b|\bwhats (hard|difficult|tricky|the (problem|issue|worry))"
             r"|\bmakes? it (hard|difficult)\b|\bwhat (is|was) (hard|difficult)|\bobstacle|\bbarrier|\bwhat worries"
             r"|\bwhat gets\b|\bwhy not\b|\bwhats getting\b",
    "feel": r"\bhow (do|did|does|are|were|is|was) (you|that|it|this) (feel|feeling|find|sit|land|going)"
            r"|\bhow are you\b|\bhow you (feeling|doing)\b|\bhow has (it|that|this) been\b|\bhow do you feel\b",
    "happen": r"\bwhat happened\b|\btell me (more|about|what)|\b(talk|walk) me through\b"
              r"|\bwhat (was|is) (it|that) like\b|\bhow did (it|that|the)\b|\bwhats (been )?happening\b|\bwhat went\b",
}.items()}


@lru_cache(maxsize=4096)
def question_kind(text: str) -> str:
    """The kind of a manager's question: help, block, feel, happen, or closed / open by its form.

    Cached: every staff sentence after the same manager turn asks for the same question's kind.
    """
    plain = plain_words(text)
    for name, pattern in _QUESTION_KINDS.items():
        if pattern.search(plain):
            return name
    first = plain.split()[:1]
    return "wh" if first and first[0] in _WH else "closed"


def _asked_sentence(turn_sentences: Sequence[int], places: Sequence[Place], acts: Sequence[str | None]) -> int | None:
    """The last sentence of a manager turn that asks (by its act or its "?"), if any."""
    for j in reversed(turn_sentences):
        if acts[j] in QUESTION_ACTS or acts[j] == "leading_question" or places[j].text.rstrip().endswith("?"):
            return j
    return None


def question_tokens(turn_sentences: Sequence[int], places: Sequence[Place], acts: Sequence[str | None],
                    near: bool, first_in_turn: bool) -> list[str]:
    """``mq_*``: the kind of the manager turn's last question; ``ans_*``: is this sentence an answer to it?

    ``turn_sentences`` are the positions of the manager's last turn before the sentence;
    ``near``: that turn came right before; ``first_in_turn``: the sentence opens its turn.
    """
    j = _asked_sentence(turn_sentences, places, acts)
    if j is None:
        return ["mq_none"]
    kind = question_kind(places[j].text)
    out = [f"mq_{kind}", f"mq_{acts[j] or 'unk'}_{kind}"]
    if near:
        out += ["ans_q", f"ans_{kind}"] + ["ans_first"] * first_in_turn
    return out


def span_grammar(spans: Sequence[Span]) -> list[str]:
    """The :func:`grammar_tokens` of each sentence Span, as one string each, from the tags spaCy gave it."""
    reader = TokenReader()
    return [" ".join(grammar_tokens(*reader.read(span))) for span in spans]


_TEXT_GRAMMAR: dict[str, str] = {}  # text -> its grammar tokens: training reads the same texts many times


def text_grammar(texts: Iterable[str], nlp: Language | None = None) -> list[str]:
    """The :func:`grammar_tokens` of texts taken as one sentence each (training rows), tagged once per text."""
    texts = list(texts)
    new = [t for t in dict.fromkeys(texts) if t not in _TEXT_GRAMMAR]
    if new:
        from analyzer.nlp import build_nlp
        from analyzer.sentences import whole_docs

        _TEXT_GRAMMAR.update(zip(new, span_grammar(list(whole_docs(new, nlp or build_nlp()))), strict=True))
    return [_TEXT_GRAMMAR[t] for t in texts]


# --- What a coder reads for own_option against information (issue 22, trial "coder") ---
#
# An option is often said as a condition or a plan for later ("if I moved the handover...",
# "next time I'll ring first", "instead we could..."); a first-person modal is an option when
# it answers "what could you do?" and a fact when it answers "what happened?"; and a sentence
# that repeats the words of the manager's last suggestion goes along with the manager's idea
# rather than putting forward its own. Each is a regex or a set test over the plain words.

#: The extras of :func:`staff_context_strings` that :func:`coder_tokens` reads ("coder" is all four).
CODER_EXTRAS = frozenset({"coder", "hyp", "modalq", "echo", "tpos"})
_CONDITIONAL = re.compile(r"\bif (i|we|it|they|you|she|he|that|there|so)\b|\bunless\b|\bwhat if\b|\bin case\b"
                          r"|\bas long as\b|\bprovided\b|\bsay i\b|\bsuppose (i|we)\b")
_FUTURE = re.compile(r"\bnext (time|week|month|shift|one)\b|\bfrom now on\b|\binstead\b|\bgoing forward\b"
                     r"|\bin (the )?future\b|\brather than\b|\bin the meantime\b|\bstart(ed)? (doing|to)\b")
_FIRST_MODAL = re.compile(r"\b(i|we) (could|can|might|would|should|may)\b|\b(maybe|perhaps|probably) (i|we)\b"
                          r"|\bwhat if (i|we)\b|\bhow about\b|\b(i|we) (d|ll) (try|ask|look|start|have|need|want)\b"
                          r"|\bid (try|ask|look|start|have|need|want|say|probably|maybe)\b")
#: Words that say nothing about which action is named: a shared "the" or "you" is no echo.
_FUNCTION_TEXT = (
    "a an the and or but so to of in on at for with by from up out about as into it its this that these those there "
    "i im ill id ive me my we were our us you youre youll youd your he she him her his they them their is are was be "
    "been being am do does did doing dont didnt have has had having can could would should will wont might may must "
    "not no yes yeah ok okay just then than if what when where why how which who all any some more very really well "
    "like get got go going gonna think know mean maybe um uh er erm mm right sure thing things one lot bit")
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())


def coder_tokens(i: int, places: Sequence[Place], manager_acts: Sequence[str | None], turn_sentences: Sequence[int],
                 near: bool, extras: Collection[str]) -> list[str]:
    """``h_*`` (a condition, a plan for later), ``mqm_*`` / ``mqn_*`` (a first-person modal or none, by
    the kind of the manager's question just before), ``echo_*`` (words shared with the manager's last
    suggestion or sentence) and ``tlast`` / ``tonly`` (the sentence ends or is its turn).

    ``turn_sentences``: the positions of the manager's last turn before the sentence (empty if
    none); ``near``: that turn came right before; ``extras``: which groups ("coder" is all).
    """
    every = "coder" in extras
    plain = plain_words(places[i].text)
    out: list[str] = []
    if every or "hyp" in extras:
        out += ["h_if"] * bool(_CONDITIONAL.search(plain)) + ["h_future"] * bool(_FUTURE.search(plain))
    if every or "modalq" in extras:
        j = _asked_sentence(turn_sentences, places, manager_acts) if near else None
        kind = question_kind(places[j].text) if j is not None else "none"
        out.append(f"mqm_{kind}" if _FIRST_MODAL.search(plain) else f"mqn_{kind}")
    if (every or "echo" in extras) and turn_sentences:
        mine = set(plain.split()) - _FUNCTION_WORDS
        suggested = [j for j in turn_sentences if manager_acts[j] in ADVICE_ACTS]
        if suggested:
            shared = len(mine & set(plain_words(places[suggested[-1]].text).split()))
            out += ["echo_adv"] * (shared >= 1) + ["echo_adv2"] * (shared >= 2) + ["echo_adv0"] * (shared == 0)
        out += ["echo_last"] * bool(mine & set(plain_words(places[turn_sentences[-1]].text).split()))
    if every or "tpos" in extras:
        here = places[i].turn
        last = i + 1 >= len(places) or places[i + 1].turn != here
        out += ["tlast"] * last + ["tonly"] * (last and (i == 0 or places[i - 1].turn != here))
    return out


# --- Crosses a linear model can use (issue 22, trial "interaction tokens") ---
#
# A linear model weighs "what would help?" and "Lowri, probably." separately; that a bare
# name is an option only after "who could help?" is their product, which it cannot form. So
# the crosses are written out as tokens: the kind of question the sentence answers joined with
# the sentence's opening words, its main verb and tense, its subject; the manager's last act
# joined with the sentence's tense and cues; the sentence's first content word and last word.
# Trial only (benchmarks/staff_trials.py, "w23 x"): none gained the 0.5 points of CV own_option
# the rule asked, so no context version reads them (docs/staff-model.md).

#: The groups of :func:`interaction_tokens`: "xq" (question x sentence), "xturn" (manager's
#: last act x tense and cues), "xword" (first content word, last word, a fragment after a wh-question).
INTERACTION_GROUPS = frozenset({"xq", "xturn", "xword"})
_TENSES = frozenset({"past", "perfect", "will", "could", "would", "should", "going", "present", "imper", "noverb"})
_AUXILIARIES = frozenset({"be", "is", "am", "are", "was", "were", "been", "being", "have", "has", "had", "ve", "do",
                          "does", "did", "going", "gon", "s", "m", "re", "d", "ll", "get", "got"})
_CROSSED_CUES = ("cue_option", "cue_commit", "cue_insight", "cue_concern")


def _opening(words: Sequence[str], tags: Sequence[str]) -> tuple[list[str], list[str], int]:
    """The words and tags as :func:`grammar_tokens` reads them, and where the sentence starts after its fillers."""
    words, tags = list(words), list(tags)
    if not _JOINED_I.keys().isdisjoint(words):
        words, tags = _split_joined_i(words, tags)
    start = 0
    while start < len(words) - 1 and words[start] in _OPENING_FILLERS and not (
            words[start] == "i" and tags[start + 1] in ("MD", "VBD", "VBP", "VBZ", "RB")):
        start += 1
    return words, tags, start


def main_verb_word(words: Sequence[str], tags: Sequence[str]) -> str | None:
    """The main verb's word as spoken ("ring" in "I could ring her", "tried" in "I tried it"), None without a verb.

    The first verb group after the opening fillers, past its modal or auxiliary: the verb that
    names the action, which is what an option and a report of what was done share or not.
    """
    words, tags, start = _opening(words, tags)
    first = next((k for k in range(start, len(words)) if tags[k].startswith("VB") or tags[k] == "MD"), None)
    if first is None:
        return None
    for k in range(first, min(first + 4, len(words))):
        if tags[k].startswith("VB") and words[k] not in _AUXILIARIES:
            return words[k]
    return words[first]


def interaction_tokens(context: Sequence[str], words: Sequence[str], tags: Sequence[str],
                       groups: Collection[str] = INTERACTION_GROUPS) -> list[str]:
    """Crossed tokens of one staff sentence: ``xq_*`` ``xt_*`` ``xw_*`` (see ``groups``).

    ``context``: the sentence's other staff context tokens (version 2's, grammar included),
    which say the question's kind (``ans_*``, only when the manager's turn came right before),
    the manager's last act (``mturn_last_*``) and the sentence's tense (``g_*``); ``words`` and
    ``tags`` as :class:`analyzer.cues.TokenReader` reads the sentence.
    """
    present = set(context)
    kind = next((t[4:] for t in context if t.startswith("ans_") and t not in ("ans_q", "ans_first")), "none")
    tense = next((t[2:] for t in context if t.startswith("g_") and t[2:] in _TENSES), "noverb")
    subject = next((t[2:-len(tense) - 1] for t in context if t.startswith("g_") and t.endswith("_" + tense)
                    and t[2:-len(tense) - 1] in _SUBJECT_NAMES), "none")
    last_act = next((t[11:] for t in context if t.startswith("mturn_last_")), "none")
    plain = [w for w in words if w]
    out: list[str] = []
    if "xq" in groups:
        verb = main_verb_word(words, tags) if tense != "noverb" else None
        out += [f"xq_{kind}_{tense}", f"xq_{kind}_{subject}_{tense}", f"xq_{kind}_v{int(tense != 'noverb')}"]
        if plain:
            out.append(f"xq_{kind}_o_{plain[0]}")
            out += [f"xq_{kind}_o2_{plain[0]}_{plain[1]}"] if len(plain) > 1 else []
        out += [f"xq_{kind}_verb_{verb}"] if verb else []
    if "xturn" in groups:
        out += [f"xt_{last_act}_{tense}", f"xt_{last_act}_{subject}_{tense}"]
        out += [f"xt_{last_act}_{cue[4:]}" for cue in _CROSSED_CUES if cue in present]
    if "xword" in groups:
        content = next((w for w in plain if w not in _FUNCTION_WORDS and w not in _OPENING_FILLERS
                        and w not in _AUXILIARIES and w not in _MODAL_KIND), None)
        out += [f"xw_first_{content}"] if content else ["xw_first_none"]
        out += [f"xw_last_{plain[-1]}"] if plain else []
        if tense == "noverb" and kind not in ("none", "closed"):
            out += ["xw_frag_wh", f"xw_frag_{kind}"]
    return out


_SUBJECT_NAMES = frozenset({*_SUBJECT_KIND.values(), "other", "none"})
