"""Build the spaCy pipeline: only the components the classifier's cues need.

Which components run is the main speed lever (measured here on one core: the full
en_core_web_sm pipeline ~4k words/s, tagger + senter ~12.5k). The cues need fine-grained
tags (``token.tag_``: base verb, modal, wh-word, personal pronoun) and sentence
boundaries, so the parser, NER, lemmatizer and attribute ruler are never loaded.

The second lever is the matrix multiply inside the tagger and senter, most of spaCy's
time here. thinc multiplies with its bundled BLIS by default; numpy's BLAS (OpenBLAS in
the PyPI wheels) gives the same tags and sentences and is faster on one core
(``python benchmarks/bench_analyze.py`` measures both), so the pipeline is loaded with it
unless ``ANALYZER_MATMUL=blis`` says otherwise.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from thinc.api import NumpyOps, get_current_ops, use_ops

from analyzer import segment  # noqa: F401  (registers the splitter component)
from analyzer.config import SPLITTER_PATH, numpy_matmul_wanted, spacy_model_name
from analyzer.errors import InputError
from analyzer.transcript import MAX_TURN_CHARS

#: Components we never run: they cost time and feed no cue.
UNUSED_COMPONENTS = ("parser", "ner", "lemmatizer", "attribute_ruler")


def build_nlp(name: str | None = None, *, numpy_blas: bool | None = None) -> Language:
    """Load a spaCy pipeline by package name with tagger + sentence splitting only.

    ``numpy_blas`` chooses the multiply (see :func:`numpy_matmul`); by default
    ``$ANALYZER_MATMUL`` does.
    """
    return _load(spacy_model_name(name), numpy_matmul_wanted() if numpy_blas is None else numpy_blas)


@lru_cache(maxsize=4)
def _load(name: str, numpy_blas: bool) -> Language:
    """Cached per name and multiply: loading takes ~0.5 s, and every command in a process shares it."""
    try:
        with numpy_matmul(numpy_blas):
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise InputError(
            f"spaCy pipeline {name!r} is not installed (run scripts/install.sh, or set "
            f"ANALYZER_SPACY_MODEL to an installed pipeline): {str(exc).splitlines()[0][:120]}"
        ) from None
    if "tagger" not in nlp.pipe_names:
        raise InputError(f"spaCy pipeline {name!r} has no tagger; the cues need one")
    _ensure_sentences(nlp)
    nlp.add_pipe("analyzer_asr_splitter", last=True, config={"model_path": str(SPLITTER_PATH)})
    nlp.max_length = MAX_TURN_CHARS  # what the readers let through, whatever the pipeline's own setting
    return nlp


@contextlib.contextmanager
def numpy_matmul(enabled: bool = True) -> Iterator[None]:
    """Build thinc models that multiply matrices with numpy's BLAS instead of BLIS.

    Only in place of thinc's default: a user who chose a GPU (``spacy.require_gpu``) or
    other ops (thinc-apple-ops) keeps them. ``enabled=False`` keeps thinc's default
    (``ANALYZER_MATMUL=blis``, and the benchmarks and the test that compare the two).
    """
    current = get_current_ops()
    if enabled and type(current) is NumpyOps and current.use_blis:
        with use_ops("numpy", use_blis=False):
            yield
    else:
        yield


def _ensure_sentences(nlp: Language) -> None:
    """Use the statistical sentence recogniser; fall back to punctuation rules."""
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", before="tagger")


def pipeline_info(nlp: Language) -> dict[str, str | list[str]]:
    """Name, version and components: recorded in model cards and benchmark output."""
    meta = nlp.meta
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', '')}",
        "version": str(meta.get("version", "")),
        "components": list(nlp.pipe_names),
    }
