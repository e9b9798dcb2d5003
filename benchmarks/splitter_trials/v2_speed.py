# ruff: noqa
# Second round: splitter time, old bundled model against the new one, interleaved in one process
# (the shared machine's load changes by the minute). Old model: git show <before>:models/splitter/splitter.skops
# > /tmp/split2/old.skops (and its card beside it as old.card.json).
# PYTHONPATH=. python benchmarks/splitter_trials/v2_speed.py
from analyzer.config import SPLITTER_PATH
from analyzer.nlp import build_nlp
from analyzer.segment import SPLITTER_COMPONENT, load_splitter
from benchmarks.segmentation import splitter_seconds

nlp = build_nlp()
pipe = nlp.get_pipe(SPLITTER_COMPONENT)
models = {"old": load_splitter("/tmp/split2/old.skops"), "new": load_splitter(SPLITTER_PATH)}
for r in range(4):
    for name, s in models.items():
        pipe.model, pipe.threshold = s.model, s.threshold
        t = splitter_seconds(nlp)
        print(name, "splitter %.3f s" % t["splitter_seconds"], "words/s %.0f" % (t["words"] / t["splitter_seconds"]),
              "other %.2f s" % t["other_components_seconds"], "ratio %.3f" % (t["splitter_seconds"] / t["other_components_seconds"]), flush=True)
