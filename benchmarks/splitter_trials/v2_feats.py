# ruff: noqa
# Second round of splitter trials: candidate gap features. v1 = analyzer.segment.gap_features as it was.
from analyzer.segment import gap_features as v1, _word_class, _bucket

OPENERS2 = frozenset(("can you", "could you", "do you", "did you", "have you", "are you", "i think", "i mean",
                      "i want", "i need", "you know", "let me", "lets", "what do", "how do", "how are", "what about",
                      "thank you", "thanks for", "i dont", "we need", "you need", "i was", "so what", "so how",
                      "and then", "well i", "right so", "okay so", "i just", "we could", "you could", "would you"))


def v2(words, tags, i):
    """v1 plus a wider lexical window (-4..+3), skip pairs across the gap and two-word openers."""
    n = len(words)

    def at(seq, k):
        return seq[k] if 0 <= k < n else "<s>" if k < 0 else "</s>"

    f = v1(words, tags, i)
    w4, w3, w2, w1, w0, w_1, w_2 = (at(words, i + o) for o in (-4, -3, -2, -1, 0, 1, 2))
    op = w0 + " " + w_1
    f += ["w-4=" + w4, f"w-3w-2={w3}|{w2}", f"w-1w+1={w1}|{w_1}", f"w-2w0={w2}|{w0}",
          f"w-1w0w+1={w1}|{w0}|{w_1}", "op2=" + (op if op in OPENERS2 else "-"),
          f"w-1c0={w1}|{_word_class(w0)}", f"w-1c0c1={w1}|{_word_class(w0)}{_word_class(w_1)}"]
    return f


def v3(words, tags, i):
    """Words only (no tags): v2's lexical part, to see what the tags add."""
    return [s for s in v2(words, tags, i) if not s.startswith("t") or s.startswith("to_end")]
