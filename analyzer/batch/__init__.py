"""Batch scoring: hundreds of transcripts into one table per cohort, resumable and parallel.

``analyzer score`` is a thin command over :func:`score`. The pieces, one module each:

- :mod:`~analyzer.batch.inputs`: files, folders and glob patterns to a list of transcripts;
- :mod:`~analyzer.batch.work`: score one transcript and write its results (what workers run);
- :mod:`~analyzer.batch.store`: the output folder (one run at a time), atomic writes, summary.csv and errors.csv;
- :mod:`~analyzer.batch.run`: plan, fan out (in-process, local processes or Dask), progress.

Example::

    from analyzer.batch import read_sentences, score
    result = score(["recordings/"], "cohort-7", jobs=4)
    summary = pd.read_csv(result.summary, dtype={"file": str, "speaker": str, "notes": str})  # per file and speaker
    sentences = read_sentences(result.outdir)   # every labelled sentence of the cohort
"""

from analyzer.batch.inputs import find_transcripts
from analyzer.batch.run import BatchResult, score
from analyzer.batch.store import SUMMARY_COLUMNS, read_sentences, rebuild_outputs

__all__ = ["SUMMARY_COLUMNS", "BatchResult", "find_transcripts", "read_sentences", "rebuild_outputs", "score"]
