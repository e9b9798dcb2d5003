# ruff: noqa
# Second round: benchmarks/segmentation.py's own figures for the old bundled model and the new one,
# on the same data (held-out conversations, AMI dev, samples, and the corpus stand-in).
# Old model as in v2_speed.py. PYTHONPATH=. python benchmarks/splitter_trials/v2_compare.py
from analyzer.config import SPLITTER_PATH
from analyzer.nlp import build_nlp
from analyzer.segment import SPLITTER_COMPONENT, load_splitter
from benchmarks.segmentation import segmentation_results

nlp = build_nlp()
pipe = nlp.get_pipe(SPLITTER_COMPONENT)
for name, path in [("old", "/tmp/split2/old.skops"), ("new", SPLITTER_PATH)]:
    s = load_splitter(path)
    pipe.model, pipe.threshold = s.model, s.threshold
    results = segmentation_results(nlp, samples=True)
    results["stand_in"] = segmentation_results(nlp, conversations=None, ami_dev=None)["held_out"]
    for set_name, r in results.items():
        print(name, set_name, "%.3f / %.3f / %.3f" % (r["precision"], r["recall"], r["f1"]), r["boundaries"], r["turns"], flush=True)
