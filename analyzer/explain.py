"""Why a sentence got its label: the features that pushed it there, in words a trainer can use.

The classifier is linear, so a sentence's score for a label is a sum over its features of
value x weight. We report the largest terms for the predicted label, measured against the
average label (so a feature that raises every label equally does not count as a reason).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyzer.model_file import Model

TOP = 5


@dataclass(frozen=True)
class Reason:
    """One feature's push towards the predicted label."""

    feature: str
    weight: float

    def describe(self, raw: bool = False) -> str:
        """The reason in words a trainer reads ("contains 'why don't you'"), or with
        ``raw`` in the model's own feature names (``cue why_dont_you``)."""
        return f"{(raw_name if raw else in_words)(self.feature)} ({self.weight:+.2f})"


def raw_name(feature: str) -> str:
    """The feature as the model names it: ``words "nt you"``, ``opening 1_MD``, ``cue advice_frame``."""
    kind, _, name = feature.partition("__")
    words = {"words": f'words "{name}"', "shape": f"opening {name}", "cues": f"cue {name}",
             "context": f"context {name}"}
    return words.get(kind, feature)


def in_words(feature: str) -> str:
    """The feature said as a trainer would say it; an unknown one falls back to its raw name."""
    kind, _, name = feature.partition("__")
    if kind == "words":
        return f"it contains '{readable_words(name)}'"
    if kind == "shape":
        return _shape_words(name) or raw_name(feature)
    if kind == "cues":
        return CUE_WORDS.get(name) or raw_name(feature)
    if kind == "context":
        return CONTEXT_WORDS.get(name) or raw_name(feature)
    return feature


#: Pieces of contracted words as the features spell them (spaCy splits "don't" into
#: "do" + "n't", and apostrophes are dropped): written back with their apostrophe.
_CONTRACTIONS = {"nt": "n't", "s": "'s", "re": "'re", "ve": "'ve", "ll": "'ll", "m": "'m", "d": "'d"}


def readable_words(ngram: str) -> str:
    """``do nt you`` as ``don't you``; a leading ``nt`` is the end of a word: ``…n't you``."""
    out = ""
    for i, word in enumerate(ngram.split()):
        piece = _CONTRACTIONS.get(word)
        if piece is None:
            out += f" {word}" if out else word
        else:
            out += piece if i else f"…{piece}"
    return out


#: Part-of-speech tags (Penn Treebank, as spaCy's English tagger writes them) in words.
TAG_WORDS: dict[str, str] = {
    "MD": "a modal verb (could, would, should)", "PRP": "a pronoun (I, you, we)",
    "PRP$": "a possessive (my, your)", "VB": "a verb in its plain form (send, tell)",
    "VBP": "a present-tense verb (do, are)", "VBZ": "a present-tense verb (does, is)",
    "VBD": "a past-tense verb (did, went)", "VBN": "a past participle (done, been)",
    "VBG": "an -ing verb (going, doing)", "WRB": "a question word (how, why, when, where)",
    "WP": "what or who", "WDT": "which or what", "WP$": "whose", "NN": "a noun", "NNS": "a plural noun",
    "NNP": "a name", "NNPS": "a plural name", "DT": "a determiner (the, this, that)", "IN": "a preposition or if",
    "JJ": "an adjective", "JJR": "a comparative (better, more)", "JJS": "a superlative (best, most)",
    "RB": "an adverb (really, just, not)", "RBR": "a comparative adverb", "RBS": "a superlative adverb",
    "CC": "and, but or or", "CD": "a number", "UH": "an interjection (oh, well, thanks)", "TO": "to",
    "EX": "there (there is)", "RP": "a particle (up, out)", "PDT": "all or both", "POS": "'s",
    ".": "a full stop, question or exclamation mark", ",": "a comma", ":": "a colon or dash",
    "HYPH": "a hyphen", "NFP": "stray punctuation", "''": "a closing quote", "``": "an opening quote",
    "-LRB-": "a bracket", "-RRB-": "a closing bracket", "$": "a currency sign", "SYM": "a symbol",
    "FW": "a foreign word", "LS": "a list marker", "AFX": "a prefix", "ADD": "an address", "XX": "an unknown word",
}
_POSITION_WORDS = {"0": "it starts with", "1": "its second word is", "2": "its third word is", "E": "it ends with"}


def _shape_words(name: str) -> str | None:
    """``1_MD`` as "its second word is a modal verb (could, would, should)" (after any
    "so", "um" or "okay" in front, which :func:`analyzer.cues.shape` skips)."""
    position, _, tag = name.partition("_")
    if position not in _POSITION_WORDS or tag not in TAG_WORDS:
        return None
    return f"{_POSITION_WORDS[position]} {TAG_WORDS[tag]}"


