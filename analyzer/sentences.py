"""Turn utterances into spaCy Docs and sentences, keeping who said it and when.

Each turn becomes one Doc whose speaker, turn index and times are attribute extensions
(``doc._.speaker`` ...), set as the Doc leaves ``nlp.pipe``; the per-sentence labels are
attribute extensions on the sentence Spans (``span._.act``). Nothing travels in parallel
lists that could drift out of step with the Docs.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from analyzer import cues  # noqa: F401  (registers span._.features)
from analyzer.transcript import Utterance

BATCH_SIZE = 256
K = TypeVar("K")
T = TypeVar("T")
_WORD = re.compile(r"\w")

for _name in ("speaker", "turn", "start", "end", "text"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in ("act", "style", "staff_act", "confidence"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def turn_docs(
    utterances: Iterable[Utterance], nlp: Language, batch_size: int = BATCH_SIZE
) -> Iterator[Doc]:
    """Run the pipeline over the turns in batches, tagging each Doc with its turn's context."""
    pairs = ((piece.text, (i, piece)) for i, u in enumerate(utterances) for piece in turn_pieces(u))
    for doc, (i, u) in _piped(nlp, pairs, batch_size):
        yield _with_context(doc, i, u)


def grouped_turn_docs(
    groups: Iterable[tuple[K, Sequence[Utterance]]], nlp: Language, batch_size: int = BATCH_SIZE
) -> Iterator[tuple[K, list[Doc]]]:
    """The turns of many transcripts through one ``nlp.pipe``, handed back per transcript.

    ``groups`` pairs a key (anything identifying the transcript) with its turns; each key
    comes back with its Docs once its last turn is done, in the order given, including
    transcripts with no turns at all. One stream keeps spaCy's batches full across
    transcripts instead of ending every transcript with a part-filled one.
    """
    started: deque[tuple[K, int]] = deque()  # keys handed to spaCy, with their number of Docs

    def pairs() -> Iterator[tuple[str, tuple[int, Utterance]]]:
        for key, utterances in groups:
            docs = [(piece.text, (i, piece)) for i, u in enumerate(utterances) for piece in turn_pieces(u)]
            started.append((key, len(docs)))
            yield from docs

    docs: list[Doc] = []
    for doc, (i, u) in _piped(nlp, pairs(), batch_size):
        while started[0][1] == 0:
            yield started.popleft()[0], []
        docs.append(_with_context(doc, i, u))
        if len(docs) == started[0][1]:
            yield started.popleft()[0], docs
            docs = []
    while started:  # transcripts without turns after the last turn
        yield started.popleft()[0], []


#: A turn longer than this goes through spaCy in pieces of at most this many characters,
#: and spaCy is given at most :data:`BATCH_CHARS` characters at once. spaCy tags a batch of
#: Docs together and its working memory grows with the batch's text: one turn of 1 MB (the
#: most a turn may be) peaked at 3.7 GB. A piece is far longer than any spoken turn, so real
#: turns are never cut, and 256 turns of a meeting stay well under the batch's budget
#: (benchmarks/memory_long_turn.py measures the long case).
PIECE_CHARS = 20_000
BATCH_CHARS = 100_000


def _piped(nlp: Language, pairs: Iterable[tuple[str, T]], batch_size: int) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe(pairs, as_tuples=True)`` in batches of ``batch_size`` Docs or :data:`BATCH_CHARS`
    characters, whichever comes first. Lazy, as ``nlp.pipe`` is: one batch is read ahead."""
    batch: list[tuple[str, T]] = []
    chars = 0
    for pair in pairs:
        if batch and (len(batch) >= batch_size or chars + len(pair[0]) > BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(pair)
        chars += len(pair[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


_PIECE_END = re.compile(r"""[.?!…]["')\]”’]*\s+""")


def turn_pieces(u: Utterance, limit: int | None = None) -> list[Utterance]:
    """The turn, or for a very long one its pieces: each a Doc of its own, with the same turn number.

    A piece ends after the last sentence end (``. ? !``) that fits, else at the last space,
    so only an unpunctuated stretch of ``limit`` characters gets a sentence boundary of the
    cut's making. Times are shared out by characters, as sentences' times are within a turn.
    """
    text, limit = u.text, limit or PIECE_CHARS
    if len(text) <= limit:
        return [u]
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        ends = [m.end() for m in _PIECE_END.finditer(window)]
        cut = ends[-1] if ends else (window.rfind(" ") + 1 or limit)
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    timed = u.start is not None and u.end is not None
    per_char = (u.end - u.start) / len(text) if timed else 0.0
    return [Utterance(u.speaker, text[a:b].strip(),
                      round(u.start + a * per_char, 3) if timed else u.start,
                      round(u.start + b * per_char, 3) if timed else u.end) for a, b in pieces]


def _with_context(doc: Doc, turn: int, u: Utterance) -> Doc:
    ext = doc._
    ext.speaker, ext.turn, ext.start, ext.end = u.speaker, turn, u.start, u.end
    ext.text = u.text  # == doc.text, which spaCy rebuilds token by token on every access
    return doc


def sentences(docs: Iterable[Doc]) -> Iterator[Span]:
    """Every sentence with at least one word or number, in order.

    A "sentence" of punctuation alone joins its neighbour rather than being dropped: spaCy
    splits the ``[`` off ``[inaudible] I think so.``, and dropping it lost the bracket from
    the sentence text. It joins the next sentence, or the last one at the end of a turn.
    """
    for doc in docs:
        text = doc_text(doc)
        last: Span | None = None
        loose = None  # start of punctuation waiting for the next sentence
        for sent in doc.sents:
            if not _WORD.search(text, sent.start_char, sent.end_char):
                loose = sent.start if loose is None else loose
                continue
            if last is not None:
                yield last
            last, loose = (sent, None) if loose is None else (doc[loose : sent.end], None)
        if last is not None:
            yield last if loose is None else doc[last.start : len(doc)]


def doc_text(doc: Doc) -> str:
    """The Doc's text: the turn text kept with its context (``doc._.text``), else ``doc.text``.

    ``Doc.text`` and ``Span.text`` rebuild the string from every token each time they are
    read, which cost more than the classifier itself; slicing the kept text is free.
    """
    text = doc._.text
    return text if text is not None else doc.text


def whole_docs(texts: Iterable[str], nlp: Language, batch_size: int = BATCH_SIZE) -> Iterator[Span]:
    """One Span per text, unsplit: labelled data is already one sentence per row."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield doc[:]
