"""Sentence splitting for unpunctuated speech-recogniser text.

spaCy's ``senter`` finds boundaries from punctuation and capitals; a lower-case turn with
no punctuation ("okay so what happened on tuesday have you spoken to sarah") comes back
as one long sentence. This component adds boundaries inside such sentences where spoken
English reliably starts a new one: a wh-word or an inverted auxiliary ("have you", "could
you") or an imperative ("tell me") right after a clause-final word, or a discourse marker
("okay", "right", "alright") between clauses. It never touches punctuated sentences.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

FINAL_PUNCT = frozenset({".", "?", "!", "…"})
WH_WORDS = frozenset({"what", "how", "why", "when", "where", "who", "which", "whats", "hows"})
AUXES = frozenset(
    "do does did have has had is are was were can could would will should shall may might".split()
)
SUBJECTS = frozenset("you we i they he she it that this there".split())
MARKERS = frozenset({"okay", "ok", "alright", "right", "anyway"})
#: Tags of words that can end a clause, so a question word after them starts a new one.
CLAUSE_END_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "RB", "JJ", "CD", "UH", "VBN", "VBD", "RP"})
#: Words after which a wh-word is an embedded clause ("I know what you mean").
EMBEDDING_WORDS = frozenset(
    "know wonder ask asked sure about of is was see tell idea matter no understand "
    "explain show decide think thought remember".split()
)
IMPERATIVE_OPENERS = frozenset("tell talk walk send make call give let describe explain".split())
MIN_TOKENS = 8  # shorter stretches are left alone: too little context to split safely
MIN_PIECE = 3  # never create a sentence shorter than this


def _unpunctuated(sent) -> bool:
    return len(sent) >= MIN_TOKENS and not any(t.text in FINAL_PUNCT for t in sent)


def _starts_sentence(tok: Token, prev: Token, nxt: Token | None) -> bool:
    low, prev_low = tok.lower_, prev.lower_
    nxt_low = nxt.lower_ if nxt is not None else ""
    if prev.tag_ not in CLAUSE_END_TAGS or prev_low in EMBEDDING_WORDS:
        return False
    if low in MARKERS and tok.tag_ in {"UH", "JJ", "RB"}:
        return True
    if low in WH_WORDS and nxt_low and (nxt_low in AUXES or nxt_low in SUBJECTS):
        return True
    if low in AUXES and nxt_low in SUBJECTS:
        return True
    return low in IMPERATIVE_OPENERS and tok.tag_ == "VB" and nxt_low in {"me", "us", "them"}


@Language.component("analyzer_asr_splitter")
def asr_splitter(doc: Doc) -> Doc:
    """Add sentence starts inside long unpunctuated sentences (see module docstring)."""
    for sent in list(doc.sents):
        if not _unpunctuated(sent):
            continue
        last_start = sent.start
        for i in range(sent.start + MIN_PIECE, sent.end - MIN_PIECE + 1):
            if i - last_start < MIN_PIECE:
                continue
            nxt = doc[i + 1] if i + 1 < sent.end else None
            if _starts_sentence(doc[i], doc[i - 1], nxt):
                doc[i].is_sent_start = True
                last_start = i
    return doc