#: Every cue of :data:`analyzer.cues.CUE_NAMES` in words (a test keeps the two in step).
CUE_WORDS: dict[str, str] = {
    "has_qmark": "it ends with a question mark",
    "wh_start": "it starts with a question word (what, how, why)",
    "aux_start": "it starts like a yes/no question (do you, is it, can we)",
    "modal_you_start": "it starts with 'could you', 'can you', 'would you' or 'will you'",
    "imperative_start": "it starts with a command (send, call, make)",
    "tell_me_start": "it starts with 'tell me', 'talk me through' or the like",
    "negative_aux_start": "it starts with 'don't', 'isn't', 'can't' or the like",
    "tag_question_end": "it ends with a tag question (isn't it, right, yeah)",
    "if_start": "it starts with 'if'",
    "you_obligation": "it says you should, must or need to",
    "you_past": "it says what you did (you + a past-tense verb)",
    "second_person": "it speaks to the listener (you, your)",
    "first_person_sing": "it speaks of oneself (I, me, my)",
    "first_person_plural": "it speaks of us (we, us, our, let's)",
    "hedge": "it hedges (maybe, perhaps, just)",
    "feeling": "it names a feeling (worried, frustrated, happy)",
    "social": "it small talk or thanks (thanks, sorry, hello)",
    "number": "it has a number or a time",
    "modal": "it has a modal verb (could, would, should)",
    "past_tense": "it talks about the past",
    "fillers": "it has fillers (um, so, okay, well)",
    "length": "it is long",
    "short": "it is three words or fewer",
    "why_dont_you": "it contains 'why don't you' or 'why not'",
    "what_about": "it contains 'what about', 'how about' or 'what if'",
    "have_you_tried": "it contains 'have you tried' or 'have you thought about'",
    "i_wonder": "it contains 'I wonder' or 'I'm curious'",
    "lets": "it contains 'let's'",
    "i_want_you": "it contains 'I want you to', 'I need you to' or 'make sure'",
    "advice_frame": "it gives advice ('I'd', 'if I were you', 'I suggest', 'you could')",
    "reflection_frame": "it reflects back ('so you', 'sounds like', 'you feel')",
    "affirmation_frame": "it affirms ('well done', 'you handled', 'thanks for')",
    "permission": "it asks permission ('can I', 'is it okay if')",
    "opinion_question": "it asks for a view ('do you think', 'how do you feel')",
    "team_obligation": "it says we need to, have to or will",
    "please": "it contains 'please'",
}

#: The tokens of the ``context`` feature block (analyzer/context.py): the sentence's place in
#: its turn, the sentence just before it, the previous speaker's turn, and punctuation.
CONTEXT_WORDS: dict[str, str] = {
    "pos_first": "it is the first sentence of a turn",
    "pos_mid": "it is in the middle of a turn",
    "pos_last": "it is the last sentence of a turn",
    "pos_only": "it is a turn of one sentence",
    "prev_none": "it is the first sentence of the conversation",
    "prev_self": "it follows a sentence of the same speaker",
    "prev_other": "it comes right after someone else spoke",
    "prev_q": "it comes right after a question",
    "pturn_q": "the other person's last turn asked a question",
    "pturn_short": "the other person's last turn was a short back-channel (mm, yeah, okay)",
    "pturn_none": "no one spoke before this turn",
    "punct_q": "it has a question mark, in a punctuated transcript",
    "punct_noq": "it has no question mark, in a punctuated transcript",
    "punct_q_qform": "it opens like a question and has its question mark, in a punctuated transcript",
    "punct_noq_qform": "it opens like a question but has no question mark, in a punctuated transcript",
    "unpunct": "the transcript has no punctuation (a speech recogniser's)",
    "none": "it is seen alone, without the conversation around it",
}
_CONTEXT_ACT_PREFIXES = {"prev_act_": "it comes right after {act}", "pturn_act_": "the other person's last turn ended "
                                                                                 "with {act}"}


def _context_act_words() -> dict[str, str]:
    """``prev_act_open_question`` and the like, for every act (labels.py is the one list)."""
    from analyzer.labels import ACTS

    acts = {act: f"{'an' if act[0] in 'aeiou' else 'a'} {act.replace('_', ' ')}" for act in ACTS}
    acts.update({"information": "information", "advice": "advice", "other": "small talk or procedure (other)",
                 "unk": "a sentence not yet labelled"})
    return {f"{prefix}{act}": template.format(act=words)
            for prefix, template in _CONTEXT_ACT_PREFIXES.items() for act, words in acts.items()}


CONTEXT_WORDS.update(_context_act_words())


def explain_rows(model: Model, features: pd.DataFrame, top: int = TOP) -> list[list[Reason]]:
    """For each row, the ``top`` features that most favour its predicted label."""
    transform = model.pipeline[:-1]
    clf = model.pipeline[-1]
    X = transform.transform(features).tocsr()
    names = transform.get_feature_names_out()
    relative = _relative_weights(np.asarray(clf.coef_))
    predicted = clf.predict(X)
    classes = list(clf.classes_)
    out = []
    for i in range(X.shape[0]):
        row = X.getrow(i)
        weights = row.data * relative[classes.index(predicted[i]), row.indices]
        order = np.argsort(-weights)[:top]
        out.append([Reason(str(names[row.indices[j]]), float(weights[j])) for j in order if weights[j] > 0])
    return out


def _relative_weights(coef: np.ndarray) -> np.ndarray:
    """Each label's weights against the average label: one row per label, in ``classes_`` order.

    A two-label model keeps one row of weights, for the second label against the first.
    Split evenly, that is ``+w/2`` for the second and ``-w/2`` for the first, which is what
    the same model with one row per label would give measured against their average.
    """
    if coef.shape[0] == 1:
        return np.vstack([-coef[0] / 2, coef[0] / 2])
    return coef - coef.mean(axis=0)


def runner_up(model: Model, features: pd.DataFrame) -> list[tuple[str, float]]:
    """The second most likely label and its probability, per row."""
    proba = model.pipeline.predict_proba(features)
    second = np.argsort(-proba, axis=1)[:, 1]
    return [(str(model.pipeline.classes_[j]), float(proba[i, j])) for i, j in enumerate(second)]
