# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
WH = frozenset("what when where which who whom whose why how".split())
AUX = frozenset("do does did have has had is are was were am can could would will shall should may might must dont doesnt didnt havent hasnt isnt arent wasnt werent cant couldnt wouldnt wont shouldnt".split())
MARK = frozenset("so okay ok right and then but well anyway alright now yeah yes no um uh actually because".split())
def bucket(d):
    return str(d) if d < 5 else "5-6" if d < 7 else "7-9" if d < 10 else "10-14" if d < 15 else "15+"
def word_class(w):
    return "wh" if w in WH else "aux" if w in AUX else "mark" if w in MARK else "-"
def gap_features_v2(words, tags, i):
    n = len(words)
    def at(seq, k):
        return seq[k] if 0 <= k < n else "<s>" if k < 0 else "</s>"
    w = {o: at(words, i + o) for o in (-3, -2, -1, 0, 1, 2)}
    t = {o: at(tags, i + o) for o in (-3, -2, -1, 0, 1, 2)}
    c0, c1 = word_class(w[0]), word_class(w[1])
    return [
        "w-3=" + w[-3], "w-2=" + w[-2], "w-1=" + w[-1], "w0=" + w[0], "w+1=" + w[1], "w+2=" + w[2],
        "t-3=" + t[-3], "t-2=" + t[-2], "t-1=" + t[-1], "t0=" + t[0], "t+1=" + t[1], "t+2=" + t[2],
        f"w-2w-1={w[-2]}|{w[-1]}", f"w-1w0={w[-1]}|{w[0]}", f"w0w+1={w[0]}|{w[1]}", f"w+1w+2={w[1]}|{w[2]}",
        f"w0w+1w+2={w[0]}|{w[1]}|{w[2]}", f"w-2w-1w0={w[-2]}|{w[-1]}|{w[0]}",
        f"t-1t0={t[-1]}|{t[0]}", f"t0t+1={t[0]}|{t[1]}", f"t-2t-1={t[-2]}|{t[-1]}",
        f"t-2t-1t0={t[-2]}|{t[-1]}|{t[0]}", f"t-1t0t+1={t[-1]}|{t[0]}|{t[1]}", f"t0t+1t+2={t[0]}|{t[1]}|{t[2]}",
        f"t-1w0={t[-1]}|{w[0]}", f"w-1t0={w[-1]}|{t[0]}",
        "c0c1=" + c0 + c1, f"c0t+1={c0}|{t[1]}", "rep" if w[0] == w[-1] else "norep",
        "from_start=" + bucket(i), "to_end=" + bucket(n - i),
    ]
def gap_features_v1(words, tags, i):
    def at(seq, k):
        return seq[k] if 0 <= k < len(seq) else "<s>" if k < 0 else "</s>"
    w = {o: at(words, i + o) for o in (-2, -1, 0, 1)}
    t = {o: at(tags, i + o) for o in (-2, -1, 0, 1)}
    return [f"w-2={w[-2]}", f"w-1={w[-1]}", f"w0={w[0]}", f"w+1={w[1]}", f"t-2={t[-2]}", f"t-1={t[-1]}", f"t0={t[0]}", f"t+1={t[1]}",
        f"w-1w0={w[-1]}|{w[0]}", f"w0w+1={w[0]}|{w[1]}", f"t-1t0={t[-1]}|{t[0]}", f"t0t+1={t[0]}|{t[1]}", f"t-2t-1t0={t[-2]}|{t[-1]}|{t[0]}"]
